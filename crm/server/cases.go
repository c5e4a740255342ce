package server

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"agentdesk/cases"
	"agentdesk/crm"
)

var caseIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// validCaseID accepts a desk's case ID. One that holds what redaction
// takes out (a card number typed as an ID) is refused: an ID is a row key,
// part of idempotency keys and a field of the log, where such a number
// must never be.
func validCaseID(id string) bool { return caseIDRE.MatchString(id) && !sensitive(id) }

// validKey accepts an Idempotency-Key of printable ASCII, as the desktop's
// "case:<id>:v<version>" keys are. Its content is not held to redaction:
// a desk's resolved-conflict key ends in a 19-digit clock reading that a
// card number's checksum passes one time in ten, and keys are made by
// programs, not typed by people.
func validKey(k string) bool {
	if k == "" || len(k) > 200 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// sensitive reports whether s holds a card number, security code or PIN.
func sensitive(s string) bool {
	_, r := cases.Redact(s)
	return r.Any()
}

// optionalKey reads an Idempotency-Key a route takes but does not need;
// one that is there and not valid is refused (false, after answering).
func (s *Server) optionalKey(w http.ResponseWriter, r *http.Request) (string, bool) {
	key := r.Header.Get("Idempotency-Key")
	if key != "" && !validKey(key) {
		s.fail(w, r, http.StatusBadRequest, crm.CodeIdempotencyRequired)
		return "", false
	}
	return key, true
}

// fingerprint identifies a request for the idempotency check: the same key
// with another method, path, subject or body is a different request.
func fingerprint(method, path, sub string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(method + " " + path + "\n" + sub + "\n"))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// parseVersionTag reads an If-Match value: "3" or 3. Weak tags and lists
// are refused: a version either matches exactly or the write must not
// happen.
func parseVersionTag(v string) (int, bool) {
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(strings.TrimPrefix(v, `"`), `"`)
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

func (s *Server) handleGetCase(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	id := r.PathValue("id")
	if !validCaseID(id) {
		s.fail(w, r, http.StatusNotFound, cases.ENotFound)
		return
	}
	sc, err := s.store.GetCase(r.Context(), id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	// Another agent's case is answered as missing: its existence is none
	// of this agent's business.
	if p.Owner != "" && sc.Case.Agent != p.Owner {
		s.fail(w, r, http.StatusNotFound, cases.ENotFound)
		return
	}
	w.Header().Set("ETag", etag(sc.Case.Version))
	writeJSON(w, http.StatusOK, sc.Case)
}

const (
	defaultPage = 200
	maxPage     = 1000
)

func pageLimit(r *http.Request) (int, bool) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return defaultPage, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPage {
		return 0, false
	}
	return n, true
}

func parseSince(r *http.Request) (time.Time, bool) {
	v := r.URL.Query().Get("updated_since")
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	return t, err == nil
}

// A cursor is the (server write time, ID) of the last case of a page.
func encodeCursor(at time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at.UnixMicro(), 10) + ":" + id))
}

func decodeCursor(c string) (time.Time, string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, "", false
	}
	us, id, ok := strings.Cut(string(b), ":")
	n, err := strconv.ParseInt(us, 10, 64)
	// The ID is the list's last key: a case's or an attempt's, or an
	// account's name, which may hold a dot no case ID does.
	if !ok || err != nil || !(validCaseID(id) || crm.ValidUsername(id)) {
		return time.Time{}, "", false
	}
	// crmd writes times of this era; a cursor naming year -290,000 was
	// made by hand, and PostgreSQL would answer it out of range (a 500).
	at := time.UnixMicro(n).UTC()
	if at.Year() < 1970 || at.Year() > 9999 {
		return time.Time{}, "", false
	}
	return at, id, true
}

// handleListCases pages through cases written after updated_since, in the
// order the server wrote them. Agents get their own. A page ends at the
// limit or at crm.MaxPageBytes of JSON, whichever comes first.
func (s *Server) handleListCases(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	listPage(s, w, r, "cases", true,
		func(ctx context.Context, pg crm.Page) ([]crm.StoredCase, error) {
			return s.store.ListCases(ctx, crm.CaseQuery{Agent: p.Owner, Page: pg})
		},
		func(sc *crm.StoredCase) (time.Time, string) { return sc.SyncedAt, sc.Case.ID },
		func(sc *crm.StoredCase) any { return sc.Case })
}

// handlePutCase creates or updates a case. The Idempotency-Key makes a
// resend harmless (the first answer is replayed); If-Match makes a stale
// write fail (412) instead of overwriting a newer version.
func (s *Server) handlePutCase(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	id := r.PathValue("id")
	key := r.Header.Get("Idempotency-Key")
	if !validKey(key) {
		s.fail(w, r, http.StatusBadRequest, crm.CodeIdempotencyRequired)
		return
	}
	put := crm.CasePut{Key: key, Subject: p.Sub, Role: p.Role, Owner: p.Owner}
	if v := r.Header.Get("If-Match"); v != "" {
		n, ok := parseVersionTag(v)
		if !ok {
			s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
			return
		}
		put.IfMatch = n
	}
	if v := r.Header.Get("If-None-Match"); v != "" {
		if strings.TrimSpace(v) != "*" || put.IfMatch != 0 {
			s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
			return
		}
		put.CreateOnly = true
	}
	raw, ok := s.readBody(w, r)
	if !ok {
		return
	}
	var c cases.Case
	if err := decodeCase(raw, &c); err != nil {
		s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
		return
	}
	if s.tooLarge(raw, &c) {
		s.fail(w, r, http.StatusRequestEntityTooLarge, crm.CodeTooLarge)
		return
	}
	put.Case = &c
	put.Fingerprint = fingerprint(r.Method, r.URL.Path, p.Sub, raw)
	if status, code := s.checkPut(put, id); code != "" {
		s.fail(w, r, status, code)
		return
	}
	out := s.putCases(r.Context(), []crm.CasePut{put})[0]
	res, err := out.Result, out.Err
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if res.Replay {
		w.Header().Set("Idempotency-Replayed", "true")
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("ETag", etag(res.Version))
	w.WriteHeader(status)
	_, _ = w.Write(res.Response)
}

// checkPut refuses what no store should see: a training case, a body that
// does not match its route or its If-Match, an agent writing in another's
// name. It answers the status and code of the refusal, or "" to go on.
func (s *Server) checkPut(put crm.CasePut, id string) (int, crm.Code) {
	c := put.Case
	if c.Training {
		// A training case never reaches production data, whoever sends it.
		s.metrics.casePuts.WithLabelValues("training_refused").Inc()
		return http.StatusForbidden, crm.CodeTrainingCase
	}
	if c.ID != id || !validCaseID(id) || c.Version < 1 || !crm.ValidUsername(c.Agent) || !validStatus(c.Status) || !cases.ValidStoredAccount(c.Customer.Account) || cases.AccountIsCard(c.Customer.Account) ||
		(put.IfMatch != 0 && c.Version != put.IfMatch+1) {
		return http.StatusUnprocessableEntity, cases.EInvalid
	}
	// Every action names what it is (a desk records the playbook's ID): a
	// decision is kept on the action and amount it was made on, and one on
	// an action with no name would carry over to any later amount there.
	if slices.ContainsFunc(c.Actions, func(a cases.Action) bool { return strings.TrimSpace(a.ID) == "" }) {
		return http.StatusUnprocessableEntity, cases.EInvalid
	}
	if c.Agent != put.Subject {
		return http.StatusForbidden, cases.EForbidden
	}
	return 0, ""
}

// putCases writes cases through the store with the published playbook's
// policy and crmd's clock. A write that lost a race with the same key on
// another instance, or that the database gave up for others, is run again
// by the store (retrying): it then replays the winner's answer, or is
// written.
func (s *Server) putCases(ctx context.Context, puts []crm.CasePut) []crm.CasePutOutcome {
	pol, err := s.policy(ctx)
	if err != nil {
		out := make([]crm.CasePutOutcome, len(puts))
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	now := s.cfg.Now()
	for i := range puts {
		puts[i].Policy, puts[i].Now = pol, now
	}
	out := s.store.PutCases(ctx, puts)
	for _, o := range out {
		switch {
		case o.Err != nil && errors.Is(ctx.Err(), context.Canceled):
			// Whatever the store said, the request's client had gone
			// (only the connection closing cancels it): no fault of
			// crmd's to count as internal.
			s.metrics.casePuts.WithLabelValues("client_closed").Inc()
		case o.Err != nil:
			s.metrics.casePuts.WithLabelValues(outcome(o.Err)).Inc()
		case o.Result.Replay:
			s.metrics.casePuts.WithLabelValues("replay").Inc()
		case o.Result.Created:
			s.metrics.casePuts.WithLabelValues("created").Inc()
		default:
			s.metrics.casePuts.WithLabelValues("updated").Inc()
		}
	}
	return out
}

func outcome(err error) string {
	var pe *crm.PreconditionError
	switch {
	case errors.As(err, &pe):
		return "stale"
	case errors.Is(err, crm.ErrPreconditionRequired):
		return "precondition_required"
	case errors.Is(err, crm.ErrIdempotencyReused):
		return "key_reused"
	case crm.Retryable(err):
		return "unavailable"
	}
	return cases.ErrorCode(err)
}

func validStatus(st cases.Status) bool {
	switch st {
	case cases.StatusOpen, cases.StatusEscalated, cases.StatusClosed:
		return true
	}
	return false
}

// handleSetEscalation is the back office moving an escalation on: the
// move, with the supervisor from the token and crmd's time, goes into the
// escalation's history; a resolution needs its text.
func (s *Server) handleSetEscalation(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	id := r.PathValue("id")
	var req crm.EscalationUpdate
	raw, ok := s.decode(w, r, &req)
	if !ok {
		return
	}
	key, ok := s.optionalKey(w, r)
	if !ok {
		return
	}
	if !validCaseID(id) || !req.Status.Valid() || len(req.Note) > cases.MaxBackOfficeText || len(req.Resolution) > cases.MaxBackOfficeText ||
		(req.Status == cases.EscResolved && strings.TrimSpace(req.Resolution) == "") {
		s.fail(w, r, http.StatusUnprocessableEntity, cases.EInvalid)
		return
	}
	// A resolution is what a resolved escalation says to the agent and the
	// customer: sent with any other move (typed, then another state
	// picked) it would sit on an open escalation as if it were the answer.
	resolution := ""
	if req.Status == cases.EscResolved {
		resolution = redactText(strings.TrimSpace(req.Resolution))
	}
	st, err := s.store.MoveEscalation(r.Context(), crm.EscalationMove{
		CaseID: id, To: req.Status, Comment: redactText(strings.TrimSpace(req.Note)),
		Resolution: resolution, By: p.Sub, Now: s.cfg.Now(),
		Key: key, Fingerprint: fingerprint(r.Method, r.URL.Path, p.Sub, raw),
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// handleDecide is a supervisor approving or denying an amount above the
// agent's authority, recorded with who and when.
func (s *Server) handleDecide(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	id := r.PathValue("id")
	var req crm.ApprovalRequest
	raw, ok := s.decode(w, r, &req)
	if !ok {
		return
	}
	key, ok := s.optionalKey(w, r)
	if !ok {
		return
	}
	if !validCaseID(id) || req.Action < 0 || req.Action > 1000 || len(req.Comment) > cases.MaxBackOfficeText || len(req.ActionID) > 100 || req.Amount < 0 {
		s.fail(w, r, http.StatusUnprocessableEntity, cases.EInvalid)
		return
	}
	d := crm.ActionDecision{
		CaseID: id, Action: req.Action, ActionID: req.ActionID, Amount: req.Amount, Approved: req.Approved, Comment: redactText(strings.TrimSpace(req.Comment)),
		By: p.Sub, Now: s.cfg.Now(),
		Key: key, Fingerprint: fingerprint(r.Method, r.URL.Path, p.Sub, raw),
	}
	if d.Approved {
		// The approver's own authority, by the token's role and the pack
		// in force; the store holds the approval to it, counted with what
		// they approved on the case before, in the transaction that
		// records it (crm.CheckApprover). The limit is the one in force
		// now, asked of the store: this instance's may be a second old,
		// from before an administrator lowered it through another one.
		s.pol.forget()
		pol, err := s.policy(r.Context())
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		d.Role, d.Authority = p.Role, pol.AuthorityMinor(string(p.Role))
	}
	st, err := s.store.DecideAction(r.Context(), d)
	var ae *crm.AuthorityError
	if errors.As(err, &ae) {
		// Its own code, not a plain forbidden: the approver may decide,
		// only not this amount (a desk may have judged it by an older
		// pack), and the roles that can approve it are named by the pack
		// crmd judged it by.
		pol, perr := s.policy(r.Context())
		if perr != nil {
			s.failErr(w, r, perr)
			return
		}
		d := crm.ErrorDetail{Code: crm.CodeOverAuthority}
		if pp, ok := pol.(packPolicy); ok {
			d.Deciders = cases.DecidersFor(pp.pb, ae.Amount)
		}
		s.failDetail(w, r, http.StatusForbidden, d)
		return
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// handleListEscalations is how desks learn what the back office did.
// Agents get their own statuses; a supervisor gets every agent's, or one
// agent's with ?agent=, which is what a desk asks for: its user's own, so
// a supervisor's desk does not pull the whole centre's history at every
// start (the team's queue is GET /v1/team/escalations).
func (s *Server) handleListEscalations(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	agent := p.Owner
	if v := r.URL.Query().Get("agent"); v != "" {
		switch {
		case !crm.ValidUsername(v):
			s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
			return
		case p.Owner != "" && v != p.Owner:
			s.fail(w, r, http.StatusForbidden, cases.EForbidden)
			return
		}
		agent = v
	}
	// A status carries its history and decisions, which grow with every
	// move: the page keeps to the byte budget as the case lists do.
	listPage(s, w, r, "escalations", true,
		func(ctx context.Context, pg crm.Page) ([]crm.EscalationStatus, error) {
			return s.store.ListEscalations(ctx, crm.EscalationQuery{Agent: agent, Page: pg})
		},
		func(st *crm.EscalationStatus) (time.Time, string) { return st.UpdatedAt, st.CaseID },
		func(st *crm.EscalationStatus) any { return st })
}

// handleTeam pages through the team's escalations with their whole cases,
// in the order crmd last changed them: a supervisor's desk keeps them to
// work the queue, read and print, offline too. The store stops reading at
// the budget's bytes of case bodies; the page is then cut at the budget's
// bytes of cases as they are sent, with the back office's side on them
// (every move with its comment, every decision), which the bodies do not
// hold: a page of several cases is never larger than the budget.
func (s *Server) handleTeam(w http.ResponseWriter, r *http.Request) {
	since, ok1 := parseSince(r)
	limit, ok2 := pageLimit(r)
	q := crm.TeamQuery{Page: crm.Page{Since: since, Limit: limit + 1}, MaxBytes: s.cfg.MaxPageBytes}
	ok3 := true
	if c := r.URL.Query().Get("cursor"); c != "" {
		q.AfterAt, q.AfterID, ok3 = decodeCursor(c)
	}
	if !ok1 || !ok2 || !ok3 {
		s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
		return
	}
	list, err := s.store.ListTeam(r.Context(), q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	full := len(list) > limit
	if full {
		list = list[:limit]
	}
	out := teamPage{Cases: make([]json.RawMessage, 0, len(list))}
	size := 0
	for i, te := range list {
		b, err := json.Marshal(te.Case)
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		if i > 0 && size+len(b) > s.cfg.MaxPageBytes {
			list, full = list[:i], true
			break
		}
		out.Cases, size = append(out.Cases, b), size+len(b)
	}
	if len(list) > 0 {
		out.Last = list[len(list)-1].UpdatedAt
	}
	// A page cut by its byte budget has more after it too, even one cut
	// at exactly limit rows.
	if !full && len(list) > 0 {
		more, err := s.morePastBudget(r, list)
		if err != nil {
			// Without the look past the page, a page without a cursor
			// would tell the desk the queue is all read.
			s.failErr(w, r, err)
			return
		}
		full = more
	}
	if full {
		last := list[len(list)-1]
		out.Next = encodeCursor(last.UpdatedAt, last.Case.ID)
	}
	writeJSON(w, http.StatusOK, out)
}

// teamPage is crm.TeamList with its cases encoded already, as they were
// measured against the budget.
type teamPage struct {
	Cases []json.RawMessage `json:"cases"`
	Next  string            `json:"next,omitempty"`
	Last  time.Time         `json:"last,omitzero"`
}

// morePastBudget says whether the store stopped a page at its byte budget
// with rows left: it asks for one row after the page's last.
func (s *Server) morePastBudget(r *http.Request, list []crm.TeamEscalation) (bool, error) {
	last := list[len(list)-1]
	next, err := s.store.ListTeam(r.Context(), crm.TeamQuery{Page: crm.Page{AfterAt: last.UpdatedAt, AfterID: last.Case.ID, Limit: 1}})
	return len(next) > 0, err
}

// handleBatch writes up to crm.MaxBatch cases in one request, each as its
// PUT would be (same key, same fingerprint: a case sent alone and then in a
// batch is one write), and answers each item's outcome: a backlog drains
// in few round trips and one transaction per batch.
func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	var req crm.BatchRequest
	if _, ok := s.decode(w, r, &req); !ok {
		return
	}
	if len(req.Items) == 0 || len(req.Items) > crm.MaxBatch {
		s.fail(w, r, http.StatusUnprocessableEntity, cases.EInvalid)
		return
	}
	results := make([]crm.BatchResult, len(req.Items))
	var puts []crm.CasePut
	var at []int
	seen := map[string]bool{}
	for i, it := range req.Items {
		results[i] = crm.BatchResult{ID: it.ID}
		if !validCaseID(it.ID) {
			// Not echoed: an ID that is no case's may hold anything,
			// a card number among it.
			results[i].ID = ""
		}
		refuse := func(code crm.Code) { results[i].Outcome, results[i].Code = crm.BatchRefused, code }
		var c cases.Case
		switch {
		case !validKey(it.Key):
			refuse(crm.CodeIdempotencyRequired)
			continue
		case seen[it.ID]:
			// Versions of one case go one at a time, in order: a second
			// one in the same batch waits for the next.
			results[i].Outcome = crm.BatchRetry
			continue
		case it.Base < 0 || decodeCase(it.Case, &c) != nil:
			refuse(cases.EInvalid)
			continue
		case s.tooLarge(it.Case, &c):
			// The batch's own cap is larger: each case keeps the cap a
			// single PUT has.
			refuse(crm.CodeTooLarge)
			continue
		}
		seen[it.ID] = true
		put := crm.CasePut{Case: &c, Key: it.Key, Subject: p.Sub, Role: p.Role, Owner: p.Owner, IfMatch: it.Base, CreateOnly: it.Base == 0,
			Fingerprint: fingerprint(http.MethodPut, "/v1/cases/"+it.ID, p.Sub, it.Case)}
		if _, code := s.checkPut(put, it.ID); code != "" {
			refuse(code)
			continue
		}
		puts, at = append(puts, put), append(at, i)
	}
	outs := s.putCases(r.Context(), puts)
	if gone(r) {
		// As failErr for a single write: the items that failed failed for
		// a client that is no longer there to be answered, and are not
		// logged as crmd's errors.
		s.clientClosed(w, r, r.Context().Err())
		return
	}
	for k, o := range outs {
		res := &results[at[k]]
		var pe *crm.PreconditionError
		switch {
		case o.Err == nil && o.Result.Replay:
			res.Outcome, res.Version = crm.BatchReplayed, o.Result.Version
		case o.Err == nil && o.Result.Created:
			res.Outcome, res.Version = crm.BatchCreated, o.Result.Version
		case o.Err == nil:
			res.Outcome, res.Version = crm.BatchUpdated, o.Result.Version
		case errors.As(o.Err, &pe):
			res.Outcome, res.Code, res.CurrentVersion = crm.BatchConflict, crm.CodePreconditionFailed, pe.Current
		case errors.Is(o.Err, crm.ErrIdempotencyReused):
			res.Outcome, res.Code = crm.BatchRefused, crm.CodeIdempotencyReused
		case errors.Is(o.Err, crm.ErrPreconditionRequired):
			res.Outcome, res.Code = crm.BatchRefused, crm.CodePreconditionRequired
		case crm.Retryable(o.Err):
			res.Outcome, res.Code = crm.BatchRetry, crm.CodeUnavailable
		default:
			switch code := crm.Code(cases.ErrorCode(o.Err)); code {
			case crm.CodeInternal:
				s.log.Error("batch item failed", "case", res.ID, "err", o.Err)
				res.Outcome, res.Code = crm.BatchRetry, code
			default:
				res.Outcome, res.Code = crm.BatchRefused, code
			}
		}
	}
	writeJSON(w, http.StatusOK, crm.BatchResponse{Results: results})
}

// decodeCase reads a case body as a desk sends it, single or in a batch.
// Case bodies are the one large JSON crmd reads on every write, so they go
// through the mirror of encoding/json/v2 (github.com/go-json-experiment/json)
// with encoding/json's v1 options: the same cases from the same bytes, in
// about half the time and a third of the allocations. It stays on the
// server's side: the desktop, which links package crm, never reads one.
// When the module moves to Go 1.27 this is encoding/json/v2.
// tooLarge says whether a case body, raw and decoded as c, is over
// MaxCaseBytes without crmd's own records on it (crm.CaseBytes): a desk
// sends back the back office's history and decisions as it got them, and
// crmd's records must not push an agent's case over the cap. A body within
// the cap as it came is not measured again.
func (s *Server) tooLarge(raw []byte, c *cases.Case) bool {
	if int64(len(raw)) <= s.cfg.MaxCaseBytes {
		return false
	}
	n, err := crm.CaseBytes(c)
	return err != nil || int64(n) > s.cfg.MaxCaseBytes
}

func decodeCase(raw []byte, c *cases.Case) error {
	return jsonv2.Unmarshal(raw, c, jsonv1.DefaultOptionsV1())
}
