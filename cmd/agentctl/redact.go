package main

import (
	"context"
	"fmt"
	"io"

	"agentdesk/cases"
)

// runRedact is the same Redact the app applies before saving a case, offered
// as a filter so supervisors and scripts can clean exported notes, call
// transcripts or chat logs before they travel.
func runRedact(ctx context.Context, m *Main, args []string) error {
	fs := m.flagSet("redact")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	t := m.T()
	if len(pos) > 0 {
		// Text on the command line would already sit in the shell history,
		// which is exactly where a card number must not end up.
		return usageErr("%s", t.S("cli.redact.usage"))
	}
	in, err := io.ReadAll(m.Stdin)
	if err != nil {
		return fmt.Errorf("%s: %w", t.S("cli.redact.read_failed"), err)
	}
	out, r := cases.Redact(string(in))
	if m.JSON {
		err = m.printJSON(struct {
			Text          string `json:"text"`
			Cards         int    `json:"cards"`
			SecurityCodes int    `json:"security_codes"`
			PINs          int    `json:"pins"`
		}{out, r.Cards, r.SecurityCodes, r.PINs})
	} else {
		// Exactly what came in, minus the secrets: no newline added, so the
		// command can sit in a pipeline without altering what it passes on.
		_, err = io.WriteString(m.Stdout, out)
	}
	if err != nil {
		return err
	}
	// On stderr, so it never mixes with the text; and only when something
	// changed, so a clean pass stays silent as filters do.
	if r.Any() {
		total := r.Cards + r.SecurityCodes + r.PINs
		fmt.Fprintln(m.Stderr, t.N("cli.redact.replaced", total, map[string]any{
			"Cards": r.Cards, "SecurityCodes": r.SecurityCodes, "PINs": r.PINs,
		}))
	}
	return nil
}
