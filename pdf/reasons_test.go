package pdf_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/pdf"
)

// A code with more cases than a page holds continues its list on the
// pages after: each of them says whose cases it lists, or a page read on
// its own (or the second of two codes that both run long) leaves the
// supervisor guessing which code the cases were closed with.
func TestReasonReportContinuedListsNameTheirCode(t *testing.T) {
	mon := time.Date(2026, 11, 16, 0, 0, 0, 0, madrid)
	codes := map[string]map[locales.Lang]string{
		"billing.promo_expired": {locales.ES: "Promoción vencida", locales.EN: "Promotion expired"},
		"technical.no_service":  {locales.ES: "Sin servicio", locales.EN: "No service"},
	}
	var list []*cases.Case
	byID := map[string]string{}
	i := 0
	for code := range codes {
		for range 90 {
			at := mon.Add(time.Duration(i) * 30 * time.Minute)
			id := fmt.Sprintf("C-%s-%06d", at.Format("20060102"), i)
			list = append(list, &cases.Case{ID: id, Status: cases.StatusClosed, CallType: "bill_increase", Reason: code,
				CreatedAt: at, ClosedAt: at.Add(5 * time.Minute), Customer: cases.Customer{Name: "Begoña Ibáñez"}})
			byID[id] = code
			i++
		}
	}
	data, err := pdf.BuildReasonReport(list, "2026-W47", madrid)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range locales.Langs {
		var buf bytes.Buffer
		if err := pdf.ReasonReport(&buf, data, opts(lang)); err != nil {
			t.Fatal(err)
		}
		for n, page := range strings.Split(text(t, buf.Bytes()), "\f") {
			named := map[string]bool{}
			for _, line := range strings.Split(page, "\n") {
				f := strings.Fields(line)
				if len(f) == 0 || byID[f[0]] == "" || named[byID[f[0]]] {
					continue
				}
				code := byID[f[0]]
				named[code] = true
				if title := codes[code][lang]; !strings.Contains(page, title) {
					t.Errorf("%s: page %d lists cases of %q (%s) without naming it:\n%s", lang, n+1, title, f[0], page)
				}
			}
		}
	}
}
