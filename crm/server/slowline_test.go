package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// slowLine is a listener whose connections send at perSecond bytes a
// second, as a slow line does, and honour their write deadline as a
// connection does: a write past it fails.
type slowLine struct {
	net.Listener
	perSecond int
}

func (l slowLine) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &slowConn{Conn: c, perSecond: l.perSecond}, nil
}

type slowConn struct {
	net.Conn
	perSecond    int
	mu           sync.Mutex
	deadline     time.Time
	readDeadline time.Time
}

func (c *slowConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.readDeadline = t
	c.mu.Unlock()
	return c.Conn.SetReadDeadline(t)
}

// Read takes what the line carried in 10 ms at most.
func (c *slowConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	d := c.readDeadline
	c.mu.Unlock()
	if !d.IsZero() && time.Now().After(d) {
		return 0, os.ErrDeadlineExceeded
	}
	time.Sleep(10 * time.Millisecond)
	return c.Conn.Read(p[:min(len(p), c.perSecond/100)])
}

func (c *slowConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	c.deadline = t
	c.mu.Unlock()
	return c.Conn.SetWriteDeadline(t)
}

func (c *slowConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	c.deadline, c.readDeadline = t, t
	c.mu.Unlock()
	return c.Conn.SetDeadline(t)
}

func (c *slowConn) Write(p []byte) (int, error) {
	sent := 0
	for sent < len(p) {
		c.mu.Lock()
		d := c.deadline
		c.mu.Unlock()
		if !d.IsZero() && time.Now().After(d) {
			return sent, os.ErrDeadlineExceeded
		}
		n := min(len(p)-sent, c.perSecond/100)
		time.Sleep(10 * time.Millisecond)
		n, err := c.Conn.Write(p[sent : sent+n])
		if sent += n; err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// onASlowLine is crmd on SQLite with the seeded users, behind a line of
// perSecond bytes a second each way, with an answer's (and a request's)
// timeout of 0.3 s and clients of 1 MiB/s at the slowest.
func onASlowLine(t *testing.T, perSecond int) *crmtest.API {
	// Scaled down, with room: the time given (1 s plus the message at 256
	// KiB/s) is about twice what the line takes at 512 KiB/s, so a loaded
	// machine (make test runs three sets at once) does not run past it,
	// while the old timeout alone (1 s) is well short of it. At 300 ms
	// against 1 MiB/s the margin was under half a second, and a batch
	// failed once under load.
	server.SlowLineBounds(t, time.Second, 256<<10)
	db := crmtest.OpenSQLite(t)
	crmtest.SeedUsers(t, db)
	keys, _, err := server.EnsureKeys(t.TempDir(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.NewServer(server.Config{Store: db, Keys: keys, RateLimit: rate.Inf, AnonRate: rate.Inf})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, slowLine{ln, perSecond}) }()
	t.Cleanup(func() { cancel(); <-done })
	return crmtest.NewAPI(t, "http://"+ln.Addr().String())
}

// A page of a list may be megabytes (crm.MaxPageBytes): its answer is
// given the time a client at the stated slowest speed takes to read it,
// beyond the write timeout every answer has. A supervisor on a slow line
// was cut off at the write timeout in the middle of every large page,
// and their desk asked for the same page again, for ever.
func TestALargePageReachesASlowClient(t *testing.T) {
	// Scaled down: a line of 512 KiB/s and a page of 2 MiB (4 s).
	a := onASlowLine(t, 512<<10)
	ben := a.Login("ben", crmtest.Password)
	notes := bigNotes(200 << 10)
	for i := range 10 {
		c := crmtest.NewCase(fmt.Sprintf("C-SLOW-%02d", i), "ben")
		c.Notes = notes
		crmtest.Expect(t, a.PutCase(ben.AccessToken, "case:"+c.ID+":v1", c), 201, "case")
	}
	start := time.Now()
	r := a.Do("GET", "/v1/cases?limit=1000", ben.AccessToken, nil, nil)
	var cl crm.CaseList
	if err := json.Unmarshal(r.Body, &cl); r.Status != 200 || err != nil || len(cl.Cases) != 10 {
		t.Fatalf("a page of 2 MiB read in %v on a slow line: %d, %d cases, %v", time.Since(start), r.Status, len(cl.Cases), err)
	}
}

// A request of the size crmd takes (a pack published, a batch of cases)
// is given the time a client at the stated slowest speed takes to send
// it, beyond the timeout every request has: on a slow line it was cut
// off while being read, and sent again for ever.
func TestALargeRequestFromASlowClientIsRead(t *testing.T) {
	// Scaled down: a line of 512 KiB/s and a batch of 900 KiB (1.8 s).
	a := onASlowLine(t, 512<<10)
	ben := a.Login("ben", crmtest.Password)
	var req crm.BatchRequest
	for i := range 5 {
		c := crmtest.NewCase(fmt.Sprintf("C-SLOWUP-%02d", i), "ben")
		c.Notes = bigNotes(180 << 10)
		body, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		req.Items = append(req.Items, crm.BatchItem{ID: c.ID, Key: "case:" + c.ID + ":v1", Case: body})
	}
	start := time.Now()
	r := a.Do("POST", "/v1/cases:batch", ben.AccessToken, nil, req)
	if r.Status != 200 {
		t.Fatalf("a batch of 900 KiB sent in %v on a slow line: %d %s", time.Since(start), r.Status, r.Body)
	}
}
