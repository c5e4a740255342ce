package app

import (
	"strings"
	"testing"

	"agentdesk/locales"
)

// Chat that converts below the site's average brings fewer orders, and
// the sentence said on the call says so instead of "about -13 extra
// orders ... some -$1,040.00 in additional revenue".
func TestCalcChatRevenueBelowTheSiteSaysFewerOrders(t *testing.T) {
	h := esHarness(t, false, locales.ES)
	s := h.calc("chat_revenue")
	h.typeIn(s, "visitors", "260")
	h.typeIn(s, "chat_conversion", "15 %")
	h.typeIn(s, "site_conversion", "20 %")
	h.typeIn(s, "average_order", "80")
	if s.out == nil {
		t.Fatalf("no result: %v", s.reader())
	}
	for _, l := range locales.Langs {
		ct := locales.New(l)
		say, _ := s.out.say(ct)
		if strings.Contains(say, "-") || strings.Contains(say, "−") {
			t.Errorf("%s: %q", l, say)
		}
		if !strings.Contains(say, "13") || !strings.Contains(say, map[locales.Lang]string{locales.ES: "1.040,00", locales.EN: "1,040.00"}[l]) {
			t.Errorf("%s: the figures are missing from %q", l, say)
		}
	}
	// Above the site's average, the sentence is the one it always was.
	h.typeIn(s, "site_conversion", "10 %")
	if say, _ := s.out.say(locales.New(locales.EN)); !strings.Contains(say, "13 extra orders") || !strings.Contains(say, "$1,040.00 in additional revenue") {
		t.Errorf("en, above: %q", say)
	}
}
