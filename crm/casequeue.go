package crm

import (
	"context"
	"sync"
)

// CaseJob is one PutCases call waiting for a store's committer: its writes,
// each one's early decision (DecideNew, worked out before it queued), and
// where the outcomes go. The committer fills Out and calls Finish once the
// transaction holding the job has ended.
type CaseJob struct {
	Ctx  context.Context
	Puts []CasePut
	Pre  []*CaseWrite
	Out  []CasePutOutcome
	done chan struct{}
}

// Finish answers the job's caller; call it once.
func (j *CaseJob) Finish() { close(j.done) }

// CaseQueue is what both of crmd's stores put in front of their committers
// (group commit): PutCases queues a job and waits for it, the committers
// take jobs in groups, and Close lets no more in while every job already
// queued is still written and answered.
type CaseQueue struct {
	jobs    chan *CaseJob
	mu      sync.RWMutex // held to queue a job; Close takes it to stop the queueing
	closed  bool
	quit    chan struct{}
	closing error // what a write after Close is told
}

// NewCaseQueue holds up to size jobs waiting; closing is the error a write
// gets once the store is closing.
func NewCaseQueue(size int, closing error) *CaseQueue {
	return &CaseQueue{jobs: make(chan *CaseJob, size), quit: make(chan struct{}), closing: closing}
}

// Put queues ps as one job and waits for their outcomes.
func (q *CaseQueue) Put(ctx context.Context, ps []CasePut) []CasePutOutcome {
	out := make([]CasePutOutcome, len(ps))
	if len(ps) == 0 {
		return out
	}
	fail := func(err error) []CasePutOutcome {
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	j := &CaseJob{Ctx: ctx, Puts: ps, Pre: make([]*CaseWrite, len(ps)), Out: out, done: make(chan struct{})}
	for i, p := range ps {
		j.Pre[i] = DecideNew(p)
	}
	q.mu.RLock()
	if q.closed {
		q.mu.RUnlock()
		return fail(q.closing)
	}
	select {
	case q.jobs <- j:
	case <-ctx.Done():
		q.mu.RUnlock()
		return fail(ctx.Err())
	}
	q.mu.RUnlock()
	// Once queued the job is answered whatever happens: waiting for the
	// commit, not for ctx, keeps "acknowledged" meaning "committed".
	<-j.done
	return out
}

// Next waits for a job; ok is false once the queue is closed and empty
// (nothing is queued after Close but what was queued before).
func (q *CaseQueue) Next() (j *CaseJob, ok bool) {
	select {
	case j = <-q.jobs:
		return j, true
	case <-q.quit:
		return q.More()
	}
}

// More is a job already waiting, without waiting for one.
func (q *CaseQueue) More() (j *CaseJob, ok bool) {
	select {
	case j = <-q.jobs:
		return j, true
	default:
		return nil, false
	}
}

// Jobs is the queue itself, for a committer that waits on it and on a
// timer at once.
func (q *CaseQueue) Jobs() <-chan *CaseJob { return q.jobs }

// Group is first and the jobs already waiting after it, up to max writes;
// n is how many writes the group holds.
func (q *CaseQueue) Group(first *CaseJob, max int) (group []*CaseJob, n int) {
	group, n = []*CaseJob{first}, len(first.Puts)
	for n < max {
		j, ok := q.More()
		if !ok {
			break
		}
		group, n = append(group, j), n+len(j.Puts)
	}
	return group, n
}

// Close lets no more jobs in; false when it was closed before. The
// committers then drain what is queued (Next) and stop.
func (q *CaseQueue) Close() bool {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	q.closed = true
	q.mu.Unlock()
	close(q.quit)
	return true
}
