package server

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"agentdesk/crm"
	"agentdesk/locales"
	"agentdesk/training"
)

// MaxBodyBytes is the largest request body crmd reads: a case with a long
// timeline is tens of kilobytes, a playbook pack a few hundred.
const MaxBodyBytes = crm.MaxRequestBytes

// Config is what a Server needs. Zero values take the defaults noted.
type Config struct {
	Store crm.Store
	Keys  *KeySet

	Issuer           string        // DefaultIssuer
	Audience         string        // DefaultAudience
	TrainingAudience string        // DefaultTrainingAudience
	AccessTTL        time.Duration // MaxAccessTTL, and never more
	RefreshTTL       time.Duration // 7 days: a week away from the desk means a new login

	// RateLimit and RateBurst bound requests per token subject (20/s,
	// burst 100); AnonRate and AnonBurst bound requests without a valid
	// token per client address (5/s, burst 20), which covers password
	// guessing.
	RateLimit rate.Limit
	RateBurst int
	AnonRate  rate.Limit
	AnonBurst int
	// TrustedProxies are the peers whose X-Forwarded-For is believed
	// (a TLS-terminating load balancer): requests through them are
	// budgeted by the client's address, not theirs. Empty: the TCP peer
	// is the client, whatever the header says.
	TrustedProxies []netip.Prefix

	// MaxCaseBytes caps a case write's case without crmd's own records
	// on it (crm.MaxCaseBytes, crm.CaseBytes; a desk sends them back as
	// it got them, so the request itself is read up to MaxBodyBytes);
	// MaxPageBytes is the byte budget of one page of a list
	// (crm.MaxPageBytes). Neither may exceed MaxBodyBytes.
	MaxCaseBytes int64
	MaxPageBytes int

	// PolicyRecheck is how long an instance judges case writes by the
	// playbook it last found in force before asking the store again (one
	// read of the pack's hash; the files only when it moved): a pack
	// published through another instance holds here within this time,
	// one published through this instance at once. 1 s when zero; a
	// negative value asks at every write.
	PolicyRecheck time.Duration

	// LoginConcurrency is how many Argon2 password checks (19 MiB each)
	// may run at once; a login beyond it is answered 503 with Retry-After
	// at once. The number of CPUs crmd may use when zero.
	LoginConcurrency int

	// Certificate, when set, makes Serve answer HTTPS (TLS 1.3) itself.
	Certificate *Certificate

	// MetricsToken, when set, routes GET /metrics on the API for a
	// request with "Authorization: Bearer <MetricsToken>" (and asks for it
	// on MetricsHandler too). Unset, /metrics is not on the API at all:
	// it is served by MetricsHandler on an address of its own.
	MetricsToken string

	Logger   *slog.Logger         // discarded when nil
	Registry *prometheus.Registry // a fresh one when nil
	Now      func() time.Time
	Version  string

	// DefaultPlaybook is served as version 0 until a supervisor publishes
	// a pack; the embedded default pack when nil.
	DefaultPlaybook fs.FS

	// Training is the scenarios and rubric versions crmd grades uploaded
	// attempts with; the embedded content (training.LoadDefault), loaded
	// at the first attempt, when nil. crmd ships the same embedded content
	// as the desks of its release, so it grades what they play; a desk of
	// a newer release may name a scenario or rubric crmd does not have yet
	// (unknown_training_content, sent again after the upgrade).
	Training *training.Content
}

// Server is crmd's HTTP API. It holds no session state: every instance
// sharing a Store and a keys folder answers alike.
type Server struct {
	cfg     Config
	store   crm.Store
	tokens  *Tokens
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	routes  []string
	// bodyCaps are the routes that read less than MaxBodyBytes.
	bodyCaps map[string]int64
	metrics  *metrics
	subj     *limiters
	anon     *limiters
	logins   *loginGate
	msgs     map[locales.Lang]*locales.T

	pol policyCache

	defaultPackOnce sync.Once
	defaultPack     *crm.PlaybookPack
	defaultPackErr  error

	trainingOnce sync.Once
	training     *training.Content
	trainingErr  error
}

// NewServer builds the server and its routes.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Keys == nil {
		return nil, errors.New("crm: a server needs a store and keys")
	}
	if cfg.Issuer == "" {
		cfg.Issuer = DefaultIssuer
	}
	if cfg.Audience == "" {
		cfg.Audience = DefaultAudience
	}
	if cfg.TrainingAudience == "" {
		cfg.TrainingAudience = DefaultTrainingAudience
	}
	if cfg.Audience == cfg.TrainingAudience {
		return nil, errors.New("crm: the training audience must differ from the production one")
	}
	if cfg.AccessTTL <= 0 || cfg.AccessTTL > MaxAccessTTL {
		cfg.AccessTTL = MaxAccessTTL
	}
	if cfg.RefreshTTL <= 0 {
		cfg.RefreshTTL = 7 * 24 * time.Hour
	}
	if cfg.PolicyRecheck == 0 {
		cfg.PolicyRecheck = time.Second
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit, cfg.RateBurst = 20, 100
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = 1
	}
	if cfg.AnonRate == 0 {
		cfg.AnonRate, cfg.AnonBurst = 5, 20
	}
	if cfg.AnonBurst <= 0 {
		cfg.AnonBurst = 1
	}
	if cfg.MaxCaseBytes <= 0 || cfg.MaxCaseBytes > MaxBodyBytes {
		cfg.MaxCaseBytes = crm.MaxCaseBytes
	}
	if cfg.MaxPageBytes <= 0 {
		cfg.MaxPageBytes = crm.MaxPageBytes
	}
	if cfg.LoginConcurrency <= 0 {
		cfg.LoginConcurrency = runtime.GOMAXPROCS(0)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{
		cfg:   cfg,
		store: cfg.Store,
		tokens: &Tokens{Keys: cfg.Keys, Issuer: cfg.Issuer, Audience: cfg.Audience,
			TrainingAudience: cfg.TrainingAudience, AccessTTL: cfg.AccessTTL, Now: cfg.Now},
		log:    cfg.Logger,
		mux:    http.NewServeMux(),
		subj:   newLimiters(cfg.RateLimit, cfg.RateBurst),
		anon:   newLimiters(cfg.AnonRate, cfg.AnonBurst),
		logins: newLoginGate(cfg.LoginConcurrency),
		msgs:   map[locales.Lang]*locales.T{},
		// A case write is read up to MaxBodyBytes and held to MaxCaseBytes
		// once decoded, without crmd's records (handlePutCase).
		bodyCaps: map[string]int64{},
	}
	for _, l := range locales.Langs {
		s.msgs[l] = locales.New(l)
	}
	m, err := newMetrics(cfg.Registry)
	if err != nil {
		return nil, err
	}
	s.metrics = m
	s.store = retrying{Store: cfg.Store, m: m}
	s.registerRoutes()
	s.handler = s.outer(s.unrouted(s.mux))
	return s, nil
}

// Handler is the whole API with its middleware.
func (s *Server) Handler() http.Handler { return s.handler }

// Routes lists every pattern registered on the router.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// Tokens exposes the token issuer, for tools and tests that need a token
// without a password.
func (s *Server) Tokens() *Tokens { return s.tokens }

// readTimeout bounds the reading of a request, writeTimeout the writing
// of an answer; minClientSpeed (bytes a second) is the slowest client a
// large one is given the time of (extendRead, extendWrite). Variables for
// the tests only. A request or answer of smallMessage bytes or fewer
// keeps the timeouts.
const smallMessage = 32 << 10

var (
	readTimeout    = 30 * time.Second
	writeTimeout   = 30 * time.Second
	minClientSpeed = 32 << 10
)

// extendWrite gives the answer of n bytes being written on w the time a
// client at minClientSpeed takes to read it, past the write timeout: a
// page of a list may be megabytes (crm.MaxPageBytes), which a slow line
// does not carry within the timeout, and a desk cut off in its middle
// asks for the same page again, for ever. How fast the client is cannot
// be known before writing; a stated slowest speed bounds what one
// reading slower still can hold. Small answers keep the timeout.
func extendWrite(w http.ResponseWriter, n int) {
	if n <= smallMessage {
		return
	}
	extra := time.Duration(n) * time.Second / time.Duration(minClientSpeed)
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(writeTimeout + extra))
}

// extendRead gives a request of n bytes the time a client at
// minClientSpeed takes to send it, past the read timeout, as extendWrite
// does an answer: a batch of cases or a pack near crmd's 1 MiB cap does
// not come through a slow line within the timeout, and the desk sends it
// again for ever. A request of unknown length keeps the timeout.
func extendRead(w http.ResponseWriter, n int64) {
	if n <= smallMessage {
		return
	}
	extra := time.Duration(n) * time.Second / time.Duration(minClientSpeed)
	// The answer's timeout runs from the same moment as the request's
	// (the end of its header): the time taken to read it is its too.
	rc, now := http.NewResponseController(w), time.Now()
	_ = rc.SetReadDeadline(now.Add(readTimeout + extra))
	_ = rc.SetWriteDeadline(now.Add(writeTimeout + extra))
}

// HTTPServer wraps the handler in an http.Server whose timeouts keep slow
// or idle clients from holding connections: a header must arrive within
// 5 s, a whole request within 30 s and an answer within 30 s (a large
// one longer: extendRead, extendWrite).
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       120 * time.Second,
		// Go's default, stated: an oversized token must still reach the
		// verifier and be refused with 401, not 431.
		MaxHeaderBytes: http.DefaultMaxHeaderBytes,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Serve answers on ln until ctx ends, then drains in-flight requests for up
// to 10 s: HTTPS when the config has a Certificate, plain HTTP otherwise.
// It also purges expired tokens hourly and rereads the keys folder every
// 30 s (and the certificate hourly), so `crmd keys rotate` and a renewed
// certificate need no restart.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.HTTPServer()
	hs.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	bg, stop := context.WithCancel(ctx)
	defer stop()
	go s.housekeeping(bg)
	errc := make(chan error, 1)
	if c := s.cfg.Certificate; c != nil {
		hs.TLSConfig = c.TLSConfig()
		go func() { errc <- hs.ServeTLS(ln, "", "") }()
	} else {
		go func() { errc <- hs.Serve(ln) }()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = hs.Close()
	}
	if e := <-errc; err == nil && !errors.Is(e, http.ErrServerClosed) {
		err = e
	}
	return err
}

func (s *Server) housekeeping(ctx context.Context) {
	purge := time.NewTicker(time.Hour)
	keys := time.NewTicker(30 * time.Second)
	defer purge.Stop()
	defer keys.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-purge.C:
			// Revoked IDs are kept for the verification leeway past their
			// expiry, as long as a token is still accepted.
			if err := s.store.Purge(ctx, s.cfg.Now().Add(-2*Leeway)); err != nil {
				s.log.Warn("purge failed", "err", err)
			}
			s.subj.sweep(time.Now())
			s.anon.sweep(time.Now())
			s.logins.sweep(s.cfg.Now())
			if c := s.cfg.Certificate; c != nil {
				if err := c.Reload(); err != nil {
					s.log.Warn("TLS certificate reload failed; keeping the loaded one", "err", err)
				}
				s.CheckCertificate()
			}
		case <-keys.C:
			if err := s.cfg.Keys.Reload(); err != nil {
				s.log.Warn("keys reload failed; keeping the loaded keys", "err", err)
			}
		}
	}
}
