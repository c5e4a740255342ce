package loadtest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"agentdesk/crm"
	"agentdesk/crm/server"
)

// instance is one crmd, in this process, configured as `crmd serve` with
// its default limits, behind the balancer on loopback.
type instance struct {
	open func(context.Context) (crm.Store, error) // its own handle on the store
	keys *server.KeySet
	addr string // 127.0.0.1:port, kept across restarts

	mu      sync.Mutex
	store   crm.Store
	hs      *http.Server
	served  chan error
	reg     *prometheus.Registry
	replays int // from the runs before a restart
}

func startInstance(ctx context.Context, open func(context.Context) (crm.Store, error), keys *server.KeySet) (*instance, error) {
	in := &instance{open: open, keys: keys, addr: "127.0.0.1:0"}
	return in, in.start(ctx)
}

func (in *instance) start(ctx context.Context) error {
	store, err := in.open(ctx)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	srv, err := server.NewServer(server.Config{
		Store: store, Keys: in.keys, Registry: reg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		// crmd serve's defaults, stated.
		RateLimit: 20, RateBurst: 100, AnonRate: 5, AnonBurst: 20, LoginConcurrency: runtime.GOMAXPROCS(0),
		// The balancer passes each desk's address on, as a balancer
		// named with --trusted-proxy does: the desks' own addresses are
		// budgeted, not the balancer's.
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
	})
	if err != nil {
		store.Close()
		return err
	}
	var ln net.Listener
	for range 50 {
		if ln, err = net.Listen("tcp", in.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond) // the port of an instance just stopped
	}
	if err != nil {
		store.Close()
		return err
	}
	hs := srv.HTTPServer()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	in.mu.Lock()
	in.store, in.hs, in.served, in.reg, in.addr = store, hs, served, reg, ln.Addr().String()
	in.mu.Unlock()
	return nil
}

// stop ends the instance as a crash would for its clients: every
// connection is cut at once, whatever it was doing. The writes already
// queued are committed before the store closes, as the database would
// have them.
func (in *instance) stop() {
	in.mu.Lock()
	hs, served, store, reg := in.hs, in.served, in.store, in.reg
	in.hs = nil
	in.mu.Unlock()
	if hs == nil {
		return
	}
	_ = hs.Close()
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		slog.Warn("crmd instance", "err", err)
	}
	in.replays += countReplays(reg)
	store.Close()
}

// restart stops the instance, leaves it down for a while, and starts it
// again on the same address with a new handle on the store.
func (in *instance) restart(ctx context.Context, down time.Duration) error {
	in.stop()
	select {
	case <-ctx.Done():
	case <-time.After(down):
	}
	return in.start(ctx)
}

// Replays is how many case writes this instance recognised as resends.
func (in *instance) Replays() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := in.replays
	if in.hs != nil {
		n += countReplays(in.reg)
	}
	return n
}

func countReplays(reg *prometheus.Registry) int {
	mfs, err := reg.Gather()
	if err != nil {
		return 0
	}
	for _, mf := range mfs {
		if mf.GetName() != "crmd_case_puts_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "outcome" && l.GetValue() == "replay" {
					return int(m.GetCounter().GetValue())
				}
			}
		}
	}
	return 0
}
