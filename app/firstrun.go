package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/assets"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// welcome is the first-run screen: shown until the agent has introduced
// themselves, in the system's language (switchable on the spot), asking
// only what the scripts need: name, role and company. Everything can be
// changed later in Settings.
type welcome struct {
	a *App
	// from is the workstation the welcome was first drawn from: what the
	// person leaves as shown there is theirs to keep, not to store over
	// what agentctl config set wrote meanwhile.
	from cases.Workstation

	name, company *widget.Entry
	role          *widget.RadioGroup
	status        *widget.Label
}

func (a *App) showWelcome() { a.showWelcomeFrom(a.ws) }

// showWelcomeFrom draws the welcome; from is the workstation it first
// showed, kept across a switch of its language.
func (a *App) showWelcomeFrom(from cases.Workstation) {
	w := &welcome{a: a, from: from}
	a.win.SetContent(w.build())
}

func (w *welcome) build() fyne.CanvasObject {
	t := w.a.t
	logo := canvas.NewImageFromResource(fyne.NewStaticResource("agentdesk.png", assets.Icon))
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(96, 96))
	title := widget.NewLabelWithStyle(t.S("welcome.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabelWithStyle(t.S("welcome.intro"), fyne.TextAlignCenter, fyne.TextStyle{})
	intro.Wrapping = fyne.TextWrapWord

	lang := widget.NewRadioGroup(langOptions(), func(v string) {
		if l := langFromName(v); l != w.a.t.Lang {
			w.keep()
			w.a.t = locales.New(l)
			w.a.ws.UILang = l
			w.a.showWelcomeFrom(w.from)
		}
	})
	lang.Required = true // clicked again, a choice stays chosen
	lang.Horizontal = true
	lang.SetSelected(langNames[t.Lang])

	w.name = widget.NewEntry()
	w.name.SetPlaceHolder(t.S("settings.agent.placeholder"))
	w.name.SetText(w.a.ws.Agent)
	w.company = widget.NewEntry()
	w.company.SetPlaceHolder(t.S("settings.company.placeholder"))
	w.company.SetText(w.a.ws.Company)
	roles := make([]string, len(cases.WorkstationRoles))
	for i, r := range cases.WorkstationRoles {
		roles[i] = t.S("role." + string(r))
	}
	w.role = widget.NewRadioGroup(roles, nil)
	w.role.Required = true // clicked again, a choice stays chosen
	w.role.Horizontal = true
	for i, r := range cases.WorkstationRoles {
		if r == w.a.ws.Role {
			w.role.SetSelected(roles[i])
		}
	}
	w.status = widget.NewLabel("")
	w.status.Importance = widget.DangerImportance
	start := widget.NewButtonWithIcon(t.S("welcome.start"), theme.NavigateNextIcon(), w.onStart)
	start.Importance = widget.HighImportance
	demo := widget.NewButtonWithIcon(t.S("welcome.demo.button"), theme.MediaPlayIcon(), w.onDemo)
	if w.a.trainingContent() == nil || w.a.deps.TrainingStore == nil {
		demo.Hide()
	}
	// Enter in either field starts, whichever the agent typed last.
	w.name.OnSubmitted = func(string) { w.onStart() }
	w.company.OnSubmitted = w.name.OnSubmitted

	form := widget.NewForm(
		widget.NewFormItem(t.S("settings.ui_lang"), lang),
		widget.NewFormItem(t.S("settings.agent.label"), w.name),
		widget.NewFormItem(t.S("settings.role"), w.role),
		widget.NewFormItem(t.S("settings.company.label"), w.company),
	)
	later := widget.NewLabelWithStyle(t.S("welcome.later"), fyne.TextAlignCenter, fyne.TextStyle{})
	later.Wrapping = fyne.TextWrapWord
	demoHint := widget.NewLabelWithStyle(t.S("welcome.demo.hint"), fyne.TextAlignCenter, fyne.TextStyle{})
	demoHint.Wrapping = fyne.TextWrapWord
	demoHint.Importance = widget.LowImportance
	if demo.Hidden {
		demoHint.Hide()
	}
	body := container.NewVBox(container.NewCenter(logo), title, intro, widget.NewSeparator(), form, w.status,
		container.NewCenter(container.NewHBox(start, demo)), demoHint, later)
	return container.NewCenter(fixedWidth(560, body))
}

// keep copies what was typed into the settings being built, so switching
// the language of the welcome does not lose it.
func (w *welcome) keep() {
	w.a.ws.Agent = strings.TrimSpace(w.name.Text)
	w.a.ws.Company = strings.TrimSpace(w.company.Text)
	for i, r := range cases.WorkstationRoles {
		if w.role.Selected == w.a.t.S("role."+string(r)) {
			w.a.ws.Role = cases.WorkstationRoles[i]
		}
	}
}

// onDemo saves the profile like onStart, then opens a guided practice
// call with a sample customer: a newcomer sees a call worked end to end in
// a minute, with no CRM and nothing written to production data.
func (w *welcome) onDemo() {
	if !w.save() {
		return
	}
	w.a.render()
	if ts := w.a.trainingScreen(); ts != nil {
		ts.startDemo()
		w.a.show("training")
	}
}

func (w *welcome) onStart() {
	if w.save() {
		w.a.render()
	}
}

// save stores the profile typed on the welcome; false (with the reason on
// screen) when the name is missing or the store refuses. Only what the
// person changed on it is laid over the settings as stored now: the
// welcome stays open while agentctl config set may write the others.
func (w *welcome) save() bool {
	w.keep()
	typed := w.a.ws
	if typed.Role == "" {
		typed.Role = cases.RoleAgent
	}
	if errs := typed.Validate(); len(errs) > 0 {
		w.status.SetText(invalidSettingsText(w.a.t, errs))
		return false
	}
	stored, err := cases.LoadWorkstation(w.a.ctx, w.a.deps.Settings, w.a.deps.SysLang)
	if err != nil {
		w.status.SetText(w.a.errorText(err))
		return false
	}
	ws := stored
	if typed.Agent != w.from.Agent {
		ws.Agent = typed.Agent
	}
	if typed.Company != w.from.Company {
		ws.Company = typed.Company
	}
	if typed.Role != w.from.Role {
		ws.Role = typed.Role
	}
	// The language the welcome is read in is a choice: the person saw it
	// and went on in it.
	ws.UILang = w.a.t.Lang
	// Calls are in the language chosen here unless one was set before
	// (the loaded value defaults to the system's, which was not a choice).
	if v, _ := w.a.deps.Settings.GetSetting(w.a.ctx, cases.KeyCallLang); v == "" {
		ws.CallLang = ws.UILang
	}
	if errs := ws.Validate(); len(errs) > 0 {
		w.status.SetText(invalidSettingsText(w.a.t, errs))
		return false
	}
	// Over what is stored: a setting not stored yet is written with its
	// default too, so the call language no longer follows the interface's.
	if err := w.a.saveWorkstationOver(ws, stored); err != nil { // sync learns the agent's name at once
		w.status.SetText(w.a.errorText(err))
		return false
	}
	return true
}

// DemoTrack and DemoScenario are the gentle first call: a level-1 billing
// question with an expired promotion, which touches every step.
const (
	DemoTrack    = "billing_1"
	DemoScenario = "promo_expired"
)

func (a *App) trainingScreen() *trainingScreen {
	for _, s := range a.screens {
		if ts, ok := s.(*trainingScreen); ok {
			return ts
		}
	}
	return nil
}

// startDemo opens the demo scenario in practice mode, in the interface
// language, with hints and feedback.
func (s *trainingScreen) startDemo() {
	if !s.available() || s.a.trainingContent().Scenario(DemoScenario) == nil {
		return
	}
	s.track, s.scenario, s.mode, s.lang = DemoTrack, DemoScenario, training.Practice, s.a.t.Lang
	s.onStart()
}
