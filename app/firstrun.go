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
)

// welcome is the first-run screen: shown until the agent has introduced
// themselves, in the system's language (switchable on the spot), asking
// only what the scripts need: name, role and company. Everything can be
// changed later in Settings.
type welcome struct {
	a *App

	name, company *widget.Entry
	role          *widget.RadioGroup
	status        *widget.Label
}

func (a *App) showWelcome() {
	w := &welcome{a: a}
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
			w.a.showWelcome()
		}
	})
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
		roles[i] = t.S("role." + r)
	}
	w.role = widget.NewRadioGroup(roles, nil)
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
	w.name.OnSubmitted = func(string) { w.onStart() }

	form := widget.NewForm(
		widget.NewFormItem(t.S("settings.ui_lang"), lang),
		widget.NewFormItem(t.S("settings.agent.label"), w.name),
		widget.NewFormItem(t.S("settings.role"), w.role),
		widget.NewFormItem(t.S("settings.company.label"), w.company),
	)
	later := widget.NewLabelWithStyle(t.S("welcome.later"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	later.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(container.NewCenter(logo), title, intro, widget.NewSeparator(), form, w.status,
		container.NewCenter(start), later)
	return container.NewCenter(fixedWidth(560, body))
}

// keep copies what was typed into the settings being built, so switching
// the language of the welcome does not lose it.
func (w *welcome) keep() {
	w.a.ws.Agent = strings.TrimSpace(w.name.Text)
	w.a.ws.Company = strings.TrimSpace(w.company.Text)
	for i, r := range cases.WorkstationRoles {
		if w.role.Selected == w.a.t.S("role."+r) {
			w.a.ws.Role = cases.WorkstationRoles[i]
		}
	}
}

func (w *welcome) onStart() {
	w.keep()
	ws := w.a.ws
	if strings.TrimSpace(ws.Agent) == "" {
		w.status.SetText(w.a.t.S("settings.invalid.agent"))
		return
	}
	if ws.Role == "" {
		ws.Role = "agent"
	}
	ws.UILang = w.a.t.Lang
	if ws.CallLang == "" {
		ws.CallLang = ws.UILang
	}
	if err := ws.Save(w.a.ctx, w.a.deps.Settings); err != nil {
		w.status.SetText(w.a.errorText(err))
		return
	}
	w.a.ws = ws
	w.a.render()
}
