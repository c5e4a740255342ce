// Package loadtest drives crmd as a contact centre does: many desks, each
// with its own SQLite outbox and the desktop's sync worker, saving cases
// against one crmd on SQLite or several instances on one PostgreSQL,
// through a balancer that may add latency, reset connections and lose or
// cut answers, with an instance restarted in the middle. Everything runs
// in this process on loopback and stops at its deadline. Afterwards every
// saved version is checked on crmd: present exactly once.
//
// `make load` runs it at full size (200 desks, 60 s each scenario);
// `go test ./internal/loadtest` runs a short version of it.
package loadtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"agentdesk/crm"
	"agentdesk/crm/server"
	"agentdesk/internal/faultproxy"
	"agentdesk/postgres"
	"agentdesk/sqlite"
)

// Config is one run.
type Config struct {
	Desks    int           // simulated desks
	Duration time.Duration // how long the desks save
	Think    time.Duration // a desk's pause between two saves, ±50%
	Ramp     time.Duration // the desks log in spread over this, from the start

	// Postgres, a postgres:// DSN on loopback, runs Instances crmd
	// instances on it; empty, one crmd on SQLite.
	Postgres  string
	Instances int
	// Faults makes the balancer faulty during the run: FaultPercent of
	// connections reset, of answers lost and of answers cut, each, and up
	// to 4 ms of latency on every read.
	Faults       bool
	FaultPercent int
	// Restart stops an instance for a second halfway through, cutting
	// its connections, and starts it again on the same address.
	Restart bool

	Drain time.Duration // how long the outboxes may take to empty after the run
	Dir   string        // for the databases; a temporary folder when empty
	Log   io.Writer     // progress lines; nil for none
}

// Report is what a run measured.
type Report struct {
	Desks     int
	Instances int
	Store     string
	Faults    bool
	Restarts  int
	Duration  time.Duration

	Saves      int     // case versions saved at the desks during the run
	Acked      int     // of them acknowledged by crmd before the deadline
	Throughput float64 // Acked a second

	Requests int           // sync requests sent during the run
	P50, P99 time.Duration // of the answered ones, to the answer's headers
	// SteadyP50 and SteadyP99 leave out the ramp, when the desks' logins
	// (Argon2, 19 MiB and tens of milliseconds of CPU each) compete with
	// the first desks' syncs.
	SteadyP50, SteadyP99 time.Duration
	NoAnswer             int // reset, cut or timed out
	Busy                 int // answered 429 or 503
	LoginRetry           int // logins tried again (503 while others' passwords were checked, faults)

	Resets, Lost, Cut int64 // faults injected by the balancer
	Replays           int   // writes crmd recognised as resends

	Cases, Versions int // on crmd at the end, every one checked
}

// String is the report on a few lines.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d desks, %d crmd on %s", r.Desks, r.Instances, r.Store)
	if r.Faults {
		fmt.Fprintf(&b, ", faults (%d resets, %d answers lost, %d cut)", r.Resets, r.Lost, r.Cut)
	}
	if r.Restarts > 0 {
		fmt.Fprintf(&b, ", %d restart", r.Restarts)
	}
	fmt.Fprintf(&b, ", %s:\n", r.Duration.Round(time.Second))
	fmt.Fprintf(&b, "  %d versions saved, %d acknowledged in the run: %.0f versions/s\n", r.Saves, r.Acked, r.Throughput)
	fmt.Fprintf(&b, "  %d sync requests: p50 %.1f ms, p99 %.1f ms (after the logins: p50 %.1f ms, p99 %.1f ms); %d without an answer, %d busy; %d login retries\n",
		r.Requests, ms(r.P50), ms(r.P99), ms(r.SteadyP50), ms(r.SteadyP99), r.NoAnswer, r.Busy, r.LoginRetry)
	fmt.Fprintf(&b, "  crmd: %d cases, %d versions, each exactly once; %d resends replayed", r.Cases, r.Versions, r.Replays)
	return b.String()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// password is every desk's.
const password = "load-test-password"

// Run runs one load test. It fails when a desk's outbox does not empty
// after the run, when crmd refused or conflicted a save, or when what crmd
// holds is not exactly what the desks saved.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Desks < 1 || cfg.Duration <= 0 {
		return nil, errors.New("loadtest: desks and a duration")
	}
	if cfg.Think <= 0 {
		cfg.Think = 500 * time.Millisecond
	}
	if cfg.Drain <= 0 {
		cfg.Drain = 60 * time.Second
	}
	if cfg.FaultPercent <= 0 {
		cfg.FaultPercent = 3
	}
	if cfg.Instances < 1 {
		cfg.Instances = 1
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, "loadtest: "+format+"\n", args...)
		}
	}
	dir := cfg.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "crmload-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	rep := &Report{Desks: cfg.Desks, Instances: cfg.Instances, Faults: cfg.Faults, Duration: cfg.Duration}

	// The store every instance opens its own handle on.
	var open func(context.Context) (crm.Store, error)
	switch {
	case cfg.Postgres != "":
		if err := loopbackDSN(cfg.Postgres); err != nil {
			return nil, err
		}
		rep.Store = "PostgreSQL"
		open = func(ctx context.Context) (crm.Store, error) { return postgres.Open(ctx, cfg.Postgres) }
	default:
		if cfg.Instances > 1 {
			return nil, errors.New("loadtest: several instances need PostgreSQL")
		}
		rep.Store = "SQLite"
		path := filepath.Join(dir, "crmd.db")
		open = func(ctx context.Context) (crm.Store, error) { return sqlite.OpenServer(ctx, path) }
	}
	if err := seed(ctx, open, cfg.Desks); err != nil {
		return nil, err
	}
	keys, _, err := server.EnsureKeys(filepath.Join(dir, "keys"), time.Now())
	if err != nil {
		return nil, err
	}
	var instances []*instance
	defer func() {
		for _, in := range instances {
			in.stop()
		}
	}()
	var addrs []string
	for range cfg.Instances {
		in, err := startInstance(ctx, open, keys)
		if err != nil {
			return nil, err
		}
		instances = append(instances, in)
		addrs = append(addrs, in.addr)
	}
	bal, err := faultproxy.New(addrs, cfg.FaultPercent)
	if err != nil {
		return nil, err
	}
	defer bal.Close()

	logf("%d desks: opening their databases", cfg.Desks)
	m := &meter{}
	desks := make([]*desk, cfg.Desks)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for i := range desks {
		g.Go(func() error {
			d, err := newDesk(gctx, filepath.Join(dir, "desks", deskUser(i)), bal.URL(), i, m)
			desks[i] = d
			return err
		})
	}
	err = g.Wait()
	defer func() {
		for _, d := range desks {
			if d != nil {
				d.db.Close()
			}
		}
	}()
	if err != nil {
		return nil, err
	}

	// The run: desks log in spread over the ramp, then save until the
	// deadline, each worker sending as the desktop's does.
	logf("%s: %d desks on %d crmd (%s) for %s", scenario(cfg), cfg.Desks, cfg.Instances, rep.Store, cfg.Duration)
	runCtx, stopWorkers := context.WithCancel(ctx)
	var workers sync.WaitGroup
	defer func() {
		stopWorkers()
		workers.Wait()
	}()
	start := time.Now()
	until := start.Add(cfg.Duration)
	m.steady = start.Add(cfg.Ramp)
	m.on.Store(true)
	bal.Faulty.Store(cfg.Faults)
	if cfg.Restart {
		in := instances[len(instances)-1]
		workers.Go(func() {
			select {
			case <-runCtx.Done():
				return
			case <-time.After(cfg.Duration / 2):
			}
			logf("restarting crmd on %s", in.addr)
			if err := in.restart(runCtx, time.Second); err != nil {
				logf("restart: %v", err)
				return
			}
			rep.Restarts++
		})
	}
	g, gctx = errgroup.WithContext(runCtx)
	for i, d := range desks {
		g.Go(func() error {
			if cfg.Ramp > 0 {
				select {
				case <-gctx.Done():
					return gctx.Err()
				case <-time.After(cfg.Ramp * time.Duration(i) / time.Duration(len(desks))):
				}
			}
			if err := d.login(gctx, password); err != nil {
				return fmt.Errorf("%s: login: %w", d.user, err)
			}
			workers.Go(func() { _ = d.worker.Run(runCtx) })
			return d.work(gctx, until, cfg.Think)
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	time.Sleep(time.Until(until))
	m.on.Store(false)
	for _, d := range desks {
		n, err := d.db.OutboxStats(ctx, "")
		if err != nil {
			return nil, err
		}
		rep.Saves += d.saves
		rep.Acked += d.saves - n.Pending
		rep.LoginRetry += d.loginRetries
	}
	rep.Throughput = float64(rep.Acked) / cfg.Duration.Seconds()
	m.mu.Lock()
	rep.Requests, rep.NoAnswer, rep.Busy = m.requests, m.failed, m.busy
	if len(m.lat) > 0 {
		slices.Sort(m.lat)
		rep.P50, rep.P99 = quantile(m.lat, 0.50), quantile(m.lat, 0.99)
	}
	if len(m.steadyLat) > 0 {
		slices.Sort(m.steadyLat)
		rep.SteadyP50, rep.SteadyP99 = quantile(m.steadyLat, 0.50), quantile(m.steadyLat, 0.99)
	}
	m.mu.Unlock()

	// The network heals; every outbox must empty.
	bal.Faulty.Store(false)
	rep.Resets, rep.Lost, rep.Cut = bal.Resets.Load(), bal.Lost.Load(), bal.Cut.Load()
	logf("run over: %d of %d versions acknowledged; draining the rest", rep.Acked, rep.Saves)
	deadline := time.Now().Add(cfg.Drain)
	for _, d := range desks {
		for {
			n, err := d.db.OutboxStats(ctx, "")
			if err != nil {
				return nil, err
			}
			pending, aside, conflicts := n.Pending, n.Aside, n.Conflicts
			if aside != 0 || conflicts != 0 {
				return nil, fmt.Errorf("%s: crmd set %d saves aside and conflicted %d (%+v)%s", d.user, aside, conflicts,
					d.worker.Progress(), collisions(ctx, open, d))
			}
			if pending == 0 {
				break
			}
			if time.Now().After(deadline) {
				return nil, fmt.Errorf("%s: %d saves still waiting %s after the run (%+v)", d.user, pending, cfg.Drain, d.worker.Progress())
			}
			d.worker.Wake()
			time.Sleep(50 * time.Millisecond)
		}
	}
	stopWorkers()
	workers.Wait()
	for _, in := range instances {
		rep.Replays += in.Replays()
	}
	for _, in := range instances {
		in.stop()
	}
	if err := verify(ctx, open, desks, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

func scenario(cfg Config) string {
	s := "steady"
	if cfg.Faults {
		s = "faults"
	}
	if cfg.Restart {
		s += " and a restart"
	}
	return s
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted)) + 0.5)
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

// loopbackDSN refuses a PostgreSQL that is not on this machine: the load
// test hammers what it is pointed at.
func loopbackDSN(dsn string) error {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return errors.New("loadtest: a postgres:// DSN")
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("loadtest: PostgreSQL on %q: the load test runs on loopback only", host)
	}
	return nil
}

// seed creates the desks' agents, with one password hash: Argon2 for each
// would take longer than the run.
func seed(ctx context.Context, open func(context.Context) (crm.Store, error), desks int) error {
	store, err := open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	hash, err := server.HashPassword(password)
	if err != nil {
		return err
	}
	now := time.Now()
	for i := range desks {
		err := store.CreateUser(ctx, crm.UserRecord{Username: deskUser(i), Role: crm.RoleAgent, PasswordHash: hash, CreatedAt: now, UpdatedAt: now})
		if err != nil {
			return fmt.Errorf("loadtest: seed %s: %w", deskUser(i), err)
		}
	}
	return nil
}

// verify checks crmd against the desks: one row per case, at the version
// the desk saved last, with its notes; one idempotency key per saved
// version of each agent, and no other.
func verify(ctx context.Context, open func(context.Context) (crm.Store, error), desks []*desk, rep *Report) error {
	store, err := open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	var q *sql.DB
	switch s := store.(type) {
	case *sqlite.ServerDB:
		q = s.SQL()
	case *postgres.DB:
		q = s.SQL()
	default:
		return fmt.Errorf("loadtest: cannot read %T", store)
	}
	type agg struct{ cases, versions, keys int }
	got := map[string]*agg{}
	at := func(user string) *agg {
		if got[user] == nil {
			got[user] = &agg{}
		}
		return got[user]
	}
	versions := map[string]int{}
	rows, err := q.QueryContext(ctx, `SELECT id, agent, version FROM cases`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, agent string
		var v int
		if err := rows.Scan(&id, &agent, &v); err != nil {
			rows.Close()
			return err
		}
		versions[id] = v
		a := at(agent)
		a.cases++
		a.versions += v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT subject, COUNT(*) FROM idempotency_keys GROUP BY subject`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var sub string
		var n int
		if err := rows.Scan(&sub, &n); err != nil {
			rows.Close()
			return err
		}
		at(sub).keys = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var problems []string
	for _, d := range desks {
		want := agg{cases: len(d.saved)}
		for id, c := range d.saved {
			want.versions += c.Version
			if v, ok := versions[id]; !ok || v != c.Version {
				problems = append(problems, fmt.Sprintf("%s: crmd has v%d, the desk saved v%d", id, v, c.Version))
			}
		}
		want.keys = want.versions
		if g := at(d.user); *g != want {
			problems = append(problems, fmt.Sprintf("%s: crmd has %d cases, %d versions and %d keys; the desk saved %d cases in %d versions",
				d.user, g.cases, g.versions, g.keys, want.cases, want.versions))
		}
		rep.Cases += want.cases
		rep.Versions += want.versions
	}
	// The last case of each desk, read back whole: the version crmd
	// serves is the one the desk saved.
	for _, d := range desks {
		for id, c := range d.saved {
			sc, err := store.GetCase(ctx, id)
			if err != nil {
				return err
			}
			if sc.Case.Notes != c.Notes || sc.Case.Version != c.Version {
				problems = append(problems, fmt.Sprintf("%s: crmd serves v%d %q, the desk saved v%d %q", id, sc.Case.Version, sc.Case.Notes, c.Version, c.Notes))
			}
			break
		}
	}
	if len(problems) > 0 {
		if len(problems) > 10 {
			problems = append(problems[:10], fmt.Sprintf("and %d more", len(problems)-10))
		}
		return errors.New("loadtest: crmd is not what the desks saved:\n  " + strings.Join(problems, "\n  "))
	}
	return nil
}

// collisions names the desk's cases that crmd holds as another agent's:
// two desks drew the same case ID (cases.NewID), and crmd refuses the
// second desk's writes as forbidden.
func collisions(ctx context.Context, open func(context.Context) (crm.Store, error), d *desk) string {
	store, err := open(ctx)
	if err != nil {
		return ""
	}
	defer store.Close()
	var out []string
	for id := range d.saved {
		if sc, err := store.GetCase(ctx, id); err == nil && sc.Case.Agent != d.user {
			out = append(out, fmt.Sprintf("%s is %s's on crmd", id, sc.Case.Agent))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "; case IDs drawn by two desks: " + strings.Join(out, ", ")
}
