package desksync_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// A proxy that passes crmd's 499 (the hop behind it hung up) back to a
// desk still connected says nothing about the save: the worker tries it
// again rather than set it aside for good.
func TestWorkerRetriesAClientClosedAnswer(t *testing.T) {
	r, _ := start(t)
	var closed atomic.Int32
	srv := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if req.Method != http.MethodGet && strings.HasPrefix(req.URL.Path, "/v1/cases") && closed.Add(1) <= 2 {
			w.WriteHeader(499) // no body, as crmd writes it
			return true
		}
		return false
	})
	d := newDesk(t, srv.URL, "ana")
	w := d.worker()
	c := d.newCase(t, "ana", "sent while a hop hung up")
	p := drain(t, w, d)
	if p.SetAside != 0 || p.Waiting != 0 {
		t.Fatalf("progress %+v", p)
	}
	if closed.Load() < 2 {
		t.Fatalf("the proxy answered 499 %d times, want 2", closed.Load())
	}
	sc, err := r.Store.GetCase(context.Background(), c.ID)
	if err != nil || sc.Case.Version != c.Version {
		t.Errorf("%s on crmd: %+v %v", c.ID, sc, err)
	}
}
