package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// Another desk changed only the notes: the conflict dialog does not tell
// the agent that steps, checks, calculations or the customer differ, as
// crmd's own fields (when it stored the case, the role) are not compared.
func TestSyncConflictOnTheNotesOnlySaysTheRestIsTheSame(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	s := h.startCall("4417001234", "bill incr")
	h.synced()

	tok := env.token("ana")
	r := env.api.Do("GET", "/v1/cases/"+s.cur().ID, tok, nil, nil)
	crmtest.Expect(t, r, 200, "get")
	var theirs cases.Case
	r.JSON(t, &theirs)
	theirs.Version, theirs.Notes = 2, "Changed at the other desk" // the notes, nothing else
	crmtest.Expect(t, env.api.PutCase(tok, "other-desk:1", &theirs), 200, "other desk saves")

	s.onNotes("Customer asked for a callback")
	s.flushNotes()
	h.waitFor("the conflict dialog", func() bool {
		return h.overlayHas(tr.S("sync.conflict.title")) && h.overlayHas("Changed at the other desk")
	})
	all := strings.Join(h.overlayTexts(), " | ")
	if !strings.Contains(all, tr.S("sync.conflict.other_same")) || strings.Contains(all, tr.S("sync.conflict.other_differs")) {
		t.Fatalf("only the notes differ, yet the dialog says: %s", all)
	}
}

// A back-office move the desk failed to record (the disk was full) is
// handed over again at a later pull, not lost until the back office moves
// the escalation once more.
func TestSyncBackOfficeMoveSurvivesAFailedSave(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	c := h.storeCall("ana", "duplicate_charge", 2, func(c *cases.Case) {
		c.Status = cases.StatusEscalated
		c.Escalation = &cases.Escalation{Ticket: "ESC-20261123-0001", Criteria: []string{"exceeds_authority"}, Priority: "high",
			Reason: "duplicate charge", At: fixedNow, ExpectedBy: fixedNow.Add(24 * time.Hour), Status: crm.EscReceived}
	})
	h.synced()

	h.fillDisk()
	r := env.api.Do("PUT", "/v1/cases/"+c.ID+"/escalation", env.token("sup"), nil, crm.EscalationUpdate{Status: crm.EscInProgress, Note: "refund requested"})
	crmtest.Expect(t, r, 200, "back office status")
	h.pumpFor(600 * time.Millisecond) // several pulls (every 60 ms) while the disk is full
	if _, err := h.db.SQL().Exec(`DROP TRIGGER full_disk`); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second) // some eighty pulls
	for {
		h.q.run()
		l, err := h.db.GetCase(context.Background(), c.ID)
		if err == nil && l.Escalation.Status == crm.EscInProgress {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the back office's move never reached the agent's case: %+v", l.Escalation)
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// A supervisor's move crmd refused is listed as a move that was not made,
// not as "version 0" of a case kept on this computer.
func TestSyncARefusedMoveIsListedAsAMove(t *testing.T) {
	env := startCRM(t)
	esc := &cases.Case{ID: "C-A", Version: 1, Agent: "ana", Role: cases.RoleAgent, CallType: "duplicate_charge", CallLang: locales.ES,
		Status: cases.StatusEscalated, Customer: cases.Customer{Account: "4417001234", Name: "Lucía García"},
		Escalation: &cases.Escalation{Ticket: "ESC-C-A", Criteria: []string{"exceeds_authority"}, Priority: "normal", Reason: "refund", At: time.Now()}}
	crmtest.Expect(t, env.api.PutCase(env.token("ana"), "ana:C-A:1", esc), 201, "ana escalates")
	h := newDesk(t, locales.EN, env.srv.URL, "sup", cases.RoleSupervisor, "sup")
	tr := h.app.t
	var team *cases.Case
	h.waitFor("the team queue", func() bool {
		c, err := h.db.TeamCase(context.Background(), "C-A")
		team = c
		return err == nil
	})
	// A move crmd refuses for good (received to received).
	body, _ := json.Marshal(crm.EscalationUpdate{Status: cases.EscReceived, Note: "again"})
	if err := h.db.QueueTeamAction(context.Background(), cases.TeamAction{Kind: crm.OutboxMove, CaseID: "C-A", Key: "move:C-A:1:received",
		Body: body, Case: team, Owner: "sup"}); err != nil {
		t.Fatal(err)
	}
	h.app.sync.saved()
	h.waitFor("the refusal in the bar", func() bool { return h.barHas(tr.N("sync.aside_count", 1, nil)) })
	h.tap(tr.N("sync.aside_count", 1, nil))
	all := strings.Join(h.overlayTexts(), " | ")
	// The dialog's lines wrap: the item is found by its beginning.
	head := strings.TrimSpace(tr.D("sync.aside.item", map[string]any{"Case": "C-A", "Version": 0, "Reason": ""}))
	if strings.Contains(all, head) {
		t.Fatalf("the supervisor's refused move reads as a save of version 0: %s", all)
	}
	// Wrapped labels come as one text a line.
	flat := strings.Join(h.overlayTexts(), " ")
	for _, want := range []string{tr.S("sync.aside.moves_intro"), strings.TrimSpace(tr.D("sync.aside.move", map[string]any{"Case": "C-A", "Reason": ""}))} {
		if !strings.Contains(flat, want) {
			t.Errorf("the set-aside list does not say %q: %s", want, all)
		}
	}
	if strings.Contains(flat, tr.S("sync.aside.intro")) {
		t.Errorf("a refused move is said to be a save kept on this computer: %s", all)
	}
}

// A conflict recorded because crmd refused the version this one was built
// on says so, with crmd's reason, instead of saying the case was changed
// in the CRM: crmd's copy may be this desk's own earlier version.
func TestSyncConflictAfterARefusalSaysWhy(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newSyncHarness(t, l, "http://127.0.0.1:9", "")
			tr := h.app.t
			if _, err := h.db.SQL().Exec(`INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at, dead, last_error, owner)
				VALUES ('case', 'C-1', 2, 'case:C-1:v2', '{}', '2026-11-23T11:30:00Z', 1, 'invalid', 'ana')`); err != nil {
				t.Fatal(err)
			}
			mine := &cases.Case{ID: "C-1", Version: 3, Status: cases.StatusOpen, Customer: cases.Customer{Account: "ACC-1", Name: "Lucía García"}, Notes: "mine", UpdatedAt: fixedNow}
			theirs := *mine
			theirs.Version, theirs.Notes = 1, "before"
			// Wrapped labels come as one text a line: compared without spaces.
			squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
			view := func(local int) string {
				cc := desksync.CaseConflict{Conflict: crm.Conflict{CaseID: "C-1", LocalVersion: local, ServerVersion: 1}, Mine: mine, Theirs: &theirs}
				return squeeze(strings.Join(texts(h.app.sync.conflictView(cc, 1, 1, func(bool) {}, func() {})), " "))
			}
			refused := squeeze(tr.D("sync.conflict.intro_refused", map[string]any{"Case": "C-1", "Customer": "Lucía García", "Version": 2, "Reason": tr.S("crm.error.invalid")}))
			changed := squeeze(tr.D("sync.conflict.intro", map[string]any{"Case": "C-1", "Customer": "Lucía García"}))
			if got := view(3); !strings.Contains(got, refused) || strings.Contains(got, changed) || strings.Contains(got, "!") {
				t.Errorf("built on refused version 2: %s", got)
			}
			if got := view(4); strings.Contains(got, refused) || !strings.Contains(got, changed) {
				t.Errorf("version 4, not built on the refused 2: %s", got)
			}
		})
	}
}

// On a desk two agents share, the set-aside list and its count in the bar
// are the login's own (and those of saves no login owns), as conflicts
// are: ana is not shown ben's refused save, and still is her own.
func TestSyncSetAsideIsTheLogins(t *testing.T) {
	env := startCRM(t)
	h := newSyncHarness(t, locales.EN, env.srv.URL, "ana")
	tr := h.app.t
	h.waitFor("the login", func() bool { return h.app.sync.s.Status().LoggedIn })
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if _, err := h.db.SQL().Exec(`INSERT INTO outbox (kind, ref, version, idempotency_key, body, created_at, dead, last_error, owner) VALUES
		('case', 'C-ANA', 1, 'case:C-ANA:v1', '{}', ?, 1, 'too_large', 'ana'),
		('case', 'C-BEN', 1, 'case:C-BEN:v1', '{}', ?, 1, 'too_large', 'ben')`, now, now); err != nil {
		t.Fatal(err)
	}
	h.app.sync.saved()
	h.waitFor("ana's refusal in the bar", func() bool { return h.barHas(tr.N("sync.aside_count", 1, nil)) })
	h.tap(tr.N("sync.aside_count", 1, nil))
	flat := strings.Join(h.overlayTexts(), " ")
	item := func(id string) string {
		return strings.TrimSpace(tr.D("sync.aside.item", map[string]any{"Case": id, "Version": 1, "Reason": ""}))
	}
	if !strings.Contains(flat, item("C-ANA")) || strings.Contains(flat, "C-BEN") {
		t.Errorf("ana's set-aside list: %s", flat)
	}
}
