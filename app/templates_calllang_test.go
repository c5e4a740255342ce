package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// With no call open, a template is previewed and copied for the customer
// of the next call: in the call language of the settings, not in the
// interface's. An agent reading Spanish screens who takes calls in English
// copied the Spanish text.
func TestTemplatesWithNoCallAreInTheCallLanguage(t *testing.T) {
	for _, c := range []struct{ ui, call locales.Lang }{{locales.ES, locales.EN}, {locales.EN, locales.ES}} {
		h := newHarness(t, c.ui, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte",
			cases.KeyUILang: string(c.ui), cases.KeyCallLang: string(c.call)})
		h.app.show("templates")
		ts := h.app.templatesScreen()
		tp := h.app.pb.Template("closing.anything_else")
		if tp == nil {
			t.Fatal("no closing.anything_else in the pack")
		}
		ts.search.SetText(h.app.pb.Say(c.ui, tp.Title))
		i := -1
		for j, hit := range ts.hits {
			if hit.ID == tp.ID {
				i = j
			}
		}
		if i < 0 {
			t.Fatalf("%s: %s not found", c.ui, tp.ID)
		}
		ts.list.Select(i)
		if p := ts.preview; p.tpl != tp || p.lang != c.call {
			t.Fatalf("interface %s, calls in %s: the preview is in %s", c.ui, c.call, p.lang)
		}
		test.Tap(ts.preview.copyBtn)
		want, _ := h.app.pb.RenderTemplate(c.call, tp, func(name string) (string, bool) {
			if name == "company" {
				return "Telco Norte", true
			}
			if name == "agent_name" {
				return "Ana", true
			}
			return "", false
		}, true).Plain()
		if got := h.app.fy.Clipboard().Content(); got != want {
			t.Errorf("interface %s, calls in %s: copied %q, want %q", c.ui, c.call, got, want)
		}
	}
}
