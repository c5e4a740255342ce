package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/locales"
)

// lang is the language of a response's messages, from Accept-Language:
// English unless Spanish comes first, as crmd's operators read its logs
// and tools in English by default.
func lang(r *http.Request) locales.Lang {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if l, ok := locales.ParseLang(tag); ok {
			return l
		}
	}
	return locales.EN
}

func (s *Server) message(r *http.Request, code crm.Code) string {
	return s.msgs[lang(r)].S("crm.error." + string(code))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":{"code":"internal"}}`, http.StatusInternalServerError)
		return
	}
	extendWrite(w, len(b))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, code crm.Code) {
	s.failDetail(w, r, status, crm.ErrorDetail{Code: code})
}

func (s *Server) failDetail(w http.ResponseWriter, r *http.Request, status int, d crm.ErrorDetail) {
	d.Message = s.message(r, d.Code)
	writeJSON(w, status, crm.ErrorBody{Error: d})
}

// unauthorized is every authentication refusal: the same body whatever
// went wrong, so an attacker learns nothing from it (RFC 6750).
func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, tokenPresented bool) {
	v := `Bearer realm="crmd"`
	if tokenPresented {
		v += `, error="invalid_token"`
	}
	w.Header().Set("WWW-Authenticate", v)
	w.Header().Set("Cache-Control", "no-store")
	s.fail(w, r, http.StatusUnauthorized, crm.CodeUnauthorized)
}

func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	s.metrics.rateLimited.Inc()
	w.Header().Set("Retry-After", retryAfterSeconds(wait))
	s.fail(w, r, http.StatusTooManyRequests, crm.CodeRateLimited)
}

// sentinels are the store's outcomes that are not cases.Error codes, with
// the status and code each is answered with.
var sentinels = []struct {
	err    error
	status int
	code   crm.Code
}{
	{crm.ErrPreconditionRequired, http.StatusPreconditionRequired, crm.CodePreconditionRequired},
	{crm.ErrIdempotencyReused, http.StatusUnprocessableEntity, crm.CodeIdempotencyReused},
	{crm.ErrTransition, http.StatusConflict, crm.CodeTransition},
	{crm.ErrDecided, http.StatusConflict, crm.CodeDecided},
	{crm.ErrActionChanged, http.StatusConflict, crm.CodeActionChanged},
	{crm.ErrUndecided, http.StatusConflict, crm.CodeUndecided},
	{crm.ErrHistoryFull, http.StatusConflict, crm.CodeHistoryFull},
}

// statusClientClosed is the status a request is counted and logged with
// when its client went away before the answer (nginx's 499): a desk on a
// flaky network is neither a server fault (500, which pages someone) nor
// a bad request.
const statusClientClosed = 499

// clientClosed counts and logs a request whose client has gone. Nobody
// reads the status written: it is there for the metrics and the log line.
func (s *Server) clientClosed(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Info("client closed the request", "route", routeOf(r), "err", err)
	w.WriteHeader(statusClientClosed)
}

// gone reports whether r's client has gone: its context is canceled, which
// crmd's own (Serve's base context) never is, so only the connection
// closing does it.
func gone(r *http.Request) bool { return errors.Is(r.Context().Err(), context.Canceled) }

// failErr answers a store or domain error. Details go to the log; the
// client gets the code.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	if gone(r) {
		// Whatever the store said, it said it to nobody: most likely the
		// cancellation itself, through the driver.
		s.clientClosed(w, r, err)
		return
	}
	var pe *crm.PreconditionError
	if errors.As(err, &pe) {
		s.failDetail(w, r, http.StatusPreconditionFailed, crm.ErrorDetail{Code: crm.CodePreconditionFailed, CurrentVersion: pe.Current})
		return
	}
	if crm.Retryable(err) {
		// Run again already (retrying): the database is busy with other
		// writes, nothing of this one was kept, and a desk that waits and
		// sends it again will get it through.
		s.log.Warn("request contended", "route", routeOf(r), "err", err)
		w.Header().Set("Retry-After", retryAfterSeconds(contendedWait))
		s.fail(w, r, http.StatusServiceUnavailable, crm.CodeUnavailable)
		return
	}
	for _, st := range sentinels {
		if errors.Is(err, st.err) {
			s.fail(w, r, st.status, st.code)
			return
		}
	}
	switch code := crm.Code(cases.ErrorCode(err)); code {
	case cases.ENotFound:
		s.fail(w, r, http.StatusNotFound, code)
	case cases.EConflict:
		s.fail(w, r, http.StatusConflict, code)
	case cases.EInvalid:
		s.fail(w, r, http.StatusUnprocessableEntity, code)
	case cases.EForbidden:
		s.fail(w, r, http.StatusForbidden, code)
	default:
		s.log.Error("request failed", "route", routeOf(r), "err", err)
		s.fail(w, r, http.StatusInternalServerError, cases.EInternal)
	}
}

func routeOf(r *http.Request) string {
	if i := reqInfoFrom(r.Context()); i != nil {
		return i.route
	}
	return ""
}

// preallocCap bounds the buffer readBody sets aside before a body's bytes
// arrive; most case bodies fit.
const preallocCap = 64 << 10

// readBody reads a JSON request body, answering 415 or 413 itself when it
// is not JSON or is too large.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		s.fail(w, r, http.StatusUnsupportedMediaType, crm.CodeUnsupportedMedia)
		return nil, false
	}
	// Sized from Content-Length instead of io.ReadAll's doubling from 512
	// bytes, so a case body is read in one allocation, not five; but only
	// up to preallocCap: a length declared and never sent would otherwise
	// hold a buffer of up to the body cap per connection, tokenless, until
	// the read times out. A larger body grows as its bytes arrive.
	size := int64(bytes.MinRead)
	if r.ContentLength > 0 {
		size += min(r.ContentLength, preallocCap)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	_, err = buf.ReadFrom(r.Body)
	b := buf.Bytes()
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.fail(w, r, http.StatusRequestEntityTooLarge, crm.CodeTooLarge)
		} else if errors.Is(err, os.ErrDeadlineExceeded) {
			// crmd's read timeout passed before the body had arrived (the
			// connection is then given up, so it looks gone too): a slow
			// line, not a bad request. 408 unavailable is one the desk
			// sends again; a 400 invalid, or the 499 of a client that
			// hung up, it would set aside for good.
			s.fail(w, r, http.StatusRequestTimeout, crm.CodeUnavailable)
		} else if gone(r) || errors.Is(err, io.ErrUnexpectedEOF) {
			// The connection ended before the body did: the client hung up.
			s.clientClosed(w, r, err)
		} else {
			s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
		}
		return nil, false
	}
	return b, true
}

// decode reads a JSON body into v; unknown fields are refused so a typo in
// a client is found at once, not lost.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) ([]byte, bool) {
	b, ok := s.readBody(w, r)
	if !ok {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil || dec.More() {
		s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
		return nil, false
	}
	return b, true
}
