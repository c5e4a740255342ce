package server

import (
	"agentdesk/cases"
)

// sanitizeCase applies the domain's redaction to a case a client sent.
func sanitizeCase(c *cases.Case) { cases.Sanitize(c) }

// redactText is for the other free texts crmd receives (escalation notes).
func redactText(s string) string {
	out, _ := cases.Redact(s)
	return out
}
