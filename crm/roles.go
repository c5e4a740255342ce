package crm

import (
	"regexp"
	"strings"

	"agentdesk/cases"
)

// Role is cases.Role: the roles are the domain's, and the tokens carry
// them.
type Role = cases.Role

const (
	RoleAgent      = cases.RoleAgent
	RoleTrainee    = cases.RoleTrainee
	RoleSupervisor = cases.RoleSupervisor
	RoleAdmin      = cases.RoleAdmin
)

// Roles lists every role.
var Roles = cases.Roles

// AttemptRoles are the roles whose training attempts crmd records for
// certification (POST /v1/training/attempts); it refuses any other
// login's (an admin's: 403). A desk sends none under another role.
var AttemptRoles = []Role{RoleTrainee, RoleAgent, RoleSupervisor}

// ParseRole accepts a role name.
func ParseRole(s string) (Role, bool) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Roles {
		if r == x {
			return r, true
		}
	}
	return "", false
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// ValidUsername reports whether s can name an account: lower case, digits
// and . _ -, so a username is safe in a log line, a file name and a URL.
func ValidUsername(s string) bool { return usernameRE.MatchString(s) }

// ValidNewUsername is ValidUsername for an account being created, which
// may not be a card number either: a username goes into every log line,
// token and case record of its user. (Accounts made before this rule keep
// working: only new names are held to it.)
func ValidNewUsername(s string) bool {
	if !ValidUsername(s) {
		return false
	}
	_, r := cases.Redact(s)
	return r.Cards == 0
}
