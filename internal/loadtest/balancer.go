package loadtest

import (
	"bytes"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// balancer is the load balancer in front of the crmd instances, on
// loopback: each desk connection goes to the next instance in turn, and to
// another one when that one does not answer (the balancer's health check).
// While faulty it also delays traffic, resets connections before their
// request reached crmd, loses answers after crmd applied the request, and
// cuts answers in the middle of their body.
type balancer struct {
	ln       net.Listener
	backends []string
	next     atomic.Int64
	faulty   atomic.Bool
	rate     int // percent of connections reset, and of answers lost and cut, each

	resets, lost, cut atomic.Int64
	wg                sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]bool
}

func newBalancer(backends []string, ratePercent int) (*balancer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &balancer{ln: ln, backends: backends, rate: ratePercent, conns: map[net.Conn]bool{}}
	b.wg.Add(1)
	go b.serve()
	return b, nil
}

func (b *balancer) URL() string { return "http://" + b.ln.Addr().String() }

// track remembers a connection so Close can end it; false once closed.
func (b *balancer) track(c net.Conn) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conns == nil {
		return false
	}
	b.conns[c] = true
	return true
}

func (b *balancer) untrack(c net.Conn) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conns != nil {
		delete(b.conns, c)
	}
}

// Close stops accepting and ends every connection.
func (b *balancer) Close() {
	b.ln.Close()
	b.mu.Lock()
	for c := range b.conns {
		c.Close()
	}
	b.conns = nil
	b.mu.Unlock()
	b.wg.Wait()
}

func (b *balancer) serve() {
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
func (b *balancer) dial() (*net.TCPConn, error) {
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

func (b *balancer) chance() bool { return b.faulty.Load() && rand.IntN(100) < b.rate }

func (b *balancer) latency() {
	if b.faulty.Load() {
		time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
	}
}

func (b *balancer) handle(client *net.TCPConn) {
	if b.chance() {
		b.resets.Add(1)
		reset(client)
		return
	}
	backend, err := b.dial()
	if err != nil {
		b.resets.Add(1)
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
				b.lost.Add(1)
				reset(client)
				return
			case b.chance():
				cut := n / 2
				if i := bytes.Index(buf[:n], []byte("\r\n\r\n")); i >= 0 && n > i+5 {
					cut = i + 4 + 1 + rand.IntN(n-i-5)
				}
				_, _ = client.Write(buf[:cut])
				b.cut.Add(1)
				reset(client)
				return
			}
			if _, werr := client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
