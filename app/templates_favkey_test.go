package app

import (
	"context"
	"testing"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// Favourites were kept under the agent's name exactly as typed: the same
// agent written "ANA" or "Ana " (agentctl, Settings), renamed in Settings,
// or signed in to crmd as "ana" after the desk was renamed to the login,
// found none of their stars. They follow the crmd login when there is one,
// else the name as a person reads it (case and spaces aside), and the
// list kept under the name as it was typed is read and carried over.
func TestFavouritesFollowTheAgentNotItsSpelling(t *testing.T) {
	ctx := context.Background()
	const fav = "closing.anything_else"
	for _, name := range []string{"ANA", "ana", "Ana  "} {
		h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: name, "favourites.Ana": fav})
		h.app.show("templates")
		if ts := h.app.templatesScreen(); !ts.isFav(fav) {
			t.Errorf("agent %q: the star kept under \"Ana\" is lost", name)
		}
	}

	// Renamed in Settings, the agent keeps theirs.
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana", "favourites.Ana": fav})
	h.app.show("settings")
	h.settings().agent.SetText("Ana María")
	h.tap("Save")
	h.mustHave("Settings saved.")
	h.app.show("templates")
	ts := h.app.templatesScreen()
	if !ts.isFav(fav) {
		t.Error("renamed in Settings, the star is lost")
	}

	// Signed in to crmd, the login is who stars: a rename does not matter,
	// and what the name had comes along.
	h.app.sync.st = desksync.Status{Configured: true, LoggedIn: true, User: "ana.m", Role: cases.RoleAgent}
	h.app.show("templates")
	if !ts.isFav(fav) {
		t.Error("signed in, the star of the name is lost")
	}
	if err := ts.toggleFavourite("apology.long_wait"); err != nil {
		t.Fatal(err)
	}
	if err := h.db.SetSetting(ctx, cases.KeyAgent, "Anita"); err != nil { // agentctl config set
		t.Fatal(err)
	}
	h.app.ws.Agent = "Anita"
	h.app.show("templates")
	if !ts.isFav(fav) || !ts.isFav("apology.long_wait") {
		t.Errorf("signed in and renamed: favourites %v", ts.favs)
	}
	// Un-starring every one is kept: the list of the name is not read
	// again in its place.
	for _, id := range []string{fav, "apology.long_wait"} {
		if err := ts.toggleFavourite(id); err != nil {
			t.Fatal(err)
		}
	}
	h.app.show("templates")
	if len(ts.favs) != 0 {
		t.Errorf("every star taken off, still %v", ts.favs)
	}
}
