package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"agentdesk/cases"
	"agentdesk/internal/atomicfile"
)

// SessionFile is the file, in the folder given to NewClient, where a login
// is kept between runs of the desktop app (mode 0600).
const SessionFile = "crm-session.json"

// Session is a login as the desktop keeps it.
type Session struct {
	BaseURL      string    `json:"base_url"`
	Username     string    `json:"username"`
	Role         Role      `json:"role"`
	AccessToken  string    `json:"access_token"`
	AccessExp    time.Time `json:"access_expires_at"`
	RefreshToken string    `json:"refresh_token"`
}

// Client errors that are not an answer from crmd.
var (
	// ErrLoggedOut: there is no session, or crmd ended it (refresh refused);
	// a person has to log in again.
	ErrLoggedOut = errors.New("crm: not logged in")
	// ErrInsecureURL: tokens are not sent in clear text to another machine.
	ErrInsecureURL = errors.New("crm: the CRM URL must be https:// unless it is on this machine")
)

// Client talks to crmd for the desktop app. It keeps the session in a
// folder, refreshes the access token before it expires or when refused,
// and never refreshes twice at once: a refresh token is single-use, and a
// second use would end the session.
type Client struct {
	base string
	http *http.Client
	dir  string
	Now  func() time.Time

	// lang is sent as Accept-Language, for error messages; atomic because
	// the interface language changes while requests are in flight.
	lang atomic.Pointer[string]

	mu        sync.Mutex
	sess      *Session
	refreshMu sync.Mutex
}

// SetLang is the language crmd's error messages come back in; safe to
// call while requests run.
func (c *Client) SetLang(lang string) { c.lang.Store(&lang) }

// exchangeTimeout is the time one exchange with crmd has; minLineSpeed
// (bytes a second) is the slowest line a large one is given the time of,
// as crmd gives it (README, "The CRM service"). Variables for the tests.
var (
	exchangeTimeout = 30 * time.Second
	minLineSpeed    = 32 << 10
)

// perBytes is the time n bytes take at minLineSpeed.
func perBytes(n int) time.Duration {
	return time.Duration(n) * time.Second / time.Duration(minLineSpeed)
}

// pace ends an exchange (cancel) that has not gone on at minLineSpeed
// since its exchangeTimeout: a large request or answer is given the time
// its bytes take at that speed, as crmd gives it, where a fixed timeout
// cut a full page off on a slow line every time it was asked for.
type pace struct {
	t     *time.Timer
	mu    sync.Mutex
	at    time.Time
	fired atomic.Bool
}

func startPace(cancel func(), sent int) *pace {
	p := &pace{at: time.Now().Add(exchangeTimeout + perBytes(sent))}
	p.t = time.AfterFunc(time.Until(p.at), func() { p.fired.Store(true); cancel() })
	return p
}

// extend moves the end on by the time n more bytes take.
func (p *pace) extend(n int) {
	if n <= 0 {
		return
	}
	p.mu.Lock()
	p.at = p.at.Add(perBytes(n))
	if !p.fired.Load() {
		p.t.Reset(time.Until(p.at))
	}
	p.mu.Unlock()
}

// timedOut is err said as a timeout when the pace ended the exchange.
func (p *pace) timedOut(err error) error {
	if p.fired.Load() {
		return fmt.Errorf("crm: no answer in time (%w): %w", context.DeadlineExceeded, err)
	}
	return err
}

// pacedReader extends p by what it reads.
type pacedReader struct {
	r io.Reader
	p *pace
}

func (r pacedReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	r.p.extend(n)
	return n, err
}

// NewClient returns a client for the crmd at baseURL that keeps its session
// in dir, picking up the one saved there for the same URL. hc may be nil.
func NewClient(baseURL, dir string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("crm: bad CRM URL %q", baseURL)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, ErrInsecureURL
	}
	if hc == nil {
		// No Timeout: send gives each exchange its time, by its size.
		hc = &http.Client{
			Transport: &http.Transport{
				Proxy:                 http.ProxyFromEnvironment,
				DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
				TLSHandshakeTimeout:   5 * time.Second,
				ResponseHeaderTimeout: 20 * time.Second,
				MaxIdleConnsPerHost:   8,
				IdleConnTimeout:       90 * time.Second,
			},
		}
	}
	// A copy, so the redirect rule holds whatever client was given and
	// the caller's is left as it was.
	own := *hc
	own.CheckRedirect = checkRedirect
	c := &Client{base: u.String(), http: &own, dir: dir, Now: time.Now}
	if s, err := loadSession(dir); err == nil && s.BaseURL == c.base {
		c.sess = s
	}
	return c, nil
}

// checkRedirect follows a redirect only where the token stays safe. crmd
// itself never redirects; a proxy or a misconfigured address might, and
// Go's client would by default carry the Authorization header from https
// to http on the same host, and to any port or subdomain of it. Here a
// redirect from https to http is refused, as is http beyond this machine
// (ErrInsecureURL, never followed), and a redirect to another host:port
// goes without the Authorization header, and not at all when it would
// send the body again (307, 308): a login's body is a password.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("crm: too many redirects")
	}
	first := via[0].URL
	if req.URL.Scheme != "https" && (first.Scheme == "https" || !isLoopback(req.URL.Hostname())) {
		return fmt.Errorf("%w (redirected to %s://%s)", ErrInsecureURL, req.URL.Scheme, req.URL.Host)
	}
	if !strings.EqualFold(req.URL.Host, first.Host) || req.URL.Scheme != first.Scheme {
		if req.Body != nil && req.Body != http.NoBody {
			return fmt.Errorf("crm: not sending a request body on to %s", req.URL.Host)
		}
		req.Header.Del("Authorization")
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func loadSession(dir string) (*Session, error) {
	b, err := os.ReadFile(filepath.Join(dir, SessionFile))
	if err != nil {
		return nil, err
	}
	var s Session
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// StoredSession is the session kept in dir, whichever crmd it is for. A
// client picks up only its own address's; a logout after the address in
// the settings changed has to end this one, on the crmd it came from.
func StoredSession(dir string) (Session, error) {
	s, err := loadSession(dir)
	if err != nil {
		return Session{}, err
	}
	return *s, nil
}

// saveSession writes the session readable by its owner only: it holds a
// refresh token, which is a login.
func (c *Client) saveSession(s *Session) error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(c.dir, SessionFile), b, 0o600)
}

func (c *Client) setSession(s *Session) error {
	c.mu.Lock()
	c.sess = s
	c.mu.Unlock()
	if s == nil {
		err := os.Remove(filepath.Join(c.dir, SessionFile))
		if errors.Is(err, os.ErrNotExist) {
			err = nil
		}
		return err
	}
	return c.saveSession(s)
}

// Session returns the current session, if any.
func (c *Client) Session() (Session, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sess == nil {
		return Session{}, false
	}
	return *c.sess, true
}

// LoggedIn reports whether there is a session to use.
func (c *Client) LoggedIn() bool {
	_, ok := c.Session()
	return ok
}

func (c *Client) sessionFrom(tr TokenResponse) *Session {
	// AccessExp is read against this desk's clock (call, Logout): taken
	// from how long crmd gave the token, not from crmd's clock, so a desk
	// whose clock runs ahead does not refresh before every request, nor
	// one behind send a token crmd has ended.
	exp := tr.ExpiresAt
	if tr.ExpiresIn > 0 {
		exp = c.Now().Add(time.Duration(tr.ExpiresIn) * time.Second)
	}
	return &Session{BaseURL: c.base, Username: tr.Username, Role: tr.Role, AccessToken: tr.AccessToken, AccessExp: exp, RefreshToken: tr.RefreshToken}
}

// Login starts a session with a password. crmd checks a few passwords at
// a time and answers the others 503 at once with a short Retry-After (at
// the start of a shift everyone logs in together): that wait is taken here,
// twice at most, so a person sees a slow login rather than an error.
func (c *Client) Login(ctx context.Context, username, password string) (Session, error) {
	var tr TokenResponse
	for try := 0; ; try++ {
		err := c.send(ctx, "POST", "/v1/auth/token", "", nil, TokenRequest{Username: username, Password: password}, &tr)
		if err == nil {
			break
		}
		var e *Error
		if try == 2 || !errors.As(err, &e) || e.Code != CodeUnavailable || e.RetryAfter <= 0 || e.RetryAfter > 5*time.Second {
			return Session{}, err
		}
		select {
		case <-ctx.Done():
			return Session{}, err
		case <-time.After(e.RetryAfter + time.Duration(rand.Int64N(int64(500*time.Millisecond)))):
		}
	}
	s := c.sessionFrom(tr)
	// After any refresh in flight for the session before: its answer
	// must not overwrite this login.
	c.refreshMu.Lock()
	err := c.setSession(s)
	c.refreshMu.Unlock()
	if err != nil {
		return Session{}, err
	}
	return *s, nil
}

// Refresh trades the refresh token for new tokens now.
func (c *Client) Refresh(ctx context.Context) error {
	s, ok := c.Session()
	if !ok {
		return ErrLoggedOut
	}
	return c.refresh(ctx, s.AccessToken)
}

// refresh refreshes unless another goroutine already did since stale was
// the access token in use.
func (c *Client) refresh(ctx context.Context, stale string) error {
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	s, ok := c.Session()
	if !ok {
		return ErrLoggedOut
	}
	if s.AccessToken != stale {
		return nil
	}
	// The app and agentctl on one data folder share the session file: one
	// may have refreshed since this client read it, and the refresh token
	// held here is then spent. Presented again, crmd would take it for a
	// stolen copy and end the session of both: the file's is taken up.
	if d, err := loadSession(c.dir); err == nil && d.BaseURL == c.base && d.Username == s.Username && d.RefreshToken != s.RefreshToken {
		c.mu.Lock()
		c.sess = d
		c.mu.Unlock()
		if d.AccessToken != stale && c.Now().Add(30*time.Second).Before(d.AccessExp) {
			return nil
		}
		s = *d
	}
	var tr TokenResponse
	err := c.send(ctx, "POST", "/v1/auth/refresh", "", nil, RefreshRequest{RefreshToken: s.RefreshToken}, &tr)
	if CodeOf(err) == CodeUnauthorized {
		// The family is over (logout elsewhere, reuse, disabled user).
		_ = c.setSession(nil)
		return ErrLoggedOut
	}
	if err != nil {
		return err
	}
	return c.setSession(c.sessionFrom(tr))
}

// Logout ends the session on crmd and forgets it here, even when crmd
// cannot be reached: the tokens then expire on their own.
func (c *Client) Logout(ctx context.Context) error {
	s, ok := c.Session()
	if !ok {
		return nil
	}
	// crmd reads a logout only with a live access token. One that is over
	// (a desk idle past its quarter of an hour) would be refused before
	// the refresh token's family is ended, and a copy of that token would
	// go on working for days: trade it for a fresh pair first, whose
	// family the logout then ends.
	if c.Now().Add(30 * time.Second).After(s.AccessExp) {
		if err := c.refresh(ctx, s.AccessToken); err != nil {
			if lerr := c.setSession(nil); lerr != nil {
				return lerr
			}
			if errors.Is(err, ErrLoggedOut) {
				return nil // the family was over already
			}
			return err
		}
		if s, ok = c.Session(); !ok {
			return nil
		}
	}
	err := c.send(ctx, "POST", "/v1/auth/logout", s.AccessToken, nil, LogoutRequest{RefreshToken: s.RefreshToken}, nil)
	if lerr := c.setSession(nil); lerr != nil {
		return lerr
	}
	if CodeOf(err) == CodeUnauthorized {
		return nil // already over
	}
	return err
}

// ErrSessionChanged: another person logged in on this client since the
// work began; what was that user's is not sent under the new login. It
// is a kind of ErrLoggedOut (CodeLoggedOut): the work waits for its own
// user's login.
var ErrSessionChanged = fmt.Errorf("%w: another user logged in", ErrLoggedOut)

type asUserKey struct{}

// AsUser makes the requests sent with the returned context go only under
// username's login: crmd files what arrives under the token that sent it,
// so a request for one user's work (an outbox item, a training attempt)
// must not go with the token of whoever logged in at the desk meanwhile.
// A request that would is not sent (ErrSessionChanged).
func AsUser(ctx context.Context, username string) context.Context {
	return context.WithValue(ctx, asUserKey{}, username)
}

// current is the session a request with ctx may use.
func (c *Client) current(ctx context.Context) (Session, error) {
	s, ok := c.Session()
	if !ok {
		return Session{}, ErrLoggedOut
	}
	if u, pinned := ctx.Value(asUserKey{}).(string); pinned && u != s.Username {
		return Session{}, ErrSessionChanged
	}
	return s, nil
}

// call sends an authenticated request, refreshing the access token when it
// is about to expire or is refused once.
func (c *Client) call(ctx context.Context, method, path string, hdr http.Header, body, out any) error {
	s, err := c.current(ctx)
	if err != nil {
		return err
	}
	if c.Now().Add(30 * time.Second).After(s.AccessExp) {
		if err := c.refresh(ctx, s.AccessToken); err != nil {
			return err
		}
		if s, err = c.current(ctx); err != nil {
			return err
		}
	}
	err = c.send(ctx, method, path, s.AccessToken, hdr, body, out)
	if CodeOf(err) != CodeUnauthorized {
		return err
	}
	if err := c.refresh(ctx, s.AccessToken); err != nil {
		return err
	}
	// A login since the request went out: the refresh left the new
	// user's tokens, under which this request must not go again.
	if s, err = c.current(ctx); err != nil {
		return err
	}
	err = c.send(ctx, method, path, s.AccessToken, hdr, body, out)
	if CodeOf(err) != CodeUnauthorized {
		return err
	}
	// The token a refresh has just given refused too (a revoked access,
	// crmd's keys changed): the session cannot be used. It ends here as
	// when its refresh is refused, so the person is asked to log in again
	// rather than every request, at every poll, failing in silence.
	if err := c.dropSession(s.AccessToken); err != nil {
		return err
	}
	return ErrLoggedOut
}

// dropSession forgets the session whose access token is token; one taken
// up since (a login, a refresh by another process) is kept.
func (c *Client) dropSession(token string) error {
	c.mu.Lock()
	same := c.sess != nil && c.sess.AccessToken == token
	c.mu.Unlock()
	if !same {
		return nil
	}
	return c.setSession(nil)
}

// rawBody is a request body already encoded.
type rawBody []byte

// send is one HTTP exchange. out may be nil, or *[]byte for the raw body.
func (c *Client) send(ctx context.Context, method, path, token string, hdr http.Header, body, out any) error {
	var rd io.Reader
	sent := 0
	switch b := body.(type) {
	case nil:
	case rawBody:
		rd, sent = bytes.NewReader(b), len(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return err
		}
		rd, sent = bytes.NewReader(j), len(j)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := startPace(cancel, sent)
	defer p.t.Stop()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if l := c.lang.Load(); l != nil && *l != "" {
		req.Header.Set("Accept-Language", *l)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return p.timedOut(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(pacedReader{res.Body, p}, 16<<20))
	if err != nil {
		err = p.timedOut(err)
		// A response cut mid-body is no answer: the request may or may
		// not have been applied, and only a resend with the same key
		// can tell.
		return fmt.Errorf("crm: reading the answer: %w", err)
	}
	if res.StatusCode == http.StatusNotModified {
		return errNotModified
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		e := &Error{Code: codeForStatus(res.StatusCode), Status: res.StatusCode, RetryAfter: parseRetryAfter(res.Header.Get("Retry-After"), answeredAt(res, c.Now()))}
		var eb ErrorBody
		if json.Unmarshal(b, &eb) == nil && eb.Error.Code != "" {
			e.Code, e.Message, e.CurrentVersion, e.Issues = eb.Error.Code, eb.Error.Message, eb.Error.CurrentVersion, eb.Error.Issues
			e.GradeError, e.Turn = eb.Error.GradeError, eb.Error.Turn
			e.Problems, e.MoreProblems = eb.Error.Problems, eb.Error.MoreProblems
			e.Deciders = eb.Error.Deciders
		}
		return e
	}
	switch o := out.(type) {
	case nil:
		return nil
	case *[]byte:
		*o = b
		return nil
	default:
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("crm: reading the answer: %w", err)
		}
		return nil
	}
}

var errNotModified = errors.New("crm: not modified")

// answeredAt is the time on the clock of whoever answered (its Date
// header), which a Retry-After date is on; now when it gave none. The
// desk's own clock may be hours off.
func answeredAt(res *http.Response, now time.Time) time.Time {
	if t, err := http.ParseTime(res.Header.Get("Date")); err == nil {
		return t
	}
	return now
}

// parseRetryAfter reads seconds or an HTTP date, the date against now on
// the same clock.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// PutCase sends one version of a case. base is the version it was based on
// (If-Match), 0 for a new case (If-None-Match: *). body is the case as JSON.
func (c *Client) PutCase(ctx context.Context, id, key string, base int, body []byte) (CaseResult, error) {
	h := http.Header{"Idempotency-Key": {key}}
	if base > 0 {
		h.Set("If-Match", strconv.Quote(strconv.Itoa(base)))
	} else {
		h.Set("If-None-Match", "*")
	}
	var res CaseResult
	err := c.call(ctx, "PUT", "/v1/cases/"+url.PathEscape(id), h, rawBody(body), &res)
	return res, err
}

// GetCase returns a case and its JSON as crmd sent it.
func (c *Client) GetCase(ctx context.Context, id string) (*cases.Case, []byte, error) {
	var raw []byte
	if err := c.call(ctx, "GET", "/v1/cases/"+url.PathEscape(id), nil, nil, &raw); err != nil {
		return nil, nil, err
	}
	var cs cases.Case
	if err := json.Unmarshal(raw, &cs); err != nil {
		return nil, nil, err
	}
	return &cs, raw, nil
}

// ListCases returns one page of cases written after since (or after the
// cursor of a previous page).
func (c *Client) ListCases(ctx context.Context, since time.Time, cursor string, limit int) (CaseList, error) {
	q := pageQuery(since, cursor, limit)
	var out CaseList
	err := c.call(ctx, "GET", "/v1/cases?"+q.Encode(), nil, nil, &out)
	return out, err
}

// GetCustomer returns a customer profile.
func (c *Client) GetCustomer(ctx context.Context, account string) (*cases.Customer, error) {
	var out cases.Customer
	if err := c.call(ctx, "GET", "/v1/customers/"+url.PathEscape(account), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// AccountContacts returns an account's latest contacts at every desk,
// newest first, at most limit of them (crmd's default when 0; crmd caps
// it at MaxContacts). An account crmd does not know is CodeNotFound.
// Their texts are redacted again here: crmd stores them redacted, but a
// proxy in its place, or a record kept from before, may still carry a
// card number, and this history is shown to whoever takes the call.
func (c *Client) AccountContacts(ctx context.Context, account string, limit int) ([]Contact, error) {
	path := "/v1/customers/" + url.PathEscape(account) + "/contacts"
	if limit > 0 {
		path += "?limit=" + strconv.Itoa(limit)
	}
	var out ContactList
	if err := c.call(ctx, "GET", path, nil, nil, &out); err != nil {
		return nil, err
	}
	list := out.Contacts
	if len(list) > MaxContacts {
		list = list[:MaxContacts]
	}
	for i := range list {
		ct := &list[i]
		for _, f := range []*string{&ct.CaseID, &ct.CallType, &ct.Agent, &ct.ReasonCode, &ct.Ticket, &ct.Resolution} {
			*f = cases.Scrub(*f)
		}
		ct.Status, ct.Escalation = cases.Status(cases.Scrub(string(ct.Status))), cases.EscalationState(cases.Scrub(string(ct.Escalation)))
	}
	return list, nil
}

// SearchCustomers finds customers by account prefix or name.
func (c *Client) SearchCustomers(ctx context.Context, q string, limit int) ([]*cases.Customer, error) {
	v := url.Values{"q": {q}}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	var out CustomerList
	err := c.call(ctx, "GET", "/v1/customers?"+v.Encode(), nil, nil, &out)
	return out.Customers, err
}

// Escalations returns the back office's statuses of the logged-in user's
// cases changed after since. Named, not left to the token's role: crmd
// answers a supervisor every agent's statuses otherwise, the whole
// centre's history at a desk's first pull.
func (c *Client) Escalations(ctx context.Context, since time.Time) ([]EscalationStatus, error) {
	q := pageQuery(since, "", 0)
	if s, ok := c.Session(); ok && s.Username != "" {
		q.Set("agent", s.Username)
	}
	// Every page, not just the first: a page may end inside a run of
	// statuses crmd stamped in the same microsecond, and the next pull
	// asks only for what is newer than the last one taken.
	return allPages(ctx, c, "/v1/escalations", q, func(l *EscalationList) ([]EscalationStatus, string) { return l.Escalations, l.Next })
}

// pageQuery is a list's query: changes after since (none when zero), from
// a previous page's cursor, at most limit items (crmd's default when 0).
func pageQuery(since time.Time, cursor string, limit int) url.Values {
	q := url.Values{}
	if !since.IsZero() {
		q.Set("updated_since", since.UTC().Format(time.RFC3339Nano))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return q
}

// ErrPagesStuck: a list's next page is one read already, so following
// the cursors would ask crmd for ever.
var ErrPagesStuck = errors.New("crm: the list's pages do not advance")

// Pages remembers the cursors of a list read page by page, to stop one
// that comes round again.
type Pages map[string]bool

// Next checks the cursor crmd gave for the next page of a list whose
// current page had n items: ErrPagesStuck when it names a page read
// already, or follows an empty page.
func (p Pages) Next(cursor string, n int) error {
	if p[cursor] || n == 0 {
		return ErrPagesStuck
	}
	p[cursor] = true
	return nil
}

// allPages follows a list's next cursors to its end.
func allPages[L any, T any](ctx context.Context, c *Client, path string, q url.Values, page func(*L) ([]T, string)) ([]T, error) {
	var all []T
	err := eachPage(ctx, c, path, q, page, func(items []T) bool {
		all = append(all, items...)
		return true
	})
	return all, err
}

// eachPage follows a list's next cursors, handing each page's items to
// each, until the list ends or each returns false: a caller that keeps
// only part of each item holds no more than a page of whole ones.
func eachPage[L any, T any](ctx context.Context, c *Client, path string, q url.Values, page func(*L) ([]T, string), each func([]T) bool) error {
	seen := Pages{}
	for {
		var out L
		if err := c.call(ctx, "GET", path+"?"+q.Encode(), nil, nil, &out); err != nil {
			return err
		}
		items, next := page(&out)
		if !each(items) || next == "" || len(items) == 0 {
			return nil
		}
		if err := seen.Next(next, len(items)); err != nil {
			return err
		}
		q.Set("cursor", next)
	}
}

// SetEscalationStatus is the back office moving an escalation along. key,
// when set, makes a resend after a lost answer harmless.
func (c *Client) SetEscalationStatus(ctx context.Context, caseID, key string, u EscalationUpdate) (EscalationStatus, error) {
	var out EscalationStatus
	err := c.call(ctx, "PUT", "/v1/cases/"+url.PathEscape(caseID)+"/escalation", keyHeader(key), u, &out)
	return out, err
}

func keyHeader(key string) http.Header {
	if key == "" {
		return nil
	}
	return http.Header{"Idempotency-Key": {key}}
}

// Playbook returns the published pack, or nil with no error when its hash
// is still sha (the pack the desktop has).
func (c *Client) Playbook(ctx context.Context, sha string) (*PlaybookPack, error) {
	path := "/v1/playbook"
	if s, _ := c.Session(); s.Role == RoleTrainee {
		path = "/v1/training/playbook"
	}
	var h http.Header
	if sha != "" {
		h = http.Header{"If-None-Match": {`"` + sha + `"`}}
	}
	var out PlaybookPack
	err := c.call(ctx, "GET", path, h, nil, &out)
	if errors.Is(err, errNotModified) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// PublishPlaybook publishes a pack (supervisors).
func (c *Client) PublishPlaybook(ctx context.Context, files map[string]string) (*PlaybookPack, error) {
	var out PlaybookPack
	if err := c.call(ctx, "PUT", "/v1/playbook", nil, PlaybookUpload{Files: files}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// PostAttempt records a graded training attempt; resending it is harmless.
func (c *Client) PostAttempt(ctx context.Context, a TrainingAttempt) (TrainingAttempt, error) {
	var out TrainingAttempt
	err := c.call(ctx, "POST", "/v1/training/attempts", nil, a, &out)
	return out, err
}

// ListAttempts returns every training attempt received after since
// (supervisors), following the pages crmd cuts by count and size.
func (c *Client) ListAttempts(ctx context.Context, username string, since time.Time) ([]TrainingAttempt, error) {
	q := pageQuery(since, "", 0)
	if username != "" {
		q.Set("username", username)
	}
	return allPages(ctx, c, "/v1/training/attempts", q, func(l *AttemptList) ([]TrainingAttempt, string) { return l.Attempts, l.Next })
}

// EachAttempt hands each page of the training attempts received after
// since (supervisors) to each, until the list ends or each returns false.
func (c *Client) EachAttempt(ctx context.Context, username string, since time.Time, each func([]TrainingAttempt) bool) error {
	q := pageQuery(since, "", 0)
	if username != "" {
		q.Set("username", username)
	}
	return eachPage(ctx, c, "/v1/training/attempts", q, func(l *AttemptList) ([]TrainingAttempt, string) { return l.Attempts, l.Next }, each)
}

// PutCases sends up to MaxBatch cases in one request; each result is in
// the order of items. A transport failure or a refusal of the whole
// request (too large, rate limited, logged out) is the error.
func (c *Client) PutCases(ctx context.Context, items []BatchItem) ([]BatchResult, error) {
	var out BatchResponse
	if err := c.call(ctx, "POST", "/v1/cases:batch", nil, BatchRequest{Items: items}, &out); err != nil {
		return nil, err
	}
	if len(out.Results) != len(items) {
		return nil, fmt.Errorf("crm: %d results for %d items", len(out.Results), len(items))
	}
	return out.Results, nil
}

// Decide approves or denies the action at position r.Action of a case
// (supervisors); key as for SetEscalationStatus.
func (c *Client) Decide(ctx context.Context, caseID, key string, r ApprovalRequest) (EscalationStatus, error) {
	var out EscalationStatus
	err := c.call(ctx, "POST", "/v1/cases/"+url.PathEscape(caseID)+"/decisions", keyHeader(key), r, &out)
	return out, err
}

// Team returns one page of the team's escalated cases changed after since
// (or after the cursor of a previous page), for supervisors.
func (c *Client) Team(ctx context.Context, since time.Time, cursor string, limit int) (TeamList, error) {
	q := pageQuery(since, cursor, limit)
	var out TeamList
	err := c.call(ctx, "GET", "/v1/team/escalations?"+q.Encode(), nil, nil, &out)
	return out, err
}
