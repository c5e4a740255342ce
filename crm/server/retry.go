package server

import (
	"context"
	"math/rand/v2"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// Contention is settled here, once, for every route that writes: a write
// the store gave up for others at the same moment (crm.Retryable) is run
// again a few times before its request is answered; one that still does
// not get through is answered 503 unavailable with Retry-After (failErr),
// or a batch item to send again, which every desk does. Running it again
// is safe: a write that is Retryable kept nothing, and a case write or a
// back-office move carries its idempotency key, so even a write that did
// commit answers its first result.

const (
	// retryTries is how many times a write (or a read) is run in all.
	retryTries = 3
	// retryBudget: a retry starts only this soon after the first try. A
	// store that waited long already (SQLite's busy timeout is 10 s) has
	// had its wait; the desk comes back after Retry-After instead of the
	// request holding on.
	retryBudget = 2 * time.Second
	// contendedWait is the Retry-After of a write answered unavailable.
	contendedWait = time.Second
)

// retryWait is a short random pause before try n (from 1): two writes
// that deadlocked each other do not meet again in step.
func retryWait(ctx context.Context, n int) bool {
	t := time.NewTimer(time.Duration(rand.Int64N(int64(5*time.Millisecond) << n)))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// retrying is the server's store: every write and every read of the
// store it wraps, run again while it is Retryable. A read kept nothing
// either, and SQLite gives one up as it does a write, behind a program
// that holds the whole file.
type retrying struct {
	crm.Store
	m *metrics // nil: not counted
	// tries and budget are retryTries and retryBudget when zero.
	tries  int
	budget time.Duration
}

// Operator commands' retries: a person at a terminal can wait where a
// desk's request cannot. The server's budget is PostgreSQL's lock_timeout
// (postgres.LockTimeout): a statement that waited for a lock that long is
// not run again, and one lock held a moment longer would fail a whole
// import or a user add. Here each try may wait its lock_timeout again.
const (
	operatorTries  = 10
	operatorBudget = 30 * time.Second
)

// OperatorStore is st with the server's retries of contention, over
// the operators' budget, for crmd's commands that work on the store
// without serving (user add, disable and list, import customers).
func OperatorStore(st crm.Store) crm.Store {
	return retrying{Store: st, tries: operatorTries, budget: operatorBudget}
}

// again reports whether a write whose try n (from 1) failed with err and
// that started at start is run once more, after the pause, and counts
// what became of the contention.
func (s retrying) again(ctx context.Context, op string, err error, n int, start time.Time) bool {
	if !crm.Retryable(err) {
		return false
	}
	tries, budget := s.tries, s.budget
	if tries == 0 {
		tries, budget = retryTries, retryBudget
	}
	if n >= tries || time.Since(start) > budget || !retryWait(ctx, n) {
		// A request whose client went (before the try ended or during
		// the pause) is answered to nobody (499, failErr): it is no
		// contention given up, and counting it would alert on a flaky
		// network.
		if ctx.Err() == nil {
			s.count(op, "unavailable")
		}
		return false
	}
	s.count(op, "retried")
	return true
}

func (s retrying) count(op, outcome string) {
	if s.m != nil {
		s.m.contention.WithLabelValues(op, outcome).Inc()
	}
}

// run runs fn until it succeeds, fails otherwise than Retryable, or has
// had its tries.
func run[T any](ctx context.Context, s retrying, op string, fn func() (T, error)) (T, error) {
	start := time.Now()
	for n := 1; ; n++ {
		v, err := fn()
		if !s.again(ctx, op, err, n, start) {
			return v, err
		}
	}
}

func run0(ctx context.Context, s retrying, op string, fn func() error) error {
	_, err := run(ctx, s, op, func() (struct{}, error) { return struct{}{}, fn() })
	return err
}

// PutCases runs again the writes of a group that came back Retryable,
// only those: the others are answered as they were.
func (s retrying) PutCases(ctx context.Context, ps []crm.CasePut) []crm.CasePutOutcome {
	start := time.Now()
	out := s.Store.PutCases(ctx, ps)
	for n := 1; ; n++ {
		var again []int
		for i, o := range out {
			if crm.Retryable(o.Err) {
				again = append(again, i)
			}
		}
		if len(again) == 0 || !s.again(ctx, "PutCases", out[again[0]].Err, n, start) {
			return out
		}
		retry := make([]crm.CasePut, len(again))
		for k, i := range again {
			retry[k] = ps[i]
		}
		for k, o := range s.Store.PutCases(ctx, retry) {
			out[again[k]] = o
		}
	}
}

func (s retrying) PutCase(ctx context.Context, p crm.CasePut) (crm.CasePutResult, error) {
	o := s.PutCases(ctx, []crm.CasePut{p})[0]
	return o.Result, o.Err
}

func (s retrying) MoveEscalation(ctx context.Context, m crm.EscalationMove) (crm.EscalationStatus, error) {
	return run(ctx, s, "MoveEscalation", func() (crm.EscalationStatus, error) { return s.Store.MoveEscalation(ctx, m) })
}

func (s retrying) DecideAction(ctx context.Context, d crm.ActionDecision) (crm.EscalationStatus, error) {
	return run(ctx, s, "DecideAction", func() (crm.EscalationStatus, error) { return s.Store.DecideAction(ctx, d) })
}

func (s retrying) PublishPlaybook(ctx context.Context, p crm.PlaybookPack) (int, error) {
	return run(ctx, s, "PublishPlaybook", func() (int, error) { return s.Store.PublishPlaybook(ctx, p) })
}

func (s retrying) PublishPlaybookOver(ctx context.Context, p crm.PlaybookPack, over int) (int, error) {
	return run(ctx, s, "PublishPlaybookOver", func() (int, error) { return s.Store.PublishPlaybookOver(ctx, p, over) })
}

func (s retrying) AddAttempt(ctx context.Context, a crm.TrainingAttempt, fingerprint string) (bool, error) {
	return run(ctx, s, "AddAttempt", func() (bool, error) { return s.Store.AddAttempt(ctx, a, fingerprint) })
}

func (s retrying) StoredAttempt(ctx context.Context, id, fingerprint string) (*crm.TrainingAttempt, error) {
	return run(ctx, s, "StoredAttempt", func() (*crm.TrainingAttempt, error) { return s.Store.StoredAttempt(ctx, id, fingerprint) })
}

func (s retrying) CreateUser(ctx context.Context, u crm.UserRecord) error {
	return run0(ctx, s, "CreateUser", func() error { return s.Store.CreateUser(ctx, u) })
}

func (s retrying) SetUserDisabled(ctx context.Context, username string, disabled bool, now time.Time) error {
	return run0(ctx, s, "SetUserDisabled", func() error { return s.Store.SetUserDisabled(ctx, username, disabled, now) })
}

func (s retrying) SetUserPassword(ctx context.Context, username, hash string, now time.Time) error {
	return run0(ctx, s, "SetUserPassword", func() error { return s.Store.SetUserPassword(ctx, username, hash, now) })
}

func (s retrying) SetUserRole(ctx context.Context, username string, role crm.Role, now time.Time) error {
	return run0(ctx, s, "SetUserRole", func() error { return s.Store.SetUserRole(ctx, username, role, now) })
}

func (s retrying) SaveRefresh(ctx context.Context, r crm.RefreshRecord) error {
	return run0(ctx, s, "SaveRefresh", func() error { return s.Store.SaveRefresh(ctx, r) })
}

func (s retrying) RotateRefresh(ctx context.Context, oldHash string, next crm.RefreshRecord, now time.Time) (crm.RefreshRecord, error) {
	return run(ctx, s, "RotateRefresh", func() (crm.RefreshRecord, error) { return s.Store.RotateRefresh(ctx, oldHash, next, now) })
}

func (s retrying) RevokeFamily(ctx context.Context, hash string, now time.Time) (crm.RefreshRecord, error) {
	return run(ctx, s, "RevokeFamily", func() (crm.RefreshRecord, error) { return s.Store.RevokeFamily(ctx, hash, now) })
}

func (s retrying) RevokeJTI(ctx context.Context, jti string, expires time.Time) error {
	return run0(ctx, s, "RevokeJTI", func() error { return s.Store.RevokeJTI(ctx, jti, expires) })
}

func (s retrying) UpsertCustomers(ctx context.Context, list []*cases.Customer) error {
	return run0(ctx, s, "UpsertCustomers", func() error { return s.Store.UpsertCustomers(ctx, list) })
}

func (s retrying) Purge(ctx context.Context, before time.Time) error {
	return run0(ctx, s, "Purge", func() error { return s.Store.Purge(ctx, before) })
}

func (s retrying) GetUser(ctx context.Context, username string) (*crm.UserRecord, error) {
	return run(ctx, s, "GetUser", func() (*crm.UserRecord, error) { return s.Store.GetUser(ctx, username) })
}

func (s retrying) ListUsers(ctx context.Context, q crm.UserQuery) ([]crm.UserRecord, error) {
	return run(ctx, s, "ListUsers", func() ([]crm.UserRecord, error) { return s.Store.ListUsers(ctx, q) })
}

func (s retrying) JTIRevoked(ctx context.Context, jti string) (bool, error) {
	return run(ctx, s, "JTIRevoked", func() (bool, error) { return s.Store.JTIRevoked(ctx, jti) })
}

func (s retrying) GetCase(ctx context.Context, id string) (*crm.StoredCase, error) {
	return run(ctx, s, "GetCase", func() (*crm.StoredCase, error) { return s.Store.GetCase(ctx, id) })
}

func (s retrying) ListCases(ctx context.Context, q crm.CaseQuery) ([]crm.StoredCase, error) {
	return run(ctx, s, "ListCases", func() ([]crm.StoredCase, error) { return s.Store.ListCases(ctx, q) })
}

func (s retrying) ListContacts(ctx context.Context, account string, limit int) ([]crm.Contact, error) {
	return run(ctx, s, "ListContacts", func() ([]crm.Contact, error) { return s.Store.ListContacts(ctx, account, limit) })
}

func (s retrying) GetCustomer(ctx context.Context, account string) (*cases.Customer, error) {
	return run(ctx, s, "GetCustomer", func() (*cases.Customer, error) { return s.Store.GetCustomer(ctx, account) })
}

func (s retrying) SearchCustomers(ctx context.Context, q string, limit int) ([]*cases.Customer, error) {
	return run(ctx, s, "SearchCustomers", func() ([]*cases.Customer, error) { return s.Store.SearchCustomers(ctx, q, limit) })
}

func (s retrying) ListEscalations(ctx context.Context, q crm.EscalationQuery) ([]crm.EscalationStatus, error) {
	return run(ctx, s, "ListEscalations", func() ([]crm.EscalationStatus, error) { return s.Store.ListEscalations(ctx, q) })
}

func (s retrying) ListTeam(ctx context.Context, q crm.TeamQuery) ([]crm.TeamEscalation, error) {
	return run(ctx, s, "ListTeam", func() ([]crm.TeamEscalation, error) { return s.Store.ListTeam(ctx, q) })
}

func (s retrying) CurrentPlaybook(ctx context.Context) (*crm.PlaybookPack, error) {
	return run(ctx, s, "CurrentPlaybook", func() (*crm.PlaybookPack, error) { return s.Store.CurrentPlaybook(ctx) })
}

func (s retrying) CurrentPlaybookSHA(ctx context.Context) (string, error) {
	return run(ctx, s, "CurrentPlaybookSHA", func() (string, error) { return s.Store.CurrentPlaybookSHA(ctx) })
}

func (s retrying) ListAttempts(ctx context.Context, q crm.AttemptQuery) ([]crm.TrainingAttempt, error) {
	return run(ctx, s, "ListAttempts", func() ([]crm.TrainingAttempt, error) { return s.Store.ListAttempts(ctx, q) })
}
