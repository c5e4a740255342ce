package app

import (
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/locales"
)

// An admin's training calls are not recorded on crmd for certification
// (it takes attempts only from trainees, agents and supervisors): the
// status bar tells the person so once, in their language, not at every
// sync, and tells the next login that has the same again.
func TestAttemptsNotRecordedAreToldOnce(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "lead", cases.KeyRole: "supervisor", cases.KeyUILang: string(l)})
			tr, b := h.app.t, h.app.sync
			want := tr.D("sync.attempts_not_recorded.body", map[string]any{"Role": tr.S("role.noun.admin")})
			if !tr.Has("sync.attempts_not_recorded.body") || !tr.Has("sync.attempts_not_recorded.title") {
				t.Fatal("no words for attempts not recorded")
			}
			overlays := func() int { return len(h.app.Window().Canvas().Overlays().List()) }
			show := func(user string, n int) {
				b.st = desksync.Status{Configured: true, Known: true, Online: true, LoggedIn: true, User: user, Role: cases.RoleAdmin, AttemptsNotRecorded: n}
				b.tellNotRecorded()
			}
			show("lead", 1)
			if top := h.app.Window().Canvas().Overlays().Top(); top == nil || !strings.Contains(strings.Join(texts(top), " "), want) {
				t.Fatalf("no word that the admin's attempts are not recorded: %v", top)
			}
			n := overlays()
			show("lead", 2)
			if overlays() != n {
				t.Error("told again at the next sync")
			}
			show("boss", 1)
			if overlays() != n+1 {
				t.Error("another admin's login was not told")
			}
			h.noMissingKeys()
		})
	}
}
