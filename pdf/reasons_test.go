package pdf_test

import (
	"bytes"
	"fmt"
	"regexp"
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

// A change too small for a whole percent is still a change: "+1 (+0 %)"
// next to a count that grew reads as a contradiction, and "−0 %" is not a
// number. It is written as under 1 %.
func TestReasonReportSmallChangesAreNotZeroPercent(t *testing.T) {
	data := pdf.ReasonReportData{Week: "2026-W47", PrevWeek: "2026-W46",
		From: time.Date(2026, 11, 16, 0, 0, 0, 0, madrid), To: time.Date(2026, 11, 23, 0, 0, 0, 0, madrid),
		PrevFrom: time.Date(2026, 11, 9, 0, 0, 0, 0, madrid),
		Rows: []pdf.ReasonRow{
			{Code: "billing.promo_expired", This: 201, Prev: 200}, // 0.5 %: 1 %
			{Code: "technical.no_service", This: 999, Prev: 1000},
			{Code: "financial.refund", This: 3, Prev: 2},
		},
		This: 1203, Prev: 1202}
	zero := regexp.MustCompile(`[+−-]0\s?%`)
	for _, lang := range locales.Langs {
		var buf bytes.Buffer
		if err := pdf.ReasonReport(&buf, data, opts(lang)); err != nil {
			t.Fatal(err)
		}
		got := text(t, buf.Bytes())
		if m := zero.FindAllString(got, -1); m != nil {
			t.Errorf("%s: a change written as %q in\n%s", lang, m, got)
		}
		// Changes of a whole percent or more are written as before.
		if !strings.Contains(got, "+1 (+50") {
			t.Errorf("%s: no +1 (+50 %%) in\n%s", lang, got)
		}
		if n := strings.Count(got, "<1"); n != 3 {
			t.Errorf("%s: %d changes under 1 %%, want 3 (the week's change, one code and the total) in\n%s", lang, n, got)
		}
	}
}

// The report is printed after its week, most often on the Monday after:
// "this week" on it is the week it is read in, not the one it counts. Its
// week is named instead.
func TestReasonReportNamesItsWeekNotThisWeek(t *testing.T) {
	full, err := pdf.BuildReasonReport(busyWeeks(), "2026-W47", madrid)
	if err != nil {
		t.Fatal(err)
	}
	// Cases only the week before: the list of the week's cases is empty.
	lastOnly, err := pdf.BuildReasonReport(busyWeeks(), "2026-W48", madrid)
	if err != nil || lastOnly.This != 0 || lastOnly.Prev == 0 {
		t.Fatalf("2026-W48: %d and %d cases, %v", lastOnly.This, lastOnly.Prev, err)
	}
	for _, data := range []pdf.ReasonReportData{full, lastOnly} {
		for _, lang := range locales.Langs {
			var buf bytes.Buffer
			if err := pdf.ReasonReport(&buf, data, opts(lang)); err != nil {
				t.Fatal(err)
			}
			got := strings.ToLower(text(t, buf.Bytes()))
			if bad := map[locales.Lang]string{locales.ES: "esta semana", locales.EN: "this week"}[lang]; strings.Contains(got, bad) {
				t.Errorf("%s %s: %q in\n%s", lang, data.Week, bad, got)
			}
		}
	}
}

// A reason title longer than the line (a pack's own, in Spanish) is
// shortened in the heading of its cases, but the number of cases stays:
// it is what the heading is read for.
func TestReasonReportKeepsTheCountOfALongTitle(t *testing.T) {
	mon := time.Date(2026, 11, 16, 9, 0, 0, 0, madrid)
	code := "billing.reclamo_por_cargos_no_reconocidos_en_la_factura_del_servicio_de_television_por_cable_e_internet_residencial_de_alta_velocidad"
	var list []*cases.Case
	for i := range 3 {
		at := mon.Add(time.Duration(i) * time.Hour)
		list = append(list, &cases.Case{ID: fmt.Sprintf("C-20261116-LONG%02d", i), Status: cases.StatusClosed, CallType: "bill_increase",
			Reason: code, CreatedAt: at, ClosedAt: at.Add(time.Minute), Customer: cases.Customer{Name: "Begoña Ibáñez"}})
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
		got := text(t, buf.Bytes())
		want := map[locales.Lang]string{locales.ES: "· 3 casos", locales.EN: "· 3 cases"}[lang]
		if !strings.Contains(got, want) {
			t.Errorf("%s: no %q in\n%s", lang, want, got)
		}
	}
}
