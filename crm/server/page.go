package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
)

// firstBatch is how many records a page reads before it knows how large
// they are: small enough that a list of the largest cases stays near the
// budget, and records of ordinary size then come in one more read.
const firstBatch = 4

// page is one page of a list, encoded: each record's JSON, in order.
type page struct {
	items [][]byte
	bytes int
	more  bool // a record follows the last one
}

// listPage answers the GET of a list crmd pages by keyset (crm.Page):
// updated_since, limit and cursor come from the request, and any of them
// malformed, or valid false (the handler's own parameters), is a 400. The
// records come through fetch and the page ends at the limit or at
// MaxPageBytes of JSON, whichever comes first; key is a record's place in
// the list (write time, ID), enc what of it goes on the wire.
func listPage[T any](s *Server, w http.ResponseWriter, r *http.Request, field string, valid bool,
	fetch func(ctx context.Context, p crm.Page) ([]T, error), key func(*T) (time.Time, string), enc func(*T) any) {
	since, ok1 := parseSince(r)
	limit, ok2 := pageLimit(r)
	from := crm.Page{Since: since}
	ok3 := true
	if c := r.URL.Query().Get("cursor"); c != "" {
		from.AfterAt, from.AfterID, ok3 = decodeCursor(c)
	}
	if !valid || !ok1 || !ok2 || !ok3 {
		s.fail(w, r, http.StatusBadRequest, cases.EInvalid)
		return
	}
	get := func(p crm.Page) ([]T, error) { return fetch(r.Context(), p) }
	pg, last, err := collectPage(limit, s.cfg.MaxPageBytes, from, get, key, enc)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	next := ""
	if pg.more {
		next = encodeCursor(last.AfterAt, last.AfterID)
	}
	writePage(w, field, pg, next)
}

// collectPage reads up to limit records through fetch and encodes them,
// stopping early once their JSON reaches budget bytes. fetch(p) returns up
// to p.Limit records after p's cursor; key gives a record's place, which
// becomes the cursor of the next read and, returned, of the next page.
// Records are read in batches sized from the largest seen so far, so a
// page decodes at most one batch past its budget: a list of megabyte
// cases costs a few more reads, never gigabytes of memory.
func collectPage[T any](limit, budget int, from crm.Page, fetch func(crm.Page) ([]T, error), key func(*T) (time.Time, string), enc func(*T) any) (page, crm.Page, error) {
	var p page
	biggest := 0
	for {
		n := limit - len(p.items)
		if biggest == 0 {
			n = min(n, firstBatch)
		} else {
			n = min(n, (budget-p.bytes)/biggest+1)
		}
		// One more than may be taken, to know whether the list goes on.
		from.Limit = n + 1
		batch, err := fetch(from)
		if err != nil {
			return p, from, err
		}
		for i := range batch {
			if i == n {
				if len(p.items) == limit {
					p.more = true
					return p, from, nil
				}
				break
			}
			b, err := json.Marshal(enc(&batch[i]))
			if err != nil {
				return p, from, err
			}
			p.items = append(p.items, b)
			p.bytes += len(b)
			biggest = max(biggest, len(b))
			from.AfterAt, from.AfterID = key(&batch[i])
			if p.bytes >= budget {
				p.more = i+1 < len(batch)
				return p, from, nil
			}
		}
		if len(batch) <= n {
			return p, from, nil
		}
	}
}

// writePage answers a page as {"<field>":[...],"next":"..."}, the shape of
// crm.CaseList and crm.AttemptList, writing the records' JSON as encoded.
func writePage(w http.ResponseWriter, field string, p page, next string) {
	extendWrite(w, p.bytes)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`{"` + field + `":[`))
	for i, b := range p.items {
		if i > 0 {
			_, _ = w.Write([]byte{','})
		}
		_, _ = w.Write(b)
	}
	_, _ = w.Write(pageTail(next))
}

func pageTail(next string) []byte {
	if next == "" {
		return []byte("]}\n")
	}
	n, _ := json.Marshal(next)
	return append(append([]byte(`],"next":`), n...), "}\n"...)
}
