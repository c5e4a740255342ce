package desksync_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/desksync"
)

// A crmd (or a proxy) whose team pages never move on, answering the same
// next cursor again and again, does not keep a supervisor's refresh
// asking for ever: the refresh ends with an error at once, and the pulls
// of the desk go on.
func TestPullTeamStopsOnPagesThatDoNotAdvance(t *testing.T) {
	r, _ := start(t)
	var asked atomic.Int64
	srv := inFront(t, r.URL, func(w http.ResponseWriter, req *http.Request, _ http.Handler) bool {
		if req.URL.Path != "/v1/team/escalations" {
			return false
		}
		asked.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"cases":[],"next":"again"}`)
		return true
	})
	sup := newDesk(t, srv.URL, "sup")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := desksync.PullTeam(ctx, sup.client, sup.db, time.Time{})
	if err == nil || ctx.Err() != nil {
		t.Errorf("a refresh over pages that do not advance: %v (deadline: %v)", err, ctx.Err())
	}
	if n := asked.Load(); n > 3 {
		t.Errorf("crmd asked %d times", n)
	}
}
