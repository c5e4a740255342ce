package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
)

// A "customer since" after today is a typo (2062 for 2026), and the call
// started with it: its scripts and summary then said "New customer (since
// 12/31/2030)". It is refused, as a date that is no date is, and the
// call does not start.
func TestStartRefusesACustomerSinceAfterToday(t *testing.T) {
	for _, lang := range []locales.Lang{locales.EN, locales.ES} {
		h := newHarness(t, lang, true, map[string]string{cases.KeyAgent: "Ana"})
		tr := h.app.t
		h.app.show("call")
		test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), "ACC-NUEVA-77")
		since := locales.FormatDate(lang, fixedNow.AddDate(0, 0, 1))
		test.Type(h.entryWithPlaceholder(tr.S("call.start.since_placeholder")), since)
		q := h.entryWithPlaceholder(tr.S("call.start.type_placeholder"))
		test.Type(q, "bill incr")
		q.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		h.tap(tr.S("call.start.button"))
		if h.app.call.cur() != nil {
			t.Fatalf("%s: the call started with a customer since %s", lang, since)
		}
		h.mustHave(tr.S("call.start.future_since"))
	}
}
