package playbook_test

import (
	"testing"

	"agentdesk/locales"
	"agentdesk/playbook"
)

// An optional placeholder with no value takes its sentence with it, a
// sensitive one too: before authentication there is nothing to hide, so
// the agent does not see a mask over nothing, nor is the copy blocked for
// a sentence that would be dropped anyway. A sensitive value that exists
// stays masked until the customer is authenticated.
func TestOptionalSensitivePlaceholderWithoutValueIsDropped(t *testing.T) {
	pb := defaultPack(t)
	tp := &playbook.Template{ID: "x.card", Category: "closing", Optional: []string{"card_last4"},
		Text: playbook.Text{EN: "Thank you for calling. The card ending in {{card_last4}} will be charged.",
			ES: "Gracias por llamar. Se cobrará a la tarjeta terminada en {{card_last4}}."}}
	none := func(string) (string, bool) { return "", false }
	card := func(name string) (string, bool) { return "4242", name == "card_last4" }
	cases := []struct {
		lang   locales.Lang
		vals   playbook.Values
		auth   bool
		want   string
		locked bool
	}{
		{locales.EN, none, false, "Thank you for calling.", false},
		{locales.ES, none, false, "Gracias por llamar.", false},
		{locales.EN, none, true, "Thank you for calling.", false},
		{locales.EN, card, true, "Thank you for calling. The card ending in 4242 will be charged.", false},
		{locales.EN, card, false, "", true},
	}
	for _, c := range cases {
		r := pb.RenderTemplate(c.lang, tp, c.vals, c.auth)
		got, err := r.Plain()
		if c.locked {
			if err == nil || !r.Locked() {
				t.Errorf("%s auth=%v: a card number's digits before authentication: %q, %v", c.lang, c.auth, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s auth=%v: %q (%q), %v; want %q", c.lang, c.auth, got, r.Display(), err, c.want)
		}
	}
}
