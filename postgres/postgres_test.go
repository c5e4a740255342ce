package postgres_test

import (
	"context"
	"testing"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/postgres"
)

func open(t *testing.T) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), crmtest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStoreContract(t *testing.T) {
	crmtest.RunStoreContract(t, func(t *testing.T) crm.Store { return open(t) })
}

// Several crmd instances start at once on one database: the advisory lock
// lets one migrate and the others find it done.
func TestConcurrentMigrations(t *testing.T) {
	dsn := crmtest.PostgresDSN(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			db, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// Two servers on one database behave as one: a token from one works on
// the other, a key replayed on the other is a replay, and a logout on one
// is seen by the other.
func TestTwoInstancesOneDatabase(t *testing.T) {
	db := open(t)
	crmtest.SeedUsers(t, db)
	first := crmtest.Start(t, db)
	second := crmtest.StartWithKeys(t, db, first.KeysDir, first.Keys, "127.0.0.1:0")
	a1, a2 := crmtest.NewAPI(t, first.URL), crmtest.NewAPI(t, second.URL)
	tok := a1.Login("ana", crmtest.Password)
	c := crmtest.NewCase("C-PG-1", "ana")
	crmtest.Expect(t, a1.PutCase(tok.AccessToken, "case:C-PG-1:v1", c), 201, "first instance")
	r := a2.PutCase(tok.AccessToken, "case:C-PG-1:v1", c)
	crmtest.Expect(t, r, 201, "replay on the second instance")
	if r.Header.Get("Idempotency-Replayed") != "true" {
		t.Error("not a replay")
	}
	crmtest.Expect(t, a2.Do("POST", "/v1/auth/logout", tok.AccessToken, nil, crm.LogoutRequest{RefreshToken: tok.RefreshToken}), 204, "logout on the second")
	crmtest.Expect(t, a1.Do("GET", "/v1/cases", tok.AccessToken, nil, nil), 401, "token on the first after logout")
}

func TestAttemptResendAnswersWhatWasStored(t *testing.T) {
	crmtest.RunAttemptResend(t, open(t))
}
