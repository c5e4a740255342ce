package pdf_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
	"agentdesk/pdf"
	"agentdesk/training"
)

const trainee = "Nuria Peña Ibáñez"

func trainingContent(t testing.TB) *training.Content {
	t.Helper()
	c, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rubric is the current rubric's version: records graded with another
// one do not count towards a track.
var rubric = func() string {
	c, err := training.LoadDefault()
	if err != nil {
		panic(err)
	}
	return c.CurrentRubric().Version
}()

// attempt builds a graded record by hand: the grader has its own tests,
// and a document test needs scores it can look for.
func attempt(n int, scenario string, mode training.Mode, total float64, at time.Time, blockers ...string) training.Record {
	rep := training.Report{Scenario: scenario, Mode: mode, Trainee: trainee, RubricVersion: rubric, Total: total,
		PassMark: 80, Complete: true, Criteria: []training.CriterionScore{}, Blockers: []training.Blocker{}}
	rep.Passed = total >= 80 && len(blockers) == 0
	for i, id := range training.Criteria {
		// Weak on exploration and on time early on, better later.
		s := 1.0
		switch {
		case id == "exploration" && total < 90:
			s = 0.5
		case id == "time" && total < 85:
			s = 0.6
		case id == "figures" && i%2 == n%2 && total < 80:
			s = 0.4
		}
		rep.Criteria = append(rep.Criteria, training.CriterionScore{ID: id, Weight: 10, Applicable: true, Score: s, Points: 10 * s})
	}
	for _, b := range blockers {
		rep.Blockers = append(rep.Blockers, training.Blocker{ID: b})
	}
	a := training.Attempt{ID: fmt.Sprintf("A-%03d", n), Scenario: scenario, Mode: mode, Trainee: trainee,
		RubricVersion: rubric, Started: at, Finished: at.Add(9 * time.Minute)}
	return training.Record{Attempt: a, Report: rep}
}

// trainingRecords is three weeks of a trainee working through the billing
// track: practice first, a test with a blocker, then five test calls on
// different scenarios of which four reach the track's 85 (its 4-of-5
// rule).
func trainingRecords() []training.Record {
	day := time.Date(2026, 11, 2, 9, 15, 0, 0, madrid)
	plan := []struct {
		scenario string
		mode     training.Mode
		total    float64
		blocker  string
	}{
		{"bill_payment", training.Practice, 62.5, ""},
		{"bill_payment", training.Practice, 74, ""},
		{"promo_expired", training.Practice, 58.3, ""},
		{"promo_expired", training.Test, 66, "auth_skipped"},
		{"promo_expired", training.Practice, 81.2, ""},
		{"bill_payment", training.Test, 88.5, ""},
		{"balance_past_due", training.Practice, 71.4, ""},
		{"promo_expired", training.Test, 92.5, ""},
		{"balance_past_due", training.Test, 84, ""},
		{"ppv_dispute", training.Practice, 77.7, ""},
		{"cash_payment_pending", training.Test, 95.1, ""},
		{"mailed_check", training.Test, 90, ""},
	}
	var out []training.Record
	for i, p := range plan {
		var bl []string
		if p.blocker != "" {
			bl = append(bl, p.blocker)
		}
		out = append(out, attempt(i+1, p.scenario, p.mode, p.total, day.AddDate(0, 0, 2*i).Add(time.Duration(i*17)*time.Minute), bl...))
	}
	return out
}

func certified(t testing.TB) (training.Certificate, []training.Record) {
	t.Helper()
	recs := trainingRecords()
	cert, missing, err := trainingContent(t).Certify("billing_1", trainee, recs, now)
	if err != nil || cert == nil {
		t.Fatalf("not certified: %v %v", missing, err)
	}
	return *cert, recs
}

func certificatePDF(t testing.TB, cert training.Certificate, opt pdf.Options, recs []training.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Certificate(&buf, cert, trainingContent(t), opt, recs...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func progressPDF(t testing.TB, recs []training.Record, certs []training.Certificate, opt pdf.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.TraineeProgress(&buf, trainee, recs, certs, trainingContent(t), opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTrainingCertificateSpanish(t *testing.T) {
	cert, recs := certified(t)
	doc := certificatePDF(t, cert, opts(locales.ES), recs)
	if n := pages(t, doc); n != 1 {
		t.Errorf("%d pages, want one to frame", n)
	}
	if s := pageSize(t, doc); !strings.HasPrefix(s, "841.89 x 595.2") {
		t.Errorf("page size %s, want A4 landscape", s)
	}
	got := text(t, doc)
	contains(t, got,
		"Telecomunicaciones Ibéricas S.A.", "Certificado de capacitación", "Se certifica que", trainee,
		"completó con éxito la ruta de capacitación", "Facturación, nivel 1",
		"4 de 5 llamadas de escenarios distintos", "Pago de factura", "Aumento por promoción vencida", "Cheque enviado por correo",
		"Fecha de obtención", "23 de noviembre de 2026", "Versión de la rúbrica", rubric, "85 de 100",
		"Firma del supervisor", "Nombre y cargo", "Fecha",
		"A-006", "A-008", "Generado el 23/11/2026 11:30 CET",
	)
	// The scores of the counting tests, with a decimal comma.
	contains(t, got, "88,5", "92,5", "84,0", "95,1", "90,0")
	absent(t, got, "!pdf.", "!training.", "92.5", "billing_1", "promo_expired", "Página", "Puntuación")
	// The blocked test and the practice runs are not what it rests on.
	absent(t, got, "66,0", "A-004", "77,7")
}

func TestTrainingCertificateEnglishLetter(t *testing.T) {
	cert, recs := certified(t)
	opt := opts(locales.EN)
	opt.Paper = "Letter"
	doc := certificatePDF(t, cert, opt, recs)
	if again := certificatePDF(t, cert, opt, recs); !bytes.Equal(doc, again) {
		t.Error("two runs with the same options differ")
	}
	if s := pageSize(t, doc); s != "792 x 612" {
		t.Errorf("page size %s, want Letter landscape", s)
	}
	got := text(t, doc)
	contains(t, got, "Training certificate", "This is to certify that", trainee, "Billing, level 1",
		"4 of 5 test calls on different scenarios", "Bill payment", "Date earned", "November 23, 2026", "85 out of 100",
		"Supervisor's signature", "88.5", "92.5", "84.0", "95.1")
	absent(t, got, "!pdf.", "Certificado", "92,5")
}

// A certificate explains itself: printed without the records it still
// names the calls it rests on, with their scores; an old certificate that
// recorded only attempt IDs prints a dash for what it cannot know, never
// a zero.
func TestTrainingCertificateWithoutRecords(t *testing.T) {
	cert, _ := certified(t)
	opt := opts(locales.ES)
	opt.Company = ""
	got := text(t, certificatePDF(t, cert, opt, nil))
	contains(t, got, trainee, "Pago de factura", "92,5")
	absent(t, got, "Telecomunicaciones")
	old := cert
	old.Calls, old.Rule = nil, nil
	got = text(t, certificatePDF(t, old, opt, nil))
	contains(t, got, trainee, "Pago de factura", "—")
	absent(t, got, "0,0")

	// A track the content no longer has still prints, from the attempts.
	cert.Track = "retired_track"
	_, recs := certified(t)
	got = text(t, certificatePDF(t, cert, opts(locales.EN), recs))
	contains(t, got, "Retired track", "Bill payment", "92.5")

	if err := pdf.Certificate(&bytes.Buffer{}, training.Certificate{Track: "billing_1"}, nil, opts(locales.ES)); err == nil {
		t.Error("a certificate without a trainee was written")
	}
}

// A track longer than the page has room for takes two columns, and what
// still does not fit is counted, not drawn over the signatures.
func TestTrainingCertificateManyScenarios(t *testing.T) {
	for _, n := range []int{14, 40} {
		cert := training.Certificate{Trainee: trainee, Track: "retired_track", Date: now, RubricVersion: "2026.1"}
		var recs []training.Record
		for i := range n {
			r := attempt(i+1, fmt.Sprintf("scenario_%02d", i+1), training.Test, 80+float64(i%20), now.AddDate(0, 0, -n+i))
			recs = append(recs, r)
			cert.Attempts = append(cert.Attempts, r.Attempt.ID)
		}
		doc := certificatePDF(t, cert, opts(locales.ES), recs)
		if p := pages(t, doc); p != 1 {
			t.Errorf("%d scenarios: %d pages", n, p)
		}
		got := text(t, doc)
		contains(t, got, "Scenario 01", "Firma del supervisor")
		if n == 14 {
			contains(t, got, "Scenario 14")
		} else {
			contains(t, got, "escenarios más")
			absent(t, got, "Scenario 40")
		}
		if os.Getenv("AGENTDESK_PDF_DOCS") != "" {
			os.WriteFile(filepath.Join(os.Getenv("AGENTDESK_PDF_DOCS"), fmt.Sprintf("certificate-many-%d.pdf", n)), doc, 0o644)
		}
	}
}

// A long name shrinks to fit rather than running into the border.
func TestTrainingCertificateLongName(t *testing.T) {
	cert, recs := certified(t)
	cert.Trainee = "María de los Ángeles Fernández-Villaverde y Sánchez de la Concepción"
	doc := certificatePDF(t, cert, opts(locales.ES), recs)
	got := text(t, doc)
	contains(t, got, "María de los Ángeles Fernández-Villaverde y Sánchez de la Concepción")
	if n := pages(t, doc); n != 1 {
		t.Errorf("%d pages", n)
	}
}

func TestTrainingProgressSpanish(t *testing.T) {
	cert, recs := certified(t)
	doc := progressPDF(t, recs, []training.Certificate{cert}, opts(locales.ES))
	got := text(t, doc)
	contains(t, got,
		"Telecomunicaciones Ibéricas S.A.", "Reporte de progreso del aprendiz", "Aprendiz: "+trainee,
		"intentos del 02/11/2026 al 24/11/2026",
		"Intentos", "Intentos de prueba", "Intentos aprobados", "6 de 12", "Certificados",
		"Calificación promedio", "Mejor calificación", "95,1",
		// The chart's legend and axes.
		"Calificación de cada intento", "Prueba", "Práctica", "Calificación mínima (80)", "Bloqueo de cumplimiento",
		"Intentos, en el orden en que se hicieron", "Calificación (0–100)",
		"Criterios con más fallos", "Exploración", "en 9 de 12 intentos", "Tiempo de atención",
		"Qué practicar a continuación", "Practique a continuación:",
		"Rutas y certificados", "Facturación, nivel 1", "4 de 4", "Con certificado del 23/11/2026", "Facturación, nivel 2", "En curso",
		"Historial de intentos", "Aumento por promoción vencida", "Autenticación",
		"62,5", "92,5", "Página 1 de", "Generado el 23/11/2026 11:30 CET",
	)
	// The glossary's word for a score, as the training screen says it.
	absent(t, got, "!pdf.", "!training.", "auth_skipped", "promo_expired", "exploration", "Puntuación", "puntuación")
}

func TestTrainingProgressEnglish(t *testing.T) {
	cert, recs := certified(t)
	doc := progressPDF(t, recs, []training.Certificate{cert}, opts(locales.EN))
	if again := progressPDF(t, recs, []training.Certificate{cert}, opts(locales.EN)); !bytes.Equal(doc, again) {
		t.Error("two runs with the same options differ")
	}
	got := text(t, doc)
	contains(t, got, "Trainee progress report", "Trainee: "+trainee, "attempts from 11/02/2026 to 11/24/2026",
		"Test attempts", "6 of 12", "Score of each attempt", "Test", "Practice", "Passing score (80)",
		"Compliance blocker", "Criteria missed most", "Exploration", "What to practice next", "Practice next:",
		"Certified on 11/23/2026", "Attempt history", "Bill payment over the phone", "11/08/2026 10:06 AM", "Authentication",
		"62.5", "92.5", "Page 1 of")
	absent(t, got, "!pdf.", "Página", "62,5")
}

// The chart is drawn, not only labelled: page 1 rendered has bars in both
// colours, and a trainee without attempts has none.
func TestTrainingProgressChart(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm (poppler-utils) is not installed")
	}
	_, recs := certified(t)
	// Antialiased edges of rules and headings come close to the bar
	// colours, so the counts are compared with a page without bars.
	doc := progressPDF(t, nil, nil, opts(locales.ES))
	test0, practice0 := barPixels(t, doc)
	test, practice := barPixels(t, progressPDF(t, recs, nil, opts(locales.ES)))
	if test < test0+1000 || practice < practice0+1000 {
		t.Errorf("bars: %d test pixels (%d without attempts), %d practice pixels (%d)", test, test0, practice, practice0)
	}
	contains(t, text(t, doc), "Aún no hay intentos registrados.", "Página 1 de 1")
}

// barPixels counts the pixels of page 1 in the colours of test and of
// practice bars.
func barPixels(t *testing.T, doc []byte) (test, practice int) {
	t.Helper()
	img := renderPage1(t, doc, "50")
	near := func(c [3]uint32, r, g, b uint32) bool {
		d := func(x, y uint32) uint32 {
			if x > y {
				return x - y
			}
			return y - x
		}
		return d(c[0], r)+d(c[1], g)+d(c[2], b) < 24
	}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			c := [3]uint32{r >> 8, g >> 8, b >> 8}
			switch {
			case near(c, 26, 61, 107):
				test++
			case near(c, 157, 178, 206):
				practice++
			}
		}
	}
	return test, practice
}

// A long history breaks onto further pages, each numbered, with the table
// header repeated; the chart keeps to the last attempts.
func TestTrainingProgressLongHistory(t *testing.T) {
	var recs []training.Record
	day := time.Date(2026, 9, 1, 9, 0, 0, 0, madrid)
	for i := range 90 {
		mode := training.Practice
		if i%3 == 2 {
			mode = training.Test
		}
		recs = append(recs, attempt(i+1, "promo_expired", mode, 50+float64(i%50), day.Add(time.Duration(i)*7*time.Hour)))
	}
	doc := progressPDF(t, recs, nil, opts(locales.ES))
	n := pages(t, doc)
	if n < 3 {
		t.Fatalf("%d pages for 90 attempts", n)
	}
	got := text(t, doc)
	contains(t, got, "Se muestran los últimos 60 de 90 intentos", fmt.Sprintf("Página %d de %d", n, n))
	if c := strings.Count(got, "Bloqueos"); c < 2 {
		t.Errorf("history header printed %d times; it should repeat after a break", c)
	}
	if err := pdf.TraineeProgress(&bytes.Buffer{}, " ", recs, nil, nil, opts(locales.ES)); err == nil {
		t.Error("a report without a trainee was written")
	}
}

// TestTrainingDocsImages writes the training documents shown in docs/ when
// AGENTDESK_PDF_DOCS names a folder.
func TestTrainingDocsImages(t *testing.T) {
	dir := os.Getenv("AGENTDESK_PDF_DOCS")
	if dir == "" {
		t.Skip("AGENTDESK_PDF_DOCS not set")
	}
	cert, recs := certified(t)
	for _, lang := range locales.Langs {
		write := func(name string, b []byte) {
			if err := os.WriteFile(filepath.Join(dir, name+"-"+string(lang)+".pdf"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write("certificate", certificatePDF(t, cert, opts(lang), recs))
		write("progress", progressPDF(t, recs, []training.Certificate{cert}, opts(lang)))
	}
}

// The certificate's reference (the attempts it rests on, and when it was
// generated) prints whole, with real training-database IDs, in both
// languages and papers: it is what traces a paper certificate back.
func TestCertificateReferencePrintsWhole(t *testing.T) {
	cert, recs := certified(t)
	for i := range cert.Attempts {
		cert.Attempts[i] = fmt.Sprintf("A-202611%02d-G8WSMFHDD%d", 10+i, i)
	}
	for _, tc := range []struct {
		lang        locales.Lang
		paper, want string
	}{
		{locales.ES, "A4", "Generado el 23/11/2026 11:30 CET"},
		{locales.EN, "Letter", "Generated 11/23/2026 11:30 AM CET"},
	} {
		o := opts(tc.lang)
		o.Paper = tc.paper
		doc := certificatePDF(t, cert, o, recs)
		got := strings.Join(strings.Fields(text(t, doc)), " ")
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s %s: no %q in\n%s", tc.lang, tc.paper, tc.want, got)
		}
		for _, id := range cert.Attempts {
			if !strings.Contains(got, id) {
				t.Errorf("%s %s: attempt %s missing", tc.lang, tc.paper, id)
			}
		}
		if n := pages(t, doc); n != 1 {
			t.Errorf("%s %s: %d pages", tc.lang, tc.paper, n)
		}
	}
}

// With more attempts than three lines hold, the reference names as many
// as fit and counts the rest; no ID is cut.
func TestCertificateReferenceWithManyAttempts(t *testing.T) {
	cert, recs := certified(t)
	cert.Attempts = nil
	for i := range 40 {
		cert.Attempts = append(cert.Attempts, fmt.Sprintf("A-202611%02d-G8WSMFHD%02d", 1+i%28, i))
	}
	got := strings.Join(strings.Fields(text(t, certificatePDF(t, cert, opts(locales.ES), recs))), " ")
	listed := 0
	for _, id := range cert.Attempts {
		if strings.Contains(got, id) {
			listed++
		}
	}
	more := fmt.Sprintf("y %d más", len(cert.Attempts)-listed)
	if listed == 0 || listed == len(cert.Attempts) || !strings.Contains(got, more) || !strings.Contains(got, "Generado el") {
		t.Errorf("%d listed, %q said: %s", listed, more, got)
	}
}

// A track whose passes reach what the rule asks for is not complete while
// a counted call failed compliance or too few test calls count: the
// progress report said "4 of 4 — In progress" for both, as the training
// screen did, and now says what still stops certification.
func TestTrainingProgressSaysWhatStopsCertification(t *testing.T) {
	recs := trainingRecords()
	last := recs[len(recs)-1].Attempt.Finished
	// The one counted call short of the pass mark is taken again, with a
	// score past it, and fails compliance: four passes, and a blocker.
	blocked := append(append([]training.Record(nil), recs...), attempt(13, "balance_past_due", training.Test, 96, last.Add(time.Hour), "auth_skipped"))
	// Four passing test calls of the five the rule counts.
	var short []training.Record
	for _, r := range recs {
		if r.Attempt.Scenario != "balance_past_due" || r.Attempt.Mode != training.Test {
			short = append(short, r)
		}
	}
	content := trainingContent(t)
	for _, tc := range []struct {
		name string
		recs []training.Record
		want map[locales.Lang]string
	}{
		{"blocked", blocked, map[locales.Lang]string{locales.EN: "failed compliance", locales.ES: "falló en cumplimiento"}},
		{"short of calls", short, map[locales.Lang]string{locales.EN: "1 more test call needed, on another scenario", locales.ES: "falta 1 llamada de prueba más, de otro escenario"}},
	} {
		tp := content.Progress(trainee, tc.recs, nil).Tracks[0]
		if tp.Track != "billing_1" || tp.Passed < tp.Needed || tp.Certified {
			t.Fatalf("%s: the fixture's billing_1 is %+v", tc.name, tp)
		}
		for l, want := range tc.want {
			// The state wraps inside its column.
			got := strings.Join(strings.Fields(text(t, progressPDF(t, tc.recs, nil, opts(l)))), " ")
			if !strings.Contains(got, want) {
				t.Errorf("%s, %s: the report does not say %q:\n%s", tc.name, l, want, got)
			}
		}
	}
}

// A blocker on a score near 100 has no room above its figure: the cross
// was drawn over "96,0". It goes into the bar's top, below the figure.
func TestTrainingProgressChartBlockerClearsTheScore(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm (poppler-utils) is not installed")
	}
	recs := trainingRecords()
	last := recs[len(recs)-1].Attempt.Finished
	recs = append(recs, attempt(13, "balance_past_due", training.Test, 96, last.Add(time.Hour), "auth_skipped"))
	img := renderPage1(t, progressPDF(t, recs, nil, opts(locales.ES)), "100")
	near := func(x, y int, r, g, b uint32) bool {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		d := func(a, b uint32) uint32 { return max(a, b) - min(a, b) }
		return d(cr>>8, r)+d(cg>>8, g)+d(cb>>8, b) < 40
	}
	bounds := img.Bounds()
	// barTop is where a bar in the test bars' colour starts in column x,
	// or -1: a run of 40 pixels at least, which no heading's letter is.
	barTop := func(x int) int {
		run := 0
		for y := bounds.Min.Y; y < bounds.Max.Y/2; y++ {
			if !near(x, y, 26, 61, 107) {
				run = 0
				continue
			}
			if run++; run == 40 {
				return y - 39
			}
		}
		return -1
	}
	// The last bar: the rightmost such columns.
	right, left := -1, -1
	for x := bounds.Max.X - 1; x >= bounds.Min.X && left < 0; x-- {
		has := barTop(x) >= 0
		switch {
		case has && right < 0:
			right = x
		case !has && right >= 0:
			left = x + 1
		}
	}
	if right < 0 || left < 0 {
		t.Fatal("no bar on page 1")
	}
	top := bounds.Max.Y
	for x := left; x <= right; x++ {
		top = min(top, barTop(x))
	}
	red := 0
	for x := left; x <= right; x++ {
		for y := bounds.Min.Y; y < bounds.Max.Y/2; y++ {
			if near(x, y, 176, 42, 55) {
				red++
				if y < top {
					t.Fatalf("the blocker's cross is drawn at y %d, above the bar's top %d, over its score", y, top)
				}
			}
		}
	}
	if red == 0 {
		t.Error("the last attempt's blocker is not drawn")
	}
}

func renderPage1(t *testing.T, doc []byte, dpi string) image.Image {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "p.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", dpi, "-png", "-f", "1", "-l", "1", path, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	if len(files) != 1 {
		t.Fatalf("rendered %v", files)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// A track whose rule asks for 4 passes of 5 calls, all five passed: the
// training screen shows "4/4", and the progress report said "5 of 4".
func TestTrainingProgressPassesNeverExceedWhatTheRuleAsks(t *testing.T) {
	recs := trainingRecords()
	for i, r := range recs {
		if r.Attempt.Mode == training.Test && r.Attempt.Scenario == "balance_past_due" {
			recs[i] = attempt(i+1, r.Attempt.Scenario, training.Test, 91, r.Attempt.Started)
		}
	}
	tp := trainingContent(t).Progress(trainee, recs, nil).Tracks[0]
	if tp.Track != "billing_1" || tp.Passed != 5 || tp.Needed != 4 {
		t.Fatalf("the fixture's billing_1 is %+v", tp)
	}
	for l, want := range map[locales.Lang]string{locales.EN: "4 of 4", locales.ES: "4 de 4"} {
		got := strings.Join(strings.Fields(text(t, progressPDF(t, recs, nil, opts(l)))), " ")
		bad := strings.Replace(want, "4", "5", 1)
		if strings.Contains(got, bad) || !strings.Contains(got, want) {
			t.Errorf("%s: the tracks table should say %q, not %q:\n%s", l, want, bad, got)
		}
	}
}

// One attempt, one call: the counts are said in the singular ("in 1 of
// 1 attempts", "after passing 1 of 1 test calls" read wrong).
func TestTrainingCountsOfOneAreSingular(t *testing.T) {
	cert, recs := certified(t)
	cert.Rule = &training.TrackRule{Calls: 1, Passes: 1}
	cert.Attempts, cert.Calls = cert.Attempts[:1], cert.Calls[:1]
	for _, tc := range []struct {
		lang       locales.Lang
		want, nots []string
	}{
		{locales.ES, []string{"de 1 intento", "Intento que lo acredita:"}, []string{"de 1 intentos", "1 de 1 llamadas", "Intentos que lo acreditan"}},
		{locales.EN, []string{"of 1 attempt", "Based on attempt "}, []string{"of 1 attempts", "1 of 1 test calls", "Based on attempts"}},
	} {
		got := text(t, progressPDF(t, recs[:1], nil, opts(tc.lang))) + text(t, certificatePDF(t, cert, opts(tc.lang), recs))
		contains(t, got, tc.want...)
		absent(t, got, tc.nots...)
	}
}
