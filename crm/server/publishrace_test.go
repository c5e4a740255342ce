package server_test

import (
	"context"
	"maps"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
)

// adminMidway is a store on which an administrator's publish lands just
// before the supervisor's publish that crmd has just checked against the
// pack before: the moment between the limits check and the publish.
type adminMidway struct {
	crm.Store
	armed atomic.Bool
	pack  crm.PlaybookPack
	err   error
}

func (s *adminMidway) midway(ctx context.Context) {
	if s.armed.CompareAndSwap(true, false) {
		_, s.err = s.Store.PublishPlaybook(ctx, s.pack)
	}
}

func (s *adminMidway) PublishPlaybook(ctx context.Context, p crm.PlaybookPack) (int, error) {
	s.midway(ctx)
	return s.Store.PublishPlaybook(ctx, p)
}

func (s *adminMidway) PublishPlaybookOver(ctx context.Context, p crm.PlaybookPack, over int) (int, error) {
	s.midway(ctx)
	return s.Store.PublishPlaybookOver(ctx, p, over)
}

// A supervisor's publish is checked against the limits of the pack it
// replaces: an administrator's publish that raised a limit a moment
// after crmd had checked the supervisor's pack against the pack before
// was replaced by the supervisor's, its limit put back without a word.
func TestASupervisorsPublishDoesNotUndoAnAdminsMidway(t *testing.T) {
	db := crmtest.OpenSQLite(t)
	crmtest.SeedUsers(t, db)
	store := &adminMidway{Store: db}
	r := crmtest.Start(t, store)
	a := crmtest.NewAPI(t, r.URL)
	sup := a.Login("sup", crmtest.Password)
	var builtin crm.PlaybookPack
	a.Do("GET", "/v1/playbook", sup.AccessToken, nil, nil).JSON(t, &builtin)
	old := "[[authority]]\nrole = \"supervisor\"\nlimit = 250\n"
	raised := maps.Clone(builtin.Files)
	raised["playbook.toml"] = strings.Replace(raised["playbook.toml"], old, "[[authority]]\nrole = \"supervisor\"\nlimit = 1000\n", 1)
	if maps.Equal(raised, builtin.Files) {
		t.Fatal("the built-in pack no longer sets a supervisor's limit to 250")
	}
	store.pack = crm.PlaybookPack{SHA256: "the-admins", Files: raised, PublishedBy: "admin", PublishedAt: time.Now()}

	reworded := maps.Clone(builtin.Files)
	reworded["flow.toml"] += "\n# a wording change\n"
	store.armed.Store(true)
	res := a.Do("PUT", "/v1/playbook", sup.AccessToken, nil, crm.PlaybookUpload{Files: reworded})
	if store.err != nil || store.armed.Load() {
		t.Fatalf("the administrator's publish: %v (made: %v)", store.err, !store.armed.Load())
	}
	crmtest.Expect(t, res, 403, "a supervisor's pack with the limits an administrator just replaced")
	cur, err := db.CurrentPlaybook(t.Context())
	if err != nil || cur.SHA256 != "the-admins" {
		t.Errorf("in force: %v %v, want the administrator's pack", cur.SHA256, err)
	}
}
