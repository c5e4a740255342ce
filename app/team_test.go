package app

import (
	"context"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// teamCase is an agent's escalated case as crmd sends it to a supervisor:
// received at received, due hours later by the escalation policy.
func teamCase(id, agent, customer, priority string, received time.Time, hours int, amount int64) *cases.Case {
	c := &cases.Case{ID: id, Version: 3, Agent: agent, Role: cases.RoleAgent, CallType: "duplicate_charge", CallLang: locales.ES,
		Status: cases.StatusEscalated, Reason: "financial.duplicate_charge", CreatedAt: received, UpdatedAt: received,
		Customer: cases.Customer{Account: "4417009012", Name: customer, Plan: "Internet 300", Currency: "USD"},
		Steps: []cases.StepProgress{{Step: "introduction", State: cases.StepDone}, {Step: "authentication", State: cases.StepDone},
			{Step: "exploration", State: cases.StepDone}},
		Auth:   cases.Auth{Method: "pin", At: received},
		Checks: []cases.Check{{ID: "duplicate_charge.channels", At: received}},
		Notes:  "La clienta ve dos cargos iguales del 3 de noviembre.",
	}
	if amount > 0 {
		c.Actions = []cases.Action{{ID: "adjustment", Amount: amount, Reason: "cargo duplicado", At: received, Role: cases.RoleAgent, Limit: 5000, Pending: true}}
	}
	c.Escalation = &cases.Escalation{Ticket: "ESC-" + id, Criteria: []string{"exceeds_authority"}, Priority: priority, Reason: "Reembolso por encima de la autoridad",
		At: received, ExpectedBy: received.Add(time.Duration(hours) * time.Hour), Status: cases.EscReceived,
		ReceivedAt: received, DueAt: received.Add(time.Duration(hours) * time.Hour)}
	return c
}

func newTeamHarness(t *testing.T, lang locales.Lang) (*harness, *teamScreen) {
	t.Helper()
	h := newHarness(t, lang, false, map[string]string{cases.KeyAgent: "sup", cases.KeyRole: "supervisor", cases.KeyUILang: string(lang),
		cases.KeyCompany: "Telco Norte"})
	list := []*cases.Case{
		teamCase("C-LATE", "ana", "Margaret O'Neill", "high", fixedNow.Add(-30*time.Hour), 24, 18900),
		teamCase("C-SOON", "ben", "Rosa Márquez", "high", fixedNow.Add(-23*time.Hour), 24, 0),
		teamCase("C-LATER", "ana", "Jorge Ruiz", "normal", fixedNow.Add(-time.Hour), 48, 0),
	}
	if err := h.db.PutTeamCases(context.Background(), list, fixedNow); err != nil {
		t.Fatal(err)
	}
	h.app.show("team")
	ts := h.app.teamScreen()
	if ts == nil || ts.list == nil {
		t.Fatal("no team area for a supervisor")
	}
	return h, ts
}

// The queue: every agent's escalations, the earliest due first, with the
// SLA clock (an overdue one stands out), counts per state, and filters.
func TestTeamQueue(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h, ts := newTeamHarness(t, l)
			tr := h.app.t
			if len(ts.rows) != 3 || ts.rows[0].CaseID != "C-LATE" || ts.rows[2].CaseID != "C-LATER" {
				t.Fatalf("rows %+v", ts.rows)
			}
			overdue := tr.D("team.sla.overdue", map[string]any{"For": tr.N("team.span.hours", 6, nil)})
			h.mustHave(overdue)
			h.mustHave(tr.D("team.sla.due_in", map[string]any{"In": tr.N("team.span.hours", 1, nil)}))
			h.mustHave(tr.N("team.row.undecided", 1, nil))
			h.mustHave(tr.S("team.state.received") + ": 3")
			h.mustHave("••••••9012")
			h.mustNotHave("4417009012")

			ts.filter.Priority = "normal"
			ts.reload()
			if len(ts.rows) != 1 || ts.rows[0].CaseID != "C-LATER" {
				t.Errorf("priority filter: %+v", ts.rows)
			}
			ts.filter.Priority, ts.filter.Agent = "", "ben"
			ts.reload()
			if len(ts.rows) != 1 || ts.rows[0].CaseID != "C-SOON" {
				t.Errorf("agent filter: %+v", ts.rows)
			}
			ts.filter.Agent, ts.filter.OlderThan = "", 24*time.Hour
			ts.reload()
			if len(ts.rows) != 1 || ts.rows[0].CaseID != "C-LATE" {
				t.Errorf("age filter: %+v", ts.rows)
			}
			h.noMissingKeys()
		})
	}
}

// Review and act: the whole case read-only, a move with a comment and a
// decision on the amount above authority, recorded here at once and
// waiting in the outbox for crmd.
func TestTeamReviewAndAct(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	tr := h.app.t
	// A calculation used on the call in Spanish: the summary as said, its
	// figures in the supervisor's language.
	late := teamCase("C-LATE", "ana", "Margaret O'Neill", "high", fixedNow.Add(-30*time.Hour), 24, 18900)
	// Values as the call stored them: shown the way English writes them.
	late.Values = map[string]string{"past_due": "6950", "payment_date": "2026-10-31"}
	late.Calcs = []cases.Calculation{{Calculator: "proration", Summary: "Se le cobrarán 12.345,67 US$.", At: fixedNow,
		Lines: []calculators.Figure{{Key: "calc.line.net_charge", Kind: calculators.KindMoney, Minor: 1234567, Currency: "USD"}}}}
	if err := h.db.PutTeamCases(context.Background(), []*cases.Case{late}, fixedNow); err != nil {
		t.Fatal(err)
	}
	ts.reload()
	ts.list.Select(0)
	h.mustHave("Margaret O'Neill  ·  ESC-C-LATE")
	h.mustHave("La clienta ve dos cargos iguales del 3 de noviembre.")
	h.mustHave("• Se le cobrarán 12.345,67 US$.")
	h.mustHave(tr.S("calc.line.net_charge") + ": $12,345.67")
	h.mustHave("$69.50")
	h.mustHave(locales.FormatDate(locales.EN, time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)))
	h.mustNotHave("6950")
	h.mustHave(tr.S("team.review.no_history"))
	h.mustHave(tr.S("team.decide.title"))

	// Resolving needs a resolution.
	ts.onMove("C-LATE", cases.EscResolved, "done", "")
	top := h.app.Window().Canvas().Overlays().Top()
	if top == nil || !strings.Contains(strings.Join(texts(top), " "), tr.S("team.invalid.resolution")) {
		t.Fatalf("no word on the missing resolution: %v", top)
	}
	top.Hide()
	// ... and the amount above authority decided first.
	ts.onMove("C-LATE", cases.EscResolved, "done", "Refund issued")
	top = h.app.Window().Canvas().Overlays().Top()
	if top == nil || !strings.Contains(strings.Join(texts(top), " "), tr.S("team.invalid.undecided")) {
		t.Fatalf("no word on the amount still undecided: %v", top)
	}
	top.Hide()

	ts.onMove("C-LATE", cases.EscInProgress, "Calling the bank", "")
	c, _ := h.db.TeamCase(context.Background(), "C-LATE")
	if c.Escalation.Status != cases.EscInProgress || len(c.Escalation.History) != 1 || c.Escalation.History[0].By != "sup" {
		t.Fatalf("after the move: %+v", c.Escalation)
	}
	h.mustHave(tr.S("team.row.pending"))
	test.Tap(findButton(h.app.Window().Content(), tr.S("team.decide.approve")))
	c, _ = h.db.TeamCase(context.Background(), "C-LATE")
	if c.Actions[0].Decision == nil || !c.Actions[0].Decision.Approved || c.Actions[0].Decision.By != "sup" {
		t.Fatalf("after the approval: %+v", c.Actions[0])
	}
	// Both wait in the outbox, in the order made (the decision goes out
	// once the move has).
	var kinds []string
	rows, err := h.db.SQL().QueryContext(context.Background(), `SELECT kind FROM outbox WHERE dead = 0 ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		kinds = append(kinds, k)
	}
	rows.Close()
	if len(kinds) != 2 || kinds[0] != crm.OutboxMove || kinds[1] != crm.OutboxDecision {
		t.Fatalf("outbox %v", kinds)
	}
	if due, _ := h.db.DueOutbox(context.Background(), "sup", time.Now().Add(time.Hour), 10); len(due) != 1 || due[0].Kind != crm.OutboxMove {
		t.Fatalf("due %+v", due)
	}
	h.mustHave(tr.D("team.review.approved_by", map[string]any{"By": "sup", "When": locales.FormatDateTime(locales.EN, fixedNow.Local())}))
	h.noMissingKeys()
}

// A refresh from crmd every few seconds must not wipe what the supervisor
// is typing in the review: the review is rebuilt only when the case under
// review changed, and its SLA clock still moves.
func TestTeamRefreshKeepsTheReview(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	tr := h.app.t
	ts.list.Select(0) // C-LATE
	var comment *widget.Entry
	walk(ts.review, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == tr.S("team.move.comment") {
			comment = e
		}
	})
	if comment == nil {
		t.Fatal("no comment field in the review")
	}
	test.Type(comment, "Called the bank, waiting for")
	overdue := func(hours int) string {
		return tr.D("team.sla.overdue", map[string]any{"For": tr.N("team.span.hours", hours, nil)})
	}
	h.mustHave(overdue(6))

	// A refresh that changes another case, two hours later.
	h.app.deps.Now = func() time.Time { return fixedNow.Add(2 * time.Hour) }
	other := teamCase("C-SOON", "ben", "Rosa Márquez", "high", fixedNow.Add(-23*time.Hour), 24, 0)
	other.Escalation.Status = cases.EscInProgress
	if err := h.db.PutTeamCases(context.Background(), []*cases.Case{other}, fixedNow); err != nil {
		t.Fatal(err)
	}
	ts.teamChanged()
	if comment.Text != "Called the bank, waiting for" || !strings.Contains(strings.Join(texts(ts.review), " "), "Called the bank") {
		t.Fatalf("the comment being typed is gone: %q", texts(ts.review))
	}
	if !slices.Contains(texts(ts.review), overdue(8)) {
		t.Errorf("the review's SLA clock stood still: %q", texts(ts.review))
	}

	// The whole screen drawn again, as a playbook published on crmd does:
	// the comment is still there.
	ts.build()
	if !slices.Contains(texts(ts.review), "Called the bank, waiting for") {
		t.Errorf("the comment being typed is gone after a redraw of the screen: %q", texts(ts.review))
	}

	// The case under review changed on crmd: the review shows it as it is.
	open := teamCase("C-LATE", "ana", "Margaret O'Neill", "high", fixedNow.Add(-30*time.Hour), 24, 18900)
	open.Escalation.Status = cases.EscInProgress
	open.Escalation.History = []cases.EscalationChange{{At: fixedNow, By: "lee", From: cases.EscReceived, To: cases.EscInProgress, Comment: "On it"}}
	if err := h.db.PutTeamCases(context.Background(), []*cases.Case{open}, fixedNow); err != nil {
		t.Fatal(err)
	}
	ts.teamChanged()
	if !strings.Contains(strings.Join(texts(ts.review), " "), "On it") {
		t.Errorf("the review does not show the move made elsewhere: %q", texts(ts.review))
	}
	if slices.Contains(texts(ts.review), "Called the bank, waiting for") {
		t.Error("a comment typed for a move from the state before came back")
	}
}

// Printing from the queue: the summary of one escalation, or a batch of
// the rows ticked, from the desk's copy.
func TestTeamPrint(t *testing.T) {
	h, ts := newTeamHarness(t, locales.ES)
	done := make(chan string, 2)
	ts.printer.done = func(path string, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- path
	}
	wait := func() string {
		select {
		case p := <-done:
			return p
		case <-time.After(20 * time.Second):
			t.Fatal("printing did not finish")
		}
		return ""
	}
	ts.printer.start([]string{"C-LATE"}, false)
	path := wait()
	if !strings.HasSuffix(path, "C-LATE-es.pdf") || len(h.openedFiles()) != 1 {
		t.Fatalf("printed %q, opened %v", path, h.openedFiles())
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"ESC-C-LATE", "Margaret O'Neill", "La clienta ve dos cargos", "Recibido"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("the summary lacks %q", want)
			}
		}
	}
	ts.picked["C-LATE"], ts.picked["C-LATER"] = true, true
	ts.printer.update()
	if got := ts.printer.targets(); len(got) != 2 {
		t.Fatalf("targets %v", got)
	}
	ts.printer.start(ts.printer.targets(), true)
	if dir := wait(); !strings.Contains(dir, "team-") {
		t.Errorf("batch went to %q", dir)
	}
}

// A supervisor's own escalated case in the team queue offers no approve
// or deny: its amounts are another supervisor's to decide, and the review
// says so instead of buttons crmd would refuse.
func TestTeamReviewOfOnesOwnCaseOffersNoDecision(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	tr := h.app.t
	own := teamCase("C-OWN", "sup", "Rosa Márquez", "high", fixedNow.Add(-time.Hour), 24, 18900)
	if err := h.db.PutTeamCases(context.Background(), []*cases.Case{own}, fixedNow); err != nil {
		t.Fatal(err)
	}
	h.app.sync.st = desksync.Status{Configured: true, LoggedIn: true, User: "sup"}
	ts.reload()
	for i, r := range ts.rows {
		if r.CaseID == "C-OWN" {
			ts.list.Select(i)
		}
	}
	h.mustHave(tr.S("team.invalid.own_case"))
	if findButton(h.app.Window().Content(), tr.S("team.decide.approve")) != nil {
		t.Error("approve offered on one's own case")
	}
}

// A refresh that changes the case under review while a print runs shows
// the case as it now is: the approve button acts on what is at its
// position now, and a review left as it was would have the supervisor
// approve an amount they never saw.
func TestTeamRefreshWhilePrintingRedrawsTheReview(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	ts.list.Select(0) // C-LATE, $189.00 to decide
	h.mustHave("$189.00")
	ts.printer.running.Store(true) // a batch is being printed
	changed := teamCase("C-LATE", "ana", "Margaret O'Neill", "high", fixedNow.Add(-30*time.Hour), 24, 95000)
	if err := h.db.PutTeamCases(context.Background(), []*cases.Case{changed}, fixedNow); err != nil {
		t.Fatal(err)
	}
	ts.teamChanged()
	ts.printer.running.Store(false)
	got := strings.Join(texts(ts.review), " ")
	if !strings.Contains(got, "$950.00") || strings.Contains(got, "$189.00") {
		t.Errorf("the review shows the amount before the refresh: %q", got)
	}
}

// crmd refuses a move's comment or resolution, or a decision's comment,
// longer than 4,000 bytes, for good. The desk refuses it when it is
// typed: taken here, the queue would show the move as made, waiting, and
// crmd would never record it.
func TestTeamRefusesATextCrmdRefuses(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	tr := h.app.t
	long := strings.Repeat("Llamé al banco; sin respuesta aún. ", 120) // > 4,000 bytes
	said := func() {
		t.Helper()
		top := h.app.Window().Canvas().Overlays().Top()
		if top == nil || !strings.Contains(strings.Join(texts(top), " "), tr.S("team.invalid.too_long")) {
			t.Fatalf("no word on the text too long: %v", top)
		}
		top.Hide()
	}
	ts.onMove("C-LATE", cases.EscInProgress, long, "")
	said()
	ts.onDecide("C-LATE", 0, true, long)
	said()
	ts.onMove("C-SOON", cases.EscResolved, "", long)
	said()
	var n int
	if err := h.db.SQL().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM outbox`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d actions wait for crmd (%v)", n, err)
	}
	if c, _ := h.db.TeamCase(context.Background(), "C-LATE"); c.Escalation.Status != cases.EscReceived || c.Actions[0].Decision != nil {
		t.Errorf("recorded anyway: %+v", c.Escalation)
	}
	// At the limit, it goes.
	ts.onMove("C-LATE", cases.EscInProgress, strings.Repeat("x", 4000), "")
	if c, _ := h.db.TeamCase(context.Background(), "C-LATE"); c.Escalation.Status != cases.EscInProgress {
		t.Errorf("a comment crmd takes was refused: %+v", c.Escalation.Status)
	}
}

// A pack that names no currency leaves a case's amounts in the
// workstation's: the printed summary writes them as the review does,
// not as bare numbers.
func TestTeamPrintWritesAmountsInTheReviewsCurrency(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	h, ts := newTeamHarness(t, locales.EN)
	pb := *h.app.pb
	pb.Meta.Currency = ""
	h.app.pb = &pb
	h.app.ws.Currency = "MXN"
	c := teamCase("C-MXN", "ana", "Jorge Ruiz", "high", fixedNow.Add(-time.Hour), 24, 18900)
	c.Customer.Currency = ""
	if err := h.db.PutTeamCases(context.Background(), []*cases.Case{c}, fixedNow); err != nil {
		t.Fatal(err)
	}
	want := c.FormatMoney(18900, h.app.defaultCurrency(), locales.EN)
	if want == "189.00" {
		t.Fatalf("the review itself shows no currency: %q", want)
	}
	done := make(chan string, 1)
	ts.printer.done = func(path string, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- path
	}
	ts.printer.start([]string{"C-MXN"}, false)
	var path string
	select {
	case path = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("printing did not finish")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(string(out), "\u00a0", " ")
	if !strings.Contains(got, strings.ReplaceAll(want, "\u00a0", " ")) {
		t.Errorf("the summary does not write %q as the review does:\n%s", want, got)
	}
}

// A filter's choice the screen no longer offers (a pack published since
// has no such call type; no escalation of that agent is left) is no
// filter: the select says "any", and the queue must show every row it
// says, not keep filtering by what nobody can see or unpick.
func TestTeamFilterNotOfferedFiltersNothing(t *testing.T) {
	h, ts := newTeamHarness(t, locales.EN)
	tr := h.app.t
	ts.filter.CallType = "retired_call_type" // picked under the pack before
	ts.build()                               // the screen drawn again for the new pack
	if len(ts.rows) != 3 {
		t.Errorf("the call type filter shows %q yet hides rows: %d shown", tr.S("team.filter.any_call_type"), len(ts.rows))
	}
	ts.filter.Agent = "zoe" // her last escalation left the desk's copy
	ts.reload()
	if ts.agentSel.Selected != tr.S("team.filter.any_agent") || len(ts.rows) != 3 {
		t.Errorf("the agent filter shows %q and %d rows", ts.agentSel.Selected, len(ts.rows))
	}
}

// The interface language switched while a batch prints: the bar drawn in
// the new language shows the print's progress and cancel button, and a
// second print cannot start beside the first (the old bar's state was
// dropped with it, so the new one offered Print at once).
func TestTeamPrintRunningThroughALanguageSwitch(t *testing.T) {
	h, ts := newTeamHarness(t, locales.ES)
	p := ts.printer
	p.running.Store(true) // a batch is being printed, half of it done
	p.at = 0.5
	h.app.setUILang(locales.EN)
	h.app.show("team")
	ts = h.app.teamScreen()
	q := ts.printer
	if !q.running.Load() || !q.cancelB.Visible() || !q.progress.Visible() || q.progress.Value != 0.5 || !q.printB.Disabled() {
		t.Fatalf("after the switch: running %v, cancel shown %v, progress shown %v at %v, print disabled %v",
			q.running.Load(), q.cancelB.Visible(), q.progress.Visible(), q.progress.Value, q.printB.Disabled())
	}
	test.Tap(q.cancelB)
	if !p.cancel.Load() {
		t.Error("cancel did not reach the print that runs")
	}
	p.running.Store(false)
}

// heldTeam is the desk's team store with TeamCase held until released: a
// print under way.
type heldTeam struct {
	cases.TeamStore
	release chan struct{}
}

func (h heldTeam) TeamCase(ctx context.Context, id string) (*cases.Case, error) {
	<-h.release
	return h.TeamStore.TeamCase(ctx, id)
}

// The interface language switched while a batch really prints: the print
// goroutine reads its printer's screen to hand its progress and end to the
// UI thread, while the bar drawn anew is made on the UI thread; the bar is
// the same printer, and nothing of it the goroutine reads is written again
// (the race detector watches this test).
func TestTeamPrintGoroutineThroughALanguageSwitch(t *testing.T) {
	h, ts := newTeamHarness(t, locales.ES)
	var q uiQueue
	h.app.deps.Do = q.do
	release := make(chan struct{})
	h.app.deps.Team = heldTeam{TeamStore: h.app.deps.Team, release: release}
	done := make(chan error, 1)
	ts.printer.done = func(_ string, err error) { done <- err }
	ts.printer.start([]string{"C-LATE", "C-SOON"}, false)
	close(release)
	// Long enough for the print to hand its progress over, with nothing
	// that orders its reads before the redraw.
	time.Sleep(300 * time.Millisecond)
	h.app.setUILang(locales.EN)
	for {
		q.run()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}
