// Package faultproxy is a misbehaving network between desks and crmd, for
// tests and the load test: a loopback balancer that can delay traffic,
// reset connections, lose answers crmd already acted on and cut answers in
// the middle of their body, so sync can be shown to deliver every save
// exactly once anyway.
package faultproxy

import (
	"bytes"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy is a load balancer on loopback in front of one or more crmd
// instances: each connection goes to the next instance in turn, and to
// another one when that one does not answer (a balancer's health check).
// While Faulty it also delays traffic, resets connections before their
// request reached crmd, loses answers after crmd applied the request, and
// cuts answers in the middle of their body.
type Proxy struct {
	// Faulty turns the faults on and off while the proxy runs.
	Faulty atomic.Bool
	// Resets, Lost and Cut count the faults injected; Clean the answers
	// passed on whole.
	Resets, Lost, Cut, Clean atomic.Int64

	ln       net.Listener
	backends []string
	next     atomic.Int64
	rate     int // percent of connections reset, and of answers lost and cut, each
	wg       sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]bool
}

// New starts a proxy to backends (host:port) on 127.0.0.1; ratePercent
// is the chance, while Faulty, of each kind of fault.
func New(backends []string, ratePercent int) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &Proxy{ln: ln, backends: backends, rate: ratePercent, conns: map[net.Conn]bool{}}
	b.wg.Add(1)
	go b.serve()
	return b, nil
}

// URL is the proxy's address as a desk names crmd.
func (b *Proxy) URL() string { return "http://" + b.ln.Addr().String() }

// track remembers a connection so Close can end it; false once closed.
func (b *Proxy) track(c net.Conn) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conns == nil {
		return false
	}
	b.conns[c] = true
	return true
}

func (b *Proxy) untrack(c net.Conn) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conns != nil {
		delete(b.conns, c)
	}
}

// Close stops accepting and ends every connection.
func (b *Proxy) Close() {
	b.ln.Close()
	b.mu.Lock()
	for c := range b.conns {
		c.Close()
	}
	b.conns = nil
	b.mu.Unlock()
	b.wg.Wait()
}

func (b *Proxy) serve() {
	defer b.wg.Done()
	for {
		c, err := b.ln.Accept()
		if err != nil {
			return
		}
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			b.handle(c.(*net.TCPConn))
		}()
	}
}

func reset(c *net.TCPConn) {
	_ = c.SetLinger(0) // close with RST, not FIN
	_ = c.Close()
}

// dial connects to the next instance that answers.
func (b *Proxy) dial() (*net.TCPConn, error) {
	start := int(b.next.Add(1))
	var err error
	for i := range b.backends {
		var c net.Conn
		if c, err = net.DialTimeout("tcp", b.backends[(start+i)%len(b.backends)], time.Second); err == nil {
			return c.(*net.TCPConn), nil
		}
	}
	return nil, err
}

func (b *Proxy) chance() bool { return b.Faulty.Load() && rand.IntN(100) < b.rate }

func (b *Proxy) latency() {
	if b.Faulty.Load() {
		time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
	}
}

func (b *Proxy) handle(client *net.TCPConn) {
	if b.chance() {
		b.Resets.Add(1)
		reset(client)
		return
	}
	backend, err := b.dial()
	if err != nil {
		b.Resets.Add(1)
		reset(client) // no instance up: the desk sees a reset
		return
	}
	if !b.track(client) || !b.track(backend) {
		backend.Close()
		client.Close()
		return
	}
	defer func() {
		b.untrack(client)
		b.untrack(backend)
		backend.Close()
		client.Close()
	}()
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := client.Read(buf)
			if n > 0 {
				b.latency()
				if _, werr := backend.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				_ = backend.CloseWrite()
				return
			}
		}
	}()
	// Each read from crmd is, on a keep-alive connection, the start of
	// an answer or all of it: it may be lost whole after crmd applied the
	// request, or cut after its headers and part of its body.
	buf := make([]byte, 32<<10)
	for {
		n, err := backend.Read(buf)
		if n > 0 {
			b.latency()
			switch {
			case b.chance():
				b.Lost.Add(1)
				reset(client)
				return
			case b.chance():
				cut := n / 2
				if i := bytes.Index(buf[:n], []byte("\r\n\r\n")); i >= 0 && n > i+5 {
					cut = i + 4 + 1 + rand.IntN(n-i-5)
				}
				_, _ = client.Write(buf[:cut])
				b.Cut.Add(1)
				reset(client)
				return
			}
			b.Clean.Add(1)
			if _, werr := client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
