package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// seedPassedTests stores a passing test of each scenario, as if taken on
// earlier days.
func (h *harness) seedPassedTests(trainee string, scenarios ...string) {
	h.t.Helper()
	rubric := h.app.trainingContent().CurrentRubric().Version
	for i, id := range scenarios {
		at := fixedNow.AddDate(0, 0, -len(scenarios)+i)
		a := training.Attempt{Scenario: id, Mode: training.Test, Trainee: trainee, Started: at, Finished: at.Add(7 * time.Minute), RubricVersion: rubric}
		r := training.Report{Scenario: id, Mode: training.Test, Total: 90 + float64(i), PassMark: 80, Passed: true, Complete: true,
			RubricVersion: rubric, Criteria: []training.CriterionScore{}, Blockers: []training.Blocker{}}
		if _, err := h.tdb.SaveAttempt(context.Background(), a, r); err != nil {
			h.t.Fatal(err)
		}
	}
}

// Passing the last scenario of a track through the screen earns the
// certificate: the report offers it as a PDF, and so does the picker.
func TestTrainingCertificateEarnedPrintsPDF(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria Peña", cases.KeyRole: "trainee", cases.KeyCompany: "Telco Ibérica"})
	// Four passing test calls on billing_1; promo_expired through the
	// screen is the fifth of the track's 4-of-5 rule.
	h.seedPassedTests("Nuria Peña", "bill_payment", "balance_past_due", "cash_payment_pending", "mailed_check")
	h.app.show("training")
	s := h.training()
	s.refresh()
	h.mustNotHave("Certificado (PDF)")
	s.track, s.scenario, s.mode, s.lang = "billing_1", "promo_expired", training.Test, locales.ES
	s.refresh()
	h.tap(h.app.t.S("training.ui.start"))
	h.playWith(s, nil)
	h.tap(h.app.t.S("training.ui.finish"))
	if s.cert == nil {
		t.Fatalf("no certificate after passing the last scenario: %+v", s.report)
	}
	h.noMissingKeys()
	h.tap("Certificado (PDF)")
	files := h.openedFiles()
	if len(files) != 1 || filepath.Ext(files[0]) != ".pdf" || !strings.Contains(filepath.Base(files[0]), "Nuria-Peña") {
		t.Fatalf("opened %v", files)
	}
	pdfHas(t, files[0], "certificate", "Telco Ibérica", "Certificado de capacitación", "Nuria Peña", "Facturación, nivel 1",
		"Aumento por promoción vencida", "90,0", "92,0", "Firma del supervisor")

	// Back in the picker, the certificate is listed with its button.
	h.tap(h.app.t.S("training.ui.back"))
	h.mustHave("Certificado (PDF)")
	h.tap("Certificado (PDF)")
	if files := h.openedFiles(); len(files) != 2 || files[1] != files[0] {
		t.Fatalf("opened %v", files)
	}
}

func TestTrainingSupervisorPrintsProgressPDF(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.seedPassedTests("Nuria", "bill_payment", "promo_expired")
	a := training.Attempt{Scenario: "ppv_dispute", Mode: training.Practice, Trainee: "Nuria", Started: fixedNow.Add(-time.Hour)}
	if _, err := h.tdb.SaveAttempt(context.Background(), a, training.Report{Scenario: "ppv_dispute", Total: 61.5, Complete: true,
		Blockers: []training.Blocker{{ID: "auth_skipped"}}}); err != nil {
		t.Fatal(err)
	}
	h.app.show("training")
	s := h.training()
	s.tabs.SelectIndex(1)
	h.mustHave("Nuria")
	h.noMissingKeys()
	h.tap("Progress report (PDF)")
	files := h.openedFiles()
	if len(files) != 1 || !strings.HasPrefix(filepath.Base(files[0]), "progress-Nuria-") {
		t.Fatalf("opened %v", files)
	}
	pdfHas(t, files[0], "progress", "Trainee progress report", "Trainee: Nuria", "Score of each attempt", "Passing score (80)",
		"Attempt history", "61.5", "Authentication", "Page 1 of")
}

func TestTrainingFileSafe(t *testing.T) {
	for in, want := range map[string]string{"Nuria Peña": "Nuria-Peña", " a/b\\c:d ": "a-b-c-d", "../..": "trainee", "": "trainee", "billing_1": "billing_1"} {
		if got := fileSafe(in); got != want {
			t.Errorf("fileSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// certStoreFailing is a training database whose certificates cannot be
// saved (a full disk, a locked file).
type certStoreFailing struct{ training.Store }

func (certStoreFailing) SaveCertificate(context.Context, training.Certificate) error {
	return errors.New("disk I/O error")
}

// A certificate earned but not saved is said, with the detail in the log,
// and the picker does not show the track as certified: there is no
// certificate to print.
func TestTrainingCertificateNotSavedIsSaid(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria Peña", cases.KeyRole: "trainee"})
	h.seedPassedTests("Nuria Peña", "bill_payment", "balance_past_due", "cash_payment_pending", "mailed_check")
	var log bytes.Buffer
	h.app.deps.Log = slog.New(slog.NewTextHandler(&log, nil))
	h.app.deps.TrainingStore = certStoreFailing{h.tdb}
	h.app.show("training")
	s := h.training()
	s.track, s.scenario, s.mode, s.lang = "billing_1", "promo_expired", training.Test, locales.EN
	s.refresh()
	h.tap(h.app.t.S("training.ui.start"))
	h.playWith(s, nil)
	h.tap(h.app.t.S("training.ui.finish"))
	if s.cert != nil || s.report == nil || !s.report.Passed {
		t.Fatalf("certificate %v, report %+v", s.cert, s.report)
	}
	h.mustHave(h.app.t.D("training.ui.certificate_not_saved", map[string]any{"Track": "Billing, level 1"}))
	if !strings.Contains(log.String(), "disk I/O error") {
		t.Errorf("the detail is not logged: %s", log.String())
	}
	h.noMissingKeys()
	h.tap(h.app.t.S("training.ui.back"))
	h.mustNotHave(" · " + h.app.t.S("training.ui.certified"))
	h.mustNotHave("Certificate (PDF)")
	h.mustHave(h.app.t.S("training.ui.not_certified"))
}

// Two exports of the training screen at one instant (the clock held still,
// as a double click does within a second) are two files: the second never
// replaces the first, as the reports screen's exports do not.
func TestTrainingExportsNeverReplaceAnEarlierOne(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.seedPassedTests("Nuria", "bill_payment", "promo_expired")
	s := h.training()
	s.onCSV([]string{"Nuria"})
	s.onCSV([]string{"Nuria"})
	first, second := s.onProgressPDF("Nuria"), s.onProgressPDF("Nuria")
	files := h.openedFiles()
	if len(files) != 4 || files[0] == files[1] || first == "" || first == second {
		t.Fatalf("opened %v; progress %q then %q", files, first, second)
	}
}

// A training PDF that cannot be written is said where it was asked for:
// the supervisor's tab and the report of a call have no status line, and
// the failure went there, unseen, so the button seemed to do nothing.
func TestTrainingPDFFailureIsSaidWhereItWasAsked(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.seedPassedTests("Nuria", "bill_payment", "promo_expired")
	h.app.deps.ExportDir = filepath.Join(os.DevNull, "exports") // cannot be a folder
	failed := h.app.t.D("export.failed", map[string]any{"Path": h.app.deps.ExportDir})
	said := func() bool {
		shown := h.texts()
		if ov := h.app.Window().Canvas().Overlays().Top(); ov != nil {
			shown = append(shown, texts(ov)...)
			ov.Hide()
			h.app.Window().Canvas().Overlays().Remove(ov)
		}
		// A dialog wraps its message over lines.
		return strings.Contains(strings.Join(strings.Fields(strings.Join(shown, " ")), " "), failed)
	}
	h.app.show("training")
	s := h.training()
	s.tabs.SelectIndex(1)
	h.tap(h.app.t.S("training.ui.progress_pdf"))
	if !said() {
		t.Error("a progress PDF not written, on the supervisor's tab, said nothing")
	}
	s.tabs.SelectIndex(0)
	s.report = &training.Report{Scenario: "promo_expired", Total: 90, PassMark: 85, Passed: true, Criteria: []training.CriterionScore{}}
	s.cert = &training.Certificate{Trainee: "Marta", Track: "billing_1", Date: fixedNow}
	s.refresh()
	h.tap(h.app.t.S("training.ui.certificate_pdf"))
	if !said() {
		t.Error("a certificate PDF not written, from a call's report, said nothing")
	}
	if files := h.openedFiles(); len(files) != 0 {
		t.Errorf("opened %v", files)
	}
}

// A certificate earned and not saved is issued the next time the trainee
// opens training with a database that takes it: it was lost until
// another test call in the track, which could fail and take the standing
// with it.
func TestTrainingCertificateNotSavedIsIssuedLater(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria Peña", cases.KeyRole: "trainee"})
	h.seedPassedTests("Nuria Peña", "bill_payment", "balance_past_due", "cash_payment_pending", "mailed_check")
	h.app.deps.TrainingStore = certStoreFailing{h.tdb}
	s := h.pickScenario("billing_1", "promo_expired", training.Test, locales.EN)
	h.tap(h.app.t.S("training.ui.start"))
	h.playWith(s, nil)
	h.tap(h.app.t.S("training.ui.finish"))
	if s.cert != nil || s.certFailed == "" {
		t.Fatalf("certificate %v, failure %q", s.cert, s.certFailed)
	}
	h.tap(h.app.t.S("training.ui.back"))

	// The disk has room again; the trainee comes back to training.
	h.app.deps.TrainingStore = h.tdb
	h.app.show("templates")
	h.app.show("training")
	certs, err := h.tdb.Certificates(context.Background(), "Nuria Peña")
	if err != nil || len(certs) != 1 || certs[0].Track != "billing_1" {
		t.Fatalf("certificates %+v (%v)", certs, err)
	}
	h.mustHave(" · " + h.app.t.S("training.ui.certified"))
	h.mustHave("Certificate (PDF)")
}
