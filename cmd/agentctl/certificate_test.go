package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/sqlite"
	"agentdesk/training"
)

const certTrainee = "Íñigo Martínez Peña"

// seedTraining fills a training database through the store: a practice
// run, a blocked test, and five test calls on billing_1 of which four
// reach its pass mark of 85 (the track's 4-of-5 rule), and the
// certificate they earn.
func seedTraining(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Training)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	content, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	save := func(scenario string, mode training.Mode, total float64, blockers ...string) {
		at = at.Add(26 * time.Hour)
		rep := training.Report{Scenario: scenario, Mode: mode, RubricVersion: content.CurrentRubric().Version, Total: total,
			PassMark: 80, Complete: true, Passed: total >= 80 && len(blockers) == 0, Criteria: []training.CriterionScore{
				{ID: "exploration", Weight: 10, Applicable: true, Score: 0.5}, {ID: "time", Weight: 7, Applicable: true, Score: 1}},
			Blockers: []training.Blocker{}}
		for _, b := range blockers {
			rep.Blockers = append(rep.Blockers, training.Blocker{ID: b})
		}
		a := training.Attempt{Format: training.AttemptFormat, Scenario: scenario, Mode: mode, Trainee: certTrainee,
			RubricVersion: rep.RubricVersion, Started: at, Finished: at.Add(8 * time.Minute), Seed: 7, Day: "2026-11-02"}
		if _, err := db.SaveAttempt(ctx, a, rep); err != nil {
			t.Fatal(err)
		}
	}
	save("bill_payment", training.Practice, 71)
	save("promo_expired", training.Test, 64, "auth_skipped")
	scores := []float64{88.5, 92.5, 84, 95.1, 90}
	for i, id := range content.Track("billing_1").Scenarios[:5] {
		save(id, training.Test, scores[i])
	}
	recs, err := db.Attempts(ctx, certTrainee)
	if err != nil {
		t.Fatal(err)
	}
	cert, missing, err := content.Certify("billing_1", certTrainee, recs, at.Add(time.Hour))
	if err != nil || cert == nil {
		t.Fatalf("not certified: %v %v", missing, err)
	}
	if err := db.SaveCertificate(ctx, *cert); err != nil {
		t.Fatal(err)
	}
}

// certificateEnv is a data folder of its own, so the company fallback
// reads a production file the test made and never the user's.
func certificateEnv(t *testing.T) (dir, tdb string) {
	t.Helper()
	dir = t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", dir)
	tdb = filepath.Join(dir, "trainees.db")
	seedTraining(t, tdb)
	return dir, tdb
}

func TestDrillCertificateCommand(t *testing.T) {
	dir, tdb := certificateEnv(t)
	// The company comes from the app's production settings when the
	// training file has none.
	prod, err := sqlite.Open(context.Background(), filepath.Join(dir, "agentdesk.db"), sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	prod.SetSetting(context.Background(), "company", "Telecomunicaciones Ibéricas S.A.")
	prod.Close()

	es := filepath.Join(dir, "cert-es.pdf")
	out, errs, code := pdfRun(t, "drill", "certificate", "--trainee", certTrainee, "--track", "billing_1", "--out", es, "--db", tdb, "--lang", "es")
	if code != 0 || !strings.Contains(out, es) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if got := pdfText(t, es); got != "" {
		for _, want := range []string{"Telecomunicaciones Ibéricas S.A.", "Certificado de capacitación", certTrainee, "Facturación, nivel 1",
			"Pago de factura por teléfono", "88,5", "92,5", "84,0", "95,1", "Firma del supervisor", rubricVersion(t), "4 de 5 llamadas"} {
			if !strings.Contains(got, want) {
				t.Errorf("es: missing %q", want)
			}
		}
		if strings.Contains(got, "64,0") || strings.Contains(got, "!") {
			t.Errorf("es: the blocked test or a missing message printed:\n%s", got)
		}
	}

	en := filepath.Join(dir, "cert-en.pdf")
	out, errs, code = pdfRun(t, "drill", "certificate", "--trainee", certTrainee, "--track", "billing_1", "--out", en,
		"--db", tdb, "--lang", "en", "--paper", "Letter", "--company", "Iberian Telecom", "--json")
	if code != 0 {
		t.Fatalf("en: exit %d, stderr %q", code, errs)
	}
	var j struct {
		Path, Trainee, Track string
		Attempts             []string
		Lang                 string
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil || j.Path != en || j.Trainee != certTrainee || j.Track != "billing_1" || len(j.Attempts) != 5 || j.Lang != "en" {
		t.Fatalf("json %q: %+v %v", out, j, err)
	}
	if got := pdfText(t, en); got != "" {
		for _, want := range []string{"Iberian Telecom", "Training certificate", certTrainee, "Billing, level 1", "92.5", "95.1"} {
			if !strings.Contains(got, want) {
				t.Errorf("en: missing %q", want)
			}
		}
		if strings.Contains(got, "Telecomunicaciones") {
			t.Error("en: --company did not replace the stored company")
		}
	}
}

func TestDrillCertificateRefusals(t *testing.T) {
	dir, tdb := certificateEnv(t)
	out := filepath.Join(dir, "c.pdf")

	// No certificate for that track: a translated message, no file.
	_, errs, code := pdfRun(t, "drill", "certificate", "--trainee", certTrainee, "--track", "payments_account", "--out", out, "--db", tdb)
	if code != 1 || !strings.Contains(errs, certTrainee+" no tiene certificado de la ruta «Pagos, reembolsos y cambios de plan»") {
		t.Errorf("no certificate: exit %d, stderr %q", code, errs)
	}
	_, errs, code = pdfRun(t, "drill", "certificate", "--trainee", "Luis", "--track", "billing_1", "--out", out, "--db", tdb, "--lang", "en")
	if code != 1 || !strings.Contains(errs, "Luis has no certificate for the track “Billing, level 1”") {
		t.Errorf("other trainee: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a PDF was written without a certificate")
	}

	// Usage mistakes are caught before any database is opened or created.
	fresh := filepath.Join(dir, "never.db")
	for _, args := range [][]string{
		{"--track", "billing_1", "--out", out},
		{"--trainee", certTrainee, "--out", out},
		{"--trainee", certTrainee, "--track", "billing_1"},
		{"--trainee", certTrainee, "--track", "nope", "--out", out},
		{"--trainee", certTrainee, "--track", "billing_1", "--out", out, "--paper", "A5"},
	} {
		_, errs, code := pdfRun(t, append([]string{"drill", "certificate", "--db", fresh}, args...)...)
		if code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Error("a usage mistake created a database")
	}
	_, errs, _ = pdfRun(t, "drill", "certificate", "--db", fresh, "--trainee", certTrainee, "--track", "nope", "--out", out)
	if !strings.Contains(errs, "No existe la ruta nope") {
		t.Errorf("unknown track: %q", errs)
	}

	// A production file is refused: certificates live in the training one.
	prod := filepath.Join(dir, "agentdesk.db")
	if db, err := sqlite.Open(context.Background(), prod, sqlite.Production); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	if _, errs, code := pdfRun(t, "drill", "certificate", "--trainee", certTrainee, "--track", "billing_1", "--out", out, "--db", prod); code != 1 || !strings.Contains(errs, "otro tipo de base de datos") {
		t.Errorf("production db: exit %d, stderr %q", code, errs)
	}
}

// The default database is the app's training file in the data folder.
func TestDrillCertificateDefaultDB(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", dir)
	path, err := sqlite.TrainingPath()
	if err != nil {
		t.Fatal(err)
	}
	seedTraining(t, path)
	out := filepath.Join(dir, "c.pdf")
	if _, errs, code := pdfRun(t, "drill", "certificate", "--trainee", certTrainee, "--track", "billing_1", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

func TestDrillCertificateProgressCommand(t *testing.T) {
	dir, tdb := certificateEnv(t)
	out := filepath.Join(dir, "progress.pdf")
	stdout, errs, code := pdfRun(t, "drill", "progress", "--trainee", certTrainee, "--out", out, "--db", tdb, "--tz", "Europe/Madrid")
	if code != 0 || !strings.Contains(stdout, out) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	if got := pdfText(t, out); got != "" {
		for _, want := range []string{"Reporte de progreso del aprendiz", "Aprendiz: " + certTrainee, "Calificación de cada intento",
			"Calificación mínima (80)", "Exploración", "Historial de intentos", "Autenticación", "64,0", "95,1",
			"Con certificado del", "Página 1 de"} {
			if !strings.Contains(got, want) {
				t.Errorf("missing %q", want)
			}
		}
	}

	stdout, errs, code = pdfRun(t, "drill", "progress", "--trainee", certTrainee, "--out", out, "--db", tdb, "--lang", "en", "--json")
	var j struct {
		Attempts, Certificates int
		Tracks                 []training.TrackProgress
		Next                   training.Recommendation
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &j) != nil || j.Attempts != 7 || j.Certificates != 1 || j.Next.Reason == "" {
		t.Fatalf("json: exit %d, %q %q", code, stdout, errs)
	}
	// The same standing the screen and the PDF show: 4 of the 4 passes
	// the rule needs, over the 5 calls that count.
	if len(j.Tracks) == 0 || j.Tracks[0].Track != "billing_1" || j.Tracks[0].Passed != 4 || j.Tracks[0].Needed != 4 ||
		len(j.Tracks[0].Counted) != 5 || !j.Tracks[0].Certified {
		t.Errorf("tracks %+v", j.Tracks)
	}
	if got := pdfText(t, out); got != "" && !strings.Contains(got, "Trainee progress report") {
		t.Error("--lang en ignored")
	}

	// A name nobody trained under fails, listing the names that did.
	_, errs, code = pdfRun(t, "drill", "progress", "--trainee", "Inigo", "--out", out, "--db", tdb)
	if code != 1 || !strings.Contains(errs, "No hay intentos de «Inigo»") || !strings.Contains(errs, certTrainee) {
		t.Errorf("unknown trainee: exit %d, stderr %q", code, errs)
	}
	if _, errs, code := pdfRun(t, "drill", "progress", "--out", out, "--db", tdb); code != 2 || !strings.Contains(errs, "--trainee") {
		t.Errorf("no trainee: exit %d, stderr %q", code, errs)
	}
}

// A certificate earned on a track retired from the content since still
// prints; an unknown track with no certificate is still refused.
func TestRetiredTrackCertificatePrints(t *testing.T) {
	dir, tdb := certificateEnv(t)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, tdb, sqlite.Training)
	if err != nil {
		t.Fatal(err)
	}
	certs, err := db.Certificates(ctx, certTrainee)
	if err != nil || len(certs) == 0 {
		t.Fatalf("certificates: %v %v", certs, err)
	}
	old := certs[0]
	old.Track = "billing_2025"
	if err := db.SaveCertificate(ctx, old); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := filepath.Join(dir, "old.pdf")
	if _, errs, code := pdfRun(t, "drill", "certificate", "--trainee", certTrainee, "--track", "billing_2025",
		"--out", out, "--db", tdb, "--lang", "en"); code != 0 {
		t.Fatalf("exit %d, %q", code, errs)
	}
	if txt := strings.Join(strings.Fields(pdfText(t, out)), " "); !strings.Contains(txt, "Billing 2025") {
		t.Errorf("the retired track is not named: %s", txt)
	}
	if _, errs, code := pdfRun(t, "drill", "certificate", "--trainee", certTrainee, "--track", "billing_2024",
		"--out", filepath.Join(dir, "none.pdf"), "--db", tdb, "--lang", "en"); code != 2 || !strings.Contains(errs, "billing_2024") {
		t.Errorf("an unknown track with no certificate: exit %d %q", code, errs)
	}
}

// A training document without --paper is on the desk's paper, as the
// app's settings keep it.
func TestDrillCertificateOnTheDesksPaper(t *testing.T) {
	dir, tdb := certificateEnv(t)
	prod, err := sqlite.Open(context.Background(), filepath.Join(dir, "agentdesk.db"), sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	if err := prod.SetSetting(context.Background(), cases.KeyPaper, "Letter"); err != nil {
		t.Fatal(err)
	}
	prod.Close()
	out := filepath.Join(dir, "letter.pdf")
	if _, errs, code := pdfRun(t, "drill", "certificate", "--trainee", certTrainee, "--track", "billing_1", "--out", out, "--db", tdb); code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "/MediaBox [0 0 612") && !strings.Contains(string(b), "/MediaBox [0 0 792") {
		t.Error("the certificate is not on the desk's Letter paper")
	}
}

// rubricVersion is the current rubric's version, which a certificate names.
func rubricVersion(t *testing.T) string {
	t.Helper()
	c, err := training.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return c.CurrentRubric().Version
}
