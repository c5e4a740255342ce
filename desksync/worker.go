package desksync

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// CodeDeskStore is the desk's own database failing to record a send or
// crmd's answer (its disk full, the file locked by another program): not
// crmd's failing, so the agent is not told the CRM fails what it may have
// taken. The items stay waiting and go again.
const CodeDeskStore crm.Code = "desk_store"

// Progress is what the worker tells the desktop after each change.
type Progress struct {
	Online       bool
	AuthRequired bool // the session ended: a person must log in again
	Waiting      int  // items still to send under this login
	Others       int  // items waiting for another user's login
	SetAside     int  // items crmd refused for good
	Conflicts    int  // conflicts waiting for a person
	LastSync     time.Time
	LastError    crm.Code // why the last item did not go; never content
}

// Worker drains the desktop outbox to crmd. Delivery is at-least-once and
// every request carries its item's idempotency key, so crmd applies each
// save exactly once however often a lost answer makes the worker resend.
type Worker struct {
	Client *crm.Client
	Outbox crm.Outbox

	// OnProgress and OnConflict are called from the worker's goroutine;
	// a UI hands them on to its own thread.
	OnProgress func(Progress)
	OnConflict func(crm.Conflict)
	// OnEscalations, when set, receives the back office's statuses
	// changed since the last pull, after each pass that reached crmd.
	OnEscalations func([]crm.EscalationStatus)
	// OnBackOffice, when set, is told each move or decision crmd took,
	// with crmd's answer: the escalation as it now stands there.
	OnBackOffice func(crm.OutboxItem, crm.EscalationStatus)
	// OnBackOfficeRefused, when set, is told each move or decision crmd
	// refused for good: the desk's copy of that case shows it, and must be
	// read from crmd again.
	OnBackOfficeRefused func(crm.OutboxItem)

	BaseDelay time.Duration // first retry within this (1 s)
	MaxDelay  time.Duration // retries never wait longer (5 min)
	Poll      time.Duration // look for due items at least this often (10 s)
	Batch     int           // items read per query (50)
	MaxBatch  int           // case versions per request (crm.MaxBatch)
	Parallel  int           // requests in flight, each for another case (1)
	Now       func() time.Time
	// SendNow sends every waiting item whatever its retry time: a person
	// asked for a sync (agentctl sync), so a backoff from an earlier
	// failure must not make it a no-op.
	SendNow bool
	// Log receives what a person need not read: a failed write to the
	// desk's own database. Nil logs nothing.
	Log *slog.Logger

	mu        sync.Mutex
	progress  Progress
	wake      chan struct{}
	failures  int       // consecutive passes that could not reach crmd
	pauseTill time.Time // a 429 or 503 asked to wait
	esc       escCursor
	once      sync.Once
	noBatch   atomic.Bool // crmd has no batch route: cases go one by one
}

func (w *Worker) init() {
	w.once.Do(func() {
		w.wake = make(chan struct{}, 1)
		if w.BaseDelay <= 0 {
			w.BaseDelay = time.Second
		}
		if w.MaxDelay <= 0 {
			w.MaxDelay = 5 * time.Minute
		}
		if w.Poll <= 0 {
			w.Poll = 10 * time.Second
		}
		if w.Batch <= 0 {
			w.Batch = 50
		}
		if w.MaxBatch <= 0 || w.MaxBatch > crm.MaxBatch {
			w.MaxBatch = crm.MaxBatch
		}
		if w.Parallel <= 0 {
			w.Parallel = 1
		}
		if w.Now == nil {
			w.Now = time.Now
		}
	})
}

// owner is the crmd user the client is logged in as: the worker sends only
// that user's items and those without an owner.
func (w *Worker) owner() string {
	if w.Client == nil {
		return ""
	}
	sess, _ := w.Client.Session()
	return sess.Username
}

type senderKey struct{}

// withSender records in ctx the login a pass sends under (crm.AsUser pins
// its requests to it), so the outcomes of the pass are recorded as that
// login's, not as the login of whoever is at the desk by the time crmd
// answers.
func withSender(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, senderKey{}, user)
}

// senderOf is the login the items of ctx's pass went under: an item
// without an owner takes it as its owner with the outcome (crm.Outbox's
// SetOutboxAside, RecordOutboxConflict). A save made under a display name
// before anyone logged in ("Ana Pérez") has no owner and goes out under
// the next login, so as not to wait for a login that can never come; what
// crmd makes of it is then that login's to see to (often the person who
// typed it, logging in for the first time), not every login's on a shared
// desk.
func senderOf(ctx context.Context) string {
	u, _ := ctx.Value(senderKey{}).(string)
	return u
}

// Wake asks the worker to look at the outbox now (after a save, or when the
// network comes back).
func (w *Worker) Wake() {
	w.init()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Progress returns the last progress reported.
func (w *Worker) Progress() Progress {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.progress
}

// Run drains the outbox until ctx ends.
func (w *Worker) Run(ctx context.Context) error {
	w.init()
	for {
		wait := w.Pass(ctx)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-w.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// backoff is "full jitter": a uniform wait up to an exponential bound, so
// desktops coming back together do not retry in step.
func (w *Worker) backoff(attempt int) time.Duration {
	bound := w.MaxDelay
	if attempt < 30 {
		if b := w.BaseDelay << attempt; b > 0 && b < bound {
			bound = b
		}
	}
	return time.Duration(rand.Int64N(int64(bound) + 1))
}

// itemResult is what became of one item.
type itemResult int

const (
	sent itemResult = iota
	retry
	aside
	conflicted
	offline // crmd unreachable: stop the pass
	loggedOut
	paused // 429/503: stop the pass until Retry-After
)

// Pass sends every due item it can and returns how long to wait before the
// next pass.
func (w *Worker) Pass(ctx context.Context) time.Duration {
	w.init()
	w.mu.Lock()
	pauseTill := w.pauseTill
	w.mu.Unlock()
	if now := w.Now(); now.Before(pauseTill) {
		return pauseTill.Sub(now)
	}
	// Each item goes under the login it was read for: one made during
	// the pass (another person at the desk) ends it.
	owner := w.owner()
	ctx = withSender(crm.AsUser(ctx, owner), owner)
	reached := false
	// An item is tried once per pass: a retry whose jittered wait came
	// out near zero waits for the next pass, not for the next query.
	retried := map[int64]bool{}
	var skip []int64 // retried, in the order tried
	// Why items did not go (LastError) holds until a pass sends some and
	// none is put off, set aside or in conflict: the desk then stops
	// telling the agent crmd fails what it now takes.
	sentSome, allWent := false, true
	for ctx.Err() == nil {
		dueBy := w.Now()
		if w.SendNow {
			dueBy = dueBy.AddDate(100, 0, 0)
		}
		due, err := w.due(ctx, owner, dueBy, skip)
		if err != nil {
			code := w.outboxFailed(err)
			w.report(func(p *Progress) { p.LastError = code })
			return w.Poll
		}
		items := due[:0]
		for _, it := range due {
			if !retried[it.ID] && len(items) < w.Batch {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			break
		}
		results := w.sendAll(ctx, items)
		stop := itemResult(-1)
		for i, r := range results {
			if r == retry {
				retried[items[i].ID] = true
				skip = append(skip, items[i].ID)
			}
			switch r {
			case sent, retry, aside, conflicted:
				reached = true
				sentSome = sentSome || r == sent
				allWent = allWent && r == sent
			case offline, loggedOut, paused:
				stop = r
			}
		}
		switch stop {
		case offline:
			w.failures++
			w.report(func(p *Progress) { p.Online = false; p.LastError = crm.CodeOffline })
			return max(w.backoff(w.failures), 50*time.Millisecond)
		case loggedOut:
			w.report(func(p *Progress) { p.AuthRequired = true })
			return w.Poll
		case paused:
			w.mu.Lock()
			pauseTill = w.pauseTill
			w.mu.Unlock()
			w.report(nil)
			return max(pauseTill.Sub(w.Now()), 50*time.Millisecond)
		}
		w.report(nil)
	}
	if w.OnEscalations != nil && w.Client.LoggedIn() && w.pullEscalations(ctx) {
		reached = true
	}
	if reached {
		w.failures = 0
		w.note(func(p *Progress) {
			p.Online, p.AuthRequired = true, false
			if sentSome && allWent {
				p.LastError = ""
			}
		})
	}
	w.report(nil)
	return w.Poll
}

// dueExcepter is an outbox that leaves out given items, and the case
// versions of given cases, itself (sqlite.DB, and HoldConflicts over one).
type dueExcepter interface {
	DueOutboxExcept(ctx context.Context, owner string, now time.Time, limit int, skip []int64, held []string) ([]crm.OutboxItem, error)
}

// due reads the next batch of the pass, less the items skip retried in it.
// Read with the batch, each retry would be read again, body and all, by
// every later query of the pass: a pass over a long backlog that crmd
// answers "retry" for would read the square of it.
func (w *Worker) due(ctx context.Context, owner string, now time.Time, skip []int64) ([]crm.OutboxItem, error) {
	if o, ok := w.Outbox.(dueExcepter); ok {
		return o.DueOutboxExcept(ctx, owner, now, w.Batch, skip, nil)
	}
	return w.Outbox.DueOutbox(ctx, owner, now, w.Batch+len(skip))
}

// sendAll sends items: the case versions in batches (one request and one
// transaction on crmd for up to crm.MaxBatch of them), the back office's
// moves and decisions one by one. After an item that stops the pass, the
// ones not yet sent stay due.
func (w *Worker) sendAll(ctx context.Context, items []crm.OutboxItem) []itemResult {
	out := make([]itemResult, len(items))
	stop := func(r itemResult) bool { return r == offline || r == loggedOut || r == paused }
	var batch []int
	for i, it := range items {
		out[i] = -1
		switch {
		case it.AfterRefusal:
			// Sent on its base, crmd would take it on top of whatever
			// version bears that number, another desk's included.
			if out[i] = w.conflict(ctx, it); stop(out[i]) {
				return out
			}
		case it.Kind == crm.OutboxCase && !w.noBatch.Load():
			batch = append(batch, i)
		}
	}
	if len(batch) > 0 {
		for _, chunk := range w.chunks(items, batch) {
			if ctx.Err() != nil {
				return out
			}
			group := make([]crm.OutboxItem, len(chunk))
			for k, i := range chunk {
				group[k] = items[i]
			}
			res := w.sendBatch(ctx, group)
			halt := false
			for k, i := range chunk {
				out[i] = res[k]
				halt = halt || stop(res[k])
			}
			if halt {
				return out
			}
		}
	}
	var rest []int
	for i := range items {
		if out[i] == -1 {
			rest = append(rest, i)
		}
	}
	var mu sync.Mutex
	stopped := false
	sem := make(chan struct{}, w.Parallel)
	var wg sync.WaitGroup
	for _, i := range rest {
		mu.Lock()
		s := stopped
		mu.Unlock()
		if s || ctx.Err() != nil {
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r := w.sendOne(ctx, items[i])
			mu.Lock()
			out[i] = r
			if stop(r) {
				stopped = true
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// batchBytes keeps a batch's body under crmd's request cap (1 MiB) with
// room to spare for the envelope.
const batchBytes = 768 << 10

// chunks cuts the case items at idx into batches of at most MaxBatch
// items and batchBytes of bodies.
func (w *Worker) chunks(items []crm.OutboxItem, idx []int) [][]int {
	var out [][]int
	var cur []int
	size := 0
	for _, i := range idx {
		n := len(items[i].Body)
		if len(cur) > 0 && (len(cur) == w.MaxBatch || size+n > batchBytes) {
			out, cur, size = append(out, cur), nil, 0
		}
		cur, size = append(cur, i), size+n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// sendBatch sends case versions in one request and settles each by its
// outcome; the acknowledged ones leave the outbox in one transaction.
func (w *Worker) sendBatch(ctx context.Context, items []crm.OutboxItem) []itemResult {
	out := make([]itemResult, len(items))
	// A body that is not JSON could not travel inside the batch's: it is
	// refused here, as crmd would.
	var ok []crm.OutboxItem
	var at []int
	for i, it := range items {
		if !json.Valid(it.Body) {
			out[i] = w.setAside(ctx, it, crm.CodeInvalid)
			continue
		}
		ok, at = append(ok, it), append(at, i)
	}
	if len(ok) == 0 {
		return out
	}
	if len(ok) < len(items) {
		for k, r := range w.sendBatch(ctx, ok) {
			out[at[k]] = r
		}
		return out
	}
	req := make([]crm.BatchItem, len(items))
	for i, it := range items {
		req[i] = crm.BatchItem{ID: it.Ref, Key: it.Key, Base: it.Version - 1, Case: it.Body}
	}
	results, err := w.Client.PutCases(ctx, req)
	if err != nil {
		code := crm.CodeOf(err)
		if code == crm.CodeNotFound || code == crm.CodeTooLarge || code == crm.CodeInvalid {
			// A crmd without batches (or a batch it will not take as a
			// whole): each item on its own, which answers for each.
			if code == crm.CodeNotFound {
				w.noBatch.Store(true)
			}
			for i, it := range items {
				out[i] = w.sendOne(ctx, it)
				if r := out[i]; r == offline || r == loggedOut || r == paused {
					for j := i + 1; j < len(items); j++ {
						out[j] = -1
					}
					break
				}
			}
			return out
		}
		for i, it := range items {
			out[i] = w.failed(ctx, it, err)
		}
		return out
	}
	var done []int64
	for i, r := range results {
		it := items[i]
		switch r.Outcome {
		case crm.BatchCreated, crm.BatchUpdated, crm.BatchReplayed:
			done = append(done, it.ID)
			out[i] = sent
		case crm.BatchConflict:
			out[i] = w.conflict(ctx, it)
		case crm.BatchRefused:
			out[i] = w.setAside(ctx, it, r.Code)
		default:
			code := r.Code
			if code == "" {
				code = crm.CodeInternal
			}
			w.reschedule(ctx, it, 0, code)
			out[i] = retry
		}
	}
	if len(done) > 0 {
		if err := w.Outbox.MarkOutboxSent(ctx, done); err != nil {
			code := w.outboxFailed(err)
			w.note(func(p *Progress) { p.LastError = code })
			for i := range out {
				if out[i] == sent {
					out[i] = retry // crmd has them; the resend will be a replay
				}
			}
		} else {
			now := w.Now()
			w.note(func(p *Progress) { p.LastSync, p.Online = now, true })
		}
	}
	return out
}

// sendOne sends one item: a case version alone, or one of the back
// office's moves or decisions.
func (w *Worker) sendOne(ctx context.Context, it crm.OutboxItem) itemResult {
	st, err := w.send(ctx, it)
	if errors.Is(err, errUnreadable) {
		return w.setAside(ctx, it, crm.CodeInvalid)
	}
	if err == nil {
		if err := w.Outbox.MarkOutboxSent(ctx, []int64{it.ID}); err != nil {
			code := w.outboxFailed(err)
			w.note(func(p *Progress) { p.LastError = code })
			return retry // crmd has it; the resend will be a replay
		}
		now := w.Now()
		w.note(func(p *Progress) { p.LastSync, p.Online = now, true })
		if it.Kind != crm.OutboxCase && w.OnBackOffice != nil {
			w.OnBackOffice(it, st)
		}
		return sent
	}
	return w.failed(ctx, it, err)
}

// errUnreadable is an outbox item that is not what its kind says: no
// resend can deliver it, so it is set aside instead of retried.
var errUnreadable = errors.New("desksync: outbox item unreadable")

// send makes the call to crmd that delivers it; for a move or decision,
// crmd's answer is the escalation as it stands (a resend answers it too).
func (w *Worker) send(ctx context.Context, it crm.OutboxItem) (crm.EscalationStatus, error) {
	switch it.Kind {
	case crm.OutboxCase:
		_, err := w.Client.PutCase(ctx, it.Ref, it.Key, it.Version-1, it.Body)
		return crm.EscalationStatus{}, err
	case crm.OutboxMove:
		return withBody(it, func(u crm.EscalationUpdate) (crm.EscalationStatus, error) {
			return w.Client.SetEscalationStatus(ctx, it.Ref, it.Key, u)
		})
	case crm.OutboxDecision:
		return withBody(it, func(d crm.ApprovalRequest) (crm.EscalationStatus, error) {
			return w.Client.Decide(ctx, it.Ref, it.Key, d)
		})
	}
	return crm.EscalationStatus{}, errUnreadable
}

// withBody decodes an item's body as what its kind sends and sends it.
func withBody[T any](it crm.OutboxItem, send func(T) (crm.EscalationStatus, error)) (crm.EscalationStatus, error) {
	var v T
	if json.Unmarshal(it.Body, &v) != nil {
		return crm.EscalationStatus{}, errUnreadable
	}
	return send(v)
}

// failed settles an item crmd did not take, by the answer's code.
func (w *Worker) failed(ctx context.Context, it crm.OutboxItem, err error) itemResult {
	code := crm.CodeOf(err)
	var ce *crm.Error
	errors.As(err, &ce)
	switch {
	case code == crm.CodeLoggedOut || code == crm.CodeUnauthorized:
		return loggedOut
	case unreachable(err):
		// The line's failure, not the item's: the pass backs off
		// (Worker.failures), and the item stays due, so the first pass
		// after crmd is back sends it rather than a per-item backoff
		// grown through the outage (up to MaxDelay) holding it back.
		return offline
	case code == crm.CodePreconditionFailed && it.Kind == crm.OutboxCase:
		return w.conflict(ctx, it)
	case code == crm.CodeRateLimited || code == crm.CodeUnavailable && ce.RetryAfter > 0:
		w.pause(ce.RetryAfter)
		w.reschedule(ctx, it, ce.RetryAfter, code)
		return paused
	case crm.PermanentErr(err):
		return w.setAside(ctx, it, code)
	default: // conflict (a concurrent request), internal
		var wait time.Duration
		if ce != nil {
			wait = ce.RetryAfter
		}
		w.reschedule(ctx, it, wait, code)
		return retry
	}
}

// unreachable reports whether err says crmd is out of reach: no answer,
// or an answer without a wait from a proxy in its place. crmd's own 503
// asks for a wait (Retry-After); one without is a proxy's 502/503/504
// with crmd down behind it (restarting), or a hop's timeout.
func unreachable(err error) bool {
	var ce *crm.Error
	switch crm.CodeOf(err) {
	case crm.CodeOffline:
		return true
	case crm.CodeUnavailable:
		return !errors.As(err, &ce) || ce.RetryAfter <= 0
	}
	return false
}

// maxAsked bounds a wait crmd (or a proxy in its place) asks for with
// Retry-After, unless MaxDelay is longer: a maintenance page may ask for
// hours, and a crmd back before then is not left waiting.
const maxAsked = 5 * time.Minute

// asked is a wait asked for, within maxAsked.
func (w *Worker) asked(d time.Duration) time.Duration {
	return min(d, max(w.MaxDelay, maxAsked))
}

// pause holds every send for d (BaseDelay when none was asked).
func (w *Worker) pause(d time.Duration) {
	if d <= 0 {
		d = w.BaseDelay
	}
	d = w.asked(d)
	w.mu.Lock()
	if t := w.Now().Add(d); t.After(w.pauseTill) {
		w.pauseTill = t
	}
	w.mu.Unlock()
}

// reschedule waits the longer of the jittered backoff and what crmd asked
// (within maxAsked).
func (w *Worker) reschedule(ctx context.Context, it crm.OutboxItem, retryAfter time.Duration, reason crm.Code) {
	attempts := it.Attempts + 1
	next := w.Now().Add(max(w.backoff(attempts), w.asked(retryAfter)))
	if err := w.Outbox.RescheduleOutbox(ctx, it.ID, attempts, next, reason); err != nil {
		reason = w.outboxFailed(err)
	}
	w.note(func(p *Progress) { p.LastError = reason })
}

// setAside records crmd's refusal of it. One the desk's database did not
// take leaves the item due: it is a retry, tried once more in the next
// pass, not at once again and again while the database fails.
func (w *Worker) setAside(ctx context.Context, it crm.OutboxItem, reason crm.Code) itemResult {
	if err := w.Outbox.SetOutboxAside(ctx, it.ID, reason, senderOf(ctx)); err != nil {
		code := w.outboxFailed(err)
		w.note(func(p *Progress) { p.LastError = code })
		return retry
	}
	w.note(func(p *Progress) { p.LastError = reason })
	if it.Kind != crm.OutboxCase && w.OnBackOfficeRefused != nil {
		w.OnBackOfficeRefused(it)
	}
	return aside
}

// outboxFailed logs a failed write to the desk's own database; the person
// sees the desk's code (not crmd's internal, which would blame the CRM),
// the log keeps the detail.
func (w *Worker) outboxFailed(err error) crm.Code {
	if w.Log != nil {
		w.Log.Error("sync: the outbox could not be updated", "err", err)
	}
	return CodeDeskStore
}

// conflict keeps crmd's version beside the local one. When crmd already
// holds exactly this version (it arrived under another key), there is no
// conflict: the item is done.
func (w *Worker) conflict(ctx context.Context, it crm.OutboxItem) itemResult {
	server, raw, err := w.Client.GetCase(ctx, it.Ref)
	switch code := crm.CodeOf(err); code {
	case "":
	case crm.CodeNotFound:
		server, raw = nil, nil
	case crm.CodeLoggedOut, crm.CodeUnauthorized, crm.CodeOffline, crm.CodeRateLimited, crm.CodeUnavailable:
		// crmd out of reach, or asking to wait, is that for the whole
		// pass, as for a send (a version after a refused one reaches here
		// before anything is sent).
		return w.failed(ctx, it, err)
	default:
		// crmd's version could not be fetched: try the whole again.
		w.reschedule(ctx, it, 0, code)
		return retry
	}
	if server != nil && server.Version == it.Version && sameCase(it.Body, raw) {
		if err := w.Outbox.MarkOutboxSent(ctx, []int64{it.ID}); err != nil {
			code := w.outboxFailed(err)
			w.note(func(p *Progress) { p.LastError = code })
			return retry
		}
		return sent
	}
	sv := 0
	if server != nil {
		sv = server.Version
	}
	// A conflict is a refusal a person settles: one without an owner is
	// the login's that sent it, as a refusal is (setAside).
	if err := w.Outbox.RecordOutboxConflict(ctx, it.ID, sv, raw, senderOf(ctx)); err != nil {
		code := w.outboxFailed(err)
		w.note(func(p *Progress) { p.LastError = code })
		return retry
	}
	c := crm.Conflict{OutboxID: it.ID, CaseID: it.Ref, LocalVersion: it.Version, ServerVersion: sv, Local: it.Body, Server: raw}
	w.note(func(p *Progress) { p.LastError = crm.CodePreconditionFailed })
	if w.OnConflict != nil {
		w.OnConflict(c)
	}
	return conflicted
}

// sameCase compares two case records as data: crmd re-encodes what it
// stores, so the bytes differ while the case does not. The escalation
// status is the back office's, not the agent's, and is left out.
func sameCase(a, b []byte) bool {
	var x, y cases.Case
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	cases.Sanitize(&x)
	// crmd's own: when it first stored the case, and the token's role;
	// it moves the call's opening back to its receipt when the desk's
	// clock ran ahead of its own.
	x.CreatedAt, x.Role, x.OpenedAt = y.CreatedAt, y.Role, y.OpenedAt
	if x.Escalation != nil && y.Escalation != nil {
		x.Escalation.Status = y.Escalation.Status
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	var xm, ym any
	_ = json.Unmarshal(xa, &xm)
	_ = json.Unmarshal(ya, &ym)
	return reflect.DeepEqual(xm, ym)
}

// pullEscalations reports whether crmd answered.
func (w *Worker) pullEscalations(ctx context.Context) bool {
	list, err := w.Client.Escalations(ctx, w.esc.since())
	if err != nil {
		return false
	}
	if list = w.esc.take(list); len(list) > 0 {
		w.OnEscalations(list)
	}
	return true
}

// note applies a change to the progress without telling anyone yet: items
// finish many times a second, and the counts are read once per batch.
func (w *Worker) note(change func(*Progress)) {
	w.mu.Lock()
	change(&w.progress)
	w.mu.Unlock()
}

// report applies change, refreshes the counts and tells OnProgress.
func (w *Worker) report(change func(*Progress)) {
	n, err := w.Outbox.OutboxStats(context.Background(), w.owner())
	w.mu.Lock()
	if change != nil {
		change(&w.progress)
	}
	if err == nil {
		w.progress.Waiting, w.progress.Others, w.progress.SetAside, w.progress.Conflicts = n.Pending, n.Others, n.Aside, n.Conflicts
	}
	p := w.progress
	w.mu.Unlock()
	if w.OnProgress != nil {
		w.OnProgress(p)
	}
}
