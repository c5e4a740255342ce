package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// The profile's texts are said in scripts and printed on one line of a
// summary's header: Settings saved a pasted paragraph as the company's
// name (agentctl refused it), and the welcome a name of any length.
func TestSettingsBoundTheProfilesTexts(t *testing.T) {
	h, s := settingsOfX(t)
	s.company.SetText(strings.Repeat("Norte ", 30))
	s.retention.SetText(strings.Repeat("5", cases.MaxRetentionPhone+1))
	h.tap("Save")
	h.mustHave("The company name must be one line of at most 120 characters.")
	h.mustHave("The retention line must be one line of at most 40 characters.")
	h.mustNotHave("Settings saved.")
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyCompany); v != "" {
		t.Errorf("company stored despite the refusal: %q", v)
	}
	s.agent.SetText(strings.Repeat("Ana ", 25))
	s.company.SetText("Norte")
	s.retention.SetText("(800) 555-0147")
	h.tap("Save")
	h.mustHave("Your name must be one line of at most 80 characters.")
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyAgent); v != "X" {
		t.Errorf("name stored despite the refusal: %q", v)
	}
}

func TestWelcomeBoundsTheName(t *testing.T) {
	h := newHarness(t, locales.ES, false, nil)
	var name *widget.Entry
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == "Tal como lo oirá el cliente" {
			name = e
		}
	})
	test.Type(name, strings.Repeat("Nuria ", 20))
	h.tap("Empezar")
	h.mustHave("Su nombre debe ocupar una sola línea de 80 caracteres como máximo.")
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyAgent); v != "" {
		t.Errorf("name stored despite the refusal: %q", v)
	}
}
