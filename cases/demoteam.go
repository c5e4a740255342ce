package cases

import (
	"fmt"
	"time"

	"agentdesk/locales"
)

// DemoTeam returns a supervisor's queue as a refresh from crmd leaves it on
// the desk: nine escalations from four agents, in both call languages,
// every priority, a few states (one answer overdue, one waiting on the
// customer, one with a comment from the back office) and amounts above an
// agent's authority still to decide. It lets a supervisor try the team
// area, and the screenshots show it, without a CRM. The IDs are the
// default playbook's (a test keeps them in step), the people fictional,
// the phone numbers in the 555-01xx range.
func DemoTeam(now time.Time) []*Case {
	hours := map[string]int{"low": 72, "normal": 48, "high": 24, "urgent": 4}
	type esc struct {
		agent, account, name, plan string
		lang                       locales.Lang
		callType, priority         string
		criteria                   []string
		reason, notes              string
		checks                     []string
		action                     string
		amount                     int64 // cents above the agent's authority (50.00), or 0
		ago                        time.Duration
		status                     EscalationState
		comment                    string
	}
	list := []esc{
		{"ana", "4417104410", "Teresa Villanueva Soto", "Fibra 300", locales.ES, "missed_appointment", "high", []string{"exceeds_authority", "repeat_contact"},
			"Segunda visita técnica perdida; pide un crédito mayor que el de la escala.",
			"El técnico no llegó el martes ni el jueves. La clienta faltó al trabajo las dos veces. Se reprogramó para el sábado de 8 a 12.",
			[]string{"missed_appointment.record", "missed_appointment.first_window"}, "credit", 7500, 29 * time.Hour, EscReceived, ""},
		{"ben", "4417104422", "Howard Kim", "Internet 500", locales.EN, "unrecognized_activity", "urgent", []string{"suspected_fraud"},
			"Two phone lines added overnight that the customer did not order.",
			"Customer did not add the lines and nobody else in the household has the PIN. Account secured, PIN changed, lines suspended.",
			[]string{"unrecognized_activity.strict_auth", "unrecognized_activity.origin", "unrecognized_activity.secure"}, "", 0, 2 * time.Hour, EscInProgress,
			"Fraud team has it; porting of the new lines frozen."},
		{"carla", "4417104435", "Rosa Elena Paredes", "Fibra 600 + TV", locales.ES, "service_outage", "high", []string{"outage_overdue", "vulnerable_customer"},
			"Corte de más de 48 horas; cliente con equipo médico en casa.",
			"Sin servicio desde el sábado. El aviso de corte del sector ya venció. La clienta usa un equipo de oxígeno con monitoreo remoto.",
			[]string{"service_outage.in_area", "service_outage.eta"}, "credit", 6000, 20 * time.Hour, EscReceived, ""},
		{"diego", "4417104448", "Patrick Doyle", "Internet 300", locales.EN, "late_fee_waiver", "normal", []string{"policy_exception"},
			"Second late fee waiver inside twelve months.",
			"Payment was sent on the due date from his bank; it posted two days late. He waived a fee in March already.",
			[]string{"late_fee_waiver.fee", "late_fee_waiver.history"}, "", 0, 40 * time.Hour, EscWaitingCustomer,
			"Asked the customer for the bank's payment confirmation."},
		{"ana", "4417104451", "Gabriel Fuentes Lara", "Fibra 300 + Celular", locales.ES, "payment_arrangement", "normal", []string{"policy_exception", "vulnerable_customer"},
			"Plan de pagos a seis meses, más largo que lo permitido.",
			"Perdió el empleo el mes pasado. Propone pagar el saldo vencido en seis cuotas; la política permite tres.",
			[]string{"payment_arrangement.past_due", "payment_arrangement.history", "payment_arrangement.assistance"}, "", 0, 6 * time.Hour, EscReceived, ""},
		{"ben", "4417104463", "Denise Walker", "Total Home 1 Gig", locales.EN, "slow_internet", "low", []string{"complex_technical", "repeat_contact"},
			"Third call about evening slowdowns; line tests pass.",
			"Wired speed drops to 80 Mbps between 7 and 11 p.m. on a 1 Gig plan. Modem replaced last month. Line tests pass every time.",
			[]string{"slow_internet.outage", "slow_internet.signal", "slow_internet.wired_vs_plan"}, "", 0, 50 * time.Hour, EscReceived, ""},
		{"carla", "4417104476", "Mateo Ibarra", "Internet 300", locales.ES, "late_fee_waiver", "low", []string{"systemic_error"},
			"Recargo cobrado aunque el débito automático falló por nuestra parte.",
			"El débito automático no se ejecutó por un error del sistema el día 5; se le cobró el recargo por atraso.",
			[]string{"late_fee_waiver.fee", "late_fee_waiver.account_current"}, "adjustment", 5500, 3 * time.Hour, EscReceived, ""},
		{"diego", "4417104489", "Laura Bennett", "Internet 500 + Sports", locales.EN, "missed_appointment", "normal", []string{"exceeds_authority"},
			"Credit for a missed installation, above the agent's limit.",
			"Installer did not show; customer took the day off. Rescheduled for Friday morning. Asked for a credit for the lost day.",
			[]string{"missed_appointment.record"}, "credit", 8000, 30 * time.Hour, EscInProgress, "Checking the installer's route log before deciding."},
		{"ana", "4417104492", "Ernesto Salgado", "Fibra 600", locales.ES, "service_outage", "normal", []string{"outage_overdue"},
			"El corte programado se extendió un día más de lo avisado.",
			"El aviso decía que el servicio volvía el lunes y volvió el martes por la tarde. Pide que se le descuente el día.",
			[]string{"service_outage.in_area"}, "", 0, 10 * time.Hour, EscReceived, ""},
	}
	out := make([]*Case, 0, len(list))
	for i, e := range list {
		received := now.Add(-e.ago)
		start := received.Add(-14 * time.Minute)
		c := &Case{
			ID: fmt.Sprintf("C-%s-T%03d", received.Format("20060102"), i+1), Version: 3, Agent: e.agent, Role: RoleAgent,
			CallType: e.callType, CallLang: e.lang, Status: StatusEscalated, CreatedAt: start, UpdatedAt: received,
			Customer: Customer{Account: e.account, Name: e.name, Plan: e.plan, Lang: e.lang, Currency: "USD", Since: now.AddDate(-2-i%5, -i, 0),
				Phone: fmt.Sprintf("(512) 555-01%02d", 20+i)},
			Auth:  Auth{Method: "pin", At: start.Add(2 * time.Minute)},
			Notes: e.notes, Current: "summary",
		}
		for j, id := range []string{"introduction", "acknowledgement", "expectations", "authentication", "exploration", "education", "summary", "closing"} {
			st := StepProgress{Step: id, State: StepPending}
			if j < 6 {
				st.State, st.At = StepDone, start.Add(time.Duration(j)*90*time.Second)
			}
			c.Steps = append(c.Steps, st)
		}
		for j, id := range e.checks {
			c.Checks = append(c.Checks, Check{ID: id, At: start.Add(time.Duration(5+j) * time.Minute)})
		}
		if e.action != "" {
			c.Actions = []Action{{ID: e.action, Amount: e.amount, Reason: e.reason, At: start.Add(10 * time.Minute), Role: RoleAgent, Limit: 5000, Pending: true}}
		}
		c.Escalation = &Escalation{Ticket: fmt.Sprintf("ESC-%s-%04d", received.Format("20060102"), 101+i), Criteria: e.criteria, Priority: e.priority,
			Reason: e.reason, Dispute: e.amount, At: received, ExpectedBy: received.Add(time.Duration(hours[e.priority]) * time.Hour),
			Status: EscReceived, ReceivedAt: received, DueAt: received.Add(time.Duration(hours[e.priority]) * time.Hour)}
		if e.status != EscReceived {
			at := received.Add(e.ago / 3)
			c.Escalation.Status = e.status
			c.Escalation.History = []EscalationChange{{From: EscReceived, To: e.status, Comment: e.comment, By: "sup", At: at}}
			c.UpdatedAt = at
		}
		out = append(out, c)
	}
	return out
}
