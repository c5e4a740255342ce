package cases_test

import (
	"context"
	"strings"
	"testing"

	"agentdesk/cases"
)

// The version a person keeps in a sync conflict is written as every save
// is, redacted: crmd's copy comes from a crmd (or was written by a desk)
// of a release that did not know every form of a card number, and taking
// it must not put one in the desk's database, nor send it back out.
func TestResolveKeepsNoCardNumber(t *testing.T) {
	ctx := context.Background()
	const card = "4111 1111 1111 1111"
	for _, open := range []bool{true, false} {
		s, st, _ := newSession(t)
		if err := s.Start(ctx, call()); err != nil {
			t.Fatal(err)
		}
		id := s.Case().ID
		if !open {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		theirs := *call()
		theirs.ID, theirs.Version = id, 2
		theirs.Notes = "paid with " + card
		theirs.Customer.Name = "Lucía " + card
		ev := cases.Event{Kind: cases.EventSyncResolved, Detail: "took_theirs", Actor: "ana"}
		if err := s.Resolve(ctx, &theirs, 1, ev, true); err != nil {
			t.Fatal(err)
		}
		got, err := st.GetCase(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var outbox []string
		rows, err := st.SQL().QueryContext(ctx, `SELECT body FROM outbox WHERE ref = ?`, id)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var b string
			rows.Scan(&b)
			outbox = append(outbox, b)
		}
		rows.Close()
		for where, text := range map[string]string{"notes": got.Notes, "name": got.Customer.Name, "outbox": strings.Join(outbox, "\n")} {
			if strings.Contains(strings.ReplaceAll(text, " ", ""), "4111111111111111") {
				t.Errorf("open %v: the %s stored holds the card: %q", open, where, text)
			}
		}
		if open && strings.Contains(s.Case().Notes, card) {
			t.Errorf("the case on screen holds the card: %q", s.Case().Notes)
		}
	}
}
