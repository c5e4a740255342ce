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
	// The account is the row's key and is served as it was written, so
	// redaction cannot take a card number out of it: such a profile is
	// refused, whoever hands it to the store.
	if cases.AccountIsCard(c.Account) {
		return cases.Customer{}, nil, &cases.Error{Code: cases.EInvalid, Field: "account", Detail: "a card number"}
	}
	clean := *c
	if clean.UpdatedAt.IsZero() {
		clean.UpdatedAt = now
	}
	cases.SanitizeCustomer(&clean)
	body, err := json.Marshal(&clean)
	return clean, body, err
}
