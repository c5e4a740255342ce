package app

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
	"agentdesk/postgres"
)

// startCRMOn is crmd in-process on store, with the crmtest users.
func startCRMOn(t *testing.T, store crm.Store) *crmEnv {
	t.Helper()
	crmtest.SeedUsers(t, store)
	srv := crmtest.Start(t, store)
	return &crmEnv{t: t, store: store, srv: srv, api: crmtest.NewAPI(t, srv.URL)}
}

// An escalation from one desk to another, through crmd, on each store
// crmd runs on: the agent escalates a credit above their authority while
// crmd is down; crmd comes back; the supervisor's desk (in Spanish) finds
// it in the queue, reads it, prints it, moves it on with a comment and
// approves the credit; the agent's desk shows all three.
func TestEscalationDeskToDesk(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { escalationDeskToDesk(t, startCRM(t)) })
	t.Run("postgres", func(t *testing.T) {
		db, err := postgres.Open(context.Background(), crmtest.PostgresDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		escalationDeskToDesk(t, startCRMOn(t, db))
	})
}

func escalationDeskToDesk(t *testing.T, env *crmEnv) {
	agent := newDesk(t, locales.EN, env.srv.URL, "ana", cases.RoleAgent, "ana")
	ta := agent.app.t
	agent.waitFor("the agent online", func() bool { return agent.barHas(ta.D("sync.state.online", map[string]any{"User": "ana"})) })

	// crmd goes down; the call goes on.
	env.srv.Stop()
	s := agent.startCall("4417001234", "bill incr")
	agent.toExploration()
	ct := agent.app.pb.CallType("bill_increase")
	var checks []string
	for _, ch := range ct.Checks[:2] {
		test.Tap(s.checkBox[ch.ID])
		checks = append(checks, agent.app.pb.Say(locales.ES, ch.Text)) // the supervisor prints in Spanish
	}
	s.onNotes("Customer saw the promotion end without notice; asked for a credit for two months.")
	s.flushNotes()
	s.onAction("credit", "80.00", "promotion ended without notice")
	if a := s.cur().Actions; len(a) != 1 || !a[0].Pending {
		t.Fatalf("the credit is not above authority: %+v", a)
	}
	if !s.escalate([]string{"complex_dispute"}, "", "Credit above an agent's authority", cases.DisputePending) {
		t.Fatal("escalation refused")
	}
	id, ticket := s.cur().ID, s.cur().Escalation.Ticket
	agent.waitFor("the escalation waiting, offline", func() bool {
		p, _, _ := agent.stats()
		return p > 0 && agent.barHas(ta.S("sync.state.offline"))
	})

	env.restart()
	agent.synced()

	// The supervisor's desk, in Spanish.
	sup := newDesk(t, locales.ES, env.srv.URL, "sup", cases.RoleSupervisor, "sup")
	ts := sup.app.t
	sup.app.show("team")
	team := sup.app.teamScreen()
	sup.waitFor("the escalation in the queue", func() bool {
		return len(team.rows) == 1 && team.rows[0].CaseID == id && team.rows[0].Undecided == 1
	})
	sup.mustHave(ticket)
	team.list.Select(0)
	sup.mustHave("Customer saw the promotion end without notice; asked for a credit for two months.")
	sup.mustHave(ts.S("team.review.no_history"))

	// Printed from the desk's copy: the ticket, the agent's checks, the notes.
	printed := make(chan string, 1)
	team.printer.done = func(path string, err error) {
		if err != nil {
			t.Error(err)
		}
		printed <- path
	}
	test.Tap(findButton(sup.app.Window().Content(), ts.S("team.print.one")))
	var path string
	sup.waitFor("the PDF", func() bool {
		select {
		case path = <-printed:
			return true
		default:
			return false
		}
	})
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range append([]string{ticket, "Customer saw the promotion end without notice"}, checks...) {
			if !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
				t.Errorf("the PDF lacks %q:\n%s", want, out)
			}
		}
	}

	// In progress with a comment, through the review's own controls.
	sup.selectWithPlaceholder(ts.S("team.move.pick")).SetSelected(ts.S("team.state.in_progress"))
	test.Type(sup.entryWithPlaceholder(ts.S("team.move.comment")), "Calling the billing team today.")
	sup.tap(ts.S("team.move.apply"))
	test.Type(sup.entryWithPlaceholder(ts.S("team.decide.comment")), "Two months, as promised.")
	sup.tap(ts.S("team.decide.approve"))
	sup.waitFor("the supervisor's actions on crmd", func() bool {
		p, a, c := sup.stats()
		return p == 0 && a == 0 && c == 0
	})
	sc, err := env.store.GetCase(context.Background(), id)
	if err != nil || sc.Case.Escalation.Status != cases.EscInProgress || sc.Case.Actions[0].Decision == nil ||
		!sc.Case.Actions[0].Decision.Approved || sc.Case.Actions[0].Decision.By != "sup" {
		t.Fatalf("crmd has %+v %+v %v", sc.Case.Escalation, sc.Case.Actions, err)
	}

	// The agent's desk: the state, the comment and the approval, on the
	// call screen and in the case.
	credit := agent.app.pb.Say(locales.EN, agent.app.pb.Action("credit").Title)
	want := []string{
		ta.D("call.notice.text", map[string]any{"Ticket": ticket, "Customer": s.cur().Customer.Name, "Status": ta.S("sync.esc.in_progress")}),
		ta.D("call.notice.comment", map[string]any{"Comment": "Calling the billing team today."}),
		ta.D("cases.decision.approved", map[string]any{"Action": credit, "By": "sup"}) + " — Two months, as promised.",
	}
	agent.waitFor("the back office's word on the agent's desk", func() bool {
		for _, w := range want {
			if !agent.has(w) {
				return false
			}
		}
		return true
	})
	got, err := agent.db.GetCase(context.Background(), id)
	if err != nil || got.Escalation.Status != cases.EscInProgress || len(got.Escalation.History) != 1 ||
		got.Actions[0].Decision == nil || !got.Actions[0].Decision.Approved {
		t.Fatalf("the agent's case: %+v %+v %v", got.Escalation, got.Actions, err)
	}
	agent.noMissingKeys()
	sup.noMissingKeys()
}
