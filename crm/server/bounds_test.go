package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// heapPeak samples the heap in use (runtime.MemStats.HeapInuse) every
// couple of milliseconds while f runs and returns its highest value above
// what was in use, after a collection, before f started. It measures the
// whole test process: crmd and its clients alike.
func heapPeak(t *testing.T, f func()) (peak uint64) {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var top atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > top.Load() {
				top.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	if top.Load() < base {
		return 0
	}
	return top.Load() - base
}

const mib = 1 << 20

// bigNotes is free text of n bytes with nothing to redact.
func bigNotes(n int) string {
	s := strings.Repeat("the customer explains the bill again ", n/37+1)
	return s[:n]
}

// A list over many cases near the old 1 MiB cap (written while a larger
// cap was in force, as before this version) keeps crmd's heap bounded:
// each page stops at crm.MaxPageBytes, whatever limit is asked, and four
// supervisors paging through 32 such cases (28 MiB of bodies) at once stay
// under 128 MiB of heap in use above the idle server (60–90 MiB measured).
// With no byte budget the same run peaks near 260 MiB, and that grows with
// the number of cases.
func TestListOfLargeCasesStaysUnderMemoryBound(t *testing.T) {
	const (
		nCases   = 32
		caseSize = 900 << 10
		listers  = 4
		bound    = 128 * mib
	)
	_, a := start(t, func(c *server.Config) { c.MaxCaseBytes = server.MaxBodyBytes })
	ana := a.Login("ana", crmtest.Password)
	sup := a.Login("sup", crmtest.Password)
	notes := bigNotes(caseSize)
	for i := range nCases {
		c := crmtest.NewCase(fmt.Sprintf("C-BIG-%02d", i), "ana")
		c.Notes = notes
		crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:"+c.ID+":v1", c), 201, "big case")
	}
	hc := &http.Client{Timeout: time.Minute}
	var pages atomic.Int64
	var maxPage atomic.Int64
	peak := heapPeak(t, func() {
		var wg sync.WaitGroup
		for range listers {
			wg.Go(func() {
				path := "/v1/cases?limit=1000"
				for {
					req, _ := http.NewRequest("GET", a.Base+path, nil)
					req.Header.Set("Authorization", "Bearer "+sup.AccessToken)
					res, err := hc.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					// The body is read in pieces, as a client that streams
					// it to disk would, so the measure is crmd's.
					var next string
					n, err := io.Copy(io.Discard, io.TeeReader(res.Body, nextFinder(&next)))
					res.Body.Close()
					if err != nil || res.StatusCode != 200 {
						t.Errorf("list: %d %v", res.StatusCode, err)
						return
					}
					pages.Add(1)
					if n > maxPage.Load() {
						maxPage.Store(n)
					}
					if next == "" {
						return
					}
					path = "/v1/cases?limit=1000&cursor=" + next
				}
			})
		}
		wg.Wait()
	})
	t.Logf("%d listers, %d pages, largest page %.1f MiB; heap in use peaked %.1f MiB above idle (bound %d MiB)",
		listers, pages.Load(), float64(maxPage.Load())/mib, float64(peak)/mib, bound/mib)
	if maxPage.Load() > crm.MaxPageBytes+caseSize+4096 {
		t.Errorf("a page of %d bytes: over the budget by more than one case", maxPage.Load())
	}
	perPage := crm.MaxPageBytes/caseSize + 1
	if pages.Load() < int64(listers*((nCases+perPage-1)/perPage)) {
		t.Errorf("only %d pages: the budget did not cut them", pages.Load())
	}
	if peak > bound {
		t.Errorf("heap in use peaked %.1f MiB above idle, over the %d MiB bound", float64(peak)/mib, bound/mib)
	}
}

// nextFinder keeps the tail of a page and pulls "next" out of it: it is
// the last field of a page, after every record.
type nextTail struct {
	next *string
	tail []byte
}

func nextFinder(next *string) io.Writer { return &nextTail{next: next} }

func (n *nextTail) Write(p []byte) (int, error) {
	n.tail = append(n.tail, p...)
	if len(n.tail) > 512 {
		n.tail = n.tail[len(n.tail)-512:]
	}
	s := string(n.tail)
	*n.next = ""
	if i := strings.LastIndex(s, `"next":"`); i >= 0 {
		rest := s[i+len(`"next":"`):]
		if j := strings.IndexByte(rest, '"'); j >= 0 {
			*n.next = rest[:j]
		}
	}
	return len(p), nil
}

// Pages stop at the byte budget as well as the count, and following next
// lists every case exactly once; the same holds for training attempts.
func TestListPagesStopAtTheByteBudget(t *testing.T) {
	const budget = 256 << 10
	run, a := start(t, func(c *server.Config) { c.MaxPageBytes = budget })
	ben := a.Login("ben", crmtest.Password)
	notes := bigNotes(60 << 10)
	for i := range 20 {
		c := crmtest.NewCase(fmt.Sprintf("C-PB-%02d", i), "ben")
		c.Notes = notes
		crmtest.Expect(t, a.PutCase(ben.AccessToken, "case:"+c.ID+":v1", c), 201, "case")
	}
	seen := map[string]int{}
	pages := 0
	for path := "/v1/cases?limit=1000"; ; {
		if pages++; pages > 20 {
			t.Fatal("paging does not end")
		}
		r := a.Do("GET", path, ben.AccessToken, nil, nil)
		crmtest.Expect(t, r, 200, "list")
		if len(r.Body) > budget+(61<<10) {
			t.Errorf("page of %d bytes for a budget of %d", len(r.Body), budget)
		}
		var cl crm.CaseList
		r.JSON(t, &cl)
		for _, c := range cl.Cases {
			seen[c.ID]++
		}
		if cl.Next == "" {
			break
		}
		path = "/v1/cases?limit=1000&cursor=" + cl.Next
	}
	if len(seen) != 20 || pages < 4 {
		t.Errorf("%d cases in %d pages", len(seen), pages)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s listed %d times", id, n)
		}
	}
	// The count still ends a page of small cases.
	r := a.Do("GET", "/v1/cases?limit=3", ben.AccessToken, nil, nil)
	var cl crm.CaseList
	r.JSON(t, &cl)
	if len(cl.Cases) != 3 || cl.Next == "" {
		t.Errorf("limit 3: %d cases, next %q", len(cl.Cases), cl.Next)
	}

	sup := a.Login("sup", crmtest.Password)
	// Attempts with reports near crmd's 64 KiB bound, written to the store
	// directly: the reports crmd makes of played attempts are a few KiB.
	details := `{"transcript":"` + bigNotes(60<<10) + `"}`
	now := time.Now().UTC()
	for i := range 12 {
		at := crm.TrainingAttempt{ID: fmt.Sprintf("pb-%02d", i), Username: "tia", Scenario: "billing-1", Score: 1, MaxScore: 2,
			Details: []byte(details), ReceivedAt: now.Add(time.Duration(i) * time.Millisecond)}
		if _, err := run.Store.AddAttempt(context.Background(), at, "fp-"+at.ID); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]int{}
	pages = 0
	for path := "/v1/training/attempts?limit=1000"; ; {
		if pages++; pages > 20 {
			t.Fatal("paging does not end")
		}
		r := a.Do("GET", path, sup.AccessToken, nil, nil)
		crmtest.Expect(t, r, 200, "attempts")
		var al crm.AttemptList
		r.JSON(t, &al)
		for _, at := range al.Attempts {
			got[at.ID]++
		}
		if al.Next == "" {
			break
		}
		path = "/v1/training/attempts?limit=1000&cursor=" + al.Next
	}
	if len(got) != 12 || pages < 2 {
		t.Errorf("%d attempts in %d pages", len(got), pages)
	}
	crmtest.Expect(t, a.Do("GET", "/v1/training/attempts?cursor=not-a-cursor", sup.AccessToken, nil, nil), 400, "bad cursor")
}

// A case body over crm.MaxCaseBytes is refused with too_large, whether it
// says its length or not; one under it is stored.
func TestCaseBodyCap(t *testing.T) {
	_, a := start(t)
	ana := a.Login("ana", crmtest.Password)
	c := crmtest.NewCase("C-CAP-1", "ana")
	c.Notes = bigNotes(crm.MaxCaseBytes - 4096)
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-CAP-1:v1", c), 201, "a case just under the cap")
	c = crmtest.NewCase("C-CAP-2", "ana")
	c.Notes = bigNotes(crm.MaxCaseBytes)
	r := a.PutCase(ana.AccessToken, "case:C-CAP-2:v1", c)
	crmtest.Expect(t, r, 413, "a case over the cap")
	if r.Code() != crm.CodeTooLarge {
		t.Errorf("code %q", r.Code())
	}
	// Without a Content-Length the cap holds while reading.
	req, _ := http.NewRequest("PUT", a.Base+"/v1/cases/C-CAP-2", io.MultiReader(strings.NewReader(`{"id":"C-CAP-2","notes":"`), strings.NewReader(bigNotes(crm.MaxCaseBytes)), strings.NewReader(`"}`)))
	req.Header.Set("Authorization", "Bearer "+ana.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "case:C-CAP-2:v1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 413 || req.ContentLength != 0 {
		t.Errorf("chunked body over the cap: %d (declared %d)", res.StatusCode, req.ContentLength)
	}
}

// crmd's own records on a case (the back office's moves and their
// comments, its decisions) come back in every desk's next save of it, as
// the desk got them; crmd drops them from the body and keeps its own. They
// do not count against crm.MaxCaseBytes, or the back office could push an
// agent's case over it by working it (16 moves of 4,000 bytes of comments
// are a history crmd takes) and the agent's next save would be refused for
// good, alone or in a batch.
func TestCaseBodyCapLeavesCrmdsRecordsOut(t *testing.T) {
	_, a := start(t)
	ana := a.Login("ana", crmtest.Password)
	sup := a.Login("sup", crmtest.Password)
	c := crmtest.NewCase("C-CAP-ESC", "ana")
	c.Notes = bigNotes(crm.MaxCaseBytes - 56<<10)
	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-20261123-0009", Criteria: []string{"amount"}, Priority: "high", Reason: "dispute", At: c.CreatedAt, Status: crm.EscReceived}
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-CAP-ESC:v1", c), 201, "an escalated case well under the cap")
	to := []cases.EscalationState{cases.EscInProgress, cases.EscWaitingCustomer}
	for i := range crm.MaxHistoryBytes / cases.MaxBackOfficeText {
		crmtest.Expect(t, a.Do("PUT", "/v1/cases/C-CAP-ESC/escalation", sup.AccessToken, map[string]string{"Idempotency-Key": fmt.Sprintf("move:%d", i)},
			crm.EscalationUpdate{Status: to[i%2], Note: bigNotes(cases.MaxBackOfficeText)}), 200, "a move with a long comment")
	}
	var held cases.Case
	a.Do("GET", "/v1/cases/C-CAP-ESC", ana.AccessToken, nil, nil).JSON(t, &held)
	if held.Escalation == nil || len(held.Escalation.History) != crm.MaxHistoryBytes/cases.MaxBackOfficeText {
		t.Fatalf("the agent's copy holds %+v", held.Escalation)
	}
	held.Version++
	held.Notes += "\nThe customer called back."
	if body, _ := json.Marshal(&held); len(body) <= crm.MaxCaseBytes {
		t.Fatalf("the case as the desk holds it is %d bytes, not over the cap", len(body))
	}
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-CAP-ESC:v2", &held), 200, "the agent's next save with crmd's history in it")

	held.Version++
	held.Notes += "\nAnd again."
	b, _ := json.Marshal(&held)
	var res crm.BatchResponse
	r := a.Do("POST", "/v1/cases:batch", ana.AccessToken, nil, crm.BatchRequest{Items: []crm.BatchItem{{ID: held.ID, Key: "case:C-CAP-ESC:v3", Base: held.Version - 1, Case: b}}})
	crmtest.Expect(t, r, 200, "the same in a batch")
	r.JSON(t, &res)
	if len(res.Results) != 1 || res.Results[0].Outcome != crm.BatchUpdated {
		t.Errorf("in a batch: %+v", res.Results)
	}

	// The agent's own part is held to the cap as before.
	held.Version++
	held.Notes = bigNotes(crm.MaxCaseBytes)
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-CAP-ESC:v4", &held), 413, "notes over the cap")
}
