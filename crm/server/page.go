package server

import (
	"encoding/json"
	"net/http"
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

// collectPage reads up to limit records through fetch and encodes them,
// stopping early once their JSON reaches budget bytes. fetch(after, n)
// returns up to n records after the given one (nil: from the start of the
// query); enc gives what of a record goes on the wire. Records are read in batches sized from the largest seen so far,
// so a page decodes at most one batch past its budget: a list of
// megabyte cases costs a few more reads, never gigabytes of memory.
func collectPage[T any](limit, budget int, after *T, fetch func(after *T, n int) ([]T, error), enc func(*T) any) (page, *T, error) {
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
		batch, err := fetch(after, n+1)
		if err != nil {
			return p, after, err
		}
		for i := range batch {
			if i == n {
				if len(p.items) == limit {
					p.more = true
					return p, after, nil
				}
				break
			}
			b, err := json.Marshal(enc(&batch[i]))
			if err != nil {
				return p, after, err
			}
			p.items = append(p.items, b)
			p.bytes += len(b)
			biggest = max(biggest, len(b))
			after = &batch[i]
			if p.bytes >= budget {
				p.more = i+1 < len(batch)
				return p, after, nil
			}
		}
		if len(batch) <= n {
			return p, after, nil
		}
	}
}

// writePage answers a page as {"<field>":[...],"next":"..."}, the shape of
// crm.CaseList and crm.AttemptList, writing the records' JSON as encoded.
func writePage(w http.ResponseWriter, field string, p page, next string) {
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
