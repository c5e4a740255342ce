package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// startLangRadio is the start form's call-language choice.
func (h *harness) startLangRadio() *widget.RadioGroup {
	h.t.Helper()
	var found *widget.RadioGroup
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RadioGroup); ok && found == nil {
			found = r
		}
	})
	if found == nil {
		h.t.Fatal("no call-language choice on the start form")
	}
	return found
}

// A customer on file who prefers the other language gets the call in it,
// unless the agent has already picked; the next caller starts from the
// desk's call language again.
func TestTheCallIsHeldInTheCustomersPreferredLanguage(t *testing.T) {
	settings := map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: "es", cases.KeyCallLang: "es"}
	const margaret = "4417009012" // the demo data's English-speaking customer

	t.Run("preferred", func(t *testing.T) {
		h := newHarness(t, locales.ES, true, settings)
		s := h.startCall(margaret, "aumento fact")
		if s.cur().CallLang != locales.EN {
			t.Fatalf("call language %s, want en (the customer's)", s.cur().CallLang)
		}
		h.tap(h.app.t.S("call.new"))
		if s.cur() != nil {
			t.Fatal("still on the call after New call")
		}
		if got := h.startLangRadio().Selected; got != langNames[locales.ES] {
			t.Errorf("the next form shows %q, want the desk's %q", got, langNames[locales.ES])
		}
	})

	t.Run("shown before the start", func(t *testing.T) {
		h := newHarness(t, locales.ES, true, settings)
		h.app.show("call")
		test.Type(h.entryWithPlaceholder(h.app.t.S("call.start.account_placeholder")), margaret)
		h.mustHave(h.app.t.S("call.start.found"))
		if got := h.startLangRadio().Selected; got != langNames[locales.EN] {
			t.Errorf("the form shows %q once the customer is found, want %q", got, langNames[locales.EN])
		}
	})

	t.Run("the agent's pick stays", func(t *testing.T) {
		h := newHarness(t, locales.ES, true, settings)
		h.app.show("call")
		h.startLangRadio().SetSelected(langNames[locales.ES]) // tapped again: the agent chose Spanish
		h.startLangRadio().SetSelected(langNames[locales.EN])
		h.startLangRadio().SetSelected(langNames[locales.ES])
		s := h.startCall(margaret, "aumento fact")
		if s.cur().CallLang != locales.ES {
			t.Fatalf("call language %s, want es (the agent's pick)", s.cur().CallLang)
		}
	})
}

// The call type is chosen again after the search changes: Enter picks the
// first match of what is typed now, and so does a click on the row where
// the earlier choice stood. The list kept its earlier row selected, and
// choosing that row again did nothing: "bill", Enter, then "bill incr",
// Enter, started the first call type "bill" had matched, while the list
// lit the one on top now.
func TestTheCallTypeFollowsTheSearchAsItChanges(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	tr, pb := h.app.t, h.app.pb
	first, second := pb.SearchCallTypes("bill")[0].ID, pb.SearchCallTypes("bill incr")[0].ID
	if first == second {
		t.Fatalf("both searches find %s first", first)
	}
	h.app.show("call")
	q := h.entryWithPlaceholder(tr.S("call.start.type_placeholder"))
	test.Type(q, "bill")
	q.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	s := h.app.call
	if s.startCallType != first {
		t.Fatalf("Enter on %q chose %q, want %q", q.Text, s.startCallType, first)
	}
	test.Type(q, " incr")
	q.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if s.startCallType != second {
		t.Errorf("Enter on %q chose %q, want %q", q.Text, s.startCallType, second)
	}
	h.mustHave(pb.Say(tr.Lang, pb.CallType(second).Title))
}

// The call language a customer on file prefers goes with their profile:
// once the account typed is another (a digit more, a correction), the
// form is back to the desk's call language, unless the agent picked one.
func TestTheLanguageOfAProfileDroppedGoesWithIt(t *testing.T) {
	settings := map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: "es", cases.KeyCallLang: "es"}
	const margaret = "4417009012" // the demo data's English-speaking customer
	for _, picked := range []bool{false, true} {
		h := newHarness(t, locales.ES, true, settings)
		tr := h.app.t
		h.app.show("call")
		acc := h.entryWithPlaceholder(tr.S("call.start.account_placeholder"))
		test.Type(acc, margaret)
		h.mustHave(tr.S("call.start.found"))
		if picked {
			h.startLangRadio().SetSelected(langNames[locales.ES])
			h.startLangRadio().SetSelected(langNames[locales.EN])
		}
		test.Type(acc, "5") // another caller, not on file
		want := locales.ES
		if picked {
			want = locales.EN
		}
		if got := h.startLangRadio().Selected; got != langNames[want] {
			t.Errorf("picked %v: the form shows %q, want %q", picked, got, langNames[want])
		}
		if h.app.call.startLang != want {
			t.Errorf("picked %v: the call would be held in %s, want %s", picked, h.app.call.startLang, want)
		}
	}
}
