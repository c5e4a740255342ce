package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"agentdesk/locales"
	"agentdesk/pdf"
)

// onExport writes the open case's summary as a PDF in a language the agent
// chooses (the call's by default: the back office may read the other one),
// and opens it.
func (s *callScreen) onExport() {
	t := s.a.t
	// The summary is the case with the notes on screen: notes that cannot
	// be saved (past their bound, a full disk) would be missing from it as
	// if never typed. Why is said, and they stay as typed.
	if err := s.flushNotes(); err != nil {
		s.showError(err)
		return
	}
	lang := widget.NewRadioGroup(langOptions(), nil)
	lang.Required = true // clicked again, a choice stays chosen
	lang.Horizontal = true
	lang.SetSelected(langNames[s.cur().CallLang])
	dialog.ShowForm(t.S("call.export"), t.S("reports.export"), t.S("dialog.cancel"),
		[]*widget.FormItem{widget.NewFormItem(t.S("reports.doc_lang"), lang)}, func(ok bool) {
			if ok {
				s.exportCase(langFromName(lang.Selected))
			}
		}, s.a.win)
}

// exportCase writes the summary and opens it; it returns the path.
func (s *callScreen) exportCase(l locales.Lang) string {
	tl, err := s.a.deps.Store.Timeline(s.a.ctx, s.cur().ID)
	if err != nil {
		s.showError(err)
		return ""
	}
	dir := (&reportsScreen{a: s.a}).exportDir()
	path := filepath.Join(dir, s.cur().ID+"-"+string(l)+".pdf")
	opt := pdf.Options{Lang: l, Company: s.a.ws.Company, Paper: s.a.ws.Paper, Playbook: s.a.pb, Currency: s.a.ws.Currency, Generated: s.a.deps.Now()}
	err = os.MkdirAll(dir, 0o700)
	if err == nil {
		path, err = writeNewFile(path, func(f *os.File) error { return pdf.CaseSummary(f, s.cur(), tl, opt) })
	}
	if err != nil {
		s.a.inform(s.a.t.S("call.export"), s.a.exportErrorText(dir, err))
		return ""
	}
	s.a.openFile(path)
	return path
}

// exportErrorText says why a file could not be written in dir: the folder
// and the reason (no permission, a full disk, else that it could not be
// written there), in the person's language. A failure that is not the
// file system's (the document's own) is said as any other error.
func (a *App) exportErrorText(dir string, err error) string {
	var pe *fs.PathError
	var le *os.LinkError
	if !errors.As(err, &pe) && !errors.As(err, &le) {
		return a.errorText(err)
	}
	a.deps.Log.Error("export failed", "dir", dir, "err", err)
	id := "export.failed"
	switch {
	case errors.Is(err, fs.ErrPermission):
		id = "export.denied"
	case errors.Is(err, syscall.ENOSPC):
		id = "export.no_space"
	}
	return a.t.D(id, map[string]any{"Path": dir})
}

// freeName is path, or path with -2, -3... before its extension: the
// first that nothing in its folder has yet. take takes the name (a file
// or folder made only if none is there) and reports fs.ErrExist when it
// is taken, so two exports at the same moment never get the same one.
// No export replaces an earlier one: the person may have it open, or
// have sent or printed it.
func freeName(path string, take func(string) error) (string, error) {
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	for n := 1; ; n++ {
		p := path
		if n > 1 {
			p = fmt.Sprintf("%s-%d%s", base, n, ext)
		}
		err := take(p)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) || n >= 10000 {
			return "", err
		}
	}
}

// writeNewFile writes an export under a name of its own (freeName),
// through writeFileAtomic; a failed or canceled one leaves nothing. It
// returns the path written.
func writeNewFile(path string, write func(*os.File) error) (string, error) {
	p, err := freeName(path, func(p string) error {
		f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		return f.Close()
	})
	if err != nil {
		return "", err
	}
	if err := writeFileAtomic(p, write); err != nil {
		os.Remove(p) // the empty file that held the name
		return "", err
	}
	return p, nil
}

// newDir makes a folder of its own for an export (freeName).
func newDir(path string) (string, error) {
	return freeName(path, func(p string) error { return os.Mkdir(p, 0o700) })
}
