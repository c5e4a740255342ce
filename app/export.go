package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
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
	s.flushNotes()
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
		err = writeFileAtomic(path, func(f *os.File) error { return pdf.CaseSummary(f, s.cur(), tl, opt) })
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
