package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
)

// New call on a call that was not closed leaves its case open, as it
// should (the caller was cut off, the agent comes back to it); but the
// start form said nothing, and an agent who tapped it by mistake had to
// find the call again in the cases screen. The form now names the call
// left open and continues it with one tap; a call closed properly, or the
// next call started, leaves no such line.
func TestNewCallOnAnOpenCallSaysItStaysOpen(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyUILang: string(l), cases.KeyCallLang: string(l)})
			tr := h.app.t
			search := map[locales.Lang]string{locales.ES: "aumento fact", locales.EN: "bill incr"}[l]
			s := h.startCall("4417001234", search)
			id, name := s.cur().ID, caseTitle(s.cur())
			h.tap(tr.S("call.new"))
			if s.cur() != nil {
				t.Fatal("still on the call after New call")
			}
			h.mustHave(tr.D("call.left_open", map[string]any{"Name": name}))
			h.noMissingKeys()

			h.tap(tr.S("call.continue_left_open"))
			if c := s.cur(); c == nil || c.ID != id {
				t.Fatalf("the call left open was not continued: %v", c)
			}
			if st := s.cur().Status; st != cases.StatusOpen {
				t.Errorf("continued as %s, want open", st)
			}

			// Once the next call starts, the line is gone for good.
			h.tap(tr.S("call.new"))
			h.startCall("4417009012", search)
			h.mustNotHave(tr.D("call.left_open", map[string]any{"Name": name}))
			// A call closed properly is not left open.
			if !s.apply(func(c *cases.Case) (cases.Event, error) {
				return c.Close(h.app.pb, h.app.pb.ReasonCodes[0].ID, fixedNow)
			}) {
				t.Fatal("the call did not close")
			}
			h.tap(tr.S("call.new"))
			h.mustNotHave(tr.S("call.continue_left_open"))
		})
	}
}

// A customer calling back about the same matter is taken up on their
// case: the start form lists the account's calls still open at the desk,
// the agent's own (only those are theirs to continue), and continues one
// with a tap. A closed call, and another agent's, are not listed.
func TestTheStartFormListsTheAccountsOpenCases(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyCallLang: "en"})
	tr := h.app.t
	const acc = "4417005555"
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	add := func(agent string, st cases.Status, callType string, closed bool, day int) *cases.Case {
		c := &cases.Case{Agent: agent, Role: cases.RoleAgent, Status: st, CallType: callType, CallLang: locales.EN,
			Customer: cases.Customer{Account: acc, Name: "Olga Ruiz"}, CreatedAt: at.AddDate(0, 0, day), UpdatedAt: at.AddDate(0, 0, day)}
		if closed {
			c.ClosedAt = c.CreatedAt.Add(time.Hour)
		}
		if err := (&cases.Service{Store: h.db}).Import(context.Background(), c, nil); err != nil {
			t.Fatal(err)
		}
		return c
	}
	open := add("Ana", cases.StatusOpen, "bill_increase", false, 0)
	add("Ana", cases.StatusEscalated, "duplicate_charge", false, 1)
	add("Ana", cases.StatusClosed, "plan_change", true, 2)
	add("Ana", cases.StatusEscalated, "bill_payment", true, 3) // escalated, its call over
	add("Luis", cases.StatusOpen, "technical_support", false, 4)

	h.app.show("call")
	line := func(c string, day int, st cases.Status) string {
		return tr.D("call.start.open_case", map[string]any{"Date": locales.FormatDate(tr.Lang, at.AddDate(0, 0, day)),
			"Type": h.app.pb.Say(tr.Lang, h.app.pb.CallType(c).Title), "Status": tr.S("cases.status." + string(st))})
	}
	h.mustNotHave(tr.S("call.start.open_cases"))
	test.Type(h.entryWithPlaceholder(tr.S("call.start.account_placeholder")), acc)
	h.mustHave(tr.S("call.start.open_cases"))
	h.mustHave(line("bill_increase", 0, cases.StatusOpen))
	h.mustHave(line("duplicate_charge", 1, cases.StatusEscalated))
	for _, gone := range []string{line("plan_change", 2, cases.StatusClosed), line("bill_payment", 3, cases.StatusEscalated), line("technical_support", 4, cases.StatusOpen)} {
		h.mustNotHave(gone)
	}
	h.noMissingKeys()

	// The latest first: the open bill increase is the second button.
	var conts []*widget.Button
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == tr.S("call.start.continue") {
			conts = append(conts, b)
		}
	})
	if len(conts) != 2 {
		t.Fatalf("%d Continue buttons, want 2", len(conts))
	}
	test.Tap(conts[1])
	if c := h.app.call.cur(); c == nil || c.ID != open.ID {
		t.Fatalf("continued %v, want the open bill increase %s", c, open.ID)
	}
}
