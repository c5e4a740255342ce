package crmtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// RunStoreContract holds a crm.Store implementation to the behaviour the
// server relies on, including under concurrent requests. open returns an
// empty store.
func RunStoreContract(t *testing.T, open func(t *testing.T) crm.Store) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)

	// The last enabled admin cannot be disabled: nobody would be left to
	// enable an account from the API, and a disable revokes its sessions.
	t.Run("last-admin", func(t *testing.T) {
		s := open(t)
		for _, name := range []string{"root", "root2"} {
			if err := s.CreateUser(ctx, crm.UserRecord{Username: name, Role: crm.RoleAdmin, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetUserDisabled(ctx, "root2", true, now); err != nil {
			t.Fatalf("disabling one of two admins: %v", err)
		}
		if err := s.SetUserDisabled(ctx, "root", true, now); cases.ErrorCode(err) != cases.EConflict {
			t.Errorf("disabling the last admin: %v", err)
		}
		if got, _ := s.GetUser(ctx, "root"); got == nil || got.Disabled {
			t.Errorf("the last admin: %+v", got)
		}
		if err := s.SetUserDisabled(ctx, "root2", true, now); err != nil {
			t.Errorf("disabling a disabled admin again: %v", err)
		}
	})

	// A new password replaces the hash and ends the sessions of the old.
	t.Run("password", func(t *testing.T) {
		s := open(t)
		if err := s.CreateUser(ctx, crm.UserRecord{Username: "ana", Role: crm.RoleAgent, PasswordHash: "old", CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveRefresh(ctx, crm.RefreshRecord{Hash: "h1", Family: "f1", Username: "ana", AccessJTI: "j1", AccessExp: now.Add(10 * time.Minute),
			CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		later := now.Add(time.Second)
		if err := s.SetUserPassword(ctx, "ana", "new", later); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetUser(ctx, "ana"); got == nil || got.PasswordHash != "new" || got.Disabled || !got.UpdatedAt.Equal(later) {
			t.Errorf("after a new password: %+v", got)
		}
		if revoked, err := s.JTIRevoked(ctx, "j1"); err != nil || !revoked {
			t.Errorf("the old password's access token: revoked %v, %v", revoked, err)
		}
		if _, err := s.RotateRefresh(ctx, "h1", crm.RefreshRecord{Hash: "h2", AccessJTI: "j2", AccessExp: later.Add(time.Minute), CreatedAt: later, ExpiresAt: later.Add(time.Hour)}, later); !errors.Is(err, crm.ErrRefreshInvalid) {
			t.Errorf("the old password's refresh token: %v", err)
		}
		if err := s.SetUserPassword(ctx, "nobody", "new", later); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("a missing account: %v", err)
		}
	})

	// A new role ends the sessions of the old; the last enabled admin
	// stays one.
	t.Run("role", func(t *testing.T) {
		s := open(t)
		for _, u := range []crm.UserRecord{{Username: "ana", Role: crm.RoleAgent}, {Username: "root", Role: crm.RoleAdmin}} {
			u.PasswordHash, u.CreatedAt, u.UpdatedAt = "h", now, now
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SaveRefresh(ctx, crm.RefreshRecord{Hash: "h1", Family: "f1", Username: "ana", AccessJTI: "j1", AccessExp: now.Add(10 * time.Minute),
			CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		later := now.Add(time.Second)
		if err := s.SetUserRole(ctx, "ana", crm.RoleSupervisor, later); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetUser(ctx, "ana"); got == nil || got.Role != crm.RoleSupervisor || !got.UpdatedAt.Equal(later) {
			t.Errorf("after a new role: %+v", got)
		}
		if revoked, err := s.JTIRevoked(ctx, "j1"); err != nil || !revoked {
			t.Errorf("the old role's access token: revoked %v, %v", revoked, err)
		}
		if err := s.SetUserRole(ctx, "root", crm.RoleAgent, later); cases.ErrorCode(err) != cases.EConflict {
			t.Errorf("demoting the last admin: %v", err)
		}
		if got, _ := s.GetUser(ctx, "root"); got == nil || got.Role != crm.RoleAdmin {
			t.Errorf("the last admin: %+v", got)
		}
		if err := s.SetUserRole(ctx, "nobody", crm.RoleAgent, later); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("a missing account: %v", err)
		}
	})

	t.Run("users", func(t *testing.T) {
		s := open(t)
		u := crm.UserRecord{Username: "ana", Role: crm.RoleAgent, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, u); cases.ErrorCode(err) != cases.EConflict {
			t.Errorf("duplicate: %v", err)
		}
		got, err := s.GetUser(ctx, "ana")
		if err != nil || got.Role != crm.RoleAgent || got.PasswordHash != "h" || got.Disabled || !got.CreatedAt.Equal(now) {
			t.Errorf("get: %+v %v", got, err)
		}
		if _, err := s.GetUser(ctx, "nobody"); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("missing: %v", err)
		}
		if err := s.SetUserDisabled(ctx, "ana", true, now); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetUser(ctx, "ana"); !got.Disabled {
			t.Error("not disabled")
		}
		if err := s.SetUserDisabled(ctx, "nobody", true, now); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("disable missing: %v", err)
		}
		list, err := s.ListUsers(ctx, crm.UserQuery{})
		if err != nil || len(list) != 1 || list[0].PasswordHash != "" {
			t.Errorf("list: %+v %v", list, err)
		}
		// Pages in the order crmd last changed the accounts, then by name;
		// an account changed since the cursor comes again on a later page.
		for i, name := range []string{"cy", "bo", "al"} {
			at := now.Add(time.Duration(i+1) * time.Second)
			if err := s.CreateUser(ctx, crm.UserRecord{Username: name, Role: crm.RoleAgent, PasswordHash: "h", CreatedAt: at, UpdatedAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateUser(ctx, crm.UserRecord{Username: "ab", Role: crm.RoleAgent, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		var names []string
		var pg crm.Page
		for range 10 {
			pg.Limit = 2
			page, err := s.ListUsers(ctx, crm.UserQuery{Page: pg})
			if err != nil || len(page) > 2 {
				t.Fatalf("a page of users: %d %v", len(page), err)
			}
			for _, u := range page {
				names = append(names, u.Username)
			}
			if len(page) < 2 {
				break
			}
			if len(names) == 2 {
				// ana, changed after the first page was read.
				if err := s.SetUserDisabled(ctx, "ana", false, now.Add(time.Minute)); err != nil {
					t.Fatal(err)
				}
			}
			last := page[len(page)-1]
			pg.AfterAt, pg.AfterID = last.UpdatedAt, last.Username
		}
		if want := []string{"ab", "ana", "cy", "bo", "al", "ana"}; !slices.Equal(names, want) {
			t.Errorf("users by pages: %v, want %v", names, want)
		}
		if since, err := s.ListUsers(ctx, crm.UserQuery{Page: crm.Page{Since: now.Add(2 * time.Second)}}); err != nil || len(since) != 2 || since[0].Username != "al" || since[1].Username != "ana" {
			t.Errorf("users changed since: %+v %v", since, err)
		}
	})

	t.Run("refresh", func(t *testing.T) {
		s := open(t)
		if err := s.CreateUser(ctx, crm.UserRecord{Username: "ana", Role: crm.RoleAgent, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		rec := func(hash, jti string) crm.RefreshRecord {
			return crm.RefreshRecord{Hash: hash, Family: "fam1", Username: "ana", AccessJTI: jti, AccessExp: now.Add(15 * time.Minute), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		}
		if err := s.SaveRefresh(ctx, rec("h1", "j1")); err != nil {
			t.Fatal(err)
		}
		old, err := s.RotateRefresh(ctx, "h1", crm.RefreshRecord{Hash: "h2", AccessJTI: "j2", AccessExp: now.Add(15 * time.Minute), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, now)
		if err != nil || old.Username != "ana" || old.Family != "fam1" {
			t.Fatalf("rotate: %+v %v", old, err)
		}
		if _, err := s.RotateRefresh(ctx, "nope", crm.RefreshRecord{Hash: "hx"}, now); !errors.Is(err, crm.ErrRefreshInvalid) {
			t.Errorf("unknown token: %v", err)
		}
		// Reuse of h1 revokes the family: h2 and the access tokens j1, j2.
		if _, err := s.RotateRefresh(ctx, "h1", crm.RefreshRecord{Hash: "h3", AccessJTI: "j3", AccessExp: now, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, now); !errors.Is(err, crm.ErrRefreshReused) {
			t.Fatalf("reuse: %v", err)
		}
		if _, err := s.RotateRefresh(ctx, "h2", crm.RefreshRecord{Hash: "h4", AccessJTI: "j4", AccessExp: now, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, now); !errors.Is(err, crm.ErrRefreshInvalid) {
			t.Errorf("successor after reuse: %v", err)
		}
		for _, j := range []string{"j1", "j2"} {
			if r, err := s.JTIRevoked(ctx, j); err != nil || !r {
				t.Errorf("%s revoked: %v %v", j, r, err)
			}
		}
		if r, _ := s.JTIRevoked(ctx, "j-other"); r {
			t.Error("unrelated jti revoked")
		}
		// Expired.
		exp := rec("h5", "j5")
		exp.Family, exp.ExpiresAt = "fam2", now.Add(-time.Second)
		if err := s.SaveRefresh(ctx, exp); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RotateRefresh(ctx, "h5", crm.RefreshRecord{Hash: "h6", AccessJTI: "j6", AccessExp: now, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, now); !errors.Is(err, crm.ErrRefreshInvalid) {
			t.Errorf("expired: %v", err)
		}
		// Logout: RevokeFamily.
		lo := rec("h7", "j7")
		lo.Family = "fam3"
		if err := s.SaveRefresh(ctx, lo); err != nil {
			t.Fatal(err)
		}
		if r, err := s.RevokeFamily(ctx, "h7", now); err != nil || r.Username != "ana" {
			t.Fatalf("revoke family: %+v %v", r, err)
		}
		if _, err := s.RotateRefresh(ctx, "h7", crm.RefreshRecord{Hash: "h8", AccessJTI: "j8", AccessExp: now, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, now); !errors.Is(err, crm.ErrRefreshInvalid) {
			t.Errorf("after logout: %v", err)
		}
		// Disabling the user revokes the rest, down to an access token
		// that expired less than the leeway ago, which crmd still accepts.
		d := rec("h9", "j9")
		d.Family = "fam4"
		late := rec("h10", "j10")
		late.Family, late.AccessExp = "fam5", now.Add(-crm.TokenLeeway/2)
		for _, r := range []crm.RefreshRecord{d, late} {
			if err := s.SaveRefresh(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetUserDisabled(ctx, "ana", true, now); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.JTIRevoked(ctx, "j9"); !r {
			t.Error("disable did not revoke the live access token")
		}
		if r, _ := s.JTIRevoked(ctx, "j10"); !r {
			t.Error("disable did not revoke an access token within the leeway")
		}
		// A disabled user gets no token: not a first one (a login whose
		// password check straddled the disable) and not a successor.
		if err := s.SaveRefresh(ctx, rec("h11", "j11")); !errors.Is(err, crm.ErrUserDisabled) {
			t.Errorf("a first token for a disabled user: %v", err)
		}
		// What a disable racing a refresh could leave behind: the user
		// disabled, a token of theirs not revoked yet. Rotating it is
		// refused, and its family revoked.
		if sq, ok := s.(interface{ SQL() *sql.DB }); ok {
			if err := s.CreateUser(ctx, crm.UserRecord{Username: "eve", Role: crm.RoleAgent, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}); err != nil {
				t.Fatal(err)
			}
			eve := rec("h20", "j20")
			eve.Family, eve.Username = "fam-eve", "eve"
			if err := s.SaveRefresh(ctx, eve); err != nil {
				t.Fatal(err)
			}
			if _, err := sq.SQL().ExecContext(ctx, `UPDATE users SET disabled = TRUE WHERE username = 'eve'`); err != nil {
				t.Fatal(err)
			}
			_, err := s.RotateRefresh(ctx, "h20", crm.RefreshRecord{Hash: "h21", AccessJTI: "j21", AccessExp: now.Add(time.Minute), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, now)
			if r, _ := s.JTIRevoked(ctx, "j20"); !errors.Is(err, crm.ErrUserDisabled) || !r {
				t.Errorf("a successor for a disabled user: %v, family revoked %v", err, r)
			}
		}
		// Purge forgets what expired long ago, not what is still live.
		if err := s.RevokeJTI(ctx, "old", now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.Purge(ctx, now); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.JTIRevoked(ctx, "old"); r {
			t.Error("purge kept an old revoked jti")
		}
		if r, _ := s.JTIRevoked(ctx, "j9"); !r {
			t.Error("purge dropped a live revoked jti")
		}
	})

	t.Run("refresh-concurrent", func(t *testing.T) {
		s := open(t)
		if err := s.CreateUser(ctx, crm.UserRecord{Username: "ana", Role: crm.RoleAgent, PasswordHash: "h", CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveRefresh(ctx, crm.RefreshRecord{Hash: "c1", Family: "f", Username: "ana", AccessJTI: "cj", AccessExp: now.Add(time.Minute), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.RotateRefresh(ctx, "c1", crm.RefreshRecord{Hash: fmt.Sprintf("c1-next-%d", i), AccessJTI: fmt.Sprintf("cj%d", i), AccessExp: now.Add(time.Minute), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, now)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, crm.ErrRefreshReused), errors.Is(err, crm.ErrRefreshInvalid):
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d concurrent rotations of one token succeeded, want exactly 1", ok)
		}
	})

	put := func(s crm.Store, c *cases.Case, key, subject string, ifMatch int) (crm.CasePutResult, error) {
		return s.PutCase(ctx, crm.CasePut{Case: c, Key: key, Subject: subject, Role: crm.RoleAgent, Policy: Policy,
			Fingerprint: fmt.Sprintf("%s|%d|%s", c.ID, c.Version, c.Notes), IfMatch: ifMatch, CreateOnly: ifMatch == 0, Now: time.Now()})
	}

	t.Run("cases", func(t *testing.T) {
		s := open(t)
		c := NewCase("C-1", "ana")
		res, err := put(s, c, "k1", "ana", 0)
		if err != nil || !res.Created || res.Version != 1 || res.Replay {
			t.Fatalf("create: %+v %v", res, err)
		}
		again, err := put(s, c, "k1", "ana", 0)
		if err != nil || !again.Replay || string(again.Response) != string(res.Response) || !again.Created || again.Version != 1 {
			t.Errorf("replay: %+v %v", again, err)
		}
		other := *c
		other.Notes = "x"
		if _, err := put(s, &other, "k1", "ana", 0); !errors.Is(err, crm.ErrIdempotencyReused) {
			t.Errorf("key reused: %v", err)
		}
		// Keys are the sender's: another user's "k1" is another key, and
		// never blocks that user's write.
		bens := NewCase("C-B", "ben")
		if res, err := put(s, bens, "k1", "ben", 0); err != nil || res.Replay || !res.Created {
			t.Errorf("ben's own k1 after ana's: %+v %v", res, err)
		}
		v2 := *c
		v2.Version = 2
		if _, err := s.PutCase(ctx, crm.CasePut{Case: &v2, Key: "k2", Subject: "ana", Role: crm.RoleAgent, Policy: Policy, Fingerprint: "f", Now: time.Now()}); !errors.Is(err, crm.ErrPreconditionRequired) {
			t.Errorf("no If-Match: %v", err)
		}
		if res, err := put(s, &v2, "k2", "ana", 1); err != nil || res.Created || res.Version != 2 {
			t.Fatalf("update: %+v %v", res, err)
		}
		var pe *crm.PreconditionError
		if _, err := put(s, &v2, "k3", "ana", 1); !errors.As(err, &pe) || pe.Current != 2 {
			t.Errorf("stale: %v", err)
		}
		missing := NewCase("C-404", "ana")
		missing.Version = 3
		if _, err := put(s, missing, "k4", "ana", 2); !errors.As(err, &pe) || pe.Current != 0 {
			t.Errorf("If-Match on a missing case: %v", err)
		}
		// A failed write leaves its key unused.
		v3 := v2
		v3.Version = 3
		if res, err := put(s, &v3, "k3", "ana", 2); err != nil || res.Version != 3 {
			t.Errorf("key of a refused request used again: %+v %v", res, err)
		}
		sc, err := s.GetCase(ctx, "C-1")
		if err != nil || sc.Case.Version != 3 || sc.SyncedAt.IsZero() {
			t.Errorf("get: %+v %v", sc, err)
		}
		owned := v3
		owned.Version, owned.Agent = 4, "ben"
		if _, err := s.PutCase(ctx, crm.CasePut{Case: &owned, Key: "k5", Subject: "ben", Role: crm.RoleAgent, Policy: Policy, Fingerprint: "f", IfMatch: 3, Owner: "ben", Now: time.Now()}); cases.ErrorCode(err) != cases.EForbidden {
			t.Errorf("another owner: %v", err)
		}
		if _, err := s.GetCase(ctx, "C-404"); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("missing: %v", err)
		}
		// Creating a case that is stored is refused, under a new key or a
		// used one, and the new key stays unused.
		dup := NewCase("C-1", "ana")
		if _, err := put(s, dup, "k6", "ana", 0); !errors.As(err, &pe) || pe.Current != 3 {
			t.Errorf("second create: %v", err)
		}
		if _, err := put(s, dup, "k3", "ana", 0); !errors.Is(err, crm.ErrIdempotencyReused) {
			t.Errorf("second create under a used key: %v", err)
		}
		v4 := v3
		v4.Version = 4
		if res, err := put(s, &v4, "k6", "ana", 3); err != nil || res.Version != 4 || res.Replay {
			t.Errorf("key of a refused create used again: %+v %v", res, err)
		}
	})

	// A desk whose clock runs ahead: the call's beginning moves back to
	// crmd's receipt and its close with it, so the duration the store
	// keeps is the call's, not the call's plus the skew.
	t.Run("desk-clock-ahead", func(t *testing.T) {
		s := open(t)
		c := NewCase("C-SKEW", "ana")
		c.OpenedAt = time.Now().Add(time.Hour).UTC().Truncate(time.Microsecond)
		c.ClosedAt, c.Status, c.Reason = c.OpenedAt.Add(9*time.Minute), cases.StatusClosed, "resolved"
		if _, err := put(s, c, "skew", "ana", 0); err != nil {
			t.Fatal(err)
		}
		sc, err := s.GetCase(ctx, "C-SKEW")
		if err != nil {
			t.Fatal(err)
		}
		got := sc.Case
		if got.OpenedAt.After(got.CreatedAt) || got.ClosedAt.Sub(got.OpenedAt) != 9*time.Minute {
			t.Errorf("created %s opened %s closed %s: the call lasted 9m", got.CreatedAt, got.OpenedAt, got.ClosedAt)
		}
	})

	t.Run("what-the-server-owns", func(t *testing.T) {
		s := open(t)
		// A body that claims a resolved escalation, a self-approved credit
		// far above authority with a supervisor's decision, another role
		// and a created time of its own.
		c := NewCase("C-OWN", "ana")
		c.Role = crm.RoleAdmin
		c.CreatedAt = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
		c.Status = cases.StatusEscalated
		c.Actions = []cases.Action{
			{ID: "credit", Amount: 99999999, Reason: "goodwill", At: now, Role: crm.RoleAdmin, Limit: 100000000, Approved: true,
				Decision: &cases.Decision{Approved: true, By: "ana", At: now}},
			{ID: "adjustment", Amount: 1500, Reason: "late fee", At: now},
		}
		c.Escalation = &cases.Escalation{Ticket: "ESC-O", Priority: "high", Reason: "r", At: now, Status: "pwned",
			Resolution: "done", DueAt: now.Add(1000 * time.Hour), History: []cases.EscalationChange{{By: "ana", To: cases.EscResolved}}}
		before := time.Now()
		if _, err := put(s, c, "own", "ana", 0); err != nil {
			t.Fatal(err)
		}
		sc, err := s.GetCase(ctx, "C-OWN")
		if err != nil {
			t.Fatal(err)
		}
		got := sc.Case
		if got.Role != crm.RoleAgent || got.CreatedAt.Before(before.Add(-time.Second)) {
			t.Errorf("role %s, created %s: taken from the body", got.Role, got.CreatedAt)
		}
		big, small := got.Actions[0], got.Actions[1]
		if big.Approved || !big.Pending || big.Decision != nil || big.Limit != Policy.AuthorityMinor("agent") || big.Role != crm.RoleAgent {
			t.Errorf("the self-approved credit: %+v", big)
		}
		if !small.Approved || small.Pending {
			t.Errorf("a credit within authority: %+v", small)
		}
		e := got.Escalation
		if e.Status != crm.EscReceived || e.Resolution != "" || len(e.History) != 0 || !e.DueAt.Equal(e.ReceivedAt.Add(24*time.Hour)) {
			t.Errorf("the escalation: %+v", e)
		}
		// The priority is settled with the due time when crmd first
		// records the escalation: a later version that names another one
		// of the pack's (a conflict kept another desk's version, a desk
		// made to) does not show the team a priority its due time was not
		// reckoned by, nor take a case out of the urgent ones it is due as.
		raised := *got
		raised.Version, raised.Notes = 2, "raised"
		esc := *got.Escalation
		esc.Priority = "low"
		raised.Escalation = &esc
		if _, err := put(s, &raised, "own-raised", "ana", 1); err != nil {
			t.Fatal(err)
		}
		sc, err = s.GetCase(ctx, "C-OWN")
		if err != nil {
			t.Fatal(err)
		}
		if e := sc.Case.Escalation; e.Priority != "high" || !e.DueAt.Equal(e.ReceivedAt.Add(24*time.Hour)) {
			t.Errorf("a later version's priority shown by a due time it was not reckoned by: %s, due %s after receipt", e.Priority, e.DueAt.Sub(e.ReceivedAt))
		}
		if team, err := s.ListTeam(ctx, crm.TeamQuery{Page: crm.Page{Limit: 10}}); err != nil || len(team) != 1 || team[0].Case.Escalation.Priority != "high" {
			t.Errorf("the team's queue: %v", err)
		}
		got = sc.Case
		bad := NewCase("C-PRIO", "ana")
		bad.Escalation = &cases.Escalation{Ticket: "ESC-P", Priority: "whenever", Reason: "r", At: now}
		if _, err := put(s, bad, "prio", "ana", 0); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("a priority the playbook lacks: %v", err)
		}
		// A pack published since has retired "high": the escalation
		// recorded under it stays, and the agent's next version saves.
		retired := func(c *cases.Case, key string, ifMatch int) error {
			_, err := s.PutCase(ctx, crm.CasePut{Case: c, Key: key, Subject: "ana", Role: crm.RoleAgent, Policy: noPriorities{},
				Fingerprint: key, IfMatch: ifMatch, Now: time.Now()})
			return err
		}
		v2 := *got
		v2.Version, v2.Status, v2.Notes = 3, cases.StatusClosed, "closed after the pack changed"
		if err := retired(&v2, "own-v2", 2); err != nil {
			t.Errorf("a later version of a case escalated under a retired priority: %v", err)
		}
		// Escalating now under it is still refused.
		plain := NewCase("C-LATE-ESC", "ana")
		if _, err := put(s, plain, "late-1", "ana", 0); err != nil {
			t.Fatal(err)
		}
		plain.Version = 2
		plain.Escalation = &cases.Escalation{Ticket: "ESC-L", Priority: "high", Reason: "r", At: now}
		if err := retired(plain, "late-2", 1); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("escalated under a retired priority: %v", err)
		}
		// Nor may a later version put a priority the pack never had.
		v3 := v2
		v3.Version, v3.Escalation = 4, &cases.Escalation{Ticket: "ESC-O", Priority: "made-up", Reason: "r", At: now}
		if err := retired(&v3, "own-v3", 3); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("a later version with a made-up priority: %v", err)
		}
	})

	t.Run("verdicts-kept", func(t *testing.T) {
		// crmd judges an amount once: a pack published since with a lower
		// limit does not turn a credit it approved into one waiting on a
		// decision nobody was asked for, nor does a body that claims
		// otherwise; a new amount is judged by the pack in force. Through
		// PutCase and through PutCases (the stores read what they hold on
		// two paths).
		for _, batch := range []bool{false, true} {
			s := open(t)
			id := fmt.Sprint("C-KEPT-", batch)
			write := func(c *cases.Case, key string, pol crm.Policy, ifMatch int) error {
				p := crm.CasePut{Case: c, Key: key, Subject: "ana", Role: crm.RoleAgent, Policy: pol, Fingerprint: key, IfMatch: ifMatch, Now: time.Now()}
				if !batch {
					_, err := s.PutCase(ctx, p)
					return err
				}
				return s.PutCases(ctx, []crm.CasePut{p})[0].Err
			}
			c := NewCase(id, "ana")
			c.Actions = []cases.Action{{ID: "credit", Amount: 4000, Reason: "outage", At: now}}
			if err := write(c, id+"-1", Policy, 0); err != nil {
				t.Fatal(err)
			}
			v2 := *c
			v2.Version = 2
			v2.Actions = []cases.Action{
				{ID: "credit", Amount: 4000, Reason: "outage", At: now, Pending: true}, // the body's claim
				{ID: "credit", Amount: 2500, Reason: "second outage", At: now},
			}
			if err := write(&v2, id+"-2", lowerLimit{}, 1); err != nil {
				t.Fatal(err)
			}
			got, err := s.GetCase(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			first, second := got.Case.Actions[0], got.Case.Actions[1]
			if !first.Approved || first.Pending || first.Limit != Policy.AuthorityMinor("agent") {
				t.Errorf("batch %v: the credit approved under the earlier pack: %+v", batch, first)
			}
			// Judged by the pack in force, beside what the case was granted
			// (the authority is per case): 40.00 granted, 25.00 more under a
			// 30.00 limit waits on a decision.
			if second.Approved || !second.Pending || second.Limit != (lowerLimit{}).AuthorityMinor("agent") {
				t.Errorf("batch %v: the new credit: %+v", batch, second)
			}
			// An amount changed at the same place is a new amount.
			v3 := *got.Case
			v3.Version = 3
			v3.Actions = slices.Clone(got.Case.Actions)
			v3.Actions[0].Amount = 4500
			if err := write(&v3, id+"-3", lowerLimit{}, 2); err != nil {
				t.Fatal(err)
			}
			if got, err = s.GetCase(ctx, id); err != nil {
				t.Fatal(err)
			}
			if a := got.Case.Actions[0]; a.Approved || !a.Pending {
				t.Errorf("batch %v: a changed amount kept the earlier verdict: %+v", batch, a)
			}
		}
	})

	t.Run("cases-concurrent", func(t *testing.T) {
		s := open(t)
		if _, err := put(s, NewCase("C-9", "ana"), "base", "ana", 0); err != nil {
			t.Fatal(err)
		}
		// The same request sent eight times at once: applied once, and
		// every answer is the same.
		const n = 8
		v2 := NewCase("C-9", "ana")
		v2.Version = 2
		var wg sync.WaitGroup
		results := make([]crm.CasePutResult, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = put(s, v2, "same-key", "ana", 1)
				if errors.Is(errs[i], crm.ErrRetry) {
					results[i], errs[i] = put(s, v2, "same-key", "ana", 1)
				}
			}()
		}
		wg.Wait()
		fresh := 0
		for i := range n {
			if errs[i] != nil {
				t.Errorf("same key %d: %v", i, errs[i])
				continue
			}
			if !results[i].Replay {
				fresh++
			}
			if results[i].Version != 2 {
				t.Errorf("same key %d: version %d", i, results[i].Version)
			}
		}
		if fresh != 1 {
			t.Errorf("one request applied %d times", fresh)
		}
		// Eight different writes from version 2: exactly one wins.
		wins := 0
		var mu sync.Mutex
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := NewCase("C-9", "ana")
				c.Version, c.Notes = 3, fmt.Sprint("desk ", i)
				_, err := put(s, c, fmt.Sprint("desk-", i), "ana", 2)
				if errors.Is(err, crm.ErrRetry) {
					_, err = put(s, c, fmt.Sprint("desk-", i), "ana", 2)
				}
				var pe *crm.PreconditionError
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case errors.As(err, &pe) && pe.Current == 3:
				default:
					t.Errorf("desk %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d concurrent writes on version 2 won, want 1", wins)
		}
	})

	// One key sent with two different cases at the same moment (a desk
	// that reused a key) is answered as when they come one after the
	// other: one is written, the other is refused as a key reused, never
	// an error of the store's. Each create locks only its own case, so
	// nothing orders the two but the key's unique index.
	t.Run("cases-concurrent-key-reuse", func(t *testing.T) {
		s := open(t)
		const rounds, n = 20, 2
		for round := range rounds {
			key := fmt.Sprint("shared-", round)
			var wg sync.WaitGroup
			results := make([]crm.CasePutResult, n)
			errs := make([]error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := NewCase(fmt.Sprintf("C-R%d-%d", round, i), "ana")
					results[i], errs[i] = put(s, c, key, "ana", 0)
					if errors.Is(errs[i], crm.ErrRetry) {
						results[i], errs[i] = put(s, c, key, "ana", 0)
					}
				}()
			}
			wg.Wait()
			written, reused := 0, 0
			for i := range n {
				switch {
				case errs[i] == nil && results[i].Created && !results[i].Replay:
					written++
				case errors.Is(errs[i], crm.ErrIdempotencyReused):
					reused++
				default:
					t.Errorf("round %d, case %d: %+v %v", round, i, results[i], errs[i])
				}
			}
			if written != 1 || reused != n-1 {
				t.Fatalf("round %d: %d written, %d refused as a reused key; want 1 and %d", round, written, reused, n-1)
			}
		}
		// The back office's writes on a case claim their keys in the same
		// table, each holding only its own escalation row.
		for round := range rounds {
			for i := range n {
				c := NewCase(fmt.Sprintf("C-E%d-%d", round, i), "ana")
				c.Status = cases.StatusEscalated
				c.Escalation = &cases.Escalation{Ticket: fmt.Sprintf("ESC-E%d-%d", round, i), Priority: "high", At: now}
				c.Actions = []cases.Action{{ID: "credit", Amount: 500000, Reason: "r", At: now}}
				if _, err := put(s, c, c.ID, "ana", 0); err != nil {
					t.Fatal(err)
				}
			}
		}
		backOffice := []struct {
			what string
			do   func(caseID, key string) error
		}{
			{"move", func(caseID, key string) error {
				_, err := s.MoveEscalation(ctx, crm.EscalationMove{CaseID: caseID, To: crm.EscInProgress, By: "sup", Key: key, Fingerprint: caseID, Now: time.Now()})
				return err
			}},
			{"decision", func(caseID, key string) error {
				_, err := s.DecideAction(ctx, crm.ActionDecision{CaseID: caseID, Action: 0, Approved: true, By: "sup", Key: key, Fingerprint: caseID, Now: time.Now()})
				return err
			}},
		}
		for _, bo := range backOffice {
			for round := range rounds {
				key := fmt.Sprintf("%s-%d", bo.what, round)
				var wg sync.WaitGroup
				errs := make([]error, n)
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						errs[i] = bo.do(fmt.Sprintf("C-E%d-%d", round, i), key)
					}()
				}
				wg.Wait()
				done, reused := 0, 0
				for i := range n {
					switch {
					case errs[i] == nil:
						done++
					case errors.Is(errs[i], crm.ErrIdempotencyReused):
						reused++
					default:
						t.Errorf("%s round %d, case %d: %v", bo.what, round, i, errs[i])
					}
				}
				if done != 1 || reused != n-1 {
					t.Fatalf("%s round %d: %d done, %d refused as a reused key; want 1 and %d", bo.what, round, done, reused, n-1)
				}
			}
		}
	})

	// An approver's authority counts what they approved on the case
	// before: two approvals by the same supervisor on two actions of one
	// case, sent at the same moment, are judged one after the other in
	// the store's transaction, never each against the case as it stood
	// before either (15,000 + 15,000 past a limit of 20,000: one passes,
	// the other is forbidden). A resend of the one that passed, under its
	// key, answers as it did; a denial spends nothing.
	t.Run("approver-authority-concurrent", func(t *testing.T) {
		s := open(t)
		now := time.Now().UTC().Truncate(time.Millisecond)
		limit := Policy.AuthorityMinor("supervisor")
		const rounds = 5
		for round := range rounds {
			id := fmt.Sprintf("C-AA%d", round)
			c := NewCase(id, "ana")
			c.Status = cases.StatusEscalated
			c.Escalation = &cases.Escalation{Ticket: "ESC-AA" + fmt.Sprint(round), Priority: "high", At: now}
			c.Actions = []cases.Action{
				{ID: "refund", Amount: 15000, Reason: "r", At: now},
				{ID: "credit", Amount: 15000, Reason: "r", At: now},
				{ID: "credit", Amount: 6000, Reason: "r", At: now},
			}
			if _, err := put(s, c, id, "ana", 0); err != nil {
				t.Fatal(err)
			}
			decide := func(action int, id, actionID, key string, approved bool) (crm.EscalationStatus, error) {
				return s.DecideAction(ctx, crm.ActionDecision{CaseID: id, Action: action, ActionID: actionID, Amount: c.Actions[action].Amount, Approved: approved,
					By: "sup", Role: crm.RoleSupervisor, Authority: limit, Key: key, Fingerprint: fmt.Sprintf("%s|%d|%v", id, action, approved), Now: time.Now()})
			}
			keys := []string{id + ":0", id + ":1"}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			sts := make([]crm.EscalationStatus, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					sts[i], errs[i] = decide(i, id, c.Actions[i].ID, keys[i], true)
				}()
			}
			wg.Wait()
			won := -1
			for i := range 2 {
				switch {
				case errs[i] == nil:
					won = i
				case cases.ErrorCode(errs[i]) == cases.EForbidden:
				default:
					t.Errorf("round %d, action %d: %v", round, i, errs[i])
				}
			}
			if (errs[0] == nil) == (errs[1] == nil) {
				t.Fatalf("round %d: approvals of 15000 and 15000 by one supervisor (limit %d) at once: %v, %v; want exactly one forbidden", round, limit, errs[0], errs[1])
			}
			again, err := decide(won, id, c.Actions[won].ID, keys[won], true)
			if err != nil || len(again.Decisions) != 1 || len(sts[won].Decisions) != 1 || again.Decisions[0].Action != won ||
				!again.Decisions[0].At.Equal(sts[won].Decisions[0].At) || again.Decisions[0].By != "sup" || !again.Decisions[0].Approved {
				t.Errorf("round %d: the approval that passed sent again: %+v %v, first %+v", round, again, err, sts[won])
			}
			if _, err := decide(1-won, id, c.Actions[1-won].ID, "", false); err != nil {
				t.Errorf("round %d: denying the other: %v", round, err)
			}
			if _, err := decide(2, id, "credit", "", true); cases.ErrorCode(err) != cases.EForbidden {
				t.Errorf("round %d: 6000 more past the limit: %v", round, err)
			}
		}
	})

	t.Run("batch", func(t *testing.T) {
		s := open(t)
		if _, err := put(s, NewCase("C-X", "ana"), "x1", "ana", 0); err != nil {
			t.Fatal(err)
		}
		var ps []crm.CasePut
		for i := range 5 {
			c := NewCase(fmt.Sprint("C-BATCH-", i), "ana")
			ps = append(ps, crm.CasePut{Case: c, Key: fmt.Sprint("b", i), Subject: "ana", Role: crm.RoleAgent, Policy: Policy, Fingerprint: c.ID, CreateOnly: true, Now: time.Now()})
		}
		stale := NewCase("C-X", "ana") // version 1 again: crmd has it
		ps = append(ps, crm.CasePut{Case: stale, Key: "x-again", Subject: "ana", Role: crm.RoleAgent, Policy: Policy, Fingerprint: "s", CreateOnly: true, Now: time.Now()})
		theirs := NewCase("C-BEN", "ben")
		ps = append(ps, crm.CasePut{Case: theirs, Key: "t", Subject: "ana", Role: crm.RoleAgent, Policy: Policy, Fingerprint: "t", CreateOnly: true, Owner: "ana", Now: time.Now()})
		out := s.PutCases(ctx, ps)
		var pe *crm.PreconditionError
		for i := range 5 {
			if out[i].Err != nil || !out[i].Result.Created {
				t.Errorf("batch item %d: %+v", i, out[i])
			}
		}
		if !errors.As(out[5].Err, &pe) || pe.Current != 1 {
			t.Errorf("the stale item: %+v", out[5])
		}
		if cases.ErrorCode(out[6].Err) != cases.EForbidden {
			t.Errorf("another agent's case in ana's batch: %+v", out[6])
		}
		// The refusals did not undo the others, and resending the batch
		// replays every write.
		for i := range 5 {
			if _, err := s.GetCase(ctx, fmt.Sprint("C-BATCH-", i)); err != nil {
				t.Errorf("batch item %d not stored: %v", i, err)
			}
		}
		for i, o := range s.PutCases(ctx, ps[:5]) {
			if o.Err != nil || !o.Result.Replay {
				t.Errorf("resent item %d: %+v", i, o)
			}
		}
	})

	t.Run("list-and-escalations", func(t *testing.T) {
		s := open(t)
		start := time.Now().Add(-time.Second)
		for i := range 5 {
			agent := "ana"
			if i%2 == 1 {
				agent = "ben"
			}
			c := NewCase(fmt.Sprint("C-L", i), agent)
			if i == 0 || i == 1 {
				c.Status = cases.StatusEscalated
				c.Escalation = &cases.Escalation{Ticket: fmt.Sprint("ESC-", i), Priority: "high", At: now}
				c.Actions = []cases.Action{{ID: "credit", Amount: 500000, Reason: "r", At: now}, {ID: "note"}}
			}
			if _, err := s.PutCase(ctx, crm.CasePut{Case: c, Key: fmt.Sprint("l", i), Subject: agent, Role: crm.RoleAgent, Policy: Policy,
				Fingerprint: c.ID, CreateOnly: true, Now: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.ListCases(ctx, crm.CaseQuery{Page: crm.Page{Since: start, Limit: 100}})
		if err != nil || len(all) != 5 {
			t.Fatalf("list: %d %v", len(all), err)
		}
		for i := 1; i < len(all); i++ {
			a, b := all[i-1], all[i]
			if b.SyncedAt.Before(a.SyncedAt) || b.SyncedAt.Equal(a.SyncedAt) && b.Case.ID <= a.Case.ID {
				t.Errorf("order: %s@%s before %s@%s", a.Case.ID, a.SyncedAt, b.Case.ID, b.SyncedAt)
			}
		}
		anas, _ := s.ListCases(ctx, crm.CaseQuery{Agent: "ana", Page: crm.Page{Limit: 100}})
		if len(anas) != 3 {
			t.Errorf("ana has %d", len(anas))
		}
		page, _ := s.ListCases(ctx, crm.CaseQuery{Page: crm.Page{AfterAt: all[1].SyncedAt, AfterID: all[1].Case.ID, Limit: 100}})
		if len(page) != 3 || page[0].Case.ID != all[2].Case.ID {
			t.Errorf("after cursor: %d", len(page))
		}
		if none, _ := s.ListCases(ctx, crm.CaseQuery{Page: crm.Page{Since: all[4].SyncedAt, Limit: 100}}); len(none) != 0 {
			t.Errorf("since the last write: %d", len(none))
		}

		esc, err := s.ListEscalations(ctx, crm.EscalationQuery{Agent: "ana"})
		if err != nil || len(esc) != 1 || esc[0].Status != crm.EscReceived || esc[0].Ticket != "ESC-0" {
			t.Fatalf("escalations: %+v %v", esc, err)
		}
		t0 := time.Now()
		st, err := s.MoveEscalation(ctx, crm.EscalationMove{CaseID: "C-L0", To: crm.EscInProgress, Comment: "on it", By: "sup", Now: t0})
		if err != nil || st.Status != crm.EscInProgress || st.UpdatedBy != "sup" || st.Agent != "ana" || st.Note != "on it" ||
			len(st.History) != 1 || st.History[0].From != crm.EscReceived || st.History[0].To != crm.EscInProgress || st.History[0].By != "sup" {
			t.Fatalf("move: %+v %v", st, err)
		}
		// The credit above authority waits for a decision: closing the
		// escalation now would leave it undecided for good.
		for _, to := range []cases.EscalationState{crm.EscResolved, crm.EscRejected} {
			if _, err := s.MoveEscalation(ctx, crm.EscalationMove{CaseID: "C-L0", To: to, Resolution: "credit applied", By: "sup", Now: t0.Add(time.Second)}); !errors.Is(err, crm.ErrUndecided) {
				t.Errorf("%s with an amount undecided: %v", to, err)
			}
		}
		dec, err := s.DecideAction(ctx, crm.ActionDecision{CaseID: "C-L0", Action: 0, Approved: true, Comment: "ok", By: "sup", Now: time.Now()})
		if err != nil || len(dec.Decisions) != 1 || dec.Decisions[0].Action != 0 || !dec.Decisions[0].Approved || dec.Decisions[0].By != "sup" {
			t.Fatalf("decide: %+v %v", dec, err)
		}
		st, err = s.MoveEscalation(ctx, crm.EscalationMove{CaseID: "C-L0", To: crm.EscResolved, Comment: "credited", Resolution: "credit applied", By: "sup", Now: t0.Add(time.Second)})
		if err != nil || st.Status != crm.EscResolved || st.Resolution != "credit applied" || len(st.History) != 2 {
			t.Fatalf("resolve: %+v %v", st, err)
		}
		if _, err := s.MoveEscalation(ctx, crm.EscalationMove{CaseID: "C-L0", To: crm.EscInProgress, By: "sup", Now: time.Now()}); !errors.Is(err, crm.ErrTransition) {
			t.Errorf("out of a final state: %v", err)
		}
		if _, err := s.MoveEscalation(ctx, crm.EscalationMove{CaseID: "C-L2", To: crm.EscResolved, By: "sup", Now: time.Now()}); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("no escalation: %v", err)
		}
		if _, err := s.DecideAction(ctx, crm.ActionDecision{CaseID: "C-L0", Action: 0, By: "sup", Now: time.Now()}); !errors.Is(err, crm.ErrDecided) {
			t.Errorf("decided twice: %v", err)
		}
		if _, err := s.DecideAction(ctx, crm.ActionDecision{CaseID: "C-L0", Action: 1, By: "sup", Now: time.Now()}); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("an action within authority: %v", err)
		}
		sc, _ := s.GetCase(ctx, "C-L0")
		if e := sc.Case.Escalation; e == nil || e.Status != crm.EscResolved || len(e.History) != 2 || sc.Case.Actions[0].Decision == nil {
			t.Errorf("overlay: %+v %+v", sc.Case.Escalation, sc.Case.Actions)
		}
		// A list shows each case as a read of it does: the back office's
		// side whole, not its status alone.
		listed, err := s.ListCases(ctx, crm.CaseQuery{Page: crm.Page{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range listed {
			if l.Case.ID != "C-L0" {
				continue
			}
			e, want := l.Case.Escalation, sc.Case.Escalation
			if e == nil || e.Status != want.Status || e.Resolution != want.Resolution || !e.ReceivedAt.Equal(want.ReceivedAt) || !e.DueAt.Equal(want.DueAt) ||
				len(e.History) != len(want.History) || l.Case.Actions[0].Decision == nil || !l.Case.Actions[0].Decision.At.Equal(sc.Case.Actions[0].Decision.At) {
				t.Errorf("listed without the back office's side: %+v %+v", e, l.Case.Actions)
			}
		}
		if later, _ := s.ListEscalations(ctx, crm.EscalationQuery{Page: crm.Page{Since: st.UpdatedAt}}); len(later) != 0 {
			t.Errorf("since the change: %d", len(later))
		}
		if ben, _ := s.ListEscalations(ctx, crm.EscalationQuery{Agent: "ben"}); len(ben) != 1 || ben[0].Status != crm.EscReceived {
			t.Errorf("ben sees %+v", ben)
		}

		team, err := s.ListTeam(ctx, crm.TeamQuery{Page: crm.Page{Limit: 10}})
		if err != nil || len(team) != 2 || team[1].Case.ID != "C-L0" || team[1].Case.Escalation.Status != crm.EscResolved ||
			team[1].Case.Actions[0].Decision == nil || len(team[1].Case.Escalation.History) != 2 {
			t.Fatalf("team: %d %v", len(team), err)
		}
		if one, _ := s.ListTeam(ctx, crm.TeamQuery{Page: crm.Page{Limit: 10}, MaxBytes: 1}); len(one) != 1 {
			t.Errorf("a page over its byte budget holds %d cases, want the first alone", len(one))
		}
		if rest, _ := s.ListTeam(ctx, crm.TeamQuery{Page: crm.Page{AfterAt: team[0].UpdatedAt, AfterID: team[0].Case.ID, Limit: 10}}); len(rest) != 1 || rest[0].Case.ID != "C-L0" {
			t.Errorf("after the cursor: %+v", rest)
		}
		if none, _ := s.ListTeam(ctx, crm.TeamQuery{Page: crm.Page{Since: team[1].UpdatedAt, Limit: 10}}); len(none) != 0 {
			t.Errorf("since the last change: %d", len(none))
		}

		// A decision is on the action as it stood: a later version with
		// another amount at its position has not been decided.
		if d := dec.Decisions[0]; d.ActionID != "credit" || d.Amount != 500000 {
			t.Errorf("the decision does not name what it decided: %+v", d)
		}
		v2 := NewCase("C-L0", "ana")
		v2.Version, v2.Status = 2, cases.StatusEscalated
		v2.Escalation = &cases.Escalation{Ticket: "ESC-0", Priority: "high", At: now}
		v2.Actions = []cases.Action{{ID: "credit", Amount: 90000000, Reason: "r", At: now}, {ID: "note"}}
		if _, err := s.PutCase(ctx, crm.CasePut{Case: v2, Key: "l0-v2", Subject: "ana", Role: crm.RoleAgent, Policy: Policy,
			Fingerprint: "l0-v2", IfMatch: 1, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		sc, _ = s.GetCase(ctx, "C-L0")
		if a := sc.Case.Actions[0]; a.Decision != nil || !a.Pending {
			t.Errorf("an approval carried over to another amount: %+v", a)
		}
		// ... and a supervisor can decide it: the decision replaces the
		// one on the earlier amount, once.
		dec, err = s.DecideAction(ctx, crm.ActionDecision{CaseID: "C-L0", Action: 0, Approved: false, Comment: "too much", By: "sup",
			Key: "dec-1", Fingerprint: "d1", Now: time.Now()})
		if err != nil || len(dec.Decisions) != 1 || dec.Decisions[0].Approved || dec.Decisions[0].Amount != 90000000 {
			t.Fatalf("deciding the new amount: %+v %v", dec, err)
		}
		if _, err := s.DecideAction(ctx, crm.ActionDecision{CaseID: "C-L0", Action: 0, Approved: true, By: "sup", Now: time.Now()}); !errors.Is(err, crm.ErrDecided) {
			t.Errorf("the new amount decided twice: %v", err)
		}
		sc, _ = s.GetCase(ctx, "C-L0")
		if a := sc.Case.Actions[0]; a.Decision == nil || a.Decision.Approved || a.Decision.Comment != "too much" {
			t.Errorf("the new amount's decision: %+v", a.Decision)
		}
		// That key sent again for a case with no escalation: both stores
		// answer not_found (there is nothing to act on), not key_reused.
		if _, err := s.MoveEscalation(ctx, crm.EscalationMove{CaseID: "C-L2", To: crm.EscInProgress, By: "sup", Key: "dec-1", Fingerprint: "a", Now: time.Now()}); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("a reused key, a move with no escalation: %v", err)
		}
		if _, err := s.DecideAction(ctx, crm.ActionDecision{CaseID: "C-NONE", Action: 0, By: "sup", Key: "dec-1", Fingerprint: "b", Now: time.Now()}); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("a reused key, a decision on no case: %v", err)
		}
		hist := NewCase("C-HIST", "ana")
		hist.Status = cases.StatusEscalated
		hist.Escalation = &cases.Escalation{Ticket: "ESC-H", Priority: "high", At: now}
		if _, err := s.PutCase(ctx, crm.CasePut{Case: hist, Key: "hist", Subject: "ana", Role: crm.RoleAgent, Policy: Policy,
			Fingerprint: "hist", CreateOnly: true, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		// A history has room for so many bytes of comments, then none: the
		// case every desk sends back with it must stay under crmd's cap.
		note := strings.Repeat("é", 2000) // 4,000 bytes
		full := 0
		for i := range 20 {
			to := crm.EscInProgress
			if i%2 == 1 {
				to = crm.EscWaiting
			}
			_, err := s.MoveEscalation(ctx, crm.EscalationMove{CaseID: "C-HIST", To: to, Comment: note, By: "sup", Now: time.Now()})
			if errors.Is(err, crm.ErrHistoryFull) {
				full = i
				break
			}
			if err != nil {
				t.Fatalf("move %d: %v", i, err)
			}
		}
		if full != crm.MaxHistoryBytes/4000 {
			t.Errorf("the history was full after %d moves of 4,000 bytes, want %d", full, crm.MaxHistoryBytes/4000)
		}
		// Full, it can still be closed: a final state is final.
		if _, err := s.MoveEscalation(ctx, crm.EscalationMove{CaseID: "C-HIST", To: crm.EscResolved, Comment: note, Resolution: note, By: "sup", Now: time.Now()}); err != nil {
			t.Errorf("resolving a full history: %v", err)
		}
	})

	// An account's contacts are every agent's cases of it, newest first
	// by crmd's receipt (then ID), with the back office's state, and
	// nothing of the case's notes.
	t.Run("contacts", func(t *testing.T) {
		s := open(t)
		base := now.Add(-time.Hour)
		write := func(id, agent, account string, at time.Time, edit func(c *cases.Case)) {
			t.Helper()
			c := NewCase(id, agent)
			c.Customer.Account = account
			if edit != nil {
				edit(c)
			}
			if _, err := s.PutCase(ctx, crm.CasePut{Case: c, Key: "k-" + id, Subject: agent, Role: crm.RoleAgent, Policy: Policy,
				Fingerprint: id, CreateOnly: true, Now: at}); err != nil {
				t.Fatal(err)
			}
		}
		write("C-H1", "ana", "ACC-H", base, func(c *cases.Case) {
			c.Status, c.Reason, c.Notes = cases.StatusClosed, "billing_error", "card 4111 1111 1111 1111, PIN 4821"
			// Taken offline the day before it reached crmd.
			c.OpenedAt = base.Add(-26 * time.Hour)
		})
		write("C-H2", "ben", "ACC-H", base.Add(time.Minute), func(c *cases.Case) {
			c.Status, c.CallType = cases.StatusEscalated, "outage"
			c.Escalation = &cases.Escalation{Ticket: "ESC-H2", Priority: "high", At: base}
		})
		// Received in the same microsecond: the ID orders them.
		write("C-H3", "ana", "ACC-H", base.Add(2*time.Minute), nil)
		write("C-H4", "ben", "ACC-H", base.Add(2*time.Minute), nil)
		write("C-X1", "ana", "ACC-OTHER", base.Add(3*time.Minute), nil)
		if _, err := s.MoveEscalation(ctx, crm.EscalationMove{CaseID: "C-H2", To: crm.EscRejected, Resolution: "not our fault", By: "sup", Now: base.Add(4 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
		list, err := s.ListContacts(ctx, "ACC-H", 0)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range list {
			ids = append(ids, c.CaseID)
		}
		if want := []string{"C-H4", "C-H3", "C-H2", "C-H1"}; !slices.Equal(ids, want) {
			t.Fatalf("contacts %v, want %v", ids, want)
		}
		h2, h1 := list[2], list[3]
		if h2.Agent != "ben" || !h2.Escalated || h2.Escalation != crm.EscRejected || h2.Ticket != "ESC-H2" || h2.Resolution != "not our fault" ||
			h2.Status != cases.StatusEscalated || h2.CallType != "outage" || !h2.At.Equal(base.Add(time.Minute)) || h2.CalledAt.After(h2.At) {
			t.Errorf("the escalated contact: %+v", h2)
		}
		if h1.Agent != "ana" || h1.Escalated || h1.Escalation != "" || h1.Ticket != "" || h1.Status != cases.StatusClosed ||
			h1.ReasonCode != "billing_error" || h1.CallType != "billing_dispute" || !h1.At.Equal(base) || !h1.CalledAt.Equal(base.Add(-26*time.Hour)) {
			t.Errorf("the closed contact: %+v", h1)
		}
		if two, err := s.ListContacts(ctx, "ACC-H", 2); err != nil || len(two) != 2 || two[0].CaseID != "C-H4" {
			t.Errorf("limit 2: %+v %v", two, err)
		}
		if none, err := s.ListContacts(ctx, "ACC-NONE", 5); err != nil || len(none) != 0 {
			t.Errorf("an account without cases: %+v %v", none, err)
		}
		// The notes never reach storage with a card or a PIN in them,
		// whatever the history reads.
		sc, err := s.GetCase(ctx, "C-H1")
		if err != nil || strings.Contains(sc.Case.Notes, "4111 1111") || strings.Contains(sc.Case.Notes, "4821") {
			t.Errorf("stored notes: %+v %v", sc, err)
		}
	})

	t.Run("customers-playbook-training", func(t *testing.T) {
		s := open(t)
		list := []*cases.Customer{{Account: "ACC-1", Name: "Lucía García", Currency: "EUR"}, {Account: "ACC-2", Name: "Bob Stone", Currency: "USD"}, {Account: "X%_1", Name: "Odd"}}
		if err := s.UpsertCustomers(ctx, list); err != nil {
			t.Fatal(err)
		}
		if err := s.UpsertCustomers(ctx, []*cases.Customer{{Account: "ACC-3", Name: "ok"}, {Account: " ", Name: "bad"}}); err == nil {
			t.Error("empty account accepted")
		}
		if _, err := s.GetCustomer(ctx, "ACC-3"); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("a failed import stored a row: %v", err)
		}
		// An account cannot be redacted (it is the key): a card number
		// there is refused with the whole list.
		if err := s.UpsertCustomers(ctx, []*cases.Customer{{Account: "ACC-4", Name: "ok"}, {Account: "4111111111111111", Name: "card"}}); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("a card number as an account: %v", err)
		}
		if _, err := s.GetCustomer(ctx, "4111111111111111"); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("a profile stored under a card number: %v", err)
		}
		c, err := s.GetCustomer(ctx, "ACC-1")
		if err != nil || c.Name != "Lucía García" {
			t.Errorf("get: %+v %v", c, err)
		}
		// Whoever calls the store, a profile's free texts are redacted.
		dirty := &cases.Customer{Account: "RED-1", Name: "Ana 4111 1111 1111 1111", Plan: "cvv 123", Services: "pin 4321",
			Address: "Elm St 5555-5555-5555-4444", Phone: "clave 9876"}
		if err := s.UpsertCustomers(ctx, []*cases.Customer{dirty}); err != nil {
			t.Fatal(err)
		}
		if c, err := s.GetCustomer(ctx, "RED-1"); err != nil || c.Name != "Ana •••• 1111" || c.Plan != "cvv ***" ||
			c.Services != "pin ****" || c.Address != "Elm St •••• 4444" || c.Phone != "clave ****" {
			t.Errorf("stored profile: %+v %v", c, err)
		}
		if dirty.Name != "Ana 4111 1111 1111 1111" {
			t.Error("the store changed the caller's profile")
		}
		// Case is folded for every letter, as PostgreSQL's ILIKE does, on
		// both stores: "GARCÍA" finds "Lucía García".
		for q, want := range map[string]int{"ACC": 2, "garc": 1, "stone": 1, "%": 0, "X%": 1, "zzz": 0, "GARCÍA": 1, "lucía g": 1} {
			got, err := s.SearchCustomers(ctx, q, 10)
			if err != nil || len(got) != want {
				t.Errorf("search %q: %d, want %d (%v)", q, len(got), want, err)
			}
		}

		if _, err := s.CurrentPlaybook(ctx); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("no pack yet: %v", err)
		}
		if _, err := s.CurrentPlaybookSHA(ctx); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("no pack's hash yet: %v", err)
		}
		for i := 1; i <= 2; i++ {
			v, err := s.PublishPlaybook(ctx, crm.PlaybookPack{SHA256: fmt.Sprint("h", i), Files: map[string]string{"a.toml": fmt.Sprint(i)}, PublishedBy: "sup", PublishedAt: now})
			if err != nil || v != i {
				t.Fatalf("publish %d: %d %v", i, v, err)
			}
		}
		p, err := s.CurrentPlaybook(ctx)
		if err != nil || p.Version != 2 || p.Files["a.toml"] != "2" || p.SHA256 != "h2" {
			t.Errorf("current: %+v %v", p, err)
		}
		if sha, err := s.CurrentPlaybookSHA(ctx); err != nil || sha != "h2" {
			t.Errorf("the current pack's hash: %q %v", sha, err)
		}
		// A publish over a version no longer the latest stores nothing;
		// of several over the same version at once, one is stored.
		if _, err := s.PublishPlaybookOver(ctx, crm.PlaybookPack{SHA256: "stale", Files: map[string]string{"a.toml": "x"}, PublishedBy: "sup", PublishedAt: now}, 1); !errors.Is(err, crm.ErrPlaybookMoved) {
			t.Errorf("publish over version 1 with 2 in force: %v", err)
		}
		// Rounds: the first opens the connections the next ones race on.
		for over := 2; over < 6; over++ {
			var stored atomic.Int32
			var wg sync.WaitGroup
			begin := make(chan struct{})
			for i := range 16 {
				wg.Go(func() {
					<-begin
					v, err := s.PublishPlaybookOver(ctx, crm.PlaybookPack{SHA256: fmt.Sprint("o", i), Files: map[string]string{"a.toml": "o"}, PublishedBy: "sup", PublishedAt: now}, over)
					switch {
					case err == nil && v == over+1:
						stored.Add(1)
					case !errors.Is(err, crm.ErrPlaybookMoved) && !crm.Retryable(err):
						t.Errorf("publish over version %d, at once: %d %v", over, v, err)
					}
				})
			}
			close(begin)
			wg.Wait()
			if p, err := s.CurrentPlaybook(ctx); stored.Load() != 1 || err != nil || p.Version != over+1 {
				t.Fatalf("publishes over version %d at once: %d stored, in force %+v %v", over, stored.Load(), p, err)
			}
		}

		a := crm.TrainingAttempt{ID: "a1", Username: "tia", Scenario: "s", Score: 1, MaxScore: 2, ReceivedAt: now}
		if created, err := s.AddAttempt(ctx, a, "fp"); err != nil || !created {
			t.Fatalf("add: %v %v", created, err)
		}
		if created, err := s.AddAttempt(ctx, a, "fp"); err != nil || created {
			t.Errorf("resend: %v %v", created, err)
		}
		if _, err := s.AddAttempt(ctx, a, "other"); !errors.Is(err, crm.ErrIdempotencyReused) {
			t.Errorf("id reused: %v", err)
		}
		// A resend is answered what was stored, from the request that
		// stored it only.
		if got, err := s.StoredAttempt(ctx, "a1", "fp"); err != nil || got.ID != "a1" || got.Score != 1 || got.Username != "tia" || !got.ReceivedAt.Equal(now) {
			t.Errorf("stored attempt: %+v %v", got, err)
		}
		if _, err := s.StoredAttempt(ctx, "a1", "other"); !errors.Is(err, crm.ErrIdempotencyReused) {
			t.Errorf("stored attempt from another request: %v", err)
		}
		if _, err := s.StoredAttempt(ctx, "a9", "fp"); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("no stored attempt: %v", err)
		}
		got, err := s.ListAttempts(ctx, crm.AttemptQuery{Username: "tia"})
		if err != nil || len(got) != 1 || got[0].Scenario != "s" {
			t.Errorf("list: %+v %v", got, err)
		}
		if got, _ := s.ListAttempts(ctx, crm.AttemptQuery{Username: "ana"}); len(got) != 0 {
			t.Errorf("another user: %d", len(got))
		}
		// A cursor continues strictly after an attempt, received at the
		// same instant or later.
		for _, id := range []string{"a0", "a2"} {
			b := a
			b.ID = id
			if _, err := s.AddAttempt(ctx, b, "fp-"+id); err != nil {
				t.Fatal(err)
			}
		}
		b := a
		b.ID, b.ReceivedAt = "a3", now.Add(time.Second)
		if _, err := s.AddAttempt(ctx, b, "fp-a3"); err != nil {
			t.Fatal(err)
		}
		all, _ := s.ListAttempts(ctx, crm.AttemptQuery{Username: "tia"})
		after, _ := s.ListAttempts(ctx, crm.AttemptQuery{Username: "tia", Page: crm.Page{AfterAt: now, AfterID: "a1", Limit: 10}})
		if len(all) != 4 || all[0].ID != "a0" || len(after) != 2 || after[0].ID != "a2" || after[1].ID != "a3" {
			t.Errorf("cursor: all %d, after a1 %+v", len(all), after)
		}
		if err := s.Ping(ctx); err != nil {
			t.Error(err)
		}
	})
}
