package crm

import (
	"strings"

	"agentdesk/cases"
)

// sanitizeCase redacts every free-text field of a case as cases.Service
// does before the desktop's first write. The desktop already did; crmd
// does it again because a client is not to be trusted with the rule that a
// card number, security code or PIN is never stored. (cases keeps its own
// version unexported; if it exports it, this should call it instead.)
func sanitizeCase(c *cases.Case) {
	c.Notes, _ = cases.Redact(c.Notes)
	for k, v := range c.Values {
		c.Values[k], _ = cases.Redact(v)
	}
	for i := range c.Actions {
		c.Actions[i].Reason, _ = cases.Redact(c.Actions[i].Reason)
		c.Actions[i].Note, _ = cases.Redact(c.Actions[i].Note)
	}
	for i := range c.Steps {
		c.Steps[i].Reason, _ = cases.Redact(c.Steps[i].Reason)
	}
	c.Auth.Reason, _ = cases.Redact(c.Auth.Reason)
	if c.Escalation != nil {
		c.Escalation.Reason, _ = cases.Redact(c.Escalation.Reason)
	}
	for i := range c.Calcs {
		c.Calcs[i].Summary, _ = cases.Redact(c.Calcs[i].Summary)
		for k, v := range c.Calcs[i].Figures {
			c.Calcs[i].Figures[k], _ = cases.Redact(v)
		}
	}
	c.Customer.Name = strings.TrimSpace(c.Customer.Name)
}

// redactText is for the other free texts crmd receives (escalation notes).
func redactText(s string) string {
	out, _ := cases.Redact(s)
	return out
}
