package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
)

// Past the bounds that keep a case one crmd takes (cases.MaxValues and
// the rest), the agent is told why in their own language, with the
// figure, where they add the value, the action or the result; what the
// case holds stays as it was.
func TestCaseBoundsRefusedInWords(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, lang, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte"})
			tr := h.app.t
			s := h.startCall("4417001234", map[locales.Lang]string{locales.ES: "aumento", locales.EN: "bill increase"}[lang])
			ctx := context.Background()
			refused := func(what, key string, bound int) {
				t.Helper()
				got := strings.Join(strings.Fields(strings.Join(h.overlayTexts(), " ")), " ")
				want := tr.D(key, caseBounds(tr))
				if strings.HasPrefix(want, "!") || !strings.Contains(got, want) || !strings.Contains(want, calculators.FormatNumber(float64(bound), 0, lang)) {
					t.Fatalf("%s: the refusal says %q, want %q with %d", what, got, want, bound)
				}
				h.app.Window().Canvas().Overlays().Top().Hide()
			}

			s.onValue("promo_name", "text", strings.Repeat("a", cases.MaxValueChars+1))
			refused("a long value", "call.invalid.value_long", cases.MaxValueChars)
			s.onAction("charge_explained", "", strings.Repeat("a", cases.MaxActionNote+1))
			refused("a long reason", "call.invalid.action_note", cases.MaxActionNote)

			if err := h.app.sess.Update(ctx, func(c *cases.Case) ([]cases.Event, error) {
				c.Values = map[string]string{}
				for i := range cases.MaxValues {
					c.Values[fmt.Sprintf("v%d", i)] = "1"
				}
				for range cases.MaxActions {
					c.Actions = append(c.Actions, cases.Action{ID: "charge_explained", At: fixedNow})
				}
				for range 100 {
					calc := cases.Calculation{Calculator: "roi", Summary: strings.Repeat("s", 500), At: fixedNow}
					if _, err := c.AddCalculation(calc, fixedNow); err != nil {
						break
					}
				}
				return []cases.Event{{Kind: cases.EventValue}}, nil
			}); err != nil {
				t.Fatal(err)
			}
			s.onValue("promo_name", "text", "Verano")
			refused("one value too many", "call.invalid.values_full", cases.MaxValues)
			s.onAction("charge_explained", "", "")
			refused("one action too many", "call.invalid.actions_full", cases.MaxActions)

			c := h.calc("commission")
			h.typeIn(c, "sales", "1000")
			h.typeIn(c, "rate", "5 %")
			h.tap(tr.S("calcui.use_button"))
			if want := tr.D("call.invalid.calcs_full", caseBounds(tr)); strings.HasPrefix(want, "!") || c.useStatus.Text != want {
				t.Errorf("a result with no room left: %q, want %q", c.useStatus.Text, want)
			}
			stored, _ := h.db.GetCase(ctx, s.cur().ID)
			if len(stored.Values) != cases.MaxValues || len(stored.Actions) != cases.MaxActions || stored.Values["promo_name"] != "" {
				t.Errorf("stored %d values, %d actions", len(stored.Values), len(stored.Actions))
			}
			h.noMissingKeys()
		})
	}
}

// Values applied from the templates screen (or the palette, the same
// preview) past a case's bounds are refused in the call screen's words,
// with the figure, not as a generic invalid value; nothing is stored.
func TestTemplateValuesPastTheBoundsRefusedInWords(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, lang, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: string(lang), cases.KeyCallLang: string(lang)})
			tr := h.app.t
			s := h.startCall("4417001234", map[locales.Lang]string{locales.ES: "aumento", locales.EN: "bill increase"}[lang])
			h.app.show("templates")
			ts := h.app.templatesScreen()
			ts.search.SetText(map[locales.Lang]string{locales.ES: "caro", locales.EN: "expensive"}[lang])
			if ts.preview.tpl == nil || ts.preview.entries["new_plan"] == nil {
				t.Fatalf("preview on %v with %v", ts.preview.tpl, ts.preview.entries)
			}
			ts.preview.entries["new_plan"].SetText(strings.Repeat("a", cases.MaxValueChars+1))
			test.Tap(ts.preview.apply)
			if want := tr.D("call.invalid.value_long", caseBounds(tr)); strings.HasPrefix(want, "!") || ts.preview.status.Text != want {
				t.Errorf("a long value: the preview says %q, want %q", ts.preview.status.Text, want)
			}
			if err := h.app.sess.Update(context.Background(), func(c *cases.Case) ([]cases.Event, error) {
				c.Values = map[string]string{}
				for i := range cases.MaxValues {
					c.Values[fmt.Sprintf("v%d", i)] = "1"
				}
				return []cases.Event{{Kind: cases.EventValue}}, nil
			}); err != nil {
				t.Fatal(err)
			}
			ts.preview.entries["new_plan"].SetText("Fibra 300")
			test.Tap(ts.preview.apply)
			if want := tr.D("call.invalid.values_full", caseBounds(tr)); strings.HasPrefix(want, "!") || ts.preview.status.Text != want {
				t.Errorf("one value too many: the preview says %q, want %q", ts.preview.status.Text, want)
			}
			if got := s.cur().Values["new_plan"]; got != "" {
				t.Errorf("stored %q", got)
			}
		})
	}
}

// The free texts of a call past their bounds (cases.MaxCustomerName, the
// plan, a skipped step's reason, the escalation's reason) are refused
// where they are typed, in the interface language with the figure; the
// form keeps what was typed, and the case what it held.
func TestCallTextsPastTheirBoundsRefusedInWords(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, lang, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: string(lang)})
			tr := h.app.t
			search := map[locales.Lang]string{locales.ES: "aumento", locales.EN: "bill increase"}[lang]
			want := func(key string, bound int) string {
				t.Helper()
				w := tr.D(key, caseBounds(tr))
				if strings.HasPrefix(w, "!") || !strings.Contains(w, calculators.FormatNumber(float64(bound), 0, lang)) {
					t.Fatalf("%s reads %q, without %d", key, w, bound)
				}
				return w
			}

			// The start form: a name and a plan too long for a case.
			h.app.show("call")
			for _, tc := range []struct {
				label, key string
				bound      int
			}{
				{tr.S("call.customer.name"), "call.invalid.name_long", cases.MaxCustomerName},
				{tr.S("call.customer.plan"), "call.invalid.plan_long", cases.MaxCustomerPlan},
			} {
				e := h.formEntry(tc.label)
				if e == nil {
					t.Fatalf("no %q on the start form", tc.label)
				}
				// A customer named, so the form has who is calling.
				h.formEntry(tr.S("call.customer.name")).SetText("Lucía Gómez")
				long := strings.Repeat("a", tc.bound+1)
				e.SetText(long)
				q := h.entryWithPlaceholder(tr.S("call.start.type_placeholder"))
				q.SetText(search)
				q.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
				h.tap(tr.S("call.start.button"))
				if h.app.call.cur() != nil {
					t.Fatalf("%s: a call started", tc.label)
				}
				h.mustHave(want(tc.key, tc.bound))
				if e := h.formEntry(tc.label); e == nil || e.Text != long {
					t.Errorf("%s: the form lost what was typed", tc.label)
				}
				h.formEntry(tc.label).SetText("")
			}

			s := h.startCall("4417001234", search)
			ctx := context.Background()

			// A step skipped with a reason too long: said in the form,
			// which stays open with the reason.
			step := s.cur().Current
			s.askReason(step)
			ov := h.app.Window().Canvas().Overlays().Top()
			var reason *widget.Entry
			walk(ov, func(o fyne.CanvasObject) {
				if e, ok := o.(*widget.Entry); ok && reason == nil {
					reason = e
				}
			})
			if reason == nil {
				t.Fatal("no reason in the skip form")
			}
			long := strings.Repeat("r", cases.MaxStepReason+1)
			reason.SetText(long)
			h.tapInDialog(tr.S("call.step.skip.button"))
			got := strings.Join(h.overlayTexts(), " ")
			if !strings.Contains(got, want("call.invalid.reason_long", cases.MaxStepReason)) {
				t.Errorf("a long skip reason: the screen says %q", got)
			}
			kept := false
			walk(h.app.Window().Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
				if e, ok := o.(*widget.Entry); ok && e.Text == long {
					kept = true
				}
			})
			if !kept {
				t.Error("the skip form lost the reason typed")
			}
			h.app.Window().Canvas().Overlays().Top().Hide()
			if stored, _ := h.db.GetCase(ctx, s.cur().ID); stored.Step(step).State != cases.StepPending {
				t.Errorf("the step was recorded %s", stored.Step(step).State)
			}

			// The escalation's reason too long: said under the form, which
			// stays open with it.
			_, _, er, checks := h.escalationForm(s)
			test.Tap(checks[0])
			long = strings.Repeat("e", cases.MaxEscalationReason+1)
			er.SetText(long)
			h.tapInDialog(tr.S("call.escalate.send"))
			got = strings.Join(h.overlayTexts(), " ")
			if !strings.Contains(got, want("call.invalid.escalation_reason_long", cases.MaxEscalationReason)) || er.Text != long {
				t.Errorf("a long escalation reason: the form says %q", got)
			}
			if stored, _ := h.db.GetCase(ctx, s.cur().ID); stored.Escalation != nil {
				t.Error("escalated")
			}
			h.noMissingKeys()
		})
	}
}
