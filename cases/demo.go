package cases

import (
	"fmt"
	"slices"
	"time"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// DemoData returns realistic customers and cases, in both languages, for
// demos, screenshots and tests. The customers are US households (the
// product bills in US dollars), Spanish- and English-speaking, with US
// addresses and phone numbers in the 555-01xx range kept for fiction. The
// cases are open, escalated and closed, spread over the last two weeks so
// lists and weekly reports have something to show.
// The call types, actions and reason codes are IDs of the default playbook
// (a test keeps them in step).
func DemoData(now time.Time, agent string) ([]*Customer, []DemoCase) {
	day := func(d int, h, m int) time.Time {
		t := now.AddDate(0, 0, -d)
		t = time.Date(t.Year(), t.Month(), t.Day(), h, m, 0, 0, now.Location())
		// Today's calls must already have happened, whatever the hour.
		if t.After(now.Add(-15 * time.Minute)) {
			t = now.Add(-time.Duration(h) * 10 * time.Minute)
		}
		return t
	}
	years := func(y int) time.Time { return now.AddDate(-y, -2, 0) }
	due := time.Date(now.Year(), now.Month(), 28, 0, 0, 0, 0, now.Location())
	if due.Before(now) {
		due = due.AddDate(0, 1, 0)
	}
	customers := []*Customer{
		{Account: "4417001234", Name: "Lucía Fernández Ortiz", Since: years(6), Plan: "Fibra 600 + TV Esencial", Services: "Internet de 600 Mbps, TV Esencial, línea de celular", Lang: locales.ES, Currency: "USD", Balance: 8950, PastDue: 0, Monthly: 8950, DueDate: due, Address: "1418 Olive Street, Apt 3B, San Antonio, TX 78208", Phone: "(210) 555-0142"},
		{Account: "4417005678", Name: "Javier Morales Ruiz", Since: now.AddDate(0, -3, 0), Plan: "Fibra 300", Services: "Internet de 300 Mbps", Lang: locales.ES, Currency: "USD", Balance: 6425, PastDue: 2100, Monthly: 4300, DueDate: due, Address: "2205 Paloma Avenue, Houston, TX 77003", Phone: "(713) 555-0187"},
		{Account: "4417009012", Name: "Margaret O'Neill", Since: years(11), VIP: true, Plan: "Total Home 1 Gig", Services: "1 Gbps internet, premium TV, two cell phone lines", Lang: locales.EN, Currency: "USD", Balance: 18900, Monthly: 18900, DueDate: due, Address: "48 Linden Avenue, Evanston, IL 60201", Phone: "(847) 555-0163"},
		{Account: "4417003456", Name: "David Chen", Since: years(2), Plan: "Internet 500 + Sports", Services: "500 Mbps internet, sports package", Lang: locales.EN, Currency: "USD", Balance: 11275, Monthly: 9800, DueDate: due, Address: "902 Harbor Street, Apt 5, Oakland, CA 94607", Phone: "(510) 555-0119"},
		{Account: "4417007890", Name: "Carmen Delgado Vega", Since: years(3), Plan: "Fibra 300 + Celular", Services: "Internet de 300 Mbps, línea de celular", Lang: locales.ES, Currency: "USD", Balance: 0, Monthly: 5600, DueDate: due, Address: "77 Mesa Verde Drive, Phoenix, AZ 85033", Phone: "(602) 555-0134"},
		{Account: "4417002468", Name: "Samuel Okafor", Since: now.AddDate(0, -1, -10), Plan: "Internet 300", Services: "300 Mbps internet", Lang: locales.EN, Currency: "USD", Balance: 4999, Monthly: 4999, DueDate: due, Address: "17 Birch Lane, Charlotte, NC 28205", Phone: "(704) 555-0171"},
	}
	for _, c := range customers {
		c.UpdatedAt = now
	}
	all := func(at time.Time, states ...StepState) []StepProgress {
		ids := []string{"introduction", "acknowledgement", "expectations", "authentication", "exploration", "education", "summary", "closing"}
		out := make([]StepProgress, len(ids))
		for i, id := range ids {
			st := StepPending
			if i < len(states) {
				st = states[i]
			}
			out[i] = StepProgress{Step: id, State: st}
			if st != StepPending {
				out[i].At = at.Add(time.Duration(i) * 50 * time.Second)
			}
		}
		return out
	}
	done8 := []StepState{StepDone, StepDone, StepDone, StepDone, StepDone, StepDone, StepDone, StepDone}
	var out []DemoCase
	add := func(c *Case, notes ...string) {
		c.Agent, c.Role = agent, "agent"
		if len(notes) > 0 {
			c.Notes = notes[0]
		}
		evs := []Event{{At: c.CreatedAt, Kind: "created", Detail: c.CallType, Actor: agent}}
		for _, s := range c.Steps {
			if s.State != StepPending {
				evs = append(evs, Event{At: s.At, Kind: "step", Detail: fmt.Sprintf("%s=%s", s.Step, s.State), Actor: agent})
			}
		}
		if c.Auth.Method != "" {
			evs = append(evs, Event{At: c.Auth.At, Kind: "auth", Detail: c.Auth.Method, Actor: agent})
		}
		for _, ch := range c.Checks {
			evs = append(evs, Event{At: ch.At, Kind: "check", Detail: ch.ID, Actor: agent})
		}
		for _, a := range c.Actions {
			evs = append(evs, Event{At: a.At, Kind: "action", Detail: actionDetail(a), Actor: agent})
		}
		if c.Escalation != nil {
			evs = append(evs, Event{At: c.Escalation.At, Kind: "escalated", Detail: escalatedDetail(c.Escalation.Ticket, c.Escalation.Priority), Actor: agent})
		}
		if c.Status == StatusClosed {
			evs = append(evs, Event{At: c.ClosedAt, Kind: "closed", Detail: c.Reason, Actor: agent})
		}
		// In the order things happened, as a call records them: gathered
		// by kind above, the authentication read after the last step.
		slices.SortStableFunc(evs, func(a, b Event) int { return a.At.Compare(b.At) })
		out = append(out, DemoCase{Case: c, Events: evs})
	}
	cu := func(i int) Customer { return *customers[i] }

	t := day(0, 9, 12)
	add(&Case{Status: StatusClosed, CallType: "bill_increase", CallLang: locales.ES, Customer: cu(0), Steps: all(t, done8...), Current: "closing",
		Auth: Auth{Method: "pin", At: t.Add(3 * time.Minute)}, Reason: "billing.promo_expired",
		Checks:    []Check{{ID: "bill_increase.compare_bills", At: t.Add(4 * time.Minute)}, {ID: "bill_increase.promo_expiry", At: t.Add(5 * time.Minute)}},
		Actions:   []Action{{ID: "charge_explained", At: t.Add(6 * time.Minute)}},
		CreatedAt: t, UpdatedAt: t.Add(9 * time.Minute), ClosedAt: t.Add(9 * time.Minute)},
		"La promoción de 12 meses del paquete de TV venció el mes pasado. Se explicó la diferencia; la clienta queda conforme.")

	t = day(0, 10, 40)
	add(&Case{Status: StatusEscalated, CallType: "duplicate_charge", CallLang: locales.EN, Customer: cu(2), Steps: all(t, done8[:6]...), Current: "summary",
		Auth:       Auth{Method: "security_question", At: t.Add(2 * time.Minute)},
		Checks:     []Check{{ID: "duplicate_charge.history", At: t.Add(4 * time.Minute)}},
		Actions:    []Action{{ID: "adjustment", Amount: 18900, Reason: "Charged twice for the November bill", At: t.Add(7 * time.Minute), Role: "agent", Limit: 5000, Pending: true}},
		Escalation: &Escalation{Ticket: TicketNumber(t, 1), Criteria: []string{"exceeds_authority"}, Priority: "high", Reason: "Refund of a duplicate charge above the agent's authority", Dispute: 18900, At: t.Add(8 * time.Minute), ExpectedBy: t.Add(8*time.Minute + 24*time.Hour), Status: EscReceived},
		CreatedAt:  t, UpdatedAt: t.Add(8 * time.Minute)},
		"VIP customer. Two identical charges of $189.00 on the same day; the second must be refunded. Customer paid with card ending 4242 (not stored).")

	t = day(1, 16, 5)
	add(&Case{Status: StatusOpen, CallType: "payment_question", CallLang: locales.ES, Customer: cu(1), Steps: all(t, StepDone, StepDone, StepDone, StepDone), Current: "exploration",
		Auth: Auth{Method: "pin", At: t.Add(2 * time.Minute)}, CreatedAt: t, UpdatedAt: t.Add(4 * time.Minute)},
		"Pagó en efectivo en un punto de pago autorizado hace dos días; todavía no aparece. Se le explicó el plazo de 3 a 5 días hábiles.")

	t = day(2, 11, 30)
	add(&Case{Status: StatusClosed, CallType: "technical_support", CallLang: locales.EN, Customer: cu(3), Steps: all(t, done8...), Current: "closing",
		Auth: Auth{Method: "pin", At: t.Add(2 * time.Minute)}, Reason: "technical.no_service",
		Actions:   []Action{{ID: "restart_done", At: t.Add(9 * time.Minute)}},
		CreatedAt: t, UpdatedAt: t.Add(14 * time.Minute), ClosedAt: t.Add(14 * time.Minute)},
		"No internet since this morning. Remote restart of the modem restored the service.")

	t = day(3, 13, 15)
	add(&Case{Status: StatusClosed, CallType: "plan_change", CallLang: locales.ES, Customer: cu(4), Steps: all(t, done8...), Current: "closing",
		Auth: Auth{Method: "pin", At: t.Add(2 * time.Minute)}, Reason: "financial.plan_change",
		Actions: []Action{{ID: "plan_changed", At: t.Add(8 * time.Minute)}, {ID: "credit", Amount: 1500, Reason: "Compensación por el cambio a mitad de ciclo", At: t.Add(9 * time.Minute), Role: "agent", Limit: 5000, Approved: true}},
		Calcs: []Calculation{{Calculator: "proration", Summary: "Cargo prorrateado de 15,00 US$ por 15 días en el plan nuevo.",
			Lines: demoProration(t), At: t.Add(7 * time.Minute)}},
		CreatedAt: t, UpdatedAt: t.Add(11 * time.Minute), ClosedAt: t.Add(11 * time.Minute)},
		"Cambio de Fibra 300 a Fibra 600 con efecto hoy. Se explicó el prorrateo.")

	t = day(8, 9, 50)
	add(&Case{Status: StatusClosed, CallType: "unwanted_autorenewal", CallLang: locales.EN, Customer: cu(5), Steps: all(t, done8...), Current: "closing",
		Auth: Auth{Method: "security_question", At: t.Add(2 * time.Minute)}, Reason: "financial.autorenewal",
		Actions:   []Action{{ID: "autorenewal_cancelled", At: t.Add(6 * time.Minute)}, {ID: "refund", Amount: 2999, Reason: "Renewal charged the day after the customer asked to cancel", At: t.Add(7 * time.Minute), Role: "agent", Limit: 5000, Approved: true}},
		CreatedAt: t, UpdatedAt: t.Add(10 * time.Minute), ClosedAt: t.Add(10 * time.Minute)},
		"Add-on renewed automatically a day after the cancellation request. Refunded and auto-renewal turned off.")

	t = day(9, 15, 20)
	add(&Case{Status: StatusClosed, CallType: "bill_increase", CallLang: locales.ES, Customer: cu(1), Steps: all(t, done8...), Current: "closing",
		Auth: Auth{Method: "pin", At: t.Add(2 * time.Minute)}, Reason: "billing.prorated_charge",
		CreatedAt: t, UpdatedAt: t.Add(12 * time.Minute), ClosedAt: t.Add(12 * time.Minute)},
		"Cargo prorrateado porque el servicio se activó a mitad de ciclo. Es un cargo único; el cliente lo entiende.")

	t = day(10, 12, 0)
	add(&Case{Status: StatusClosed, CallType: "cancellation_request", CallLang: locales.ES, Customer: cu(4), Steps: all(t, done8...), Current: "closing",
		Auth: Auth{Method: "pin", At: t.Add(2 * time.Minute)}, Reason: "financial.cancellation", Retention: true,
		Actions:   []Action{{ID: "retention_transfer", At: t.Add(10 * time.Minute)}},
		CreatedAt: t, UpdatedAt: t.Add(11 * time.Minute), ClosedAt: t.Add(11 * time.Minute)},
		"Quería cancelar por el precio. Se revisaron las promociones disponibles y, como no alcanzaron, se transfirió a retención.")
	return customers, out
}

// DemoCase is a demo case with its timeline.
type DemoCase struct {
	Case   *Case
	Events []Event
}

// demoProration is the breakdown behind the demo's plan change: from 40 to
// 70 a month, halfway through a 30-day cycle, computed as the calculator
// does so the figures agree with the summary.
func demoProration(change time.Time) []calculators.Figure {
	usd := func(minor int64) calculators.Money { return calculators.Money{Minor: minor, Currency: "USD"} }
	d := time.Date(change.Year(), change.Month(), change.Day(), 0, 0, 0, 0, time.UTC)
	r, err := calculators.ProrationInput{CycleStart: d.AddDate(0, 0, -15), CycleEnd: d.AddDate(0, 0, 15), Change: d,
		OldMonthly: usd(4000), NewMonthly: usd(7000)}.Compute()
	if err != nil {
		return nil
	}
	return calculators.KeepBreakdown(r.Breakdown)
}
