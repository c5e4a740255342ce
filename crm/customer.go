package crm

import (
	"encoding/json"
	"strings"
	"time"

	"agentdesk/cases"
)

// CustomerRecord is a profile as either store writes it: one with an
// account, stamped now when it carries no time of its own, its free texts
// redacted (a store is the last place a card number typed into an address,
// or in a CSV file, can be stopped), and its JSON body. The caller's
// profile is left as it was.
func CustomerRecord(c *cases.Customer, now time.Time) (cases.Customer, []byte, error) {
	if strings.TrimSpace(c.Account) == "" {
		return cases.Customer{}, nil, &cases.Error{Code: cases.EInvalid, Field: "account", Detail: "empty account"}
	}
	clean := *c
	if clean.UpdatedAt.IsZero() {
		clean.UpdatedAt = now
	}
	cases.SanitizeCustomer(&clean)
	body, err := json.Marshal(&clean)
	return clean, body, err
}
