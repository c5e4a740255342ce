package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

var caseIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func validCaseID(id string) bool { return caseIDRE.MatchString(id) }

// validKey accepts an Idempotency-Key of printable ASCII, as the desktop's
// "case:<id>:v<version>" keys are.
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
	if !ok || err != nil || !validCaseID(id) {
		return time.Time{}, "", false
	}
	return time.UnixMicro(n).UTC(), id, true
}

// handleListCases pages through cases written after updated_since, in the
// order the server wrote them. Agents get their own.
func (s *Server) handleListCases(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	since, ok1 := parseSince(r)
	limit, ok2 := pageLimit(r)
	q := crm.CaseQuery{Agent: p.Owner, Since: since, Limit: limit + 1}
	ok3 := true
	if c := r.URL.Query().Get("cursor"); c != "" {
		q.AfterAt, q.AfterID, ok3 = decodeCursor(c)
	}
	if !ok1 || !ok2 || !ok3 {
		s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
		return
	}
	list, err := s.store.ListCases(r.Context(), q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := crm.CaseList{Cases: make([]*cases.Case, 0, len(list))}
	if len(list) > limit {
		list = list[:limit]
		last := list[len(list)-1]
		out.Next = encodeCursor(last.SyncedAt, last.Case.ID)
	}
	for _, sc := range list {
		out.Cases = append(out.Cases, sc.Case)
	}
	writeJSON(w, http.StatusOK, out)
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
	put := crm.CasePut{Key: key, Subject: p.Sub, Owner: p.Owner, Now: s.cfg.Now()}
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
	if err := json.Unmarshal(raw, &c); err != nil {
		s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
		return
	}
	if c.Training {
		// A training case never reaches production data, whoever sends it.
		s.metrics.casePuts.WithLabelValues("training_refused").Inc()
		s.fail(w, r, http.StatusForbidden, crm.CodeTrainingCase)
		return
	}
	if c.ID != id || !validCaseID(id) || c.Version < 1 || !crm.ValidUsername(c.Agent) || !validStatus(c.Status) ||
		(put.IfMatch != 0 && c.Version != put.IfMatch+1) {
		s.fail(w, r, http.StatusUnprocessableEntity, cases.EInvalid)
		return
	}
	if p.Owner != "" && c.Agent != p.Owner {
		s.fail(w, r, http.StatusForbidden, cases.EForbidden)
		return
	}
	sanitizeCase(&c)
	body, err := json.Marshal(&c)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	put.Case, put.Body = &c, body
	put.Fingerprint = fingerprint(r.Method, r.URL.Path, p.Sub, raw)
	res, err := s.store.PutCase(r.Context(), put)
	if errors.Is(err, crm.ErrRetry) {
		res, err = s.store.PutCase(r.Context(), put)
	}
	if err != nil {
		s.metrics.casePuts.WithLabelValues(outcome(err)).Inc()
		s.failErr(w, r, err)
		return
	}
	switch {
	case res.Replay:
		s.metrics.casePuts.WithLabelValues("replay").Inc()
		w.Header().Set("Idempotency-Replayed", "true")
	case res.Status == http.StatusCreated:
		s.metrics.casePuts.WithLabelValues("created").Inc()
	default:
		s.metrics.casePuts.WithLabelValues("updated").Inc()
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("ETag", etag(res.Version))
	w.WriteHeader(res.Status)
	_, _ = w.Write(res.Response)
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

func validEscalationStatus(st cases.EscalationState) bool {
	switch st {
	case crm.EscSent, crm.EscInProgress, crm.EscResolved, crm.EscRejected:
		return true
	}
	return false
}

// handleSetEscalation is the back office moving an escalation along.
func (s *Server) handleSetEscalation(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	id := r.PathValue("id")
	var req crm.EscalationUpdate
	if _, ok := s.decode(w, r, &req); !ok {
		return
	}
	if !validCaseID(id) || !validEscalationStatus(req.Status) || len(req.Note) > 4000 {
		s.fail(w, r, http.StatusUnprocessableEntity, cases.EInvalid)
		return
	}
	st, err := s.store.SetEscalationStatus(r.Context(), id, req.Status, redactText(req.Note), p.Sub, s.cfg.Now())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// handleListEscalations is how agents learn what the back office did.
func (s *Server) handleListEscalations(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r.Context())
	since, ok1 := parseSince(r)
	limit, ok2 := pageLimit(r)
	if !ok1 || !ok2 {
		s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
		return
	}
	list, err := s.store.ListEscalations(r.Context(), crm.EscalationQuery{Agent: p.Owner, Since: since, Limit: limit})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if list == nil {
		list = []crm.EscalationStatus{}
	}
	writeJSON(w, http.StatusOK, crm.EscalationList{Escalations: list})
}
