package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/sqlite"
	"agentdesk/training"
)

func TestShellInBothLanguagesHasNoMissingMessages(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{cases.KeyAgent: "Ana"})
			for i := range h.app.screens {
				h.app.tabs.SelectIndex(i)
				h.noMissingKeys()
			}
			tr := locales.New(l)
			h.mustHave(tr.S("nav.cases"))
			h.mustHave(tr.S("nav.settings"))
		})
	}
}

func TestSwitchingInterfaceLanguageRelabelsTheOpenWindow(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("settings")
	h.mustHave("Ajustes")
	h.mustHave("Casos")
	s := h.settings()
	s.uiLang.SetSelected("English")
	h.tap("Guardar")
	h.mustHave("Settings saved.")
	h.mustHave("Cases")
	h.mustNotHave("Casos")
	if h.app.Window().Title() != "AgentDesk" {
		t.Errorf("title = %q", h.app.Window().Title())
	}
	// The choice is stored, and a new window opens in English.
	ws, err := cases.LoadWorkstation(context.Background(), h.db, locales.ES)
	if err != nil || ws.UILang != locales.EN {
		t.Fatalf("stored UI language = %q, %v", ws.UILang, err)
	}
	// The call language is a separate setting and did not follow.
	if ws.CallLang != locales.ES {
		t.Errorf("call language = %q, want es", ws.CallLang)
	}
}

// settingsOfX opens Settings in English on a desk whose agent is "X".
func settingsOfX(t *testing.T) (*harness, *settingsScreen) {
	t.Helper()
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "X"})
	h.app.show("settings")
	return h, h.settings()
}

func TestSettingsSaveAndValidate(t *testing.T) {
	h, s := settingsOfX(t)

	// No name: refused, with the reason on screen, nothing changed.
	s.agent.SetText("")
	test.Type(s.crmURL, "crm.local")
	h.tap("Save")
	h.mustHave("Enter your name.")
	h.mustHave("The CRM address must start with http:// or https://")
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyAgent); v != "X" {
		t.Fatalf("agent changed despite errors: %q", v)
	}

	test.Type(s.agent, "Ana Torres")
	s.crmURL.SetText("https://crm.example.internal:8443")
	test.Type(s.company, "Telecomunicaciones del Norte")
	s.role.SetSelected("Supervisor")
	s.paper.SetSelected("Letter")
	h.tap("Save")
	h.mustHave("Settings saved.")
	ws, _ := cases.LoadWorkstation(context.Background(), h.db, locales.EN)
	if ws.Agent != "Ana Torres" || ws.Role != "supervisor" || ws.Company != "Telecomunicaciones del Norte" || ws.Paper != "Letter" || ws.CRMURL != "https://crm.example.internal:8443" {
		t.Fatalf("stored %+v", ws)
	}
}

// Fields edited and not saved keep what was typed when the screen is
// drawn again (a playbook published on crmd redraws every screen); a field
// not touched shows what was saved meanwhile, and after a save nothing is
// a draft any more.
func TestSettingsKeepEditsAcrossARedraw(t *testing.T) {
	h, s := settingsOfX(t)
	s.agent.SetText("")
	test.Type(s.agent, "Ana Torres")
	s.role.SetSelected("Supervisor")
	h.app.ws.CRMURL = "https://crm.example.internal:8443" // saved from the status bar meanwhile

	s.build()
	if s.agent.Text != "Ana Torres" || s.role.Selected != "Supervisor" {
		t.Errorf("edits lost in a redraw: %q %q", s.agent.Text, s.role.Selected)
	}
	if s.crmURL.Text != "https://crm.example.internal:8443" {
		t.Errorf("an untouched field does not show what was saved: %q", s.crmURL.Text)
	}

	s.onSave()
	s.agent.SetText("Ana Torres Ruiz") // edited after the save, on the same fields
	s.build()
	if s.agent.Text != "Ana Torres Ruiz" {
		t.Errorf("an edit made after a save was lost in a redraw: %q", s.agent.Text)
	}
	s.onSave()
	h.app.ws.Agent = "Someone Else" // saved elsewhere after this save
	s.build()
	if s.agent.Text != "Someone Else" {
		t.Errorf("a saved edit came back as a draft: %q", s.agent.Text)
	}
}

func TestSettingsRejectsABrokenPlaybookFolder(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana"})
	dir := t.TempDir()
	// An overlay template with a missing translation and an unknown placeholder.
	os.WriteFile(filepath.Join(dir, "mine.toml"), []byte(`
[[template]]
id = "closing.mine"
category = "closing"
title = { es = "Mío" }
text = { es = "Gracias, {{nombre}}.", en = "Thanks, {{nombre}}." }
`), 0o644)
	h.app.show("settings")
	s := h.settings()
	s.playbookDir.SetText(dir)
	h.tap("Save")
	h.mustHave("nothing was saved")
	h.mustHave("mine.toml:5")
	h.mustHave("placeholder {{nombre}}")
	h.mustHave("mine.toml:6")
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyPlaybookDir); v != "" {
		t.Fatalf("broken folder stored: %q", v)
	}

	// A valid overlay is accepted and its template is in use.
	os.WriteFile(filepath.Join(dir, "mine.toml"), []byte(`
[[template]]
id = "closing.mine"
category = "closing"
title = { es = "Mío", en = "Mine" }
text = { es = "Gracias por su tiempo.", en = "Thank you for your time." }
`), 0o644)
	h.tap("Save")
	h.mustHave("Settings saved.")
	if h.app.pb.Template("closing.mine") == nil {
		t.Fatal("custom template not loaded")
	}
}

// A folder already in use whose template names what the pack no longer
// has (a publish dropped it) keeps working: the template is set aside
// and the other settings still save. Only a folder being chosen is held
// to every mistake in it (above).
func TestSettingsSaveWithAFolderInUseThatLostAReference(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "mine.toml"), []byte(`
[[template]]
id = "closing.mine"
category = "closing"
title = { es = "Mío", en = "Mine" }
text = { es = "Gracias, {{nombre}}.", en = "Thanks, {{nombre}}." }

[[template]]
id = "closing.other"
category = "closing"
title = { es = "Otro", en = "Other" }
text = { es = "Gracias por su tiempo.", en = "Thank you for your time." }
`), 0o644)
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyPlaybookDir: dir})
	if h.app.pb.Template("closing.other") == nil || h.app.pb.Template("closing.mine") != nil {
		t.Fatalf("at start: other %v, mine %v", h.app.pb.Template("closing.other") != nil, h.app.pb.Template("closing.mine") != nil)
	}
	h.app.show("settings")
	s := h.settings()
	s.agent.SetText("Bea")
	h.tap("Save")
	h.mustHave("Settings saved.")
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyAgent); v != "Bea" {
		t.Fatalf("agent saved as %q", v)
	}
}

func TestCasesScreenListsSearchesAndShowsDetail(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("cases")
	s := h.cases()
	if len(s.items) != 8 {
		t.Fatalf("%d cases listed, want the 8 demo cases", len(s.items))
	}
	h.mustHave("8 cases")
	test.Type(s.search, "O'Neill")
	if len(s.items) != 1 {
		t.Fatalf("search O'Neill: %d", len(s.items))
	}
	s.list.Select(0)
	h.mustHave("Margaret O'Neill")
	h.mustHave("Duplicate charge")
	h.mustHave("••••••9012")
	h.mustNotHave("4417009012")
	h.mustHave("ESC-")
	h.mustHave("Timeline")
	h.noMissingKeys()

	s.search.SetText("")
	s.filter.SetSelected("Escalated")
	if len(s.items) != 1 || s.items[0].Status != cases.StatusEscalated {
		t.Fatalf("filter escalated: %d", len(s.items))
	}
	// Another agent sees none of Ana's cases; a supervisor sees them all.
	h2 := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Luis"})
	h2.app.show("cases")
	if n := len(h2.cases().items); n != 0 {
		t.Fatalf("Luis sees %d of Ana's cases", n)
	}
	h3 := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h3.app.show("cases")
	if n := len(h3.cases().items); n != 8 {
		t.Fatalf("supervisor sees %d cases", n)
	}
}

func TestAboutShowsVersionAndCommit(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana"})
	h.app.deps.Version, h.app.deps.Commit = "1.2.3", "abc1234"
	h.app.show("settings")
	h.tap("About AgentDesk")
	over := h.app.Window().Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("no About dialog")
	}
	all := strings.Join(texts(over), " ")
	if !strings.Contains(all, "1.2.3") || !strings.Contains(all, "abc1234") {
		t.Fatalf("About shows %q", all)
	}
}

// On an empty data folder the app greets in the system's language and asks
// who the agent is before anything else; switching the greeting's language
// keeps what was typed.
func TestFirstRunWelcome(t *testing.T) {
	h := newHarness(t, locales.ES, false, nil)
	h.mustHave("Le damos la bienvenida a AgentDesk")
	h.mustNotHave("Ajustes guardados")
	h.tap("Empezar")
	h.mustHave("Escriba su nombre.")
	var name *widget.Entry
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == "Tal como lo oirá el cliente" {
			name = e
		}
	})
	test.Type(name, "Nuria")
	var lang *widget.RadioGroup
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RadioGroup); ok && len(r.Options) == 2 && r.Options[1] == "English" {
			lang = r
		}
	})
	lang.SetSelected("English")
	h.mustHave("Welcome to AgentDesk")
	h.tap("Start")
	ws, _ := cases.LoadWorkstation(context.Background(), h.db, locales.ES)
	// English chosen on a Spanish system: calls are in English too, as
	// nothing else was ever chosen for them.
	if ws.Agent != "Nuria" || ws.UILang != locales.EN || ws.Role != "agent" || ws.CallLang != locales.EN {
		t.Fatalf("saved %+v", ws)
	}
	h.mustHave("Cases")
	h.mustHave("Settings")
}

// The welcome offers a guided practice call: a newcomer goes from an empty
// data folder to a simulated call in one click, in training mode.
func TestFirstRunDemoOpensAPracticeCall(t *testing.T) {
	h := newHarness(t, locales.EN, false, nil)
	var name *widget.Entry
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == "As customers will hear it" {
			name = e
		}
	})
	test.Type(name, "Nuria")
	h.tap("Start with a practice call")
	ts := h.app.trainingScreen()
	if ts.sess == nil || ts.sess.Scenario().ID != DemoScenario {
		t.Fatalf("no demo session: %q", h.texts())
	}
	h.mustHave("Practice")
	h.mustHave("What do you do?")
	h.noMissingKeys()
	if l, _ := h.db.ListCases(context.Background(), cases.Filter{}); len(l) != 0 {
		t.Fatal("the demo wrote production cases")
	}
}

// --open-case: the call screen opens on the case at start, built once,
// and the other screens wait until they are shown.
func TestOpenCaseAtStart(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	open, err := h.db.ListCases(context.Background(), cases.Filter{Status: cases.StatusOpen})
	if err != nil || len(open) == 0 {
		t.Fatalf("no open demo case: %v", err)
	}
	want := open[0]
	a, err := New(test.NewTempApp(t), Deps{Store: h.db, Settings: h.db, Playbook: h.app.deps.Playbook, SysLang: locales.EN, Now: h.app.deps.Now, OpenCase: want.ID})
	if err != nil {
		t.Fatal(err)
	}
	if a.sess.Case() == nil || a.sess.Case().ID != want.ID {
		t.Fatalf("call screen on %v, want %s", a.sess.Case(), want.ID)
	}
	if !strings.Contains(strings.Join(texts(a.Window().Content()), "\n"), want.Customer.Name) {
		t.Errorf("%q not on the call screen", want.Customer.Name)
	}
	for i, b := range a.boxes[1:] {
		if len(b.Objects) != 0 {
			t.Errorf("screen %s built before it was shown", a.visible[i+1].key())
		}
	}
	a.show("cases")
	if len(a.boxes[3].Objects) == 0 || len(screenOf[*casesScreen](a).items) == 0 {
		t.Error("the cases screen was not built when shown")
	}

	// An ID that is not there leaves the start form, not an error.
	b, err := New(test.NewTempApp(t), Deps{Store: h.db, Settings: h.db, Playbook: h.app.deps.Playbook, SysLang: locales.EN, Now: h.app.deps.Now, OpenCase: "C-NOPE"})
	if err != nil || b.sess.Case() != nil {
		t.Fatalf("unknown case: %v, %v", err, b.sess.Case())
	}
}

// cmd/agentdesk opens the window before the data is loaded and hands it to
// New, and training content is parsed when training is first used, not
// before the first frame.
func TestGivenWindowAndTrainingOnFirstUse(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	fy := test.NewTempApp(t)
	fy.Preferences().SetFloat(prefWidth, 1000)
	fy.Preferences().SetFloat(prefHeight, 700)
	win := OpenWindow(fy)
	if got := win.Canvas().Size(); got != fyne.NewSize(1000, 700) {
		t.Errorf("window opened at %v, want the saved 1000x700", got)
	}
	loads := 0
	tc := h.app.trainingContent()
	a, err := New(fy, Deps{
		Store: h.db, Settings: h.db, Playbook: h.app.deps.Playbook, SysLang: locales.EN, Now: h.app.deps.Now,
		Window: win, TrainingStore: h.tdb,
		LoadTraining: func() (*training.Content, error) { loads++; return tc, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.Window() != win || win.Content() == nil {
		t.Fatal("New did not fill the window it was given")
	}
	if loads != 0 {
		t.Errorf("training content loaded %d times before training was opened", loads)
	}
	a.show("training")
	a.show("call")
	a.show("training")
	if loads != 1 {
		t.Errorf("training content loaded %d times, want once", loads)
	}
	if !strings.Contains(strings.Join(texts(win.Content()), "\n"), tc.TrackTitle(&tc.Tracks[0], locales.EN)) {
		t.Error("the training screen does not show the first track")
	}
}

// Every screen fits the window's default size, 1180x760, in both
// languages: Fyne grows a window to its content's minimum and never
// shrinks it back, so one wide screen would make the app wider than a
// 1280 px laptop screen for the rest of the shift (the training screen
// was 1330 px wide in Spanish).
func TestEveryScreenFitsTheDefaultWindow(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{cases.KeyAgent: "Ana"})
			check := func(what string) {
				t.Helper()
				if m := h.app.Window().Content().MinSize(); m.Width > 1180 || m.Height > 760 {
					t.Errorf("%s needs %.0fx%.0f", what, m.Width, m.Height)
				}
			}
			for _, s := range h.app.visible {
				h.app.show(s.key())
				check(s.key())
			}
			h.startCall("4417001234", map[locales.Lang]string{locales.ES: "cambio plan", locales.EN: "plan change"}[l])
			for _, st := range h.app.sess.Case().Steps {
				h.app.call.onGoto(st.Step)
				check("call step " + st.Step)
			}
			// A training call and its report, for every scenario.
			h.app.show("training")
			s := h.training()
			for _, sc := range h.app.trainingContent().Scenarios {
				s.scenario, s.mode, s.lang, s.report, s.sess = sc.ID, training.Practice, l, nil, nil
				s.refresh()
				h.tap(h.app.t.S("training.ui.start"))
				check("training call " + sc.ID)
				h.play(s, func(int) string { return "best" })
				check("training report " + sc.ID)
			}
		})
	}
}

// Switching the interface language redraws the window on the area the
// agent was in, built in the new language.
func TestLanguageSwitchKeepsTheArea(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("cases")
	h.app.setUILang(locales.EN)
	if got := h.app.visible[h.app.tabs.SelectedIndex()].key(); got != "cases" {
		t.Fatalf("on %s after the switch", got)
	}
	if len(h.app.boxes[h.app.tabs.SelectedIndex()].Objects) == 0 {
		t.Fatal("the cases screen was not built again")
	}
	h.mustHave(locales.New(locales.EN).S("nav.cases"))
	h.noMissingKeys()
}

// When the data cannot be opened the window says so in the person's
// language, points at the log, and Close ends the app.
func TestStartupErrorIsShownInTheWindow(t *testing.T) {
	for _, l := range locales.Langs {
		for _, err := range []error{errors.New("disk I/O error"), fmt.Errorf("%w: x.db", sqlite.ErrWrongKind)} {
			fy := test.NewTempApp(t)
			win := OpenWindow(fy)
			closed := false
			ShowStartupError(win, l, "/data", "/data/agentdesk.log", err, func() { closed = true })
			tr := locales.New(l)
			got := strings.Join(texts(win.Content()), " ")
			if !strings.Contains(got, tr.S("startup.failed.title")) || !strings.Contains(got, "/data/agentdesk.log") {
				t.Errorf("%s, %v: window shows %q", l, err, got)
			}
			wrongKind := strings.Contains(got, strings.Split(tr.S("startup.failed.wrong_kind"), "(")[0])
			if wrongKind != errors.Is(err, sqlite.ErrWrongKind) {
				t.Errorf("%s, %v: wrong-kind message shown: %v", l, err, wrongKind)
			}
			b := findButton(win.Content(), tr.S("startup.failed.close"))
			if b == nil {
				t.Fatalf("%s: no close button in %q", l, got)
			}
			test.Tap(b)
			if !closed {
				t.Errorf("%s: Close did not end the app", l)
			}
		}
	}
}
