package server

import (
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"agentdesk/crm"
)

// reqInfo is filled in by the guard (inside the router) and read by the
// outer middleware for the log line and the metrics, which must name the
// route pattern, never the path: paths carry account numbers.
type reqInfo struct {
	route  string
	sub    string
	caseID string
}

type reqInfoKey struct{}

func reqInfoFrom(ctx context.Context) *reqInfo {
	i, _ := ctx.Value(reqInfoKey{}).(*reqInfo)
	return i
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// outer wraps the router: panics become 500s, bodies are capped, and every
// request leaves one log line and its metrics. The log line has the route,
// the status, the subject and a case ID when there is one; never a path, a
// query, a header or a body, where customer data lives.
func (s *Server) outer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &reqInfo{}
		sw := &statusWriter{ResponseWriter: w}
		w = sw
		r = r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, info))
		w.Header().Set("X-Content-Type-Options", "nosniff")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				// The value is not logged: a handler panics with what it
				// holds, and that can be a case body with a card number or a
				// login's password, which Redact would not catch. Its type
				// and the stack say where to look; the runtime's own errors
				// (nil pointer, index out of range) carry no request data.
				attrs := []any{"route", info.route, "type", fmt.Sprintf("%T", v), "stack", string(debug.Stack())}
				if re, ok := v.(runtime.Error); ok {
					attrs = append(attrs, "runtime_error", re.Error())
				}
				s.log.Error("panic", attrs...)
				if sw.status == 0 {
					s.fail(w, r, http.StatusInternalServerError, crm.CodeInternal)
				}
			}
			route := info.route
			if route == "" {
				route = "unmatched"
			}
			d := time.Since(start)
			code := strconv.Itoa(sw.status)
			s.metrics.requests.WithLabelValues(route, code).Inc()
			s.metrics.duration.WithLabelValues(route).Observe(d.Seconds())
			attrs := []any{"route", route, "status", sw.status, "ms", float64(d.Microseconds()) / 1000}
			if info.sub != "" {
				attrs = append(attrs, "sub", info.sub)
			}
			if info.caseID != "" {
				attrs = append(attrs, "case", info.caseID)
			}
			s.log.Info("request", attrs...)
		}()
		if r.ContentLength > MaxBodyBytes {
			s.fail(w, r, http.StatusRequestEntityTooLarge, crm.CodeTooLarge)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		}
		extendRead(w, r.ContentLength)
		next.ServeHTTP(w, r)
	})
}

type metrics struct {
	requests     *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	authFailures *prometheus.CounterVec
	rateLimited  prometheus.Counter
	casePuts     *prometheus.CounterVec
	loginsHeld   *prometheus.CounterVec
	contention   *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "crmd_http_requests_total", Help: "HTTP requests by route pattern and status (499: the client hung up before the answer).",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "crmd_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		authFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "crmd_auth_failures_total", Help: "Requests refused by the guard, by reason.",
		}, []string{"reason"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "crmd_rate_limited_total", Help: "Requests answered 429.",
		}),
		casePuts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "crmd_case_puts_total", Help: "Case writes by outcome.",
		}, []string{"outcome"}),
		loginsHeld: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "crmd_password_checks_refused_total",
			Help: "Password checks not run: busy (every Argon2 slot taken, 503) or backoff (the username failed too often, 429).",
		}, []string{"reason"}),
	}
	m.contention = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "crmd_store_contention_total",
		Help: "Writes the database gave up for others at the same moment, by store operation: retried (run again at once) or unavailable (answered 503 or a batch item to send again).",
	}, []string{"op", "outcome"})
	for _, c := range []prometheus.Collector{m.requests, m.duration, m.authFailures, m.rateLimited, m.casePuts, m.loginsHeld, m.contention} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// maxLimiterKeys bounds the buckets kept; a sweep that finds them all
// busy drops some down to 90% of it.
const maxLimiterKeys = 100_000

// budgetKey is the bucket an address's requests count against: the
// address, or for IPv6 its /64, which one host is handed whole (a client
// picking fresh addresses from its own /64 stays in one bucket).
func budgetKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is6() || a.Is4In6() {
		return addr
	}
	p, err := a.Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}

// limiters holds one token bucket per key (a token subject, or a client
// address for requests without a valid token).
type limiters struct {
	mu    sync.Mutex
	rate  rate.Limit
	burst int
	m     map[string]*limiterEntry
}

type limiterEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiters(r rate.Limit, burst int) *limiters {
	return &limiters{rate: r, burst: burst, m: map[string]*limiterEntry{}}
}

// allow takes one token for key, or says how long until one is there.
func (l *limiters) allow(key string) (bool, time.Duration) {
	if l.rate == rate.Inf {
		return true, 0
	}
	now := time.Now()
	l.mu.Lock()
	e, ok := l.m[key]
	if !ok {
		// A flood of made-up keys must not grow the map without bound,
		// nor make each new key walk it: once full, idle keys go, and if
		// that frees too little, any keys go (their clients start again
		// from a full bucket) down to 90%, so the next walk is 10,000
		// new keys away.
		if len(l.m) >= maxLimiterKeys {
			l.sweepLocked(now)
			for k := range l.m {
				if len(l.m) < maxLimiterKeys*9/10 {
					break
				}
				delete(l.m, k)
			}
		}
		e = &limiterEntry{lim: rate.NewLimiter(l.rate, l.burst)}
		l.m[key] = e
	}
	e.seen = now
	l.mu.Unlock()
	res := e.lim.ReserveN(now, 1)
	if !res.OK() {
		return false, time.Second
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep forgets keys idle long enough for their bucket to be full again.
func (l *limiters) sweep(now time.Time) {
	l.mu.Lock()
	l.sweepLocked(now)
	l.mu.Unlock()
}

func (l *limiters) sweepLocked(now time.Time) {
	idle := 10 * time.Minute
	if l.rate > 0 {
		if full := time.Duration(float64(l.burst) / float64(l.rate) * float64(time.Second)); full > idle {
			idle = full
		}
	}
	for k, e := range l.m {
		if now.Sub(e.seen) > idle {
			delete(l.m, k)
		}
	}
}

// clientAddr is the address a request's anonymous budget is kept under:
// the TCP peer's, unless the peer is one of the configured trusted proxies.
// Then X-Forwarded-For is read from the right, each trusted proxy having
// appended the address it was reached from, and the first address that is
// not a trusted proxy is the client. What a client writes into the header
// itself sits to the left of that and is never read, so it cannot pick its
// own bucket; a peer that is not trusted cannot either, whatever it sends.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trustedProxy(peer) {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			// A trusted proxy wrote something unreadable: nothing to its
			// left can be vouched for.
			break
		}
		client = a
		if !s.trustedProxy(a) {
			break
		}
	}
	return client.String()
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHop reads one X-Forwarded-For entry: an address, with a port as
// some proxies write it.
func parseHop(h string) (netip.Addr, bool) {
	h = strings.TrimSpace(h)
	if a, err := netip.ParseAddr(h); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// retryAfterSeconds rounds a wait up to whole seconds, at least one, as
// Retry-After takes.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

// unrouted answers what mux does not route in the API's own error shape:
// ServeMux writes a plain-text page for a path it does not know (404) and
// for a method a route does not take (405, with Allow), a body no client
// of crmd reads a code from. A wrong method gets invalid, the code the
// desk's client gives a 405 without a body, so desks of every release
// treat it alike: a refusal of the request itself, never sent again.
func (s *Server) unrouted(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// The router's own answer says which of the two it is, and
		// which methods the path takes; its body is dropped.
		rec := &headerRecorder{header: http.Header{}}
		h.ServeHTTP(rec, r)
		switch rec.status {
		case http.StatusNotFound:
			s.fail(w, r, http.StatusNotFound, crm.CodeNotFound)
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", rec.header.Get("Allow"))
			s.fail(w, r, http.StatusMethodNotAllowed, crm.CodeInvalid)
		default:
			// A redirect to the cleaned path, answered as the router does.
			mux.ServeHTTP(w, r)
		}
	})
}

// headerRecorder keeps the status and headers a handler writes, and
// discards its body.
type headerRecorder struct {
	header http.Header
	status int
}

func (w *headerRecorder) Header() http.Header { return w.header }

func (w *headerRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *headerRecorder) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}
