package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"agentdesk/assets"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/internal/tomlpos"
	"agentdesk/playbook"
)

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Error("health: store unreachable", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version})
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	promhttp.HandlerFor(s.cfg.Registry, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// metricsAuthorized checks the metrics bearer token in constant time. With
// no token configured nothing is authorized by one.
func (s *Server) metricsAuthorized(r *http.Request) bool {
	tok, _ := bearer(r)
	want := s.cfg.MetricsToken
	return want != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1
}

// MetricsHandler serves /metrics for a listener of its own (crmd serve
// --metrics-addr, loopback by default), apart from the API. It asks for
// the metrics token too when one is configured, so a metrics address
// opened beyond loopback is not open to all.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.MetricsToken != "" && !s.metricsAuthorized(r) {
			s.unauthorized(w, r, r.Header.Get("Authorization") != "")
			return
		}
		s.handleMetrics(w, r)
	})
	return s.unrouted(mux)
}

// ServeMetrics answers MetricsHandler on ln until ctx ends.
func (s *Server) ServeMetrics(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.MetricsHandler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if e := <-errc; err == nil && !errors.Is(e, http.ErrServerClosed) {
		err = e
	}
	return err
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml")
	_, _ = w.Write(OpenAPI)
}

func (s *Server) handleGetCustomer(w http.ResponseWriter, r *http.Request) {
	acc := strings.TrimSpace(r.PathValue("account"))
	if acc == "" || !cases.ValidAccount(acc) {
		s.fail(w, r, http.StatusNotFound, cases.ENotFound)
		return
	}
	c, err := s.store.GetCustomer(r.Context(), acc)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// handleListContacts answers an account's latest contacts, every desk's:
// the agent who takes a customer's call sees what others did for them.
// Only what crm.Contact holds leaves crmd, never a case's notes; limit is
// capped at crm.MaxContacts rather than refused, so a desk asking for
// more than a later crmd allows still gets its history.
func (s *Server) handleListContacts(w http.ResponseWriter, r *http.Request) {
	acc := strings.TrimSpace(r.PathValue("account"))
	// A card number typed as the account is no account, and is not
	// looked up (cases.AccountIsCard).
	if acc == "" || !cases.ValidAccount(acc) || cases.AccountIsCard(acc) {
		s.fail(w, r, http.StatusNotFound, cases.ENotFound)
		return
	}
	limit := crm.DefaultContacts
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
			return
		}
		limit = min(n, crm.MaxContacts)
	}
	list, err := s.store.ListContacts(r.Context(), acc, limit)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if len(list) == 0 {
		// No contact: an account crmd knows has simply not called yet; one
		// it knows neither as a customer nor from a case is not found, as
		// GET /v1/customers/{account} says.
		if _, err := s.store.GetCustomer(r.Context(), acc); err != nil {
			s.failErr(w, r, err)
			return
		}
		list = []crm.Contact{}
	}
	writeJSON(w, http.StatusOK, crm.ContactList{Contacts: list})
}

func (s *Server) handleSearchCustomers(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	limit, ok := pageLimit(r)
	// Two characters at least: a search is to find a caller, not to walk
	// the customer base.
	// Not text (bytes that are not UTF-8, a NUL) is no name or account:
	// refused here, as PostgreSQL would refuse it in the query.
	if !ok || len([]rune(q)) < 2 || len(q) > 100 || !utf8.ValidString(q) || strings.ContainsRune(q, 0) {
		s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
		return
	}
	list, err := s.store.SearchCustomers(r.Context(), q, min(limit, 50))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if list == nil {
		list = []*cases.Customer{}
	}
	writeJSON(w, http.StatusOK, crm.CustomerList{Customers: list})
}

// handleGetPlaybook serves the published pack, or the built-in one as
// version 0. The ETag is the pack's hash, so a desktop polling with
// If-None-Match downloads a pack once.
func (s *Server) handleGetPlaybook(w http.ResponseWriter, r *http.Request) {
	pack, err := s.store.CurrentPlaybook(r.Context())
	if cases.ErrorCode(err) == cases.ENotFound {
		pack, err = s.builtinPack()
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	tag := `"` + pack.SHA256 + `"`
	w.Header().Set("ETag", tag)
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, pack)
}

func (s *Server) builtinPack() (*crm.PlaybookPack, error) {
	s.defaultPackOnce.Do(func() {
		fsys := s.cfg.DefaultPlaybook
		if fsys == nil {
			fsys = assets.Playbook()
		}
		names, err := playbook.PackFiles(fsys) // what the policy's load reads
		if err != nil {
			s.defaultPackErr = err
			return
		}
		files := map[string]string{}
		for _, n := range names {
			b, err := fs.ReadFile(fsys, n)
			if err != nil {
				s.defaultPackErr = err
				return
			}
			files[n] = string(b)
		}
		s.defaultPack = &crm.PlaybookPack{Version: 0, SHA256: packHash(files), Files: files}
	})
	return s.defaultPack, s.defaultPackErr
}

// uploadRoot is the folder a published pack's files are loaded as; a
// problem names the file as uploaded.
const uploadRoot = "upload"

// maxPackFiles bounds a published pack (the built-in one has a dozen).
const maxPackFiles = 64

var packFileRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}\.toml$`)

// packHash is the hash of a pack's files in name order, each with its
// name, so renaming a file changes it too.
func packHash(files map[string]string) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n + "\x00" + files[n] + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// handlePutPlaybook publishes a pack after loading it exactly as the
// desktop will, so a pack that would not load never reaches an agent.
func (s *Server) handlePutPlaybook(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	var up crm.PlaybookUpload
	if _, ok := s.decode(w, r, &up); !ok {
		return
	}
	if len(up.Files) == 0 || len(up.Files) > maxPackFiles {
		s.failDetail(w, r, http.StatusUnprocessableEntity, crm.ErrorDetail{Code: crm.CodeInvalidPlaybook, Issues: []string{"a pack has 1 to 64 files"},
			Problems: []crm.Problem{{Code: "pack_files", Args: map[string]any{"Max": maxPackFiles}}}})
		return
	}
	mem := fstest.MapFS{}
	for _, name := range slices.Sorted(maps.Keys(up.Files)) {
		text := up.Files[name]
		if !packFileRE.MatchString(name) {
			// The name is the uploader's own: told back to them only, in
			// the answer's detail, and bounded as a file name is.
			if len(name) > 128 || !utf8.ValidString(name) {
				name = ""
			}
			s.failDetail(w, r, http.StatusUnprocessableEntity, crm.ErrorDetail{Code: crm.CodeInvalidPlaybook, Issues: []string{"file names are lower-case *.toml without folders"},
				Problems: []crm.Problem{{File: name, Code: "pack_file_name"}}})
			return
		}
		mem[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o444}
	}
	pb, err := playbook.LoadForPublish(mem, uploadRoot)
	if err == nil {
		err = refuseSecrets(pb, up.Files)
	}
	if err != nil {
		var ve *playbook.ValidationError
		d := crm.ErrorDetail{Code: crm.CodeInvalidPlaybook}
		if errors.As(err, &ve) {
			// The first issues are what a person can act on; a pack with
			// thousands would make the answer as large as the upload.
			var se *secretsError
			if errors.As(err, &se) {
				d.MoreProblems = se.more
			}
			for i, is := range ve.Issues {
				if i == crm.MaxIssues {
					d.MoreProblems = len(ve.Issues) - i
					break
				}
				d.Issues = append(d.Issues, is.String())
				file := strings.TrimPrefix(is.File, uploadRoot+"/")
				if file == uploadRoot {
					file = "" // the pack as a whole
				}
				d.Problems = append(d.Problems, crm.Problem{File: file, Line: is.Line, Code: is.Code, Args: is.Args})
			}
			if d.MoreProblems > 0 {
				d.Issues = append(d.Issues, fmt.Sprintf("and %d more", d.MoreProblems))
			}
		} else {
			d.Issues = []string{err.Error()}
		}
		s.failDetail(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	pack := crm.PlaybookPack{SHA256: packHash(up.Files), Files: up.Files, PublishedBy: p.Sub, PublishedAt: s.cfg.Now().UTC()}
	var v int
	if p.Role == crm.RoleAdmin {
		v, err = s.store.PublishPlaybook(r.Context(), pack)
	}
	for try := 1; p.Role != crm.RoleAdmin; try++ {
		// The limits in force now, asked of the store: the ones this
		// instance last read may be a second old, from before an
		// administrator's publish through another instance, and a
		// supervisor's pack made before it would put its limits back.
		// The publish replaces that very version only: one published
		// between the check and the publish is checked against anew.
		var over int
		var pol crm.Policy
		over, pol, err = s.inForce(r.Context())
		var problems []crm.Problem
		var ve *playbook.ValidationError
		switch {
		case errors.As(err, &ve):
			// The pack in force no longer loads (CheckPlaybook): its
			// limits are unknown, so the fix may move them.
			s.log.Warn("a supervisor's publish over a pack in force that does not load", "err", err)
			problems = []crm.Problem{{Code: "limits_unknown"}}
		case err != nil:
			s.failErr(w, r, err)
			return
		default:
			problems = limitsChanged(pol, pb)
		}
		if len(problems) > 0 {
			s.failDetail(w, r, http.StatusForbidden, crm.ErrorDetail{Code: crm.CodeForbidden, Problems: problems})
			return
		}
		v, err = s.store.PublishPlaybookOver(r.Context(), pack, over)
		if !errors.Is(err, crm.ErrPlaybookMoved) {
			break
		}
		if try == 3 {
			// Publishes one after the other: answered as a busy
			// database is, for the publisher to send again.
			err = crm.Busy(err)
			break
		}
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.pol.forget()
	pack.Version, pack.Files = v, nil
	writeJSON(w, http.StatusCreated, pack)
}

// limitsChanged lists where next moves an authority limit from the pack
// in force, or the currency every limit is counted in. Supervisors
// publish the content, and the limits are what crmd checks their own
// approvals against: one who could change them could raise their own
// and approve anything. Such a pack is an administrator's to publish.
func limitsChanged(cur crm.Policy, next *playbook.Playbook) []crm.Problem {
	var out []crm.Problem
	if pp, ok := cur.(packPolicy); ok && pp.pb.Meta.Currency != next.Meta.Currency {
		out = append(out, crm.Problem{Code: "currency_needs_admin", Args: map[string]any{"Currency": next.Meta.Currency, "Was": pp.pb.Meta.Currency}})
	}
	for _, role := range playbook.Roles {
		was, now := cur.AuthorityMinor(role), next.AuthorityMinor(role)
		if was == now {
			continue
		}
		pr := crm.Problem{File: "", Code: "authority_needs_admin",
			Args: map[string]any{"Role": role, "Limit": float64(now) / 100, "Was": float64(was) / 100}}
		for i := range next.Authority {
			if a := &next.Authority[i]; a.Role == role {
				pr.File, pr.Line = strings.TrimPrefix(a.Where().File, uploadRoot+"/"), a.Where().Line
				break
			}
		}
		out = append(out, pr)
	}
	return out
}

// secretsError is refuseSecrets' refusal: the first issues, and how many
// more there are.
type secretsError struct {
	playbook.ValidationError
	more int
}

func (e *secretsError) Unwrap() error { return &e.ValidationError }

// refuseSecrets refuses a pack that holds a card number where a person
// wrote something: a text, a template's tags or owner, a placeholder's
// default, a comment. A pack is stored, served and kept on every desk as
// its files, so it is refused, not redacted. IDs, versions and numbers are
// not looked at: a build stamp such as "20261123103008" passes the card
// checksum one time in ten and is no card. Only card numbers, which the
// checksum tells apart: a script may well say "to reset your PIN, call
// 0800 2345", which the keyword rule for codes and PINs would take for one.
func refuseSecrets(pb *playbook.Playbook, files map[string]string) error {
	var issues []playbook.Issue
	more := 0
	card := func(x string) bool { _, red := cases.Redact(x); return red.Cards > 0 }
	// The first MaxIssues are kept (a pack of thousands would make the
	// answer as large as the upload); the rest are counted.
	add := func(is playbook.Issue) {
		if len(issues) < crm.MaxIssues {
			issues = append(issues, is)
		} else {
			more++
		}
	}
	// Each at its element's file and header line, as the loader's
	// issues are: the key alone is a message ID the author never wrote.
	at := func(p playbook.Pos, key string) playbook.Issue {
		if p.File == "" {
			p.File = uploadRoot
		}
		return playbook.Issue{File: p.File, Line: p.Line, Code: "card_in_text", Args: map[string]any{"Key": key}}
	}
	pb.EachTextAt(func(t playbook.Text, p playbook.Pos) {
		if card(t.ES) || card(t.EN) {
			add(at(p, t.ID()))
		}
	})
	for i := range pb.Templates {
		tp := &pb.Templates[i]
		if card(tp.Owner) || slices.ContainsFunc(tp.Tags, card) {
			add(at(tp.Where(), "template."+tp.ID))
		}
	}
	for i := range pb.Placeholders {
		ph := &pb.Placeholders[i]
		if card(ph.Default) {
			add(at(ph.Where(), "placeholder."+ph.ID))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		for _, c := range tomlpos.New(name, files[name]).Comments() {
			if card(c.Text) {
				add(playbook.Issue{File: name, Line: c.Line, Code: "card_in_comment"})
			}
		}
	}
	if len(issues) > 0 {
		playbook.SortIssues(issues)
		return &secretsError{ValidationError: playbook.ValidationError{Issues: issues}, more: more}
	}
	return nil
}

var attemptIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// handlePostAttempt records an attempt under the caller's name, with
// crmd's own grade of the attempt record it carries (regrade). An attempt
// sent again (a desk that did not see the answer) is answered as it was
// stored, not graded again: the grade is crmd's and stands, even once
// crmd's training content has changed.
func (s *Server) handlePostAttempt(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	var a crm.TrainingAttempt
	raw, ok := s.decode(w, r, &a)
	if !ok {
		return
	}
	// An ID is stored, listed, logged and put in paging cursors: it is
	// held to what a case ID is (no card number, code or PIN in it).
	if !attemptIDRE.MatchString(a.ID) || sensitive(a.ID) || a.Scenario == "" || len(a.Scenario) > 128 || len(a.Track) > 128 ||
		(a.Username != "" && a.Username != p.Sub) || len(a.Attempt) == 0 {
		s.fail(w, r, http.StatusUnprocessableEntity, cases.EInvalid)
		return
	}
	fp, bytesFP := attemptFingerprint(r, p.Sub, &a, raw), fingerprint(r.Method, r.URL.Path, p.Sub, raw)
	if s.answerStoredAttempt(w, r, a.ID, fp, bytesFP) {
		return
	}
	if len(a.Attempt) > crm.MaxAttemptBytes {
		s.fail(w, r, http.StatusRequestEntityTooLarge, crm.CodeTooLarge)
		return
	}
	if !s.regrade(w, r, &a) {
		return
	}
	a.Username = p.Sub
	a.ReceivedAt = s.cfg.Now().UTC()
	if err := redactAttempt(&a); err != nil {
		s.fail(w, r, http.StatusUnprocessableEntity, cases.EInvalid)
		return
	}
	created, err := s.store.AddAttempt(r.Context(), a, fp)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if !created {
		// The same attempt stored by another request in the meantime
		// (two instances, one resend): its grade is the one that stands.
		if !s.answerStoredAttempt(w, r, a.ID, fp, bytesFP) {
			s.failErr(w, r, fmt.Errorf("training attempt %s stored but not found", a.ID))
		}
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

// attemptFingerprint is what makes an upload the same attempt as one
// stored: the login that sends it, its ID and scenario and when it was
// played, not its bytes. A desk builds the body each time it sends it, so
// a resend from a desk upgraded in between (or that encodes its record
// otherwise) has other bytes for the attempt crmd already has; refused as
// a key reused, the desk would give it up for good. An attempt is played
// once and crmd's grade of the first send stands, so nothing else of the
// body is worth comparing. A record that does not say when it was played
// is fingerprinted by its bytes (it is refused when graded anyway).
func attemptFingerprint(r *http.Request, sub string, a *crm.TrainingAttempt, raw []byte) string {
	var rec struct {
		Started time.Time `json:"started"`
	}
	if json.Unmarshal(a.Attempt, &rec) != nil || rec.Started.IsZero() {
		return fingerprint(r.Method, r.URL.Path, sub, raw)
	}
	id := "attempt\n" + a.ID + "\n" + a.Scenario + "\n" + rec.Started.UTC().Format(time.RFC3339Nano)
	return fingerprint(r.Method, r.URL.Path, sub, []byte(id))
}

// answerStoredAttempt answers the attempt stored under id from a request
// with fingerprint fp, 200, or the error reading it, and reports whether it
// answered: false when no attempt is stored under id. bytesFP is the
// request's fingerprint by its bytes, which crmd stored attempts under
// before attemptFingerprint: a resend of one of those, byte for byte, is
// still the stored attempt.
func (s *Server) answerStoredAttempt(w http.ResponseWriter, r *http.Request, id, fp, bytesFP string) bool {
	stored, err := s.store.StoredAttempt(r.Context(), id, fp)
	if errors.Is(err, crm.ErrIdempotencyReused) && bytesFP != fp {
		stored, err = s.store.StoredAttempt(r.Context(), id, bytesFP)
	}
	switch {
	case cases.ErrorCode(err) == cases.ENotFound:
		return false
	case err != nil:
		s.failErr(w, r, err)
	default:
		writeJSON(w, http.StatusOK, stored)
	}
	return true
}

// handleListAttempts pages through attempts received after updated_since,
// bounded like the case list by count and bytes.
func (s *Server) handleListAttempts(w http.ResponseWriter, r *http.Request) {
	user := r.URL.Query().Get("username")
	listPage(s, w, r, "attempts", user == "" || crm.ValidUsername(user),
		func(ctx context.Context, pg crm.Page) ([]crm.TrainingAttempt, error) {
			return s.store.ListAttempts(ctx, crm.AttemptQuery{Username: user, Page: pg})
		},
		func(a *crm.TrainingAttempt) (time.Time, string) { return a.ReceivedAt, a.ID },
		func(a *crm.TrainingAttempt) any { return a })
}

func publicUser(u crm.UserRecord) crm.User {
	return crm.User{Username: u.Username, Role: u.Role, Disabled: u.Disabled, CreatedAt: u.CreatedAt.UTC()}
}

// handleListUsers pages through the accounts by the time crmd last
// changed them, bounded like the case list by count and bytes.
func (s *Server) handleListUsers(w http.ResponseWriter, r *http.Request) {
	listPage(s, w, r, "users", true,
		func(ctx context.Context, pg crm.Page) ([]crm.UserRecord, error) {
			return s.store.ListUsers(ctx, crm.UserQuery{Page: pg})
		},
		func(u *crm.UserRecord) (time.Time, string) { return u.UpdatedAt, u.Username },
		func(u *crm.UserRecord) any { return publicUser(*u) })
}

func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) {
	var nu crm.NewUser
	if _, ok := s.decode(w, r, &nu); !ok {
		return
	}
	// Hashing the new password is Argon2 too: it takes a slot like a login.
	if !s.logins.acquire() {
		s.busy(w, r)
		return
	}
	u, err := NewUserRecord(nu.Username, nu.Role, nu.Password, s.cfg.Now())
	s.logins.release()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if err := s.store.CreateUser(r.Context(), *u); err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, publicUser(*u))
}

// NewUserRecord validates an account and hashes its password.
func NewUserRecord(username string, role crm.Role, password string, now time.Time) (*crm.UserRecord, error) {
	if !crm.ValidNewUsername(username) {
		return nil, &cases.Error{Code: cases.EInvalid, Field: "username", Detail: "lower case letters, digits and . _ -"}
	}
	// The role as ParseRole reads it ("Agent " is agent): stored as typed,
	// no rule of the authorization table would name it.
	role, ok := crm.ParseRole(string(role))
	if !ok {
		return nil, &cases.Error{Code: cases.EInvalid, Field: "role", Detail: "agent, trainee, supervisor or admin"}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, &cases.Error{Code: cases.EInvalid, Field: "password", Detail: err.Error()}
	}
	return &crm.UserRecord{Username: username, Role: role, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}, nil
}

func (s *Server) handleDisableUser(w http.ResponseWriter, r *http.Request) { s.setDisabled(w, r, true) }
func (s *Server) handleEnableUser(w http.ResponseWriter, r *http.Request)  { s.setDisabled(w, r, false) }

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	name := r.PathValue("username")
	if !crm.ValidUsername(name) {
		s.fail(w, r, http.StatusNotFound, cases.ENotFound)
		return
	}
	err := s.store.SetUserDisabled(r.Context(), name, disabled, s.cfg.Now())
	if disabled && cases.ErrorCode(err) == cases.EConflict {
		// The store's one conflict on a disable (crm.UserStore): said as
		// such, not as the conflict of a name taken ("It already exists.").
		s.fail(w, r, http.StatusConflict, crm.CodeLastAdmin)
		return
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
