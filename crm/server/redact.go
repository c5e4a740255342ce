package server

import (
	"agentdesk/cases"
)

// redactText is for the other free texts crmd receives (escalation notes).
func redactText(s string) string {
	out, _ := cases.Redact(s)
	return out
}
