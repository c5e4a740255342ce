package crm

import (
	"regexp"
	"strings"
)

// Role is what a user may do. Trainees are kept apart from production data
// by their tokens' audience, not only by the authorization table.
type Role string

const (
	RoleAgent      Role = "agent"
	RoleTrainee    Role = "trainee"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleAgent, RoleTrainee, RoleSupervisor, RoleAdmin}

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
