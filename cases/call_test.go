package cases_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func defaultPB(t *testing.T) *playbook.Playbook {
	t.Helper()
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

func newCall(t *testing.T, pb *playbook.Playbook, callType string) *cases.Case {
	t.Helper()
	c, err := cases.StartCall(pb, "ana", "agent", callType, locales.ES, cases.Customer{
		Account: "4417001234", Name: "Lucía Fernández", Since: t0.AddDate(-6, 0, 0), Balance: 8950, Monthly: 8950,
		DueDate: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC),
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStartCall(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "bill_increase")
	if len(c.Steps) != 8 || c.Current != "introduction" {
		t.Fatalf("steps %d current %s", len(c.Steps), c.Current)
	}
	if _, err := cases.StartCall(pb, "ana", "agent", "nope", locales.ES, cases.Customer{Name: "x"}, false); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("unknown call type: %v", err)
	}
	if _, err := cases.StartCall(pb, "ana", "agent", "bill_increase", locales.ES, cases.Customer{}, false); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("no customer: %v", err)
	}
	c.Move(1)
	c.Move(1)
	c.Move(-1)
	if c.Current != "acknowledgement" {
		t.Errorf("current after moves = %s", c.Current)
	}
	c.Move(-5)
	if c.Current != "acknowledgement" {
		t.Errorf("moving before the first step changed it to %s", c.Current)
	}
}

func TestSetStepRules(t *testing.T) {
	pb := defaultPB(t)
	tests := []struct {
		name     string
		callType string
		step     string
		state    cases.StepState
		reason   string
		code     string
	}{
		{"done", "bill_increase", "introduction", cases.StepDone, "", ""},
		{"skip needs a reason", "bill_increase", "expectations", cases.StepSkipped, " ", cases.EInvalid},
		{"skip with reason", "bill_increase", "expectations", cases.StepSkipped, "customer in a hurry", ""},
		{"n/a only for conditional steps", "bill_increase", "exploration", cases.StepNA, "", cases.EInvalid},
		{"auth cannot be n/a when the call type needs it", "bill_increase", "authentication", cases.StepNA, "", cases.EInvalid},
		{"auth done only through Authenticate", "bill_increase", "authentication", cases.StepDone, "", cases.EAuthRequired},
		{"unknown step", "bill_increase", "nope", cases.StepDone, "", cases.EInvalid},
		{"bad state", "bill_increase", "introduction", "maybe", "", cases.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCall(t, pb, tt.callType)
			ev, err := c.SetStep(pb, tt.step, tt.state, tt.reason, t0)
			if cases.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if err == nil && (c.Step(tt.step).State != tt.state || ev.Kind != "step" || !c.Step(tt.step).At.Equal(t0)) {
				t.Fatalf("step %+v event %+v", c.Step(tt.step), ev)
			}
		})
	}
	// A call type that needs no account details may mark authentication n/a.
	for _, ct := range pb.CallTypes {
		if !ct.RequiresAuth {
			c := newCall(t, pb, ct.ID)
			if _, err := c.SetStep(pb, "authentication", cases.StepNA, "", t0); err != nil {
				t.Errorf("%s: %v", ct.ID, err)
			}
			break
		}
	}
}

func TestAuthenticationGate(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "balance_question")
	if c.Auth.Authenticated() {
		t.Fatal("authenticated at start")
	}
	if _, err := c.Authenticate("fingerprint", t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("unknown method: %v", err)
	}
	if _, err := c.SkipAuth("", t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("skip without reason: %v", err)
	}
	if _, err := c.SkipAuth("the customer does not remember the PIN", t0); err != nil {
		t.Fatal(err)
	}
	if c.Auth.Authenticated() || c.Step("authentication").State != cases.StepSkipped {
		t.Fatal("skipping must keep the gate closed")
	}
	// Scripts that need sensitive values stay locked.
	edu := pb.CallType("balance_question").Scripts[0].Text
	vc := cases.ValueContext{Company: "Telco", Agent: "Ana", Currency: "USD", Now: t0}
	r := pb.Render(locales.ES, edu, c.Lookup(pb, locales.ES, vc), c.Auth.Authenticated())
	if !r.Locked() || strings.Contains(r.Display(), "89,50") {
		t.Fatalf("before authentication: %q", r.Display())
	}
	ev, err := c.Authenticate("pin", t0.Add(time.Minute))
	if err != nil || ev.Detail != "pin" || !c.Auth.Authenticated() {
		t.Fatalf("authenticate: %v %+v", err, c.Auth)
	}
	r = pb.Render(locales.ES, edu, c.Lookup(pb, locales.ES, vc), c.Auth.Authenticated())
	if r.Locked() {
		t.Fatalf("after authentication still locked: %q", r.Display())
	}
}

// The authority is what a role may grant on one case, all amounts
// together: an amount that fits alone but not beside what the case was
// already granted waits on an escalation. Amounts already pending do not
// use the authority up.
func TestAuthorityIsPerCase(t *testing.T) {
	pb := defaultPB(t)
	limit := pb.AuthorityMinor("agent")
	type step struct {
		amount  int64
		role    cases.Role
		pending bool
		granted int64 // ActionResult.Granted
	}
	for _, tt := range []struct {
		name  string
		steps []step
	}{
		{"three credits at the limit", []step{{limit, "agent", false, 0}, {limit, "agent", true, limit}, {limit, "agent", true, limit}}},
		{"two halves fit, a cent more does not", []step{{limit / 2, "agent", false, 0}, {limit - limit/2, "agent", false, limit / 2}, {1, "agent", true, limit}}},
		{"a pending amount uses nothing up", []step{{limit + 1, "agent", true, 0}, {limit, "agent", false, 0}}},
		{"a supervisor's limit counts what the agent granted", []step{{limit, "agent", false, 0}, {pb.AuthorityMinor("supervisor") - limit, "supervisor", false, limit}, {1, "supervisor", true, pb.AuthorityMinor("supervisor")}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newCall(t, pb, "bill_increase")
			c.Authenticate("pin", t0)
			for i, st := range tt.steps {
				res, _, err := c.AddAction(pb, "credit", st.amount, "outage", st.role, t0)
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if res.Action.Pending != st.pending || res.Action.Approved == st.pending || res.NeedsEscalation != st.pending || res.Granted != st.granted {
					t.Errorf("step %d (%d as %s): %+v, want pending %v after %d granted", i, st.amount, st.role, res, st.pending, st.granted)
				}
			}
		})
	}
}

func TestActionsAndAuthority(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "bill_increase")
	if _, _, err := c.AddAction(pb, "adjustment", 1000, "promo", "agent", t0); cases.ErrorCode(err) != cases.EAuthRequired {
		t.Fatalf("adjustment before authentication: %v", err)
	}
	c.Authenticate("pin", t0)
	for _, tt := range []struct {
		amount int64
		reason string
		code   string
	}{{0, "x", cases.EInvalid}, {-5, "x", cases.EInvalid}, {1000, " ", cases.EInvalid}} {
		if _, _, err := c.AddAction(pb, "adjustment", tt.amount, tt.reason, "agent", t0); cases.ErrorCode(err) != tt.code {
			t.Errorf("amount %d reason %q: %v", tt.amount, tt.reason, err)
		}
	}
	limit := pb.AuthorityMinor("agent")
	res, ev, err := c.AddAction(pb, "adjustment", limit, "promo expired early", "agent", t0)
	if err != nil || res.NeedsEscalation || !res.Action.Approved || ev.Kind != "action" {
		t.Fatalf("within authority: %+v %v", res, err)
	}
	res, _, err = c.AddAction(pb, "credit", limit+1, "outage compensation", "agent", t0)
	if err != nil || !res.NeedsEscalation || !res.Action.Pending {
		t.Fatalf("above authority: %+v %v", res, err)
	}
	// A supervisor's authority covers it.
	res, _, _ = c.AddAction(pb, "credit", limit+1, "outage compensation", "supervisor", t0)
	if res.NeedsEscalation {
		t.Fatal("supervisor limit not applied")
	}
	// The case cannot close while an amount waits on an escalation.
	if _, err := c.Close(pb, "billing.promo_expired", t0); cases.ErrorCode(err) != cases.EAuthority {
		t.Fatalf("close with a pending amount: %v", err)
	}
	ev, err = c.Escalate(pb, nil, "", "credit above my authority", cases.DisputePending, t0)
	if err != nil {
		t.Fatal(err)
	}
	e := c.Escalation
	if e.Ticket != cases.TicketFor(t0, c.ID) || e.Criteria[0] != cases.CriterionOverAuthority || e.Dispute != limit+1 || c.Status != cases.StatusEscalated {
		t.Fatalf("escalation %+v", e)
	}
	if p := pb.Priority(e.Priority); p == nil || !e.ExpectedBy.Equal(t0.Add(time.Duration(p.ResponseHours)*time.Hour)) {
		t.Fatalf("priority %s expected by %v", e.Priority, e.ExpectedBy)
	}
	if _, err := c.Escalate(pb, []string{"complex_dispute"}, "", "again", 0, t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Fatal("escalated twice")
	}
	if _, err := c.Close(pb, "billing.promo_expired", t0); err != nil {
		t.Fatal(err)
	}
	if c.Status != cases.StatusEscalated {
		t.Fatalf("an escalated case stays escalated after the call, got %s", c.Status)
	}
}

func TestEscalationRecordIsComplete(t *testing.T) {
	pb := defaultPB(t)
	for _, tt := range []struct {
		name     string
		criteria []string
		priority string
		reason   string
		code     string
	}{
		{"no criteria", nil, "", "r", cases.EInvalid},
		{"unknown criterion", []string{"nope"}, "", "r", cases.EInvalid},
		{"no reason", []string{"complex_dispute"}, "", "", cases.EInvalid},
		{"unknown priority", []string{"complex_dispute"}, "whenever", "r", cases.EInvalid},
		{"chosen priority", []string{"complex_dispute"}, "low", "r", ""},
		{"most urgent default", []string{"complex_dispute", "suspected_fraud"}, "", "r", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newCall(t, pb, "incorrect_charge")
			_, err := c.Escalate(pb, tt.criteria, tt.priority, tt.reason, 0, t0)
			if cases.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			want := tt.priority
			if want == "" {
				want = "urgent" // suspected fraud is urgent in the default pack
			}
			if c.Escalation.Priority != want {
				t.Errorf("priority %s, want %s", c.Escalation.Priority, want)
			}
		})
	}
}

func TestCloseAndReopen(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "charge_question")
	if _, err := c.Close(pb, "", t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Fatalf("close without reason code: %v", err)
	}
	if _, err := c.Close(pb, "made.up", t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Fatalf("unknown reason code: %v", err)
	}
	// The closing step is done by closing, with the reason code: not
	// ticked, not skipped.
	if _, err := c.SetStep(pb, "closing", cases.StepDone, "", t0); cases.ErrorCode(err) != cases.EInvalid || c.Step("closing").State != cases.StepPending {
		t.Fatalf("closing ticked done on an open case: %v", err)
	}
	if _, err := c.SetStep(pb, "closing", cases.StepSkipped, "done with the customer", t0); cases.ErrorCode(err) != cases.EInvalid || c.Step("closing").State != cases.StepPending {
		t.Fatalf("closing skipped on an open case: %v", err)
	}
	if _, err := c.Close(pb, "billing.bill_explained", t0); err != nil || c.Status != cases.StatusClosed || c.Step("closing").State != cases.StepDone {
		t.Fatalf("close: %v %s", err, c.Status)
	}
	if _, err := c.SetStep(pb, "summary", cases.StepDone, "", t0); cases.ErrorCode(err) != cases.EClosed {
		t.Fatalf("a closed case must be reopened before editing: %v", err)
	}
	// Values too: the templates palette stays open after the call.
	if err := c.SetValue("promo_name", "TV Esencial"); cases.ErrorCode(err) != cases.EClosed || c.Values["promo_name"] != "" {
		t.Fatalf("a value set on a closed case: %v %v", err, c.Values)
	}
	if _, err := c.Reopen(t0); err != nil || c.Status != cases.StatusOpen {
		t.Fatalf("reopen: %v %s", err, c.Status)
	}
	// Open again, its close is still to come.
	if sp := c.Step("closing"); sp.State != cases.StepPending || !sp.At.IsZero() || c.Reason != "" {
		t.Errorf("reopened, the closing step reads %q at %v, the reason code %q", sp.State, sp.At, c.Reason)
	}
}

func TestRetentionIsALastResort(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "cancellation_request")
	if _, err := c.OfferRetention(t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Fatal("retention offered before any option was explained")
	}
	c.SetStep(pb, "education", cases.StepDone, "", t0)
	if _, err := c.OfferRetention(t0); err != nil || !c.Retention {
		t.Fatal(err)
	}
	if !contains(c.Situations(t0), "retention") {
		t.Fatal("situations lack retention")
	}
}

func TestSituationsAndThanks(t *testing.T) {
	pb := defaultPB(t)
	old := newCall(t, pb, "bill_payment")
	if s := old.Situations(t0); !contains(s, "tenured") || contains(s, "new_customer") {
		t.Errorf("six-year customer: %v", s)
	}
	young := newCall(t, pb, "bill_payment")
	young.Customer.Since = t0.AddDate(0, -2, 0)
	if s := young.Situations(t0); !contains(s, "new_customer") {
		t.Errorf("two-month customer: %v", s)
	}
	// No date on file: neither welcomed as new nor thanked for years.
	unknown := newCall(t, pb, "bill_payment")
	unknown.Customer.Since = time.Time{}
	if s := unknown.Situations(t0); contains(s, "new_customer") || contains(s, "tenured") {
		t.Errorf("tenure unknown: %v", s)
	}
	closing := pb.Step("closing")
	tenured := pb.ScriptsFor(closing, "billing", old.Situations(t0)...)
	fresh := pb.ScriptsFor(closing, "billing", young.Situations(t0)...)
	vc := cases.ValueContext{Company: "Telco", Agent: "Ana", Currency: "USD", Now: t0}
	var sawYears bool
	for _, s := range tenured {
		if s.When == "new_customer" {
			t.Errorf("welcome script for a six-year customer")
		}
		if s.When == "tenured" {
			txt, err := pb.Render(locales.ES, s.Text, old.Lookup(pb, locales.ES, vc), true).Plain()
			sawYears = err == nil && strings.Contains(txt, "6")
		}
	}
	if !sawYears {
		t.Error("no tenure thanks naming the years")
	}
	for _, s := range fresh {
		if s.When == "tenured" {
			t.Errorf("tenure thanks for a new customer")
		}
	}
}

func TestLanguageSwitchKeepsEverything(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "bill_increase")
	c.Authenticate("pin", t0)
	c.SetValue("promo_name", "TV Esencial")
	c.Notes = "nota"
	ev, err := c.SetLang(locales.EN, t0)
	if err != nil || ev.Kind != "lang" || c.CallLang != locales.EN {
		t.Fatal(err)
	}
	if !c.Auth.Authenticated() || c.Values["promo_name"] != "TV Esencial" || c.Notes != "nota" {
		t.Fatal("switching language lost something")
	}
	vc := cases.ValueContext{Currency: "USD", Now: t0}
	if v, _ := c.Lookup(pb, locales.EN, vc)("balance"); v != "$89.50" {
		t.Errorf("en balance = %q", v)
	}
	if v, _ := c.Lookup(pb, locales.ES, vc)("balance"); !strings.HasPrefix(v, "89,50") {
		t.Errorf("es balance = %q", v)
	}
}

func TestChecks(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "bill_increase")
	id := pb.CallType("bill_increase").Checks[0].ID
	if _, err := c.ToggleCheck(pb, "nope", true, t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Fatal("unknown check accepted")
	}
	c.ToggleCheck(pb, id, true, t0)
	c.ToggleCheck(pb, id, true, t0)
	if len(c.Checks) != 1 || !c.HasCheck(id) {
		t.Fatalf("checks %v", c.Checks)
	}
	c.ToggleCheck(pb, id, false, t0)
	if c.HasCheck(id) {
		t.Fatal("check not withdrawn")
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestTenureYears(t *testing.T) {
	for _, tt := range []struct {
		since, now time.Time
		want       int
	}{
		{time.Date(2020, 11, 23, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), 6}, // leap year start
		{time.Date(2020, 11, 24, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), 5},
		{time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), 0},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), 0},
		{time.Time{}, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), 0},
	} {
		cu := cases.Customer{Since: tt.since}
		if got := cu.TenureYears(tt.now); got != tt.want {
			t.Errorf("since %s: %d, want %d", tt.since.Format("2006-01-02"), got, tt.want)
		}
	}
}

func TestCalculationsAndTemplatesJoinTheRecord(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "plan_change")
	if _, err := c.AddCalculation(cases.Calculation{Calculator: "proration"}, t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Fatal("a calculation without its result was accepted")
	}
	ev, err := c.AddCalculation(cases.Calculation{Calculator: "proration", Summary: "Cargo prorrateado de 15,00 US$."}, t0)
	if err != nil || ev.Kind != "calc" || len(c.Calcs) != 1 || !c.Calcs[0].At.Equal(t0) {
		t.Fatalf("calc: %v %+v", err, c.Calcs)
	}
	c.Notes = "primera línea"
	ev, err = c.UseTemplate("objection.too_expensive", "Entiendo su preocupación por el precio.", t0)
	if err != nil || ev.Kind != "template" || ev.Detail != "objection.too_expensive" {
		t.Fatal(err)
	}
	if c.Notes != "primera línea\nEntiendo su preocupación por el precio." {
		t.Fatalf("notes = %q", c.Notes)
	}
	if _, err := c.UseTemplate("", "x", t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Fatal("empty template id accepted")
	}
}

// A ticket is the day and six characters of the case ID's random part, so
// two desks never give two customers the same one; an ID of another shape
// lends a digest, in the same alphabet.
func TestTicketFor(t *testing.T) {
	day := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ id, want string }{
		{"C-20261123-NKTS88ABCD", "ESC-20261123-NKTS88"},
		{"C-20261123-NKTS88", "ESC-20261123-NKTS88"},
	} {
		if got := cases.TicketFor(day, tt.id); got != tt.want {
			t.Errorf("TicketFor(%s) = %s, want %s", tt.id, got, tt.want)
		}
	}
	seen := map[string]bool{}
	for range 2000 {
		tk := cases.TicketFor(day, cases.NewID(day))
		if seen[tk] {
			t.Fatalf("%s twice in 2,000 cases", tk)
		}
		seen[tk] = true
	}
	for _, id := range []string{"imported-7", "", "C-20261123-abc", "x-ÑÑÑÑÑÑ"} {
		tk := cases.TicketFor(day, id)
		if !regexp.MustCompile(`^ESC-20261123-[2-9A-HJKMNP-TV-Z]{6}$`).MatchString(tk) || tk != cases.TicketFor(day, id) {
			t.Errorf("TicketFor(%q) = %q", id, tk)
		}
	}
}

// The recap says what became of amounts above authority once a supervisor
// decided: an approved one is among what was done, a denied one is said
// apart, and only an undecided one still "needs approval".
func TestRecapAfterTheSupervisorDecides(t *testing.T) {
	pb := defaultPB(t)
	for _, tc := range []struct {
		name     string
		decision *cases.Decision
		want     []string
		not      []string
	}{
		{"undecided", nil, []string{"pendiente de la aprobación", "ajuste de un cargo de 200,00"}, []string{"Dejamos resuelto", "no pudo aprobar"}},
		{"approved", &cases.Decision{Approved: true, By: "sup", At: t0}, []string{"Dejamos resuelto", "200,00"}, []string{"pendiente de la aprobación"}},
		{"denied", &cases.Decision{Approved: false, By: "sup", At: t0}, []string{"no pudo aprobar", "200,00"}, []string{"pendiente de la aprobación", "Dejamos resuelto"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCall(t, pb, "incorrect_charge")
			if _, err := c.Authenticate("pin", t0); err != nil {
				t.Fatal(err)
			}
			res, _, err := c.AddAction(pb, "adjustment", 20000, "cargo duplicado", cases.RoleAgent, t0)
			if err != nil || !res.NeedsEscalation {
				t.Fatalf("%+v %v", res, err)
			}
			c.Actions[0].Decision = tc.decision
			recap := strings.ReplaceAll(c.Recap(pb, locales.ES, "USD", t0), "\u00a0", " ")
			for _, w := range tc.want {
				if !strings.Contains(recap, w) {
					t.Errorf("lacks %q: %s", w, recap)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(recap, n) {
					t.Errorf("says %q: %s", n, recap)
				}
			}
		})
	}
}

// An amount above authority recorded after the case was escalated for
// another reason reaches the escalation the back office works from: under
// the authority criterion and in the amount in dispute.
func TestAmountAboveAuthorityAfterTheEscalation(t *testing.T) {
	pb := defaultPB(t)
	c := newCall(t, pb, "incorrect_charge")
	if _, err := c.Authenticate("pin", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Escalate(pb, []string{"complex_dispute"}, "", "disputa compleja", 0, t0); err != nil {
		t.Fatal(err)
	}
	res, _, err := c.AddAction(pb, "adjustment", 20000, "cargo duplicado", cases.RoleAgent, t0)
	if err != nil || res.NeedsEscalation {
		t.Fatalf("%+v %v", res, err)
	}
	e := c.Escalation
	if !slices.Contains(e.Criteria, cases.CriterionOverAuthority) || e.Dispute != 20000 {
		t.Errorf("escalation %+v", e)
	}
	// Once the back office has closed it, a new amount above authority
	// would be filed where no one looks: it is refused.
	e.Status = cases.EscResolved
	if _, _, err := c.AddAction(pb, "adjustment", 30000, "otro cargo", cases.RoleAgent, t0); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("an amount above authority after the escalation closed: %v", err)
	}
	if _, _, err := c.AddAction(pb, "adjustment", 1000, "dentro del límite", cases.RoleAgent, t0); err != nil {
		t.Errorf("an amount within authority: %v", err)
	}
}

// A profile typed on the start form carries no bill: its zero amounts are
// unknown figures, not a balance of zero, so the scripts leave a gap the
// agent fills after checking instead of saying "$0.00". A real zero
// balance beside a bill on file is still said.
func TestABillNotOnFileIsNotSaidAsZero(t *testing.T) {
	pb := defaultPB(t)
	vc := cases.ValueContext{Currency: "USD", Now: t0}
	due := t0.AddDate(0, 0, 10)
	for _, tc := range []struct {
		name   string
		cu     cases.Customer
		want   string
		wantOK bool
	}{
		{"typed by hand", cases.Customer{Account: "4417001111", Name: "Ana Ruiz"}, "", false},
		{"zero balance, bill on file", cases.Customer{Account: "4417001111", Monthly: 5600, DueDate: due}, "$0.00", true},
		{"only a due date", cases.Customer{Account: "4417001111", DueDate: due}, "$0.00", true},
		{"a balance", cases.Customer{Account: "4417001111", Balance: 8950}, "$89.50", true},
	} {
		c, err := cases.StartCall(pb, "Ana", cases.RoleAgent, "balance_question", locales.EN, tc.cu, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"balance", "past_due"} {
			v, ok := c.Lookup(pb, locales.EN, vc)(name)
			if ok != tc.wantOK || ok && name == "balance" && v != tc.want {
				t.Errorf("%s: %s = %q, %v; want %q, %v", tc.name, name, v, ok, tc.want, tc.wantOK)
			}
		}
	}
}
