package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/pdf"
)

func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// pdfHas checks that the PDF at path holds each of want (doc names it in a
// failure) and returns its text.
func pdfHas(t *testing.T, path, doc string, want ...string) string {
	t.Helper()
	got := pdfText(t, path)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: missing %q in\n%s", doc, w, got)
		}
	}
	return got
}

func (h *harness) reports() *reportsScreen { return screenOf[*reportsScreen](h.app) }

func waitExport(t *testing.T, s *reportsScreen) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for s.running.Load() {
		if time.Now().After(deadline) {
			t.Fatal("export did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSupervisorExportsSelectedCasesAsOnePDF(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte"})
	h.app.show("reports")
	s := h.reports()
	s.from, s.to = "11/01/2026", "11/23/2026"
	s.onFind()
	if len(s.matches) != 8 {
		t.Fatalf("%d cases match", len(s.matches))
	}
	h.mustHave("8 cases match.")
	h.tap("Export")
	waitExport(t, s)
	if len(h.openedFiles()) != 1 || !strings.HasSuffix(h.openedFiles()[0], ".pdf") {
		t.Fatalf("opened %v; result %q", h.openedFiles(), s.result.Text)
	}
	txt := pdfHas(t, h.openedFiles()[0], "batch PDF", "Telco Norte", "Case summary", "Margaret O'Neill", "Lucía Fernández Ortiz", "Page 1 of")
	if strings.Contains(txt, "4417009012") {
		t.Error("a full account number is printed")
	}
	h.noMissingKeys()
}

func TestExportCanBeCancelledAndLeavesNothing(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	s.from, s.to = "01/11/2026", "23/11/2026"
	s.onFind()
	s.cancel.Store(true)
	s.cancel.Store(true)
	// Cancel before the first case is written: the progress callback says stop.
	s.onExportWith(func() { s.cancel.Store(true) })
	waitExport(t, s)
	if len(h.openedFiles()) != 0 {
		t.Fatalf("a cancelled export opened %v", h.openedFiles())
	}
	h.mustHave("Exportación cancelada")
	entries, _ := os.ReadDir(s.exportDir())
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".pdf") || strings.HasPrefix(e.Name(), ".export-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// One file per case, canceled after the first: the files written are
// taken back with their folder, as the screen says.
func TestPerCaseExportCancelledLeavesNothing(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	s.from, s.to, s.perCase = "11/01/2026", "11/23/2026", true
	s.onFind()
	s.onExportWith(func() { s.cancel.Store(true) })
	waitExport(t, s)
	h.mustHave("Export canceled; no file was left behind.")
	var left []string
	_ = filepath.Walk(s.exportDir(), func(p string, fi os.FileInfo, err error) error {
		if err == nil && p != s.exportDir() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 0 {
		t.Errorf("the canceled export left %v", left)
	}
}

func TestAgentsExportOnlyTheirOwnCases(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Luis"})
	h.app.show("reports")
	s := h.reports()
	s.agent = "Ana" // typed around the disabled field: still only Luis's
	s.from, s.to = "11/01/2026", "11/23/2026"
	s.onFind()
	if len(s.matches) != 0 {
		t.Fatalf("Luis can export %d of Ana's cases", len(s.matches))
	}
}

func TestWeeklyReasonReportAndCaseExport(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte"})
	h.app.show("reports")
	s := h.reports()
	s.week = "2026-W47"
	reasonReport(t, s)
	if len(h.openedFiles()) != 1 || filepath.Base(h.openedFiles()[0]) != "reasons-2026-W47-es.pdf" {
		t.Fatalf("opened %v, result %q", h.openedFiles(), s.result.Text)
	}
	pdfHas(t, h.openedFiles()[0], "reason report", "Reporte semanal de códigos de motivo", "Cambio de plan")
	s.week = "2026-47"
	reasonReport(t, s)
	h.mustHave("Escriba la semana como 2026-W47.")

	// The open case, exported from the call screen in the other language.
	call := h.startCall("4417009012", "cobro duplicado")
	path := call.exportCase(locales.EN)
	if path == "" {
		t.Fatal("no file")
	}
	pdfHas(t, path, "case PDF", "Case summary", "Margaret O'Neill")
}

// The date range is read in the language it was written in: switched from
// Spanish to English, "03/12/2026" stays 3 December (and is shown as
// 12/03/2026), instead of becoming 12 March, or a bad date after the 12th.
func TestReportsKeepTheirDatesAcrossALanguageSwitch(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	now := time.Date(2026, 12, 10, 11, 0, 0, 0, time.UTC)
	h.app.deps.Now = func() time.Time { return now }
	h.app.show("reports")
	s := h.reports()
	es, err := s.filter()
	if err != nil || s.from != "03/12/2026" {
		t.Fatalf("from %q: %v", s.from, err)
	}
	h.app.setUILang(locales.EN)
	h.app.show("reports")
	s = h.reports()
	en, err := s.filter()
	if err != nil || !en.From.Equal(es.From) || !en.To.Equal(es.To) {
		t.Errorf("the range moved from %v–%v to %v–%v (%v)", es.From, es.To, en.From, en.To, err)
	}
	h.mustHave("12/03/2026")
	h.mustNotHave(h.app.t.S("reports.bad_date"))
}

// The interface language switched while an export runs: the page drawn in
// the new language still shows the export's progress and its cancel
// button, and the cancel reaches the export; its end hides them again.
func TestAnExportRunningThroughALanguageSwitchCanStillBeCanceled(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	// An export under way, half done (as onExportWith and its progress
	// callback leave the screen).
	s.running.Store(true)
	s.done = 0.5
	h.app.setUILang(locales.EN)
	h.app.show("reports")
	if s = h.reports(); !s.cancelB.Visible() || !s.progress.Visible() || s.progress.Value != 0.5 || !s.exportB.Disabled() {
		t.Fatalf("after the switch: cancel shown %v, progress shown %v at %v, export disabled %v",
			s.cancelB.Visible(), s.progress.Visible(), s.progress.Value, s.exportB.Disabled())
	}
	test.Tap(s.cancelB)
	if !s.cancel.Load() {
		t.Error("cancel did not reach the export")
	}
	s.finish("", pdf.ErrCanceled)
	waitExport(t, s)
	if s.cancelB.Visible() || s.progress.Visible() {
		t.Error("the controls stayed after the export ended")
	}
	h.mustHave("Export canceled; no file was left behind.")
}

// An agent's reports show their own name in the agent field; once Settings
// make the desk a supervisor's, the field is empty and the reports cover
// every agent, not the name the agent's page showed.
func TestAPromotedSupervisorsReportsCoverEveryAgent(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("reports")
	if s := h.reports(); s.agent != "" {
		t.Fatalf("an agent's own name became the filter: %q", s.agent)
	}
	ws := h.app.ws
	ws.Role = cases.RoleSupervisor
	if err := h.app.saveWorkstation(ws); err != nil {
		t.Fatal(err)
	}
	h.app.show("reports")
	f, err := h.reports().filter()
	if err != nil || f.Agent != "" {
		t.Errorf("the supervisor's reports are narrowed to %q (%v)", f.Agent, err)
	}
}

// An export to a folder it cannot write says where and why, in the
// person's language, on every screen that writes a PDF: "something went
// wrong" sends nobody to the right folder.
func TestAnExportToAFolderThatCannotBeWrittenSaysSo(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyRole: "supervisor"})
	dir := filepath.Join(os.DevNull, "exports") // cannot be a folder
	h.app.deps.ExportDir = dir
	want := h.app.t.D("export.failed", map[string]any{"Path": dir})
	if strings.HasPrefix(want, "!") || !strings.Contains(want, dir) {
		t.Fatalf("no message for a failed export: %q", want)
	}
	h.app.show("reports")
	s := h.reports()
	s.week = "2026-W47"
	reasonReport(t, s)
	if s.result.Text != want {
		t.Errorf("weekly report: %q, want %q", s.result.Text, want)
	}
	s.from, s.to = "01/11/2026", "23/11/2026"
	s.onFind()
	for _, perCase := range []bool{false, true} {
		s.perCase = perCase
		s.onExport()
		waitExport(t, s)
		if s.result.Text != want {
			t.Errorf("summaries (one per case %v): %q, want %q", perCase, s.result.Text, want)
		}
	}
	// The open case, exported from the call screen.
	call := h.startCall("4417009012", "cobro duplicado")
	if path := call.exportCase(locales.EN); path != "" {
		t.Fatalf("exported to %q", path)
	}
	ov := h.app.Window().Canvas().Overlays().Top()
	if ov == nil || !strings.Contains(strings.Join(texts(ov), " "), want) {
		t.Errorf("the call screen's export said %v, want %q", ov, want)
	}
	if len(h.openedFiles()) != 0 {
		t.Errorf("opened %v", h.openedFiles())
	}
}

// Denied and a full disk are said as such.
func TestExportErrorTextSaysWhy(t *testing.T) {
	h := newHarness(t, locales.EN, false, nil)
	dir := filepath.Join(t.TempDir(), "exports")
	for _, c := range []struct {
		err error
		key string
	}{
		{&fs.PathError{Op: "mkdir", Path: dir, Err: syscall.EACCES}, "export.denied"},
		{&fs.PathError{Op: "open", Path: filepath.Join(dir, ".export-1"), Err: syscall.EPERM}, "export.denied"},
		{fmt.Errorf("pdf: %w", &fs.PathError{Op: "write", Path: filepath.Join(dir, ".agentdesk-2.pdf"), Err: syscall.ENOSPC}), "export.no_space"},
		{&os.LinkError{Op: "rename", Old: "a", New: "b", Err: syscall.EIO}, "export.failed"},
	} {
		got := h.app.exportErrorText(dir, c.err)
		if want := h.app.t.D(c.key, map[string]any{"Path": dir}); got != want || strings.HasPrefix(got, "!") {
			t.Errorf("%v: %q, want %q", c.err, got, want)
		}
	}
	if got := h.app.exportErrorText(dir, errors.New("pdf: canvas")); got != h.app.t.S("error.internal") {
		t.Errorf("a document's own failure: %q", got)
	}
}

// A supervisor types an agent's name as it comes to mind: "ana" is Ana,
// as the search of the cases screen finds "lucía" in "Lucía".
func TestTheAgentFilterIgnoresCaseAndSpaces(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	s.from, s.to = "11/01/2026", "11/23/2026"
	for _, typed := range []string{"Ana", "ana", " ANA "} {
		s.agent = typed
		s.onFind()
		if len(s.matches) != 8 {
			t.Errorf("agent %q: %d cases match, want Ana's 8", typed, len(s.matches))
		}
	}
	s.agent = "an"
	s.onFind()
	if len(s.matches) != 0 {
		t.Errorf("agent %q: %d cases match, want none (a name, not a part of one)", s.agent, len(s.matches))
	}
}

// A range that ends before it starts is a slip of typing (the two dates
// swapped), not a range without cases: it says so instead of "0 cases
// match", which reads as if the days had none.
func TestAReportRangeEndingBeforeItStartsSaysSo(t *testing.T) {
	for _, lang := range []locales.Lang{locales.EN, locales.ES} {
		h := newHarness(t, lang, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
		h.app.show("reports")
		s := h.reports()
		day := func(m, d int) string {
			return locales.FormatDate(lang, time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC))
		}
		s.from, s.to = day(11, 23), day(11, 1)
		s.onFind()
		if want := h.app.t.S("reports.bad_range"); s.found.Text != want || !s.exportB.Disabled() {
			t.Errorf("%s: %q, export enabled %v; want %q", lang, s.found.Text, !s.exportB.Disabled(), want)
		}
		s.from, s.to = day(11, 23), day(11, 23) // one day is a range
		s.onFind()
		if len(s.matches) == 0 {
			t.Errorf("%s: the cases of 23 November are not found: %q", lang, s.found.Text)
		}
		h.noMissingKeys()
	}
}

// The weekly report written in Spanish and then in English (one for the
// floor, one for the region) is two files: the second does not take the
// place of the first, which may still be open or on its way to someone.
func TestTheWeeklyReportInEachLanguageIsItsOwnFile(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("reports")
	s := h.reports()
	s.week = "2026-W47"
	s.docLang, s.docLangChosen = locales.ES, true
	reasonReport(t, s)
	s.docLang = locales.EN
	reasonReport(t, s)
	opened := h.openedFiles()
	if len(opened) != 2 || opened[0] == opened[1] {
		t.Fatalf("opened %v; result %q", opened, s.result.Text)
	}
	pdfHas(t, opened[0], "Spanish report", "Reporte semanal de códigos de motivo")
	pdfHas(t, opened[1], "English report", "Weekly reason-code report")
}

// A week 53 in a year of 52 is typed right but does not exist: the
// person is told that, not to type it "like 2026-W47", which is what they
// did.
func TestAWeek53TheYearDoesNotHaveSaysSo(t *testing.T) {
	for _, lang := range []locales.Lang{locales.EN, locales.ES} {
		h := newHarness(t, lang, true, map[string]string{cases.KeyAgent: "Ana"})
		h.app.show("reports")
		s := h.reports()
		s.week = "2027-W53"
		reasonReport(t, s)
		want := h.app.t.D("reports.no_week", map[string]any{"Year": 2027, "Last": "2027-W52"})
		if s.result.Text != want || len(h.openedFiles()) != 0 {
			t.Errorf("%s: %q (opened %v), want %q", lang, s.result.Text, h.openedFiles(), want)
		}
		s.week = "2026-W53" // 2026 has one: 28 December to 3 January
		reasonReport(t, s)
		if len(h.openedFiles()) != 1 {
			t.Errorf("%s: 2026-W53: %q", lang, s.result.Text)
		}
		h.noMissingKeys()
	}
}

// A reason code picked before the pack changed (crmd published one
// without it) cannot be shown in the list, which then reads "All": the
// filter must then be all, not the code no longer shown.
func TestAReasonFilterThePackNoLongerHasIsDropped(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	s.from, s.to = "11/01/2026", "11/23/2026"
	s.onFind()
	all := len(s.matches)
	s.reason = "billing.gone_from_the_pack"
	s.build() // drawn again, as after a playbook is published
	s.onFind()
	if len(s.matches) != all {
		t.Errorf("the reason list reads All, but %d of %d cases match", len(s.matches), all)
	}
}

// listFails is a store whose list of cases fails (a database held by
// another program past its wait).
type listFails struct{ cases.Store }

func (listFails) ListCases(context.Context, cases.Filter) ([]*cases.Case, error) {
	return nil, errors.New("database is locked")
}

// When the cases of a changed filter cannot be listed, Export must not
// write the cases of the filter before it under the new one's name.
func TestAFailedSearchLeavesNothingToExport(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	s.from, s.to = "11/01/2026", "11/23/2026"
	s.onFind()
	if len(s.matches) == 0 || s.exportB.Disabled() {
		t.Fatalf("%d cases match", len(s.matches))
	}
	h.app.deps.Store = listFails{h.app.deps.Store}
	s.status = cases.StatusClosed
	s.onFind()
	if len(s.matches) != 0 || !s.exportB.Disabled() {
		t.Errorf("after a failed search %d cases of the previous one can be exported (export enabled %v)", len(s.matches), !s.exportB.Disabled())
	}
}

// The weekly report offers the week the screen is shown in, not the one
// it was first drawn in: left open over the weekend, on Monday it offers
// the new week; a week the person typed stays.
func TestWeeklyReportFollowsTheClockUntilAWeekIsTyped(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	now := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC) // a Sunday, 2026-W49
	h.app.deps.Now = func() time.Time { return now }
	h.app.show("reports")
	s := h.reports()
	if s.week != "2026-W49" {
		t.Fatalf("Sunday: week %q", s.week)
	}
	h.app.show("call")
	now = now.Add(15 * time.Hour) // Monday morning, 2026-W50
	h.app.show("reports")
	if s.week != "2026-W50" || s.weekE.Text != "2026-W50" {
		t.Errorf("Monday: week %q, field %q, want 2026-W50", s.week, s.weekE.Text)
	}
	// Monday morning's report is last week's, one tap away.
	h.tap(h.app.t.S("reports.week.last"))
	if s.week != "2026-W49" || s.weekE.Text != "2026-W49" {
		t.Errorf("Last week on Monday: week %q, field %q, want 2026-W49", s.week, s.weekE.Text)
	}
	h.app.show("call")
	now = now.Add(2 * time.Hour)
	h.app.show("reports")
	if s.week != "2026-W49" {
		t.Errorf("last week chosen, then shown again: week %q", s.week)
	}
	s.weekE.SetText("2026-W40")
	h.app.show("call")
	now = now.AddDate(0, 0, 7)
	h.app.show("reports")
	if s.week != "2026-W40" || s.weekE.Text != "2026-W40" {
		t.Errorf("typed: week %q, field %q, want 2026-W40", s.week, s.weekE.Text)
	}
}

// No export replaces an earlier one: two in the same second (the clock
// stands still here), of one PDF, one file per case, the weekly report or
// the open case, each get a file (or folder) of their own, and the first
// is still there to print.
func TestExportsNeverReplaceAnEarlierOne(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	s.from, s.to = "11/01/2026", "11/23/2026"
	s.onFind()
	for _, perCase := range []bool{false, false, true, true} {
		s.perCase = perCase
		s.onExport()
		waitExport(t, s)
	}
	s.week = "2026-W47"
	reasonReport(t, s)
	reasonReport(t, s)
	h.app.show("call")
	call := h.startCall("4417009012", "duplicate charge")
	call.exportCase(locales.EN)
	call.exportCase(locales.EN)
	opened := h.openedFiles()
	if len(opened) != 8 {
		t.Fatalf("opened %v; result %q", opened, s.result.Text)
	}
	for i := 0; i < len(opened); i += 2 {
		first, second := opened[i], opened[i+1]
		if first == second {
			t.Errorf("the same name twice: %s", first)
			continue
		}
		for _, p := range []string{first, second} {
			fi, err := os.Stat(p)
			if err != nil || !fi.IsDir() && fi.Size() == 0 {
				t.Errorf("%s: %v", p, err)
			}
		}
	}
}

// countLists is a store that counts the lists of cases asked of it.
type countLists struct {
	cases.Store
	n atomic.Int32
}

func (c *countLists) ListCases(ctx context.Context, f cases.Filter) ([]*cases.Case, error) {
	c.n.Add(1)
	return c.Store.ListCases(ctx, f)
}

// Each keystroke in the agent's name or a date listed every case of the
// range, on the window's thread: over a year of a busy team (10,000 cases
// read and decoded, most of a second each time) the window froze at
// every letter. The cases are listed once typing pauses; until then the
// cases of the previous filter cannot be exported under the new one.
func TestTypingAFilterListsTheCasesOnceItPauses(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	s.fromE.SetText("11/01/2026")
	s.toE.SetText("11/23/2026")
	deadline := time.Now().Add(5 * time.Second)
	for s.exportB.Disabled() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	store := &countLists{Store: h.app.deps.Store}
	h.app.deps.Store = store
	test.Type(s.agentE, "Ana")
	if n := store.n.Load(); n != 0 || !s.exportB.Disabled() {
		t.Errorf("while typing: %d lists of cases, export enabled %v", n, !s.exportB.Disabled())
	}
	deadline = time.Now().Add(5 * time.Second)
	for s.exportB.Disabled() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := store.n.Load(); n != 1 || len(s.matches) != 8 {
		t.Errorf("after typing: %d lists of cases, %d cases match; want 1 list and Ana's 8", n, len(s.matches))
	}
}

// An agent's weekly report counts only their own cases, a supervisor's
// every agent's: the same week's two PDFs disagree, so the agent's says
// whose cases it counts, or it passes for the desk's (or agentctl's) count.
func TestAnAgentsWeeklyReportSaysWhoseCasesItCounts(t *testing.T) {
	for _, role := range []cases.Role{cases.RoleAgent, cases.RoleSupervisor} {
		h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Luis Ortega", cases.KeyRole: string(role)})
		h.app.show("reports")
		s := h.reports()
		s.week = "2026-W47"
		reasonReport(t, s)
		if len(h.openedFiles()) != 1 {
			t.Fatalf("%s: opened %v, result %q", role, h.openedFiles(), s.result.Text)
		}
		got := pdfText(t, h.openedFiles()[0])
		if named := strings.Contains(got, "Luis Ortega"); named != (role == cases.RoleAgent) {
			t.Errorf("%s: the report names the desk's user: %v, want %v:\n%s", role, named, role == cases.RoleAgent, got)
		}
	}
}

// listWaits is a store whose list of cases waits until release is closed
// (a big fortnight read from a busy database).
type listWaits struct {
	cases.Store
	release chan struct{}
}

func (l listWaits) ListCases(ctx context.Context, f cases.Filter) ([]*cases.Case, error) {
	<-l.release
	return l.Store.ListCases(ctx, f)
}

// reasonReport presses the weekly report's button and waits for the
// report to be written.
func reasonReport(t *testing.T, s *reportsScreen) {
	t.Helper()
	s.onReasonReport()
	deadline := time.Now().Add(30 * time.Second)
	for s.reporting.Load() {
		if time.Now().After(deadline) {
			t.Fatal("the weekly report did not finish")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The weekly report read two weeks of cases and wrote the PDF on the
// window's thread: the window froze until it was done, and a second
// click queued a second report. It is written in the background; the
// button waits for it.
func TestTheWeeklyReportDoesNotHoldTheWindow(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("reports")
	s := h.reports()
	s.week = "2026-W47"
	release := make(chan struct{})
	h.app.deps.Store = listWaits{Store: h.app.deps.Store, release: release}
	returned := make(chan struct{})
	go func() { s.onReasonReport(); close(returned) }()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		close(release)
		<-returned
		t.Fatal("the window waited for the cases of the weekly report")
	}
	s.onReasonReport() // a second click while it runs
	close(release)
	deadline := time.Now().Add(30 * time.Second)
	for s.reporting.Load() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if opened := h.openedFiles(); len(opened) != 1 {
		t.Errorf("opened %v, want the one report; result %q", opened, s.result.Text)
	}
}
