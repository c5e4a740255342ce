package app

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/crm/crmtest"
	"agentdesk/locales"
)

// Enter pressed twice in the password field (a second press while the
// first login is on its way) logs in once: a second login left crmd a
// session nobody ends and asked the name question twice.
func TestSyncLoginEnterTwiceLogsInOnce(t *testing.T) {
	env := startCRM(t)
	target, _ := url.Parse(env.srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var logins atomic.Int32
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/auth/token" {
			logins.Add(1)
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	h := newSyncHarness(t, locales.EN, front.URL, "")
	tr := h.app.t
	h.waitFor("the login offer", func() bool { return h.barHas(tr.S("sync.state.logged_out")) })
	h.tap(tr.S("sync.login.button"))
	var pass *widget.Entry
	walk(h.overlay(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			pass = e
		}
	})
	if pass == nil {
		t.Fatalf("no password field: %q", h.overlayTexts())
	}
	test.Type(pass, crmtest.Password)
	pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitFor("online", func() bool {
		return h.barHas(tr.D("sync.state.online", map[string]any{"User": "ana"}))
	})
	// A second login, sent, is answered by now.
	deadline := time.Now().Add(300 * time.Millisecond)
	h.waitFor("a moment", func() bool { return time.Now().After(deadline) })
	if n := logins.Load(); n != 1 {
		t.Errorf("%d logins for one dialog", n)
	}
}
