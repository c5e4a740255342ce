package server

import (
	"sync"
	"time"
)

// Argon2id takes 19 MiB and tens of milliseconds per password check, so a
// hundred logins at once used to take two gigabytes. Every check now runs
// behind a small semaphore that is never waited on: a check beyond it is
// answered 503 at once with Retry-After. Failed passwords also slow down
// the guessing of one username, without locking out its owner for long
// nor anyone else at all.
const (
	// loginFreeFailures is how many wrong passwords in a row a username
	// gets before each further one waits.
	loginFreeFailures = 5
	// loginMaxWait caps the wait, so its owner is never kept out for
	// long: a guesser gets one try a minute at most.
	loginMaxWait = time.Minute
	// loginForget is how long without a failure before a username starts
	// afresh.
	loginForget = 15 * time.Minute
	// loginMaxKeys bounds what a flood of made-up usernames can make the
	// gate remember.
	loginMaxKeys = 100_000
)

// loginGate is the semaphore and the per-username failure record.
type loginGate struct {
	sem chan struct{}
	mu  sync.Mutex
	m   map[string]*loginFailures
}

type loginFailures struct {
	n     int       // failures in a row
	until time.Time // no check for this username before then
	last  time.Time // the last failure
}

func newLoginGate(concurrency int) *loginGate {
	return &loginGate{sem: make(chan struct{}, concurrency), m: map[string]*loginFailures{}}
}

// acquire takes a place for one Argon2 computation, or reports at once that
// there is none.
func (g *loginGate) acquire() bool {
	select {
	case g.sem <- struct{}{}:
		return true
	default:
		return false
	}
}

func (g *loginGate) release() { <-g.sem }

// wait is how long the username must wait before its password is checked
// again; 0 when it may be checked now.
func (g *loginGate) wait(key string, now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	f, ok := g.m[key]
	if !ok || !now.Before(f.until) {
		return 0
	}
	return f.until.Sub(now)
}

// failed records a wrong password (or an unknown or disabled username,
// which must look the same) and starts the wait once the free failures are
// spent: 1 s, then doubling, up to loginMaxWait.
func (g *loginGate) failed(key string, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f, ok := g.m[key]
	if ok && now.Sub(f.last) > loginForget {
		f.n = 0
	}
	if !ok {
		if len(g.m) >= loginMaxKeys {
			g.sweepLocked(now)
		}
		for k := range g.m {
			if len(g.m) < loginMaxKeys {
				break
			}
			delete(g.m, k) // the map's order is random: no one can aim at a key
		}
		f = &loginFailures{}
		g.m[key] = f
	}
	f.n++
	f.last = now
	if f.n >= loginFreeFailures {
		wait := loginMaxWait
		if shift := f.n - loginFreeFailures; shift < 6 {
			wait = min(time.Second<<shift, loginMaxWait)
		}
		f.until = now.Add(wait)
	}
}

// succeeded forgets the username's failures.
func (g *loginGate) succeeded(key string) {
	g.mu.Lock()
	delete(g.m, key)
	g.mu.Unlock()
}

// sweep forgets usernames that failed long enough ago.
func (g *loginGate) sweep(now time.Time) {
	g.mu.Lock()
	g.sweepLocked(now)
	g.mu.Unlock()
}

func (g *loginGate) sweepLocked(now time.Time) {
	for k, f := range g.m {
		if now.Sub(f.last) > loginForget && !now.Before(f.until) {
			delete(g.m, k)
		}
	}
}
