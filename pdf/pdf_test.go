package pdf_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/pdf"
	"agentdesk/playbook"
)

var madrid = mustZone("Europe/Madrid")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}

// now is a Monday in ISO week 2026-W48, so the demo data's "today" and
// "last few days" fall in weeks 47 and 48.
var now = time.Date(2026, 11, 23, 11, 30, 0, 0, madrid)

// demo returns the demo cases with the IDs the service would have given
// them on import.
func demo(t testing.TB) []cases.DemoCase {
	t.Helper()
	_, dc := cases.DemoData(now, "lgarcia")
	for i, d := range dc {
		d.Case.ID = fmt.Sprintf("C-%s-DEMO%02d", d.Case.CreatedAt.Format("20060102"), i)
		for j := range d.Events {
			d.Events[j].CaseID = d.Case.ID
		}
	}
	return dc
}

// busyWeeks is a fortnight of closed cases of a small contact centre, for
// a report whose chart and lists have something to show.
func busyWeeks() []*cases.Case {
	rng := rand.New(rand.NewPCG(47, 46))
	codes := []struct {
		id, callType string
		this, prev   int
	}{
		{"billing.promo_expired", "bill_increase", 14, 9},
		{"financial.duplicate_charge", "duplicate_charge", 9, 11},
		{"technical.no_service", "technical_support", 8, 3},
		{"billing.prorated_charge", "bill_increase", 6, 6},
		{"financial.plan_change", "plan_change", 4, 7},
		{"financial.autorenewal", "unwanted_autorenewal", 3, 0},
		{"financial.cancellation", "cancellation_request", 2, 4},
		{"billing.payment_not_posted", "payment_question", 0, 2},
	}
	names := []string{"Lucía Fernández Ortiz", "Javier Morales Ruiz", "Margaret O'Neill", "David Chen", "Carmen Delgado Vega", "Samuel Okafor", "Íñigo Martínez Peña", "Begoña Ruiz Álvarez", "Priya Raman", "Tomás Ibáñez"}
	mon := time.Date(2026, 11, 16, 0, 0, 0, 0, madrid)
	var out []*cases.Case
	n := 0
	for _, c := range codes {
		for w, count := range []int{c.this, c.prev} {
			for range count {
				at := mon.AddDate(0, 0, -7*w+rng.IntN(7)).Add(time.Duration(8*60+rng.IntN(11*60)) * time.Minute)
				n++
				out = append(out, &cases.Case{
					ID: fmt.Sprintf("C-%s-%06X", at.Format("20060102"), rng.Uint32()&0xFFFFFF), Status: cases.StatusClosed,
					CallType: c.callType, Reason: c.id, CreatedAt: at, ClosedAt: at.Add(12 * time.Minute),
					Customer: cases.Customer{Name: names[n%len(names)]},
				})
			}
		}
	}
	return out
}

// richCase is the demo's escalated VIP case with everything a summary can
// show: a skipped step with its reason, a step that does not apply, a
// calculation, and notes that wrap and that hold a card number and a PIN
// nobody redacted (as if the case came in around the service).
func richCase(t testing.TB) (*cases.Case, []cases.Event) {
	t.Helper()
	for _, d := range demo(t) {
		if d.Case.CallType != "duplicate_charge" {
			continue
		}
		c := d.Case
		c.ID = "C-20261123-7KQ4XM"
		c.Steps[2].State, c.Steps[2].Reason = cases.StepSkipped, "El cliente pidió ir directo al cobro; tarjeta 4111 1111 1111 1111"
		c.Steps = append(c.Steps[:7:7], cases.StepProgress{Step: "closing", State: cases.StepNA, Reason: "Escalated before closing"})
		c.Checks = append(c.Checks, cases.Check{ID: "duplicate_charge.pending_hold", At: c.CreatedAt.Add(5 * time.Minute)})
		c.Calcs = append(c.Calcs, cases.Calculation{Calculator: "compensation", Summary: "Level 2 credit of $25.00 for the repeat call; the agent may grant it.", At: c.CreatedAt.Add(6 * time.Minute)})
		c.Notes = "VIP customer since 2015; wants the refund on the same card 4111 1111 1111 1111 and read out PIN 4321 before I could stop her. " +
			strings.Repeat("Reviewed the last six bills with the customer, line by line, and agreed the second charge of the month is a duplicate. ", 6) +
			"Call-back requested on the mobile number on file.\n\nSecond paragraph: áéíóú ñ ¿¡ € — all must print exactly."
		return c, d.Events
	}
	t.Fatal("demo data has no duplicate_charge case")
	return nil, nil
}

func spanishCase(t testing.TB) (*cases.Case, []cases.Event) {
	t.Helper()
	for _, d := range demo(t) {
		if d.Case.CallType == "plan_change" {
			d.Case.ID = "C-20261120-M4RT9Q"
			return d.Case, d.Events
		}
	}
	t.Fatal("demo data has no plan_change case")
	return nil, nil
}

func opts(lang locales.Lang) pdf.Options {
	return pdf.Options{Lang: lang, Company: "Telecomunicaciones Ibéricas S.A.", TZ: madrid, Generated: now}
}

// text runs pdftotext -layout and folds the no-break spaces that money and
// percentages use, so assertions can be written with plain spaces.
func text(t testing.TB, doc []byte) string {
	t.Helper()
	out := poppler(t, doc, "pdftotext", "-layout", "-enc", "UTF-8", thePDF, "-")
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

// thePDF stands, among poppler's arguments, for the document under test.
const thePDF = "\x00pdf"

// poppler runs a poppler-utils tool on doc and returns what it prints,
// skipping the test where the tool is not installed: every reading of a
// document (its text, pages, size, word boxes) then writes it, runs the
// tool and fails the same way.
func poppler(t testing.TB, doc []byte, tool string, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skip(tool + " (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	args = slices.Clone(args)
	for i, a := range args {
		if a == thePDF {
			args[i] = path
		}
	}
	out, err := exec.Command(tool, args...).Output()
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	return out
}

func pages(t testing.TB, doc []byte) int {
	t.Helper()
	out := poppler(t, doc, "pdfinfo", thePDF)
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: no page count in %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// pageSize is the first page's size in points ("612 x 792").
func pageSize(t testing.TB, doc []byte) string {
	t.Helper()
	out := poppler(t, doc, "pdfinfo", thePDF)
	m := regexp.MustCompile(`Page size:\s+([\d.]+ x [\d.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no page size in %s", out)
	}
	return string(m[1])
}

// defaultPlaybook is the shipped playbook. LoadDefault loads it once for
// the whole process, so a change a test makes to it is seen by the tests
// after it.
func defaultPlaybook(t testing.TB) *playbook.Playbook {
	t.Helper()
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

func summary(t testing.TB, c *cases.Case, tl []cases.Event, opt pdf.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.CaseSummary(&buf, c, tl, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func contains(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q", w)
		}
	}
}

func absent(t *testing.T, got string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(got, b) {
			t.Errorf("must not contain %q", b)
		}
	}
}

// secrets are what no printed page may show, in any spacing.
var secrets = []string{"4111 1111 1111 1111", "4111111111111111", "4111-1111", "PIN 4321", "4321", "4417009012"}

func TestCaseSummarySpanish(t *testing.T) {
	c, tl := richCase(t)
	got := text(t, summary(t, c, tl, opts(locales.ES)))
	contains(t, got,
		"Telecomunicaciones Ibéricas S.A.",
		"Resumen del caso", "C-20261123-7KQ4XM", "ESC-", "Escalado", "Agente", "lgarcia",
		"Cliente", "Margaret O'Neill", "Antigüedad", "11 años", "Cliente VIP", "Sí",
		"Motivo de la llamada", "Tipo de llamada", "Cobro duplicado", "Código de motivo", "Aún sin asignar",
		"Desarrollo de la llamada", "Introducción", "Autenticación", "Realizado", "Omitido", "No aplica",
		"Motivo: El cliente pidió ir directo al cobro", "pregunta de seguridad",
		"Comprobaciones realizadas", "Acciones realizadas", "Ajuste de un cargo", "189,00 US$",
		"Ajustes y autoridad", "Agente: hasta 50,00 US$", "Supervisor", "Pendiente: escalado en", "ESC-20261123-0001",
		"Resultados de calculadoras usados en la llamada", "Compensación por nivel de",
		"Escalamiento", "Criterios cumplidos", "límite de autoridad del agente", "Prioridad", "Alta",
		"En 24 horas, antes del 24/11/2026", "CET", "Recibido, pendiente de revisión",
		"Notas", "áéíóú ñ ¿¡ €", "•••• 1111", "****",
		"Firmas y aprobación", "Firma del agente", "Firma del supervisor", "Fecha",
		"Página 1 de 3", "Página 3 de 3", "Generado el 23/11/2026 11:30 CET",
	)
	// The account prints masked to its last four, the bullets included.
	contains(t, got, cases.MaskAccount("4417009012"))
	absent(t, got, secrets...)
	absent(t, got, "!pdf.", "duplicate_charge", "exceeds_authority", "security_question")
}

func TestCaseSummaryEnglish(t *testing.T) {
	c, tl := richCase(t)
	opt := opts(locales.EN)
	var asked string
	opt.BackOfficeStatus = func(ticket string) cases.EscalationState { asked = ticket; return "resolved" }
	doc := summary(t, c, tl, opt)
	if asked != c.Escalation.Ticket {
		t.Errorf("back-office status asked for %q", asked)
	}
	// A fixed Generated time makes the document reproducible.
	if again := summary(t, c, tl, opt); !bytes.Equal(doc, again) {
		t.Error("two runs with the same options differ")
	}
	got := text(t, doc)
	contains(t, got,
		"Case summary", "C-20261123-7KQ4XM", "Escalated",
		"Customer", "Tenure", "11 years", "VIP customer", "Account", "••••••9012",
		"Reason for the call", "Duplicate charge", "Not assigned yet",
		"Call flow", "Introduction", "Skipped", "Not applicable", "security question",
		"Checks performed", "Actions taken", "Charge adjustment", "$189.00",
		"Adjustments and authority", "Agent: up to $50.00", "Pending: escalated in",
		"Escalation", "Criteria met", "High", "Within 24 hours, by 11/24/2026", "Specialist team status", "Resolved",
		"Notes", "áéíóú ñ ¿¡ €", "Signatures and approval", "Supervisor's signature",
		"Page 1 of 3", "Page 3 of 3",
	)
	absent(t, got, secrets...)
	absent(t, got, "!pdf.", "Página", "Resumen")
}

// TestCaseSummaryApproved covers the other branch of authority: a credit
// within the agent's limit, a calculation, a closed case with its code.
func TestCaseSummaryApproved(t *testing.T) {
	c, tl := spanishCase(t)
	got := text(t, summary(t, c, tl, opts(locales.ES)))
	contains(t, got, "Cambio de plan", "Crédito en la cuenta", "15,00 US$", "Aprobado dentro del límite",
		"Prorrateo", "Cargo prorrateado de 15,00 US$", "El caso no se escaló.", "Cerrado", "Página 1 de")
}

func TestCaseSummaryWithoutCompany(t *testing.T) {
	c, tl := spanishCase(t)
	opt := opts(locales.ES)
	opt.Company = ""
	got := text(t, summary(t, c, tl, opt))
	absent(t, got, "Su empresa", "Your company", "Telecomunicaciones")
}

func TestCaseSummaryLetterAndBadPaper(t *testing.T) {
	c, tl := spanishCase(t)
	opt := opts(locales.EN)
	opt.Paper = "Letter"
	doc := summary(t, c, tl, opt)
	// Refused paper first: pageSize skips where pdfinfo is missing.
	bad := opt
	bad.Paper = "A5"
	if err := pdf.CaseSummary(&bytes.Buffer{}, c, tl, bad); err == nil {
		t.Error("A5 accepted")
	}
	if s := pageSize(t, doc); s != "612 x 792" {
		t.Errorf("page size %s, want Letter", s)
	}
}

// TestNoOverflow prints notes far longer than a page, with words longer
// than a line, and checks that every word stays inside the margins and
// that the text breaks onto further pages.
func TestNoOverflow(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	c, tl := richCase(t)
	c.Notes = strings.Repeat("Palabras largas como anticonstitucionalmente y https://soporte.example.com/casos/"+strings.Repeat("x", 200)+" también se cortan. ", 40) +
		"Emoji 😀 y control \x07 no rompen nada."
	// Cells and fields taller than a page split between lines.
	c.Actions[0].Reason = strings.Repeat("Motivo extenso del ajuste. ", 200)
	c.Escalation.Reason = strings.Repeat("Motivo pegado de un correo electrónico. ", 300)
	// So do the header's values: a name or a plan as a CSV import may
	// bring them, longer than a page in a third of its width.
	c.Customer.Name = strings.Repeat("Nombre larguísimo del titular ", 120) + "FIN-DEL-NOMBRE"
	c.Customer.Plan = strings.Repeat("Plan con descripción interminable ", 150) + "FIN-DEL-PLAN"
	doc := summary(t, c, tl, opts(locales.ES))
	if n := pages(t, doc); n < 6 {
		t.Errorf("%d pages; long notes should break onto more", n)
	}
	out := poppler(t, doc, "pdftotext", "-bbox", thePDF, "-")
	const pageW, pageH = 595.28, 841.89 // A4 in points
	const right, bottom = pageW - 20/25.4*72 + 0.5, pageH - 8/25.4*72
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	words := re.FindAllStringSubmatch(string(out), -1)
	if len(words) < 500 {
		t.Fatalf("only %d words extracted", len(words))
	}
	for _, w := range words {
		xMax, _ := strconv.ParseFloat(w[3], 64)
		yMax, _ := strconv.ParseFloat(w[4], 64)
		xMin, _ := strconv.ParseFloat(w[1], 64)
		if xMax > right || xMin < 20/25.4*72-0.5 || yMax > bottom {
			t.Errorf("word %q outside the margins: x %s–%s, y max %s", w[5], w[1], w[3], w[4])
		}
	}
	for _, end := range []string{"Emoji", "FIN-DEL-NOMBRE", "FIN-DEL-PLAN"} {
		if !strings.Contains(string(out), end) {
			t.Errorf("the text before %s was cut short", end)
		}
	}
}

func TestBatch(t *testing.T) {
	dc := demo(t)
	var items []pdf.CaseWithTimeline
	for _, d := range dc[:3] {
		items = append(items, pdf.CaseWithTimeline{Case: d.Case, Timeline: d.Events})
	}
	var calls []int
	var buf bytes.Buffer
	err := pdf.CaseBatch(&buf, items, opts(locales.ES), func(done, total int) bool {
		if total != 3 {
			t.Errorf("total %d", total)
		}
		calls = append(calls, done)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 || calls[2] != 3 {
		t.Errorf("progress calls %v", calls)
	}
	got := text(t, buf.Bytes())
	// Each case numbers its own pages, so each starts at page 1.
	if n := strings.Count(got, "Página 1 de"); n != 3 {
		t.Errorf("%d first pages, want 3", n)
	}
	for _, it := range items {
		contains(t, got, it.Case.ID)
	}
	if p := pages(t, buf.Bytes()); p < 3 {
		t.Errorf("%d pages for 3 cases", p)
	}

	buf.Reset()
	err = pdf.CaseBatch(&buf, items, opts(locales.ES), func(done, total int) bool { return done < 2 })
	if !errors.Is(err, pdf.ErrCanceled) || buf.Len() != 0 {
		t.Errorf("cancel: err %v, %d bytes written", err, buf.Len())
	}

	buf.Reset()
	if err := pdf.CaseBatch(&buf, nil, opts(locales.EN), nil); err != nil {
		t.Fatal(err)
	}
	contains(t, text(t, buf.Bytes()), "There are no cases in this export.")
}

func TestWriteCaseFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var items []pdf.CaseWithTimeline
	for _, d := range demo(t)[:2] {
		items = append(items, pdf.CaseWithTimeline{Case: d.Case, Timeline: d.Events})
	}
	items[1].Case.ID = "C/../evil"
	paths, err := pdf.WriteCaseFiles(dir, items, opts(locales.EN), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || filepath.Base(paths[1]) != "C____evil.pdf" {
		t.Fatalf("paths %v", paths)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s: %v", p, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d files in the folder, want 2 (no temporary files left)", len(entries))
	}
	// Canceled after the first file: what it wrote is taken back, and the
	// folder it made; a folder that was there stays, with its own files.
	made := filepath.Join(t.TempDir(), "c")
	paths, err = pdf.WriteCaseFiles(made, items, opts(locales.EN), func(int, int) bool { return false })
	if !errors.Is(err, pdf.ErrCanceled) || len(paths) != 0 {
		t.Errorf("cancel: %v, %v", paths, err)
	}
	if _, err := os.Stat(made); !os.IsNotExist(err) {
		t.Errorf("the canceled run's folder stays: %v", err)
	}
	mine := filepath.Join(dir, "mine.txt")
	if err := os.WriteFile(mine, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	items[0].Case.ID = "C-NEW"
	if _, err := pdf.WriteCaseFiles(dir, items, opts(locales.EN), func(int, int) bool { return false }); !errors.Is(err, pdf.ErrCanceled) {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("%d entries in a folder that was there, want its 3", len(entries))
	}
	if _, err := os.Stat(filepath.Join(dir, "C-NEW.pdf")); !os.IsNotExist(err) {
		t.Errorf("the canceled file stays: %v", err)
	}
}

func caseAt(id, reason string, created time.Time, status cases.Status) *cases.Case {
	return &cases.Case{ID: id, Status: status, Reason: reason, CallType: "bill_increase", CreatedAt: created,
		Customer: cases.Customer{Name: "Cliente " + id}}
}

func TestWeekRange(t *testing.T) {
	from, to, err := pdf.WeekRange("2026-W47", madrid)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 16, 0, 0, 0, 0, madrid); !from.Equal(want) || !to.Equal(want.AddDate(0, 0, 7)) {
		t.Errorf("2026-W47 = %v – %v", from, to)
	}
	// Week 1 of 2026 starts in 2025; 2026 has 53 weeks, 2025 has 52.
	if from, _, _ := pdf.WeekRange("2026-W01", time.UTC); !from.Equal(time.Date(2025, 12, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("2026-W01 starts %v", from)
	}
	if from, _, err := pdf.WeekRange("2026-W53", time.UTC); err != nil || !from.Equal(time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("2026-W53: %v %v", from, err)
	}
	// A week across the end of daylight saving still runs midnight to midnight.
	from, to, _ = pdf.WeekRange("2026-W43", madrid)
	if from.Hour() != 0 || to.Hour() != 0 || to.Sub(from) != 7*24*time.Hour+time.Hour {
		t.Errorf("2026-W43 = %v – %v", from, to)
	}
	for _, bad := range []string{"", "2026-47", "2026W47", "2026-w47", "2026-W00", "2026-W54", "2025-W53", "abcd-W01", " 2026-W47", "2026-W4", "2026-W470", "+026-W47", "2026-W-1", "0000-W01"} {
		_, _, err := pdf.WeekRange(bad, time.UTC)
		var we *pdf.WeekError
		if !errors.As(err, &we) || we.Week != bad {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}

func TestBuildReasonReport(t *testing.T) {
	mon := time.Date(2026, 11, 16, 0, 0, 0, 0, madrid) // 2026-W47
	list := []*cases.Case{
		caseAt("A", "billing.promo_expired", mon, cases.StatusClosed),                                    // first instant of the week
		caseAt("B", "billing.promo_expired", mon.AddDate(0, 0, 7).Add(-time.Second), cases.StatusClosed), // last second
		caseAt("C", "billing.promo_expired", mon.AddDate(0, 0, 7), cases.StatusClosed),                   // next week: out
		caseAt("D", "billing.promo_expired", mon.Add(-time.Second), cases.StatusClosed),                  // Sunday before: last week
		caseAt("E", "technical.no_service", mon.AddDate(0, 0, -7), cases.StatusClosed),                   // first instant of last week
		caseAt("F", "technical.no_service", mon.AddDate(0, 0, -7).Add(-time.Second), cases.StatusClosed), // two weeks ago: out
		caseAt("G", "financial.refund", mon.Add(time.Hour), cases.StatusOpen),                            // not closed: out
		caseAt("H", "financial.refund", mon.Add(2*time.Hour), cases.StatusEscalated),                     // not closed: out
		caseAt("I", "", mon.Add(3*time.Hour), cases.StatusClosed),                                        // closed without a code
		// 23:30 UTC on Sunday 15 is 00:30 on Monday 16 in Madrid: this week.
		caseAt("J", "financial.refund", time.Date(2026, 11, 15, 23, 30, 0, 0, time.UTC), cases.StatusClosed),
	}
	tr := caseAt("K", "financial.refund", mon.Add(time.Hour), cases.StatusClosed)
	tr.Training = true
	// Escalated, and the agent closed the call with its code: it counts
	// (the status stays escalated only for the back office).
	ended := caseAt("L", "financial.refund", mon.Add(4*time.Hour), cases.StatusEscalated)
	ended.ClosedAt = ended.CreatedAt.Add(10 * time.Minute)
	list = append(list, tr, nil, ended)

	data, err := pdf.BuildReasonReport(list, "2026-W47", madrid)
	if err != nil {
		t.Fatal(err)
	}
	if data.Week != "2026-W47" || data.PrevWeek != "2026-W46" || !data.From.Equal(mon) || !data.PrevFrom.Equal(mon.AddDate(0, 0, -7)) {
		t.Errorf("weeks %+v", data)
	}
	if data.This != 5 || data.Prev != 2 {
		t.Errorf("totals %d/%d, want 5/2", data.This, data.Prev)
	}
	type row struct {
		code       string
		this, prev int
		ids        string
	}
	var got []row
	for _, r := range data.Rows {
		var ids []string
		for _, c := range r.Cases {
			ids = append(ids, c.ID)
		}
		got = append(got, row{r.Code, r.This, r.Prev, strings.Join(ids, ",")})
	}
	want := []row{
		{"billing.promo_expired", 2, 1, "A,B"},
		{"financial.refund", 2, 0, "J,L"},
		{"", 1, 0, "I"},
		{"technical.no_service", 0, 1, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("rows %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}

	// In UTC, J falls on the Sunday before.
	data, _ = pdf.BuildReasonReport(list, "2026-W47", nil)
	if data.This != 4 {
		t.Errorf("UTC: %d this week, want 4", data.This)
	}

	if _, err := pdf.BuildReasonReport(list, "2026-W99", madrid); err == nil {
		t.Error("2026-W99 accepted")
	}
}

func TestReasonReport(t *testing.T) {
	var list []*cases.Case
	for _, d := range demo(t) {
		list = append(list, d.Case)
	}
	data, err := pdf.BuildReasonReport(list, "2026-W47", madrid)
	if err != nil {
		t.Fatal(err)
	}
	if data.This == 0 || data.Prev == 0 {
		t.Fatalf("demo data should have closed cases in both weeks: %+v", data)
	}
	for _, lang := range locales.Langs {
		var buf bytes.Buffer
		if err := pdf.ReasonReport(&buf, data, opts(lang)); err != nil {
			t.Fatal(err)
		}
		got := text(t, buf.Bytes())
		absent(t, got, "!pdf.", "financial.plan_change")
		if lang == locales.ES {
			contains(t, got, "Reporte semanal de códigos de motivo", "Semana 2026-W47", "del 16/11/2026 al 22/11/2026",
				"Semana 2026-W46", "Código de motivo", "Variación", "Total", "Semana 2026-W47 y la anterior",
				"Casos de cada código, semana 2026-W47", "Página 1 de")
		} else {
			contains(t, got, "Weekly reason-code report", "Week 2026-W47", "11/16/2026 to 11/22/2026",
				"Reason code", "Change", "Total", "Cases behind each code, week 2026-W47", "Page 1 of")
		}
		// Each code of the week is listed with its counts on one table row,
		// and its cases are listed below.
		for _, r := range data.Rows {
			title := map[locales.Lang]map[string]string{
				locales.ES: {"financial.plan_change": "Cambio de plan", "technical.no_service": "Sin servicio", "financial.autorenewal": "Renovación automática no deseada", "billing.prorated_charge": "Cargo prorrateado", "financial.cancellation": "Solicitud de cancelación", "billing.promo_expired": "Promoción vencida"},
				locales.EN: {"financial.plan_change": "Plan change", "technical.no_service": "No service", "financial.autorenewal": "Unwanted auto-renewal", "billing.prorated_charge": "Prorated charge", "financial.cancellation": "Cancellation request", "billing.promo_expired": "Promotion expired"},
			}[lang][r.Code]
			if title == "" {
				t.Fatalf("test has no title for %q", r.Code)
			}
			re := regexp.MustCompile(regexp.QuoteMeta(title) + `\s+` + strconv.Itoa(r.This) + `\s+` + strconv.Itoa(r.Prev) + `\s`)
			if !re.MatchString(got) {
				t.Errorf("%s: no row %q %d %d in\n%s", lang, title, r.This, r.Prev, got)
			}
			for _, c := range r.Cases {
				contains(t, got, c.ID)
			}
		}
	}

	empty, _ := pdf.BuildReasonReport(nil, "2026-W47", madrid)
	var buf bytes.Buffer
	if err := pdf.ReasonReport(&buf, empty, opts(locales.EN)); err != nil {
		t.Fatal(err)
	}
	contains(t, text(t, buf.Bytes()), "No cases were closed in these two weeks.")
}

// TestDocsImages renders the pages shown in docs/ when AGENTDESK_PDF_DOCS
// names a folder: go test ./pdf/ -run DocsImages with it set.
func TestDocsImages(t *testing.T) {
	dir := os.Getenv("AGENTDESK_PDF_DOCS")
	if dir == "" {
		t.Skip("AGENTDESK_PDF_DOCS not set")
	}
	c, tl := richCase(t)
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ces, tles := spanishCase(t)
	write("case-es.pdf", summary(t, ces, tles, opts(locales.ES)))
	write("case-rich-es.pdf", summary(t, c, tl, opts(locales.ES)))
	write("case-en.pdf", summary(t, c, tl, opts(locales.EN)))
	data, _ := pdf.BuildReasonReport(busyWeeks(), "2026-W47", madrid)
	for _, lang := range locales.Langs {
		var buf bytes.Buffer
		if err := pdf.ReasonReport(&buf, data, opts(lang)); err != nil {
			t.Fatal(err)
		}
		write("reasons-"+string(lang)+".pdf", buf.Bytes())
	}
}

// A summary printed from the team's queue carries what the back office did:
// each move with who, when and the comment, each decision on an amount.
func TestCaseSummaryBackOfficeHistory(t *testing.T) {
	c, tl := richCase(t)
	at := c.Escalation.At.Add(2 * time.Hour)
	c.Escalation.Status, c.Escalation.Resolution = cases.EscResolved, "Refund of the duplicate charge issued"
	c.Escalation.History = []cases.EscalationChange{
		{At: at, By: "sup", From: cases.EscReceived, To: cases.EscInProgress, Comment: "Calling the bank, card 4111 1111 1111 1111"},
		{At: at.Add(time.Hour), By: "sup", From: cases.EscInProgress, To: cases.EscResolved, Resolution: "Refund of the duplicate charge issued"},
	}
	for i := range c.Actions {
		if c.Actions[i].Pending {
			c.Actions[i].Decision = &cases.Decision{Approved: true, By: "sup", At: at.Add(30 * time.Minute), Comment: "Duplicate confirmed"}
		}
	}
	got := text(t, summary(t, c, tl, opts(locales.EN)))
	// pdftotext -layout wraps the table's cells: the assertions keep to
	// what fits on one line of a cell.
	contains(t, got, "Specialist team: moves and decisions", "Received, awaiting review → In", "Calling the bank",
		"In progress → Resolved", "Resolution:", "Approved: ", "Duplicate confirmed", "Approved by sup")
	absent(t, got, secrets...)
}

// A card number split by tabs or lone carriage returns (a paste from
// another program) is masked like any other: the page would print the
// tab as a space and drop the carriage return.
func TestCaseSummaryMasksCardsSplitByControlCharacters(t *testing.T) {
	c, tl := richCase(t)
	c.Notes = "card 4111\t1111\t1111\t1111 then 5500\r0000\r0000\r0004 end"
	got := text(t, summary(t, c, tl, opts(locales.EN)))
	for _, s := range []string{"4111 1111 1111 1111", "4111111111111111", "5500000000000004", "5500 0000"} {
		if strings.Contains(got, s) {
			t.Errorf("the page shows %q", s)
		}
	}
	contains(t, got, "•••• 1111", "•••• 0004")
	// Nor by characters that print as nothing, which the page drops and
	// so would join the groups into one number.
	for _, sep := range []string{"\x00", "\x1b", "\x7f", "\u0085", "\u200b", "\u2060", "\ufeff", "\u00ad"} {
		c.Notes = "card " + strings.Join([]string{"4111", "1111", "1111", "1111"}, sep) + " end"
		got := text(t, summary(t, c, tl, opts(locales.EN)))
		if strings.Contains(strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, got), "4111111111111111") {
			t.Errorf("split by %q, the page shows the card number", sep)
		}
	}
}

// What the playbook does not name is printed from its ID, its first
// letter capitalised whole ("énfasis" is "Énfasis", not a broken byte),
// and an ID that is not valid text never reaches the document's metadata.
func TestCaseSummaryPrintsUnknownIDsAndOddText(t *testing.T) {
	c, tl := richCase(t)
	c.CallType, c.Reason = "énfasis_nuevo", "billing.ámbito_x"
	c.ID = "C-\xff\xfe"
	got := text(t, summary(t, c, tl, opts(locales.ES)))
	contains(t, got, "Énfasis nuevo", "Ámbito x")
	if strings.Contains(got, "\uFFFD\uFFFDnfasis") {
		t.Error("a letter cut in half")
	}
}

// A calculation used on a call in Spanish prints its figures in the
// document's language: a supervisor reading in English sees "$12,345.67",
// not "12.345,67 US$", which reads as twelve dollars. The summary stays as
// the agent said it. A case stored before figures were typed still prints
// its figures as they were written.
func TestCaseSummaryWritesFiguresInItsLanguage(t *testing.T) {
	c, tl := spanishCase(t)
	c.CallLang = locales.ES
	usd := func(minor int64) calculators.Money { return calculators.Money{Minor: minor, Currency: "USD"} }
	fig := func(key string, v any, kind string) calculators.Figure {
		return calculators.Keep(calculators.Line{Key: key, Value: v, Kind: kind})
	}
	change := fig("calc.class.plan_change", usd(1500), calculators.KindChange)
	change.Name = "Fibra 600"
	c.Calcs = []cases.Calculation{
		// Written both ways, as a desk does for the previous release:
		// the typed figures are printed, the written ones not again.
		{Calculator: "proration", Summary: "Se le cobrará un cargo neto.", At: c.CreatedAt.Add(time.Minute),
			Figures: map[string]string{"calc.line.net_charge": "12.345,67 US$"}, Lines: []calculators.Figure{
				fig("calc.line.net_charge", usd(1234567), calculators.KindMoney),
				fig("calc.line.new_days", 15, calculators.KindDays),
				change,
			}},
		{Calculator: "roi", Summary: "Antes", At: c.CreatedAt.Add(2 * time.Minute), Figures: map[string]string{"calc.line.net_benefit": "1.000,00 US$"}},
	}
	en := text(t, summary(t, c, tl, opts(locales.EN)))
	contains(t, en, "Se le cobrará un cargo neto.", "Net charge on the next bill: $12,345.67", "Days on the new plan: 15 days",
		"Fibra 600 +$15.00", "1.000,00 US$")
	absent(t, en, "12.345,67")
	es := text(t, summary(t, c, tl, opts(locales.ES)))
	contains(t, es, "12.345,67 US$", "15 días", "Fibra 600 +15,00 US$")
	absent(t, es, "$12,345.67")
}

// A customer-since date is a day on the calendar (crmd's import and the
// start form read "2020-09-23" as midnight UTC): a desk west of Greenwich
// prints the day the call screen shows, not the day before.
func TestCaseSummaryPrintsSinceAsACalendarDay(t *testing.T) {
	c, tl := spanishCase(t)
	c.Customer.Since, _ = time.Parse(time.DateOnly, "2020-09-23")
	mx := time.FixedZone("CST", -6*3600) // Mexico City
	opt := opts(locales.ES)
	opt.TZ = mx
	got := text(t, summary(t, c, tl, opt))
	contains(t, got, "23/09/2020")
	absent(t, got, "22/09/2020")
}

// The expected response is what was promised on the call: escalated as
// high (24 hours), it still reads 24 hours after a published playbook
// made high 48, beside the date promised then.
func TestCaseSummaryExpectedHoursAreThoseOfTheCall(t *testing.T) {
	c, tl := richCase(t)
	// A copy: the default pack is loaded once for every test of the
	// run and is read-only.
	pb := *defaultPlaybook(t)
	pb.Priorities = slices.Clone(pb.Priorities)
	e := c.Escalation
	e.Priority, e.ExpectedBy = "high", e.At.Add(24*time.Hour)
	pb.Priority("high").ResponseHours = 48
	if defaultPlaybook(t).Priority("high").ResponseHours == 48 {
		t.Fatal("the shared default pack was changed")
	}
	opt := opts(locales.EN)
	opt.Playbook = &pb
	got := text(t, summary(t, c, tl, opt))
	contains(t, got, "Within 24 hours")
	absent(t, got, "Within 48 hours")
}

// The authority is per case: a credit that fits the agent's limit alone
// but not beside one already granted needs a supervisor, and the
// adjustments table says so on its row.
func TestCaseSummaryNeedsTheRoleForTheCaseTotal(t *testing.T) {
	pb := defaultPlaybook(t)
	c, tl := spanishCase(t)
	limit := pb.AuthorityMinor(string(cases.RoleAgent))
	if g := c.GrantedAmount(); g <= 0 || g >= limit {
		t.Fatalf("the demo case was granted %d", g)
	}
	// What AddAction records (and crmd keeps) for the second credit.
	c.Actions = append(c.Actions, cases.Action{ID: "credit", Amount: limit - 1, Reason: "segunda falla", At: now,
		Role: cases.RoleAgent, Limit: limit, Pending: true})
	got := text(t, summary(t, c, tl, opts(locales.ES)))
	var rows []string
	for _, l := range strings.Split(got, "\n") {
		if strings.Contains(l, "Crédito en la cuenta") && strings.Contains(l, "US$") && strings.Contains(l, "hasta") {
			rows = append(rows, strings.Join(strings.Fields(l), " "))
		}
	}
	if len(rows) != 2 || !strings.Contains(rows[0], "Agente") || !strings.Contains(rows[1], "Supervisor") || strings.Contains(rows[1], "hasta 50,00 US$ Agente") {
		t.Errorf("the adjustments rows: %q", rows)
	}
}

// The supervisor signs to approve what still waits on a decision: once
// the only amount above authority was denied, the statement says nothing
// of approving pending adjustments.
func TestCaseSummarySignatureAfterADenial(t *testing.T) {
	c, tl := richCase(t)
	at := c.Escalation.At.Add(2 * time.Hour)
	denied := false
	for i := range c.Actions {
		if c.Actions[i].Pending {
			c.Actions[i].Decision = &cases.Decision{Approved: false, By: "sup", At: at, Comment: "Not a duplicate"}
			denied = true
		}
	}
	if !denied {
		t.Fatal("the rich case has no amount above authority")
	}
	tr := locales.New(locales.EN)
	got := strings.Join(strings.Fields(text(t, summary(t, c, tl, opts(locales.EN)))), " ")
	pending := strings.Join(strings.Fields(tr.S("pdf.sign.statement_pending")), " ")
	if strings.Contains(got, pending) || !strings.Contains(got, strings.Join(strings.Fields(tr.S("pdf.sign.statement")), " ")) {
		t.Errorf("the supervisor signs to approve a denied adjustment:\n%s", got)
	}
}

// A case worked again on another day (reopened, or a call that ran past
// midnight) prints that day beside the time: "10:15" alone reads as the
// day the case was opened, the date the header shows.
func TestCaseSummaryDatesWhatHappenedOnAnotherDay(t *testing.T) {
	c, tl := spanishCase(t)
	opened := c.CreatedAt.In(madrid)
	later := time.Date(opened.Year(), opened.Month(), opened.Day()+6, 10, 15, 0, 0, madrid)
	c.Actions = append(c.Actions, cases.Action{ID: "billing.adjustment", Reason: "Ajuste al reabrir", At: later})
	c.Checks = append(c.Checks, cases.Check{ID: "plan_change.eligibility", At: later})
	for _, l := range []locales.Lang{locales.ES, locales.EN} {
		got := text(t, summary(t, c, tl, opts(l)))
		day := locales.FormatDate(l, later)
		if later.Format(time.DateOnly) == now.Format(time.DateOnly) {
			t.Fatal("the later day is the day the PDF is generated")
		}
		if n := strings.Count(got, day); n < 2 {
			t.Errorf("%s: the day %s of the check and the action is printed %d times in\n%s", l, day, n, got)
		}
		// What happened on the day it was opened keeps the time alone.
		if first := c.Steps[0].At; !first.IsZero() {
			contains(t, got, locales.FormatTime(l, first.In(madrid)))
		}
	}
}

// An amount in the thousands stays on one line in every table, in both
// languages and on both papers, and a larger one breaks before its
// currency: "1.234,56 U" over "S$" is not an amount anyone can sign for.
func TestCaseSummaryAmountsStayWhole(t *testing.T) {
	split := regexp.MustCompile(`\d U\s`)
	for _, amount := range []int64{123456, 1234567} {
		c, tl := richCase(t)
		c.Actions = append(c.Actions, cases.Action{ID: "billing.adjustment", Amount: amount, Reason: "Reembolso", At: c.CreatedAt.Add(9 * time.Minute), Pending: true})
		c.Escalation.Dispute = amount
		for _, l := range []locales.Lang{locales.ES, locales.EN} {
			for _, paper := range []string{"A4", "Letter"} {
				opt := opts(l)
				opt.Paper = paper
				opt.Currency = "USD"
				got := text(t, summary(t, c, tl, opt))
				want := map[int64]string{123456: "1.234,56 US$", 1234567: "12.345,67"}[amount]
				if l == locales.EN {
					want = map[int64]string{123456: "$1,234.56", 1234567: "$12,345.67"}[amount]
				}
				// Three times: the actions and the adjustments tables, and
				// the amount in dispute.
				if n := strings.Count(got, want); n < 3 {
					t.Errorf("%s %s: %q whole %d times, want 3 in\n%s", l, paper, want, n, got)
				}
				if split.MatchString(got) {
					t.Errorf("%s %s: a currency cut in two: %q", l, paper, split.FindAllString(got, -1))
				}
			}
		}
	}
}

// The cases behind each code are listed with their IDs whole, as
// cases.NewID makes them, on both papers and in both languages: an ID
// cut over two lines is copied or read out wrong.
func TestReasonReportPrintsCaseIDsWhole(t *testing.T) {
	var list []*cases.Case
	for _, at := range []time.Time{now.AddDate(0, 0, -6), now.AddDate(0, 0, -3)} {
		list = append(list, &cases.Case{ID: cases.NewID(at), Status: cases.StatusClosed, CallType: "bill_increase",
			Reason: "billing.promo_expired", CreatedAt: at, ClosedAt: at.Add(10 * time.Minute),
			Customer: cases.Customer{Name: "Lucía Fernández Ortiz"}})
	}
	list[1].ID = "C-20261120-WWWWWWWWWW" // the widest letters
	data, err := pdf.BuildReasonReport(list, "2026-W47", madrid)
	if err != nil || data.This != 2 {
		t.Fatalf("%d cases, %v", data.This, err)
	}
	for _, lang := range locales.Langs {
		for _, paper := range []string{"A4", "Letter"} {
			opt := opts(lang)
			opt.Paper = paper
			var buf bytes.Buffer
			if err := pdf.ReasonReport(&buf, data, opt); err != nil {
				t.Fatal(err)
			}
			got := text(t, buf.Bytes())
			for _, c := range list {
				if !strings.Contains(got, c.ID) {
					t.Errorf("%s %s: the ID %s is not whole in\n%s", lang, paper, c.ID, got)
				}
				// Its time of opening stays on the line too.
				if when := locales.FormatDateTime(lang, c.CreatedAt.In(madrid)); !strings.Contains(got, when) {
					t.Errorf("%s %s: %q is not on one line in\n%s", lang, paper, when, got)
				}
			}
		}
	}
}

// The fields a summary or a report prints with no redaction upstream (a
// case that did not pass through cases.Sanitize: imported, edited by hand,
// or the agent and accounts Sanitize leaves alone) are redacted at print
// time like the notes: the agent, the customer's name and plan, who moved
// the escalation and who decided on an amount, an unknown priority, and
// the customer of the reason report's case list.
func TestPrintedFieldsAreRedacted(t *testing.T) {
	// One card per field, so a failure names the field.
	cards := map[string]string{
		"agent":    "4111111111111111",
		"name":     "5555555555554444",
		"plan":     "378282246310005",
		"moved by": "6011111111111117",
		"decided":  "4000056655665556",
		"priority": "5500000000000004",
	}
	digitsOnly := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
	}
	c, tl := richCase(t)
	c.Agent = "agente " + cards["agent"]
	c.Customer.Name = "Cliente " + cards["name"]
	c.Customer.Plan = "Plan " + cards["plan"]
	c.Escalation.Priority = "urgente " + cards["priority"]
	at := c.Escalation.At.Add(2 * time.Hour)
	c.Escalation.History = []cases.EscalationChange{
		{At: at, By: "sup " + cards["moved by"], From: cases.EscReceived, To: cases.EscInProgress},
	}
	decided := false
	for i := range c.Actions {
		if c.Actions[i].Pending {
			c.Actions[i].Decision = &cases.Decision{Approved: true, By: "sup " + cards["decided"], At: at.Add(time.Hour)}
			decided = true
		}
	}
	if !decided {
		t.Fatal("the case has no pending action to decide on")
	}
	for _, lang := range locales.Langs {
		got := text(t, summary(t, c, tl, opts(lang)))
		for field, card := range cards {
			if strings.Contains(digitsOnly(got), card) {
				t.Errorf("%s: the summary prints the %s's card number %s", lang, field, card)
			}
		}
		contains(t, got, "•••• 1111", "•••• 4444", "•••• 0005")
	}

	list := []*cases.Case{{ID: cases.NewID(now.AddDate(0, 0, -3)), Status: cases.StatusClosed, CallType: "bill_increase",
		Reason: "billing.promo_expired", CreatedAt: now.AddDate(0, 0, -3), ClosedAt: now.AddDate(0, 0, -3).Add(10 * time.Minute),
		Customer: cases.Customer{Name: "Cliente " + cards["name"]}}}
	data, err := pdf.BuildReasonReport(list, "2026-W47", madrid)
	if err != nil || data.This != 1 {
		t.Fatalf("%d cases, %v", data.This, err)
	}
	var buf bytes.Buffer
	if err := pdf.ReasonReport(&buf, data, opts(locales.ES)); err != nil {
		t.Fatal(err)
	}
	if got := text(t, buf.Bytes()); strings.Contains(digitsOnly(got), cards["name"]) {
		t.Errorf("the reason report prints the customer's card number:\n%s", got)
	}
}

// IDs that differ only in the characters a file name cannot hold, or only
// in letter case (one file on Windows and macOS), still get a file each:
// none replaces another's.
func TestWriteCaseFilesNamesEachCaseApart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	d := demo(t)[0]
	var items []pdf.CaseWithTimeline
	for _, id := range []string{"C/1", "C_1", "c_1", "C:1"} {
		c := *d.Case
		c.ID = id
		items = append(items, pdf.CaseWithTimeline{Case: &c, Timeline: d.Events})
	}
	paths, err := pdf.WriteCaseFiles(dir, items, opts(locales.EN), nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range paths {
		name := strings.ToLower(filepath.Base(p))
		if seen[name] {
			t.Errorf("%s named twice: %v", name, paths)
		}
		seen[name] = true
	}
	if entries, _ := os.ReadDir(dir); len(paths) != 4 || len(entries) != 4 {
		t.Errorf("%d paths, %d files, want 4: %v", len(paths), len(entries), paths)
	}
}

// A case made while the desk was offline reaches crmd hours later, and
// crmd stamps its creation with its own clock. The supervisor's summary
// of it printed that receipt as the call's opening, before the steps it
// lists, and no duration ("—", the close coming before the receipt): the
// call is dated by the desk's record of when it began, as its close and
// its steps are.
func TestCaseSummaryOfACaseMadeOffline(t *testing.T) {
	c, tl := spanishCase(t)
	began := c.CreatedAt
	c.OpenedAt = began
	c.CreatedAt = began.Add(3 * time.Hour) // crmd's receipt
	c.Status, c.ClosedAt = cases.StatusClosed, began.Add(20*time.Minute)
	for _, l := range []locales.Lang{locales.ES, locales.EN} {
		got := text(t, summary(t, c, tl, opts(l)))
		contains(t, got, locales.FormatDateTimeZone(l, began.In(madrid)),
			locales.New(l).N("pdf.duration.minutes", 20, nil))
		if strings.Contains(got, locales.FormatDateTimeZone(l, c.CreatedAt.In(madrid))) {
			t.Errorf("%s: the summary dates the call by crmd's receipt:\n%s", l, got)
		}
	}
}
