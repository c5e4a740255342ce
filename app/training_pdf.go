package app

import (
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/pdf"
	"agentdesk/training"
)

// certificateButton prints a certificate as a PDF and opens it.
func (s *trainingScreen) certificateButton(c training.Certificate) *widget.Button {
	return widget.NewButtonWithIcon(s.a.t.S("training.ui.certificate_pdf"), theme.DocumentPrintIcon(), func() { s.onCertificatePDF(c) })
}

// progressButton prints the progress report of the trainee the supervisor
// is looking at.
func (s *trainingScreen) progressButton() *widget.Button {
	return widget.NewButtonWithIcon(s.a.t.S("training.ui.progress_pdf"), theme.DocumentPrintIcon(), func() { s.onProgressPDF(s.trainee) })
}

// trainingPDFOptions prints in the interface language: the trainee reads
// the certificate, the supervisor the report, both in the language they
// work in.
func (s *trainingScreen) trainingPDFOptions() pdf.Options {
	return pdf.Options{Lang: s.a.t.Lang, Company: s.a.ws.Company, Paper: s.a.ws.Paper, Playbook: s.a.pb, Generated: s.a.deps.Now()}
}

// onCertificatePDF writes the certificate with the scores of the attempts
// it rests on, opens it and returns its path ("" on failure, with the
// reason on the screen).
func (s *trainingScreen) onCertificatePDF(c training.Certificate) string {
	recs, _ := s.records(c.Trainee)
	name := "certificate-" + fileSafe(c.Trainee) + "-" + fileSafe(c.Track) + "-" + string(s.a.t.Lang)
	return s.writeTrainingPDF(name, false, func(f *os.File) error {
		return pdf.Certificate(f, c, s.a.trainingContent(), s.trainingPDFOptions(), recs...)
	})
}

// onProgressPDF writes a trainee's progress report, opens it and returns
// its path.
func (s *trainingScreen) onProgressPDF(trainee string) string {
	if trainee == "" {
		return ""
	}
	recs, certs := s.records(trainee)
	// Stamped: a report is a snapshot, and last week's must not be
	// overwritten by today's.
	name := "progress-" + fileSafe(trainee) + "-" + s.a.deps.Now().Format("20060102-150405")
	return s.writeTrainingPDF(name, true, func(f *os.File) error {
		return pdf.TraineeProgress(f, trainee, recs, certs, s.a.trainingContent(), s.trainingPDFOptions())
	})
}

func (s *trainingScreen) writeTrainingPDF(name string, stamped bool, write func(*os.File) error) string {
	dir := (&reportsScreen{a: s.a}).exportDir()
	path := filepath.Join(dir, name+".pdf")
	err := os.MkdirAll(dir, 0o700)
	switch {
	case err != nil:
	case stamped:
		// A snapshot never goes over an earlier one of the same second:
		// a name of its own.
		path, err = writeNewFile(path, write)
	default:
		// A certificate is one document: printed again, it is the same
		// file brought up to date.
		err = writeFileAtomic(path, write)
	}
	if err != nil {
		// In a dialog, as the CSV export says it: the report of a call and
		// the supervisor's tab have no status line, where it went unseen.
		s.a.inform(s.a.t.S("training.ui.pdf_failed"), s.a.exportErrorText(dir, err))
		return ""
	}
	s.a.openFile(path)
	return path
}

// fileSafe keeps a trainee's name readable in a file name (accents
// included: every desktop file system takes them) and drops what a file
// system or a shell would trip on.
func fileSafe(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" {
		return "trainee"
	}
	return out
}
