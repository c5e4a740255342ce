package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"agentdesk/cases"
	"agentdesk/pdf"
	"agentdesk/sqlite"
	"agentdesk/training"
)

// trainingPDFFlags are the flags of both training documents: the PDF
// flags, the trainee, the company heading and the playbook the content
// refers to.
type trainingPDFFlags struct {
	*pdfFlags
	trainee, company, playbook *string
	companySet                 bool
}

func (m *Main) trainingPDFFlagSet(name string) (*flag.FlagSet, *trainingPDFFlags) {
	fs, p := m.pdfFlagSet(name)
	t := m.T()
	f := &trainingPDFFlags{pdfFlags: p}
	f.trainee = fs.String("trainee", "", t.S("training.cli.pdf.flag.trainee"))
	f.company = fs.String("company", "", t.S("training.cli.pdf.flag.company"))
	f.playbook = fs.String("playbook", "", t.S("training.cli.flag.playbook"))
	return fs, f
}

// trainingSetup checks the flags (and the track, when the command takes
// one) against the content before it opens the database: a typo should
// neither create a database file nor be reported as a missing certificate.
func (m *Main) trainingSetup(ctx context.Context, fs *flag.FlagSet, f *trainingPDFFlags, args []string, track *string) (pdf.Options, *sqlite.DB, *training.Content, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return pdf.Options{}, nil, nil, err
	}
	fs.Visit(func(fl *flag.Flag) { f.companySet = f.companySet || fl.Name == "company" })
	t := m.T()
	switch {
	case len(pos) > 0:
		return pdf.Options{}, nil, nil, m.noArgs(fs, pos)
	case strings.TrimSpace(*f.trainee) == "":
		return pdf.Options{}, nil, nil, usageErr("%s", t.S("training.cli.pdf.need_trainee"))
	case track != nil && *track == "":
		return pdf.Options{}, nil, nil, usageErr("%s", t.S("training.cli.pdf.need_track"))
	}
	opt, err := m.pdfOptions(f.pdfFlags)
	if err != nil {
		return pdf.Options{}, nil, nil, err
	}
	content, pb, err := drillContent("", *f.playbook)
	if err != nil {
		return pdf.Options{}, nil, nil, drillError(m, err)
	}
	if track != nil && content.Track(*track) == nil && !m.certifiedOn(ctx, strings.TrimSpace(*f.trainee), *track) {
		return pdf.Options{}, nil, nil, usageErr("%s", t.D("training.cli.unknown_track", map[string]any{"ID": *track}))
	}
	opt.Playbook = pb
	db, err := m.openTrainingDB(ctx)
	if err != nil {
		return pdf.Options{}, nil, nil, err
	}
	opt.Company = *f.company
	if !f.companySet {
		if opt.Company, err = trainingCompany(ctx, db); err != nil {
			db.Close()
			return pdf.Options{}, nil, nil, err
		}
	}
	if opt.Paper == "" {
		opt.Paper = deskPaper(ctx)
	}
	return opt, db, content, nil
}

// certifiedOn says whether trainee holds a certificate for track in the
// training database, when there is one: a track retired from the content
// since still has its certificates, and they still print. No database file
// is created to find out.
func (m *Main) certifiedOn(ctx context.Context, trainee, track string) bool {
	path := m.DBPath
	if path == "" {
		p, err := sqlite.TrainingPath()
		if err != nil {
			return false
		}
		path = p
	}
	if _, err := os.Stat(path); err != nil {
		return false
	}
	db, err := sqlite.Open(ctx, path, sqlite.Training)
	if err != nil {
		return false
	}
	defer db.Close()
	certs, err := db.Certificates(ctx, trainee)
	return err == nil && slices.ContainsFunc(certs, func(c training.Certificate) bool { return c.Track == track })
}

// trainingCompany is the heading of a training document: the training
// file's own setting, else the one the app keeps in the production file,
// so a certificate carries the same name as every other document the site
// prints. A production file that does not exist is not created for it.
func trainingCompany(ctx context.Context, tdb *sqlite.DB) (string, error) {
	name, err := tdb.GetSetting(ctx, "company")
	if err != nil || name != "" {
		return name, err
	}
	return deskSetting(ctx, "company"), nil
}

// deskPaper is the paper the desk prints on (its setting as the app reads
// it), for a training document printed without --paper.
func deskPaper(ctx context.Context) string { return cases.PaperOf(deskSetting(ctx, cases.KeyPaper)) }

// deskSetting is one of the settings the app keeps in the production
// file, "" when there is none. A file that does not exist is not created
// for it, and one that cannot be read stops nothing: what it holds for
// a training document is a courtesy.
func deskSetting(ctx context.Context, key string) string {
	path, err := sqlite.DefaultPath()
	if err != nil {
		return ""
	}
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	db, err := sqlite.Open(ctx, path, sqlite.Production)
	if err != nil {
		return ""
	}
	defer db.Close()
	v, _ := db.GetSetting(ctx, key)
	return v
}

func runDrillCertificate(ctx context.Context, m *Main, args []string) error {
	fs, f := m.trainingPDFFlagSet("drill certificate")
	track := fs.String("track", "", m.T().S("training.cli.pdf.flag.track"))
	opt, db, content, err := m.trainingSetup(ctx, fs, f, args, track)
	if err != nil {
		return err
	}
	defer db.Close()
	t := m.T()
	trainee := strings.TrimSpace(*f.trainee)
	certs, err := db.Certificates(ctx, trainee)
	if err != nil {
		return err
	}
	var cert *training.Certificate
	for i := range certs {
		if certs[i].Track == *track {
			cert = &certs[i]
		}
	}
	if cert == nil {
		return &exitError{code: 1, err: errors.New(t.D("training.cli.certificate.none", map[string]any{
			"Trainee": trainee, "Track": content.TrackName(*track, m.Lang)}))}
	}
	recs, err := db.Attempts(ctx, trainee)
	if err != nil {
		return err
	}
	if err := m.writePDF(f.out, func(w io.Writer) error { return pdf.Certificate(w, *cert, content, opt, recs...) }); err != nil {
		return err
	}
	if m.JSON {
		return m.printJSON(map[string]any{"path": f.out, "trainee": trainee, "track": cert.Track, "date": cert.Date,
			"rubric_version": cert.RubricVersion, "attempts": cert.Attempts, "lang": opt.Lang})
	}
	fmt.Fprintln(m.Stdout, t.D("cli.pdf.written", map[string]any{"Path": f.out}))
	return nil
}

func runDrillProgress(ctx context.Context, m *Main, args []string) error {
	fs, f := m.trainingPDFFlagSet("drill progress")
	opt, db, content, err := m.trainingSetup(ctx, fs, f, args, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	t := m.T()
	trainee := strings.TrimSpace(*f.trainee)
	recs, err := db.Attempts(ctx, trainee)
	if err != nil {
		return err
	}
	certs, err := db.Certificates(ctx, trainee)
	if err != nil {
		return err
	}
	if len(recs) == 0 && len(certs) == 0 {
		// A misspelt name would otherwise print an empty report; the names
		// that do have attempts are what the supervisor was looking for.
		msg := t.D("training.cli.progress.none", map[string]any{"Trainee": trainee})
		if who, err := db.Trainees(ctx); err == nil && len(who) > 0 {
			msg += "\n" + t.D("training.cli.progress.known", map[string]any{"List": strings.Join(who, ", ")})
		}
		return &exitError{code: 1, err: errors.New(msg)}
	}
	if err := m.writePDF(f.out, func(w io.Writer) error { return pdf.TraineeProgress(w, trainee, recs, certs, content, opt) }); err != nil {
		return err
	}
	if m.JSON {
		p := content.Progress(trainee, recs, certs)
		return m.printJSON(map[string]any{"path": f.out, "trainee": trainee, "attempts": len(recs),
			"certificates": len(certs), "tracks": p.Tracks, "next": p.Next, "lang": opt.Lang})
	}
	fmt.Fprintln(m.Stdout, t.D("cli.pdf.written", map[string]any{"Path": f.out}))
	return nil
}
