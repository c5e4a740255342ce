package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// The preview on the templates screen and in the palette is drawn from
// the call on screen when the template is picked. The call can change
// under it without the preview being drawn again (another case opened, a
// sync conflict taking crmd's version of the customer): Copy and Insert
// must then never hand out the first customer's name or figures.
func TestTemplatePreviewNeverUsesAnotherCustomersValues(t *testing.T) {
	const (
		lucia  = "Lucía Fernández Ortiz" // call A
		javier = "Javier Morales Ruiz"   // call B
	)
	type setup struct {
		h       *harness
		caseB   string
		preview func() *templatePreview
	}
	// pickOnScreen shows opening.callback filled in for call A on the
	// templates screen.
	pickOnScreen := func(t *testing.T, h *harness) func() *templatePreview {
		h.app.show("templates")
		ts := h.app.templatesScreen()
		ts.search.SetText("devolucion de llamada")
		i := slices.IndexFunc(ts.hits, func(tp *playbook.Template) bool { return tp.ID == "opening.callback" })
		if i < 0 {
			t.Fatalf("no opening.callback in %v", ts.hits)
		}
		ts.list.Select(i)
		return func() *templatePreview { return ts.preview }
	}
	pickInPalette := func(t *testing.T, h *harness) func() *templatePreview {
		p := h.pressCtrlK()
		test.Type(p.search, "devolucion de llamada")
		i := slices.IndexFunc(p.hits, func(tp *playbook.Template) bool { return tp.ID == "opening.callback" })
		if i < 0 {
			t.Fatalf("no opening.callback in %v", p.hits)
		}
		p.list.Select(i)
		return func() *templatePreview { return p.prev }
	}
	openB := func(t *testing.T, s setup) {
		c, err := s.h.db.GetCase(context.Background(), s.caseB)
		if err != nil {
			t.Fatal(err)
		}
		if !s.h.app.call.open(c) {
			t.Fatal("case B not opened")
		}
	}
	// renameA is crmd's version of the customer taken over the desk's
	// (a sync conflict resolved "take theirs"): the same case, another
	// name on it.
	renameA := func(t *testing.T, s setup) {
		err := s.h.app.sess.Update(context.Background(), func(c *cases.Case) ([]cases.Event, error) {
			c.Customer.Name = javier
			return nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		pick   func(*testing.T, *harness) func() *templatePreview
		change func(*testing.T, setup)
		insert bool // Insert, else Copy
	}{
		{"screen, call B opened, copy", pickOnScreen, openB, false},
		{"screen, call B opened, insert", pickOnScreen, openB, true},
		{"screen, customer changed, copy", pickOnScreen, renameA, false},
		{"screen, customer changed, insert", pickOnScreen, renameA, true},
		{"palette, call B opened, insert", pickInPalette, openB, true},
		{"palette, customer changed, copy", pickInPalette, renameA, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: "es", cases.KeyCallLang: "es"})
			sB := h.startCall("4417005678", "aumento fact")
			caseB := sB.cur().ID
			sB.onNewCall()
			h.startCall("4417001234", "aumento fact")
			prev := tc.pick(t, h)
			if p := prev(); p.tpl == nil || !strings.Contains(p.r.Display(), lucia) || !p.ready() {
				t.Fatalf("call A's preview: %v %q", p.tpl, p.r.Display())
			}
			h.app.fy.Clipboard().SetContent("")
			tc.change(t, setup{h: h, caseB: caseB, preview: prev})

			p := prev()
			tap := p.copyBtn
			if tc.insert {
				tap = p.insert
			}
			test.Tap(tap)
			cur := h.app.call.cur()
			got, err := h.db.GetCase(context.Background(), cur.ID)
			if err != nil {
				t.Fatal(err)
			}
			if clip := h.app.fy.Clipboard().Content(); strings.Contains(clip, lucia) || strings.Contains(got.Notes, lucia) {
				t.Fatalf("%s's name reached %s's case: clipboard %q, notes %q", lucia, cur.Customer.Name, clip, got.Notes)
			}
			if p.status.Text != h.app.t.S("templates.case_changed") {
				t.Errorf("the preview says %q", p.status.Text)
			}
			if !strings.Contains(p.r.Display(), javier) {
				t.Errorf("the preview was not drawn again for %s: %q", javier, p.r.Display())
			}
			// Drawn again and seen: the next tap uses it.
			test.Tap(tap)
			got, _ = h.db.GetCase(context.Background(), cur.ID)
			if out := h.app.fy.Clipboard().Content() + got.Notes; !strings.Contains(out, javier) {
				t.Errorf("the second tap used nothing: clipboard and notes %q", out)
			}
		})
	}
}

// The agent goes to the call screen, starts call B and comes back: the
// screen shows B's customer and Copy gives B's name.
func TestTemplateScreenFollowsTheNextCall(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: "es", cases.KeyCallLang: "es"})
	s := h.startCall("4417001234", "aumento fact")
	h.app.show("templates")
	ts := h.app.templatesScreen()
	ts.search.SetText("devolucion de llamada")
	i := slices.IndexFunc(ts.hits, func(tp *playbook.Template) bool { return tp.ID == "opening.callback" })
	if i < 0 {
		t.Fatalf("no opening.callback in %v", ts.hits)
	}
	ts.list.Select(i)
	h.app.show("call")
	s.onNewCall()
	h.startCall("4417005678", "aumento fact")
	h.app.show("templates")
	test.Tap(ts.preview.copyBtn)
	if clip := h.app.fy.Clipboard().Content(); !strings.Contains(clip, "Javier Morales Ruiz") || strings.Contains(clip, "Lucía") {
		t.Errorf("clipboard = %q", clip)
	}
}

// A value typed in the preview's form for call A and applied after call B
// came on screen under it is not stored on B's case: it was said by, or
// worked out for, another customer.
func TestTemplatePreviewApplyLeavesAnotherCaseAlone(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: "es", cases.KeyCallLang: "es"})
	sB := h.startCall("4417005678", "aumento fact")
	caseB := sB.cur().ID
	sB.onNewCall()
	h.startCall("4417001234", "aumento fact")
	h.app.show("templates")
	ts := h.app.templatesScreen()
	ts.search.SetText("caro")
	if ts.preview.tpl == nil || ts.preview.tpl.ID != "objection.too_expensive" || ts.preview.entries["new_plan"] == nil {
		t.Fatalf("preview on %v with %v", ts.preview.tpl, ts.preview.entries)
	}
	test.Type(ts.preview.entries["new_plan"], "Fibra 300")
	c, err := h.db.GetCase(context.Background(), caseB)
	if err != nil {
		t.Fatal(err)
	}
	if !h.app.call.open(c) {
		t.Fatal("case B not opened")
	}
	test.Tap(ts.preview.apply)
	got, err := h.db.GetCase(context.Background(), caseB)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Values["new_plan"] + h.app.call.cur().Values["new_plan"]; v != "" {
		t.Fatalf("call A's value reached case B: %q", v)
	}
	if ts.preview.status.Text != h.app.t.S("templates.values.case_changed") {
		t.Errorf("the preview says %q", ts.preview.status.Text)
	}
	if e := ts.preview.entries["new_plan"]; e == nil || e.Text != "" {
		t.Errorf("case B's form shows call A's draft: %v", e)
	}
}

// The suggestions card was drawn before the company's name was changed in
// the settings; back on the call screen, its Insert puts the name in
// force into the notes, not the one it was drawn with.
func TestTemplateSuggestionInsertsWhatIsInForce(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyCallLang: "en"})
	tr := h.app.t
	s := h.startCallIn("4417001234", "bill incr", locales.EN)
	h.mustHave(tr.S("templates.suggested.title"))
	h.app.show("settings")
	st := h.settings()
	st.company.SetText("Telco Sur")
	test.Tap(st.save)
	if h.app.ws.Company != "Telco Sur" {
		t.Fatalf("company %q", h.app.ws.Company)
	}
	h.app.show("call")
	h.tap(tr.S("templates.suggested.insert"))
	notes := s.cur().Notes
	if strings.Contains(notes, "Telco Norte") {
		t.Fatalf("the suggestion drawn before the save was inserted: %q", notes)
	}
	if notes == "" {
		// Refused and drawn again: the next tap inserts what is in force.
		h.tap(tr.S("templates.suggested.insert"))
		if notes = s.cur().Notes; !strings.Contains(notes, "Telco Sur") {
			t.Errorf("notes = %q", notes)
		}
	}
}
