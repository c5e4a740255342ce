package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/pdf"
	"agentdesk/sqlite"
)

// pdfFlags are the flags both PDF commands share.
type pdfFlags struct {
	out, paper, tz string
}

func (m *Main) pdfFlagSet(name string) (*flag.FlagSet, *pdfFlags) {
	fs := m.flagSet(name)
	p := &pdfFlags{}
	fs.StringVar(&p.out, "out", "", m.T().S("cli.pdf.flag.out"))
	// No default here: unset, the desk's paper setting holds (else A4).
	fs.StringVar(&p.paper, "paper", "", m.T().S("cli.pdf.flag.paper"))
	fs.StringVar(&p.tz, "tz", "", m.T().S("cli.pdf.flag.tz"))
	return fs, p
}

// pdfOptions checks the shared flags before any database is opened: a typo
// should not create one.
func (m *Main) pdfOptions(p *pdfFlags) (pdf.Options, error) {
	t := m.T()
	if p.out == "" {
		return pdf.Options{}, usageErr("%s", t.S("cli.pdf.need_out"))
	}
	switch p.paper {
	case "", "A4", "a4", "Letter", "letter", "LETTER":
	default:
		return pdf.Options{}, usageErr("%s", t.D("cli.pdf.bad_paper", map[string]any{"Paper": p.paper}))
	}
	tz := time.Local
	if p.tz != "" {
		l, err := time.LoadLocation(p.tz)
		if err != nil {
			return pdf.Options{}, usageErr("%s", t.D("cli.pdf.bad_tz", map[string]any{"TZ": p.tz}))
		}
		tz = l
	}
	return pdf.Options{Lang: m.Lang, Paper: p.paper, TZ: tz}, nil
}

// pdfOpen checks the shared flags and then opens the database, for the
// documents that need nothing else checked in between.
func (m *Main) pdfOpen(ctx context.Context, p *pdfFlags) (pdf.Options, *sqlite.DB, error) {
	opt, err := m.pdfOptions(p)
	if err != nil {
		return opt, nil, err
	}
	db, err := m.openForPDF(ctx, &opt)
	return opt, db, err
}

// openForPDF opens the database a document is printed from and heads opt
// with the company name it keeps, so every document a site prints carries
// the same heading; unset, the heading is left out.
func (m *Main) openForPDF(ctx context.Context, opt *pdf.Options) (*sqlite.DB, error) {
	db, err := m.openDB(ctx)
	if err != nil {
		return nil, err
	}
	if opt.Company, err = db.GetSetting(ctx, "company"); err != nil {
		db.Close()
		return nil, err
	}
	// Titles, reasons and limits as this desk's screens name them, on the
	// paper the desk prints on unless --paper said otherwise.
	opt.Playbook = m.deskPack(ctx, db)
	// Amounts in the pack's currency (opt.Currency left empty), as the desk
	// writes them (case list, case show).
	if opt.Paper == "" {
		// As the desk reads its setting (anything but Letter is A4).
		ws, err := cases.LoadWorkstation(ctx, db, m.Lang)
		if err != nil {
			db.Close()
			return nil, err
		}
		opt.Paper = ws.Paper
	}
	return db, nil
}

func runCasePDF(ctx context.Context, m *Main, args []string) error {
	fs, p := m.pdfFlagSet("case pdf")
	id := fs.String("id", "", m.T().S("cli.pdf.flag.id"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *id == "" && len(pos) == 1 {
		*id = pos[0] // "case pdf ID --out FILE" reads as naturally as --id
	}
	t := m.T()
	if *id == "" {
		return usageErr("%s", t.S("cli.pdf.need_id"))
	}
	opt, db, err := m.pdfOpen(ctx, p)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := db.GetCase(ctx, *id)
	if err != nil {
		return m.caseErr(err, *id)
	}
	tl, err := db.Timeline(ctx, c.ID)
	if err != nil {
		return err
	}
	if err := m.writePDF(p.out, func(w io.Writer) error { return pdf.CaseSummary(w, c, tl, opt) }); err != nil {
		return err
	}
	if m.JSON {
		return m.printJSON(map[string]any{"case": c.ID, "path": p.out, "lang": opt.Lang})
	}
	fmt.Fprintln(m.Stdout, t.D("cli.pdf.written", map[string]any{"Path": p.out}))
	return nil
}

func runReportReasons(ctx context.Context, m *Main, args []string) error {
	fs, p := m.pdfFlagSet("report reasons")
	week := fs.String("week", "", m.T().S("cli.pdf.flag.week"))
	if err := m.parseNone(fs, args); err != nil {
		return err
	}
	t := m.T()
	opt, err := m.pdfOptions(p)
	if err != nil {
		return err
	}
	if *week == "" {
		y, w := time.Now().In(opt.TZ).ISOWeek()
		*week = fmt.Sprintf("%04d-W%02d", y, w)
	}
	// As people type it ("2026-w47"), named as ISO writes it.
	*week = pdf.NormalWeek(*week)
	from, to, err := pdf.WeekRange(*week, opt.TZ)
	if we := (*pdf.WeekError)(nil); errors.As(err, &we) && we.Last != "" {
		return usageErr("%s", t.D("cli.pdf.no_week", map[string]any{"Year": we.Week[:4], "Last": we.Last}))
	}
	if err != nil {
		return usageErr("%s", t.D("cli.pdf.bad_week", map[string]any{"Week": *week}))
	}
	db, err := m.openForPDF(ctx, &opt)
	if err != nil {
		return err
	}
	defer db.Close()
	// Whose cases, as the reports screen counts them for the same desk:
	// on a desk shared by agents, the signed-in agent's only.
	ws, err := cases.LoadWorkstation(ctx, db, m.Lang)
	if err != nil {
		return err
	}
	agent := cases.ReportAgent(m.deskRole(ctx, db), ws.Agent)
	// The store filters by creation time; BuildReasonReport decides the
	// exact weeks in the report's zone, and which calls ended (an escalated
	// case whose call was closed counts, whatever its status).
	list, err := db.ListCases(ctx, cases.Filter{From: from.AddDate(0, 0, -7), To: to, Agent: agent})
	if err != nil {
		return err
	}
	// A supervisor's report is the team's, as on the reports screen:
	// every desk's cases as crmd holds them, beside this desk's.
	var team []*cases.Case
	var everyDesk, deskOnly, cut bool
	if agent == "" {
		team, everyDesk, deskOnly, cut = m.teamCasesFor(ctx, db, from.AddDate(0, 0, -7), to)
	}
	data, err := pdf.BuildReasonReport(cases.WithOthers(list, team), *week, opt.TZ)
	if err != nil {
		return err
	}
	data.Agent = agent
	if err := m.writePDF(p.out, func(w io.Writer) error { return pdf.ReasonReport(w, data, opt) }); err != nil {
		return err
	}
	if m.JSON {
		counts := map[string][2]int{}
		for _, r := range data.Rows {
			counts[r.Code] = [2]int{r.This, r.Prev}
		}
		return m.printJSON(map[string]any{"path": p.out, "week": data.Week, "prev_week": data.PrevWeek,
			"closed": data.This, "closed_prev": data.Prev, "by_code": counts, "every_desk": everyDesk, "first_listed_only": cut})
	}
	fmt.Fprintln(m.Stdout, t.N("cli.report.reasons.written", data.This, map[string]any{"Week": data.Week, "Path": p.out}))
	switch {
	case cut:
		fmt.Fprintln(m.Stderr, t.N("reports.reasons.first", len(team), nil))
	case everyDesk:
		fmt.Fprintln(m.Stdout, t.S("reports.reasons.every_desk"))
	case deskOnly:
		fmt.Fprintln(m.Stderr, t.S("reports.reasons.desk_only"))
	}
	return nil
}

// teamCasesFor is every desk's cases opened from from to to, as crmd
// holds them, when this desk's CRM session is a supervisor's. everyDesk
// says they were read; deskOnly that crmd was asked and did not answer;
// cut that crmd listed more than desksync.MaxTeamCases and team holds
// the first of them only (everyDesk is then false: the counts are short).
func (m *Main) teamCasesFor(ctx context.Context, db *sqlite.DB, from, to time.Time) (team []*cases.Case, everyDesk, deskOnly, cut bool) {
	url, _ := db.GetSetting(ctx, cases.KeyCRMURL)
	if strings.TrimSpace(url) == "" {
		return nil, false, false, false
	}
	c, err := m.client(ctx, db, "")
	if err != nil {
		return nil, false, false, false
	}
	if sess, ok := c.Session(); !ok || sess.Role != crm.RoleSupervisor {
		return nil, false, false, false
	}
	team, more, err := desksync.TeamCases(ctx, c, from, to)
	if err != nil {
		return nil, false, true, false
	}
	return team, !more, false, more
}

// writePDF writes beside the destination and renames, so a failed export
// never leaves half a PDF where the previous good one was.
func (m *Main) writePDF(path string, write func(io.Writer) error) error {
	if err := m.checkPDFDest(path); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".agentctl-*.pdf")
	if err != nil {
		return m.fileErr(path, err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return m.fileErr(path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return m.fileErr(path, err)
	}
	return nil
}

// checkPDFDest refuses a destination whose replacement would lose data: the
// rename puts the PDF over whatever --out names, and a slip of tab
// completion can name the database itself or any other file. Only a PDF
// (an earlier export) or an empty file is replaced. The command line has
// to change, so it is a usage mistake, as a path that is not a folder is.
func (m *Main) checkPDFDest(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return m.fileErr(path, err)
	}
	if st.IsDir() {
		return m.fileErr(path, errIsFolder)
	}
	t := m.T()
	for _, db := range m.opened {
		// SQLite's journal files are the database too: a PDF in place of
		// the WAL loses every commit not yet checkpointed.
		for _, f := range []string{db, db + "-wal", db + "-shm"} {
			if dst, err := os.Stat(f); err == nil && os.SameFile(st, dst) {
				return usageErr("%s", t.D("cli.pdf.out_is_db", map[string]any{"Path": path}))
			}
		}
	}
	if st.Size() == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return m.fileErr(path, err)
	}
	defer f.Close()
	head := make([]byte, len(pdfMagic))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != pdfMagic {
		return usageErr("%s", t.D("cli.pdf.out_not_pdf", map[string]any{"Path": path}))
	}
	return nil
}

// pdfMagic starts every PDF file (ISO 32000-1, 7.5.2).
const pdfMagic = "%PDF-"

// isFileErr reports whether err is the file system's (a path or a rename
// that failed), not the document's.
func isFileErr(err error) bool {
	var pe *fs.PathError
	var le *os.LinkError
	return errors.As(err, &pe) || errors.As(err, &le)
}

// failedPath is the path a file system error names, unless that is a
// temporary file of ours (then the person's own, path).
func failedPath(err error, path string) string {
	var pe *fs.PathError
	if errors.As(err, &pe) && !strings.HasPrefix(filepath.Base(pe.Path), ".agentdesk-") && !strings.HasPrefix(filepath.Base(pe.Path), ".agentctl-") {
		return pe.Path
	}
	return path
}

// errIsFolder: a file was asked for where a folder is.
var errIsFolder = errors.New("is a folder")

// fileErr says a failed read or write of path in words: the person's own
// path, never a temporary file's name or the system's English.
func (m *Main) fileErr(path string, err error) error {
	id := "cli.file.failed"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		id = "cli.file.not_found"
	case errors.Is(err, fs.ErrPermission):
		id = "cli.file.denied"
	case errors.Is(err, errIsFolder), errors.Is(err, syscall.EISDIR):
		id = "cli.file.is_folder"
	}
	return &exitError{code: 1, err: errors.New(m.T().D(id, map[string]any{"Path": path}))}
}
