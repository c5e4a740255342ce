// Command crmd is the central CRM service the desktop apps sync to: an
// HTTP JSON API under /v1 with JWT authentication, on SQLite (one site) or
// PostgreSQL (several instances behind a load balancer). This package only
// wires: flags, the store named by --db, the keys folder, the server; the
// protocol and its rules live in crm/.
//
//	crmd serve --addr 127.0.0.1:8080 --db sqlite:crmd.db --keys keys
//	           [--tls-cert FILE --tls-key FILE] [--trusted-proxy CIDR]...
//	           [--metrics-addr 127.0.0.1:9464] [--metrics-token-file FILE]
//	crmd user add NAME --role agent < password.txt
//	crmd user disable NAME
//	crmd user enable NAME
//	crmd user list [--json]
//	crmd user password NAME < password.txt
//	crmd user role NAME ROLE
//	crmd import customers FILE.csv
//	crmd keys rotate [--force]
//	crmd --version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/time/rate"

	"agentdesk/crm"
	"agentdesk/crm/server"
	"agentdesk/internal/cliflag"
	"agentdesk/locales"
	"agentdesk/postgres"
	"agentdesk/sqlite"
)

// Set at build time with -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "dev"
	commit  = "unknown"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := NewMain().Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main holds the streams and environment of one run, so tests run crmd
// in-process exactly as the binary does.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Ready, when set, is told the address serve listens on: with
	// --addr 127.0.0.1:0 that is how a test learns the port.
	Ready func(addr string)
	// MetricsReady is told the --metrics-addr listener's address, before
	// Ready, when there is one.
	MetricsReady func(addr string)
}

// NewMain returns a Main on the process's streams and environment.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

type command struct {
	summary string // locales message ID
	run     func(ctx context.Context, m *Main, args []string) error
}

var commands = map[string]command{
	"serve":            {"crmd.summary.serve", runServe},
	"user add":         {"crmd.summary.user_add", runUserAdd},
	"user disable":     {"crmd.summary.user_disable", runUserDisable},
	"user enable":      {"crmd.summary.user_enable", runUserEnable},
	"user list":        {"crmd.summary.user_list", runUserList},
	"user password":    {"crmd.summary.user_password", runUserPassword},
	"user role":        {"crmd.summary.user_role", runUserRole},
	"import customers": {"crmd.summary.import_customers", runImportCustomers},
	"keys rotate":      {"crmd.summary.keys_rotate", runKeysRotate},
}

// errUsage is a mistake on the command line: exit 2.
var errUsage = errors.New("usage")

// Run dispatches args and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version" || args[0] == "version") {
		fmt.Fprintf(m.Stdout, "crmd %s (%s)\n", version, commit)
		return 0
	}
	for i := min(2, len(args)); i > 0; i-- {
		c, ok := commands[strings.Join(args[:i], " ")]
		if !ok {
			continue
		}
		err := c.run(ctx, m, args[i:])
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		}
		fmt.Fprintln(m.Stderr, m.t().D("crmd.failed", map[string]any{"Err": err}))
		return 1
	}
	t := m.t()
	if len(args) > 0 && args[0] != "help" && args[0] != "-h" && args[0] != "--help" {
		fmt.Fprintln(m.Stderr, t.D("crmd.unknown_command", map[string]any{"Command": strings.Join(args, " ")}))
	}
	fmt.Fprintln(m.Stderr, t.S("crmd.usage"))
	for _, n := range slices.Sorted(maps.Keys(commands)) {
		fmt.Fprintf(m.Stderr, "  %-18s %s\n", n, t.S(commands[n].summary))
	}
	fmt.Fprintf(m.Stderr, "  %-18s %s\n", "--version", t.S("crmd.summary.version"))
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return 0
	}
	return 2
}

// t follows AGENTDESK_LANG, then the POSIX locale; crmd speaks English
// unless told otherwise, as its operators' tools do.
func (m *Main) t() *locales.T {
	for _, k := range []string{"AGENTDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := locales.ParseLang(m.Getenv(k)); ok {
			return locales.New(l)
		}
	}
	return locales.New(locales.EN)
}

// flags is a FlagSet with --db, which every command takes; CRMD_DB sets
// its default.
func (m *Main) flags(name string, dsn *string) *flag.FlagSet {
	fs := flag.NewFlagSet("crmd "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	def := m.Getenv("CRMD_DB")
	if def == "" {
		def = "sqlite:crmd.db"
	}
	fs.StringVar(dsn, "db", def, m.t().S("crmd.flag.db"))
	return fs
}

// parse reads flags and positionals in any order; a flag error other
// than -h is a usage mistake.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := cliflag.Parse(fs, args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return nil, errUsage
	}
	return pos, err
}

// stray refuses positional arguments a command does not take, naming the
// first: a usage mistake must say what was wrong, not only exit 2.
func (m *Main) stray(fs *flag.FlagSet, pos []string) error {
	fmt.Fprintln(m.Stderr, m.t().D("crmd.cmd_usage.stray", map[string]any{"Command": fs.Name(), "Arg": strconv.Quote(pos[0])}))
	return errUsage
}

// openStore opens the store a DSN names. Only a command that creates
// (user add, import customers) makes a SQLite file that is not there:
// for any other, a missing file is a mistyped --db, and opening it would
// make an empty database that answers as if crmd had no accounts.
func (m *Main) openStore(ctx context.Context, dsn string, creates bool) (crm.Store, error) {
	t := m.t()
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, errors.New(t.S("crmd.db.no_path"))
		}
		// A shell expands a ~ at the start of a word only, and leaves
		// the one after "sqlite:": taken as it is, a folder named "~"
		// was made in the current one.
		if rest, ok := strings.CutPrefix(path, "~"); ok && (rest == "" || rest[0] == '/' || rest[0] == filepath.Separator) {
			home, err := os.UserHomeDir()
			if err != nil {
				return nil, err
			}
			path = filepath.Join(home, rest)
		}
		st, err := os.Stat(path)
		switch {
		case err == nil && st.IsDir():
			return nil, errors.New(t.D("crmd.db.folder", map[string]any{"Path": path}))
		case errors.Is(err, os.ErrNotExist) && !creates:
			return nil, errors.New(t.D("crmd.db.missing", map[string]any{"Path": path}))
		}
		return sqlite.OpenServer(ctx, path)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return postgres.Open(ctx, dsn)
	}
	return nil, errors.New(t.S("crmd.db.dsn"))
}

func runServe(ctx context.Context, m *Main, args []string) error {
	var dsn string
	fs := m.flags("serve", &dsn)
	t := m.t()
	addr := fs.String("addr", "127.0.0.1:8080", t.S("crmd.flag.addr"))
	keysDir := fs.String("keys", "keys", t.S("crmd.flag.keys"))
	rps := fs.Float64("rate", 20, t.S("crmd.flag.rate"))
	burst := fs.Int("burst", 100, t.S("crmd.flag.burst"))
	anonRPS := fs.Float64("anon-rate", 5, t.S("crmd.flag.anon_rate"))
	anonBurst := fs.Int("anon-burst", 20, t.S("crmd.flag.anon_burst"))
	logins := fs.Int("login-concurrency", runtime.GOMAXPROCS(0), t.S("crmd.flag.login_concurrency"))
	tlsCert := fs.String("tls-cert", "", t.S("crmd.flag.tls_cert"))
	tlsKey := fs.String("tls-key", "", t.S("crmd.flag.tls_key"))
	metricsAddr := fs.String("metrics-addr", "127.0.0.1:9464", t.S("crmd.flag.metrics_addr"))
	metricsTokenFile := fs.String("metrics-token-file", "", t.S("crmd.flag.metrics_token_file"))
	logFmt := fs.String("log", "json", t.S("crmd.flag.log"))
	var proxies []netip.Prefix
	fs.Func("trusted-proxy", t.S("crmd.flag.trusted_proxy"), func(v string) error {
		p, ok := parsePrefix(v)
		if !ok {
			return errors.New(t.D("crmd.serve.trusted_proxy", map[string]any{"Value": strconv.Quote(v)}))
		}
		proxies = append(proxies, p)
		return nil
	})
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return m.stray(fs, pos)
	}
	if *logins < 1 {
		return errors.New(t.D("crmd.serve.login_concurrency", map[string]any{"Value": *logins}))
	}
	if *logFmt != "json" && *logFmt != "text" {
		return errors.New(t.D("crmd.serve.log", map[string]any{"Value": strconv.Quote(*logFmt)}))
	}
	// NaN compares false with everything, so "--rate NaN" would pass for a
	// limit and turn limiting off; an infinite rate is no limit either.
	for name, v := range map[string]float64{"--rate": *rps, "--anon-rate": *anonRPS} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.New(t.D("crmd.serve.rate", map[string]any{"Flag": name, "Value": v}))
		}
	}
	metricsToken, err := readMetricsToken(t, *metricsTokenFile)
	if err != nil {
		return err
	}
	var cert *server.Certificate
	switch {
	case (*tlsCert == "") != (*tlsKey == ""):
		return errors.New(t.S("crmd.serve.tls_pair"))
	case *tlsCert != "":
		if cert, err = server.LoadCertificate(*tlsCert, *tlsKey); err != nil {
			// The cause (a missing file, a key that is not the
			// certificate's) is what the operator fixes; the server's
			// own wording around it is not theirs.
			cause := err
			if u := errors.Unwrap(err); u != nil {
				cause = u
			}
			return errors.New(t.D("crmd.serve.tls_load", map[string]any{"Cert": *tlsCert, "Key": *tlsKey, "Err": cause}))
		}
	}
	var h slog.Handler = slog.NewJSONHandler(m.Stderr, nil)
	if *logFmt == "text" {
		h = slog.NewTextHandler(m.Stderr, nil)
	}
	log := slog.New(h)
	// The store first: a --db that cannot be used must leave nothing
	// behind, and a first signing key is something.
	store, err := m.openStore(ctx, dsn, false)
	if err != nil {
		return err
	}
	defer store.Close()
	for _, p := range proxies {
		if p.Bits() == 0 {
			// Every client is then a proxy whose X-Forwarded-For is
			// believed: it names its own address, and so its own budget.
			log.Warn("--trusted-proxy takes in every address: any client picks its own rate budget (password guesses included) with X-Forwarded-For; name the load balancer's addresses", "trusted_proxy", p.String())
		}
	}
	keys, created, err := server.EnsureKeys(*keysDir, time.Now())
	if err != nil {
		return err
	}
	if created {
		kid, _ := keys.Signer()
		log.Info("created a first signing key", "kid", kid, "dir", *keysDir)
	}
	srv, err := server.NewServer(server.Config{
		Store: store, Keys: keys, Logger: log, Version: version,
		RateLimit: limit(*rps), RateBurst: *burst, AnonRate: limit(*anonRPS), AnonBurst: *anonBurst,
		LoginConcurrency: *logins, TrustedProxies: proxies, MetricsToken: metricsToken, Certificate: cert,
	})
	if err != nil {
		return err
	}
	if err := srv.CheckPlaybook(ctx); err != nil {
		// Serving anyway: a fixed pack is published through crmd itself.
		log.Error("the playbook in force does not load with this release: no case write or decision is taken until a fixed one is published (agentctl playbook publish)", "err", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return errors.New(t.D("crmd.serve.listen", map[string]any{"Flag": "--addr", "Err": err}))
	}
	// SIGHUP rereads the keys folder and the TLS certificate at once,
	// without waiting for the periodic reload.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for range hup {
			if err := keys.Reload(); err != nil {
				log.Warn("keys reload failed", "err", err)
			}
			if cert != nil {
				if err := cert.Reload(); err != nil {
					log.Warn("TLS certificate reload failed; keeping the loaded one", "err", err)
				} else {
					log.Info("TLS certificate reloaded", "not_after", cert.NotAfter())
					srv.CheckCertificate()
				}
			}
		}
	}()
	// Metrics are served apart from the API, on loopback unless told
	// otherwise: they name routes and counts an outsider has no business
	// reading. A metrics address that cannot be had stops crmd, as an
	// API address would.
	mctx, mstop := context.WithCancel(ctx)
	defer mstop()
	var metricsDone chan error
	if *metricsAddr != "" {
		mln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			ln.Close()
			return errors.New(t.D("crmd.serve.listen", map[string]any{"Flag": "--metrics-addr", "Err": err}))
		}
		if ip := net.ParseIP(hostOf(mln.Addr().String())); ip == nil || !ip.IsLoopback() {
			if metricsToken == "" {
				log.Warn("metrics served beyond loopback without a token", "addr", mln.Addr().String())
			}
		}
		metricsDone = make(chan error, 1)
		go func() {
			err := srv.ServeMetrics(mctx, mln)
			if err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("metrics listener failed", "err", err)
			}
			metricsDone <- err
		}()
		log.Info("metrics listening", "addr", mln.Addr().String())
		if m.MetricsReady != nil {
			m.MetricsReady(mln.Addr().String())
		}
	}
	scheme := "http"
	if cert != nil {
		scheme = "https"
		srv.CheckCertificate()
	}
	log.Info("crmd listening", "addr", ln.Addr().String(), "scheme", scheme, "version", version, "store", strings.SplitN(dsn, ":", 2)[0])
	if m.Ready != nil {
		m.Ready(ln.Addr().String())
	}
	err = srv.Serve(ctx, ln)
	mstop()
	if metricsDone != nil {
		<-metricsDone
	}
	return err
}

// readMetricsToken reads --metrics-token-file: one line, long enough not to
// be guessed.
func readMetricsToken(t *locales.T, path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", errors.New(t.D("crmd.serve.metrics_token_read", map[string]any{"Err": err}))
	}
	tok := strings.TrimSpace(string(b))
	if len(tok) < 16 || strings.ContainsAny(tok, " \t\r\n") {
		return "", errors.New(t.S("crmd.serve.metrics_token_short"))
	}
	return tok, nil
}

func hostOf(addr string) string {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return h
}

// parsePrefix reads a --trusted-proxy: a CIDR, or one address.
func parsePrefix(v string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(v); err == nil {
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

// limit reads a rate flag: 0 or less means no limit.
func limit(rps float64) rate.Limit {
	if rps <= 0 {
		return rate.Inf
	}
	return rate.Limit(rps)
}
