package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
	"agentdesk/training"
)

func (h *harness) training() *trainingScreen { return screenOf[*trainingScreen](h.app) }

// pickScenario opens the training screen with a scenario of a track picked,
// in a mode and a language, ready to start.
func (h *harness) pickScenario(track, scenario string, mode training.Mode, lang locales.Lang) *trainingScreen {
	h.app.show("training")
	s := h.training()
	s.track, s.scenario, s.mode, s.lang = track, scenario, mode, lang
	s.refresh()
	return s
}

// answer is how the test answers a turn: the choice of a grade (or an ID),
// or the line to type; "" for the best choice or the expected figure or
// model line.
type answer func(turn *training.Turn) string

// play answers every turn of the running session through the screen with
// the choice of the grade pick returns for each turn (other tests call it
// so), and the expected figures and model lines.
func (h *harness) play(s *trainingScreen, pick func(turn int) string) {
	h.t.Helper()
	n := 0
	h.playWith(s, func(turn *training.Turn) string {
		n++
		if len(turn.Choices) == 0 {
			return "" // figures and lines: the expected ones
		}
		return pick(n - 1)
	})
}

// playWith answers every turn of the running session through the screen:
// it taps the choices' buttons, and types figures and free responses into
// their entries (test.Type) before tapping send or say.
func (h *harness) playWith(s *trainingScreen, pick answer) {
	h.t.Helper()
	for n := 0; ; n++ {
		dec, live := s.sess.Decision(s.lang)
		if !live {
			return
		}
		if n > 100 {
			h.t.Fatalf("%s does not end: at %s, status %q", s.sess.Scenario().ID, dec.Turn, s.status)
		}
		h.answerTurn(s, dec, pick)
	}
}

func (h *harness) playOne(s *trainingScreen) {
	dec, _ := s.sess.Decision(s.lang)
	h.answerTurn(s, dec, nil)
}

// answerTurn answers the current turn through the screen.
func (h *harness) answerTurn(s *trainingScreen, dec training.Decision, pick answer) {
	h.t.Helper()
	{
		turn := s.sess.Scenario().Turn(dec.Turn)
		want := ""
		if pick != nil {
			want = pick(turn)
		}
		switch {
		case dec.Response != nil:
			if want == "" {
				want, _ = s.sess.Expected(s.lang)
			}
			in := h.entryWithPlaceholder(h.app.t.S("training.ui.say_placeholder"))
			if !in.MultiLine {
				h.t.Fatal("a free response is typed in a multi-line entry")
			}
			test.Type(in, want)
			h.tap(h.app.t.S("training.ui.say"))
		case dec.Entry != nil:
			if want == "" {
				want, _ = s.sess.Expected(s.lang)
			}
			in := h.entryWithPlaceholder(h.app.t.S("training.ui.entry_placeholder"))
			test.Type(in, want)
			h.tap(h.app.t.S("training.ui.send"))
		default:
			if want == "" {
				want = training.Best
			}
			label := ""
			for _, c := range dec.Choices {
				for _, sc := range turn.Choices {
					if sc.ID == c.ID && (sc.Grade == want || sc.ID == want) && label == "" {
						label = c.Label
					}
				}
			}
			if label == "" { // no choice of that grade here: take the best
				for _, c := range dec.Choices {
					for _, sc := range turn.Choices {
						if sc.ID == c.ID && sc.Grade == training.Best && label == "" {
							label = c.Label
						}
					}
				}
			}
			h.tap(label)
		}
	}
}

// A free-response scenario played to a pass through the screen: the
// greeting, the explanation and the recap typed as a trainee would say
// them, the choices tapped, the grade stored in the training database.
func TestTrainingScenarioToAPassThroughTheScreen(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	s := h.pickScenario("billing_1", "promo_expired", training.Test, locales.ES)
	h.noMissingKeys()
	h.tap(h.app.t.S("training.ui.start"))
	if s.sess == nil {
		t.Fatalf("no session: %q", h.texts())
	}
	h.noMissingKeys()
	// The call opens on a notice and a line to say, not on options.
	h.mustHave("En pantalla: Entra una llamada de la línea de facturación.")
	h.mustHave(h.app.t.S("training.ui.say"))
	h.mustHave("Estado de ánimo ahora: Con calma")
	// Before authentication the simulated account screen is masked.
	for _, f := range s.sess.Account(locales.ES) {
		if f.Masked {
			h.mustHave("•••")
			break
		}
	}
	h.playWith(s, func(turn *training.Turn) string {
		if turn.ID == "greeting" {
			// In the trainee's own words, not the model's.
			return "Buenas tardes, gracias por llamar a Telco, habla Nuria. ¿Me podría decir su nombre?"
		}
		return ""
	})
	h.tap(h.app.t.S("training.ui.finish"))
	if s.report == nil || !s.report.Passed || len(s.report.Blockers) != 0 || s.report.Total != 100 {
		t.Fatalf("report = %+v", s.report)
	}
	h.mustHave("Aprobado")
	h.mustHave("Lo que dijo con sus propias palabras")
	h.mustHave("Nombra la empresa: lo dijo («Telco»).")
	h.mustHave("Trato: de usted en todo momento.")
	h.noMissingKeys()
	recs, _ := h.tdb.Attempts(context.Background(), "Nuria")
	if len(recs) != 1 || recs[0].Attempt.Mode != training.Test || !recs[0].Report.Passed || len(recs[0].Report.Responses) != 3 {
		t.Fatalf("stored attempts = %+v", recs)
	}
	// The track it was played for travels with it: crmd grades against
	// the same pass mark.
	if recs[0].Attempt.Track != "billing_1" || recs[0].Report.PassMark != 85 {
		t.Errorf("stored for track %q at pass mark %d, want billing_1 at 85", recs[0].Attempt.Track, recs[0].Report.PassMark)
	}
	// Played with nobody logged in: the next login uploads it.
	if recs[0].Attempt.CRMUser != "" {
		t.Errorf("stored for crmd user %q", recs[0].Attempt.CRMUser)
	}
	// Nothing reached the production database.
	if l, _ := h.db.ListCases(context.Background(), cases.Filter{}); len(l) != 0 {
		t.Fatalf("production cases: %d", len(l))
	}
	if n, _ := h.db.Attempts(context.Background(), "Nuria"); len(n) != 0 {
		t.Fatal("an attempt in the production database")
	}
}

// The same scenario played to a failure: lines that miss what they need,
// in tú, and the screen says so element by element as the call goes,
// the caller's mood drops, and the grade fails.
func TestTrainingFreeResponseToAFailureThroughTheScreen(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	s := h.pickScenario("billing_1", "promo_expired", training.Practice, locales.ES)
	h.tap(h.app.t.S("training.ui.start"))
	// A greeting that names nobody, in tú.
	in := h.entryWithPlaceholder(h.app.t.S("training.ui.say_placeholder"))
	test.Type(in, "Hola, ¿qué necesitas?")
	h.tap(h.app.t.S("training.ui.say"))
	h.mustHave("Nombra la empresa: no lo dijo.")
	h.mustHave("Pide el nombre de quien llama: no lo dijo.")
	h.mustHave("Trato: formas de tú («necesitas»); al cliente se le habla de usted.")
	h.mustHave("Una forma de decirlo: «Gracias por llamar a Telco, le atiende Nuria.")
	if m := h.markBeside("Nombra la empresa: no lo dijo."); !strings.Contains(m, "cancel") {
		t.Errorf("a missed element shows the mark %q, want a cross", m)
	}
	h.noMissingKeys()
	// An empty line is refused, not recorded.
	h.playWith(s, func(turn *training.Turn) string {
		switch turn.ID {
		case "explain":
			return "Mira, te subió porque sí, es un error del sistema."
		case "recap":
			return "Listo."
		}
		return ""
	})
	h.tap(h.app.t.S("training.ui.finish"))
	if s.report == nil || s.report.Passed || s.report.Total >= 85 || s.report.Patience >= 3 {
		t.Fatalf("report = %+v", s.report)
	}
	h.mustHave("No aprobado")
	h.mustHave("No lo presenta como un error: lo dijo («error del sistema»")
	h.noMissingKeys()
}

// An empty line is not an answer: the screen asks for one and records
// nothing.
func TestTrainingEmptyLineIsRefused(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee"})
	s := h.pickScenario("billing_1", "promo_expired", training.Practice, locales.EN)
	h.tap("Start the call")
	h.tap(h.app.t.S("training.ui.say"))
	h.mustHave("Say something first.")
	if a := s.sess.Attempt(); len(a.Events) != 0 {
		t.Fatalf("recorded %+v", a.Events)
	}
}

func TestTrainingScenarioToABlockerFailure(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee"})
	s := h.pickScenario("escalation_retention", "angry_adjustment", training.Practice, locales.EN)
	h.tap("Start the call")
	h.playWith(s, func(turn *training.Turn) string {
		if turn.ID == "resolution" {
			return "grant_all"
		}
		return ""
	})
	h.tap("End the call and see your score")
	if s.report == nil || s.report.Passed || len(s.report.Blockers) == 0 {
		t.Fatalf("report = %+v", s.report)
	}
	h.mustHave("Not passed")
	if m := h.markBeside(training.BlockerTitle(h.app.t, s.report.Blockers[0].ID)); !strings.Contains(m, "error") {
		t.Errorf("the blocker shows the mark %q, want the error sign", m)
	}
}

// A caller who is refused rudely hangs up: the call ends on the screen and
// the grade fails with the hang-up.
func TestTrainingCallerHangsUp(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee"})
	s := h.pickScenario("billing_2", "balance_no_pin", training.Practice, locales.ES)
	h.tap(h.app.t.S("training.ui.start"))
	h.playWith(s, func(turn *training.Turn) string {
		if turn.ID == "insist" {
			return "rude"
		}
		return ""
	})
	if !s.sess.HungUp() {
		t.Fatal("the caller did not hang up")
	}
	h.mustHave(h.app.t.S("training.ui.hung_up"))
	h.tap(h.app.t.S("training.ui.finish"))
	if s.report == nil || s.report.Passed || !s.report.HungUp {
		t.Fatalf("report = %+v", s.report)
	}
	h.mustHave("La persona colgó")
}

// A trainee's workstation shows no production area at all.
func TestTraineesSeeNoProductionScreens(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee"})
	for _, s := range h.app.visible {
		switch s.key() {
		case "call", "cases", "reports":
			t.Fatalf("a trainee sees %s", s.key())
		}
	}
	h.mustHave("Training")
	h.mustNotHave("Margaret O'Neill")
}

func TestSupervisorSeesTraineesAndExportsCSV(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	ctx := context.Background()
	a := training.Attempt{Scenario: "promo_expired", Mode: training.Test, Trainee: "Nuria", Started: fixedNow}
	if _, err := h.tdb.SaveAttempt(ctx, a, training.Report{Total: 91.5, Passed: true}); err != nil {
		t.Fatal(err)
	}
	a.Started = fixedNow.Add(-24 * 3600 * 1e9)
	if _, err := h.tdb.SaveAttempt(ctx, a, training.Report{Total: 62, Blockers: []training.Blocker{{ID: "auth_skipped"}}}); err != nil {
		t.Fatal(err)
	}
	h.app.show("training")
	s := h.training()
	s.tabs.SelectIndex(1)
	h.mustHave("Nuria")
	h.mustHave("91.5")
	s.onCSV([]string{"Nuria"})
	files := h.openedFiles()
	if len(files) != 1 || !strings.HasSuffix(files[0], ".csv") {
		t.Fatalf("opened %v", files)
	}
	data, _ := os.ReadFile(files[0])
	if !strings.Contains(string(data), "Nuria") || !strings.Contains(string(data), "auth_skipped") || strings.Count(string(data), "\n") != 3 {
		t.Fatalf("csv:\n%s", data)
	}
}

// The CSV a supervisor logged in to crmd exports holds what the view
// shows: every desk's trainees' calls as crmd graded them, beside the
// desk's own. It read the desk's training database alone, so a trainee
// listed from crmd came out with no rows.
func TestSupervisorCSVHoldsEveryDesksTrainees(t *testing.T) {
	env := startCRM(t)
	tia := env.token("tia")
	var ids []string
	for _, id := range []string{"csv-desk-1", "csv-desk-2"} {
		a := crmtest.PlayAttempt(t, id, crmtest.AttemptScenario, nil)
		a.Mode = training.Test
		body, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		crmtest.Expect(t, env.api.Do("POST", "/v1/training/attempts", tia, nil, crm.TrainingAttempt{ID: a.ID, Scenario: a.Scenario, Attempt: body}), 201, "tia's attempt")
		ids = append(ids, a.ID)
	}
	sup := newDesk(t, locales.EN, env.srv.URL, "sup", cases.RoleSupervisor, "sup")
	sup.waitFor("logged in", func() bool { return sup.app.sync.st.LoggedIn })
	sup.app.show("training")
	s := sup.training()
	s.tabs.SelectIndex(1)
	sup.waitFor("the trainees from crmd", func() bool { return s.team.state == traineesRead })
	sup.mustHave(crmtest.AttemptTrainee)
	sup.tap(sup.app.t.S("training.ui.csv"))
	files := sup.openedFiles()
	if len(files) != 1 {
		t.Fatalf("opened %v", files)
	}
	data, _ := os.ReadFile(files[0])
	for _, id := range ids {
		if !strings.Contains(string(data), crmtest.AttemptTrainee+","+id+",") {
			t.Errorf("the CSV has no row for %s's %s:\n%s", crmtest.AttemptTrainee, id, data)
		}
	}
}

// A certificate is earned once under a rubric version: a later call in the
// track (here a failed practice call a month on) does not issue it again,
// which would move its date and the calls it names.
func TestCertificateIsNotReissuedByALaterCall(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	ctx := context.Background()
	tc := h.app.trainingContent()
	ver := tc.CurrentRubric().Version
	earned := fixedNow.Add(-30 * 24 * time.Hour)
	for i, sc := range []string{"bill_payment", "balance_past_due", "cash_payment_pending", "mailed_check", "promo_expired"} {
		at := earned.Add(time.Duration(i) * time.Minute)
		a := training.Attempt{Format: 2, Scenario: sc, Mode: training.Test, Trainee: "Nuria", Started: at, Finished: at.Add(time.Minute), RubricVersion: ver, Track: "billing_1"}
		if _, err := h.tdb.SaveAttempt(ctx, a, training.Report{Scenario: sc, Total: 95, Passed: true, Complete: true, RubricVersion: ver, PassMark: 85}); err != nil {
			t.Fatal(err)
		}
	}
	recs, _ := h.tdb.Attempts(ctx, "Nuria")
	cert, _, err := tc.Certify("billing_1", "Nuria", recs, earned)
	if err != nil || cert == nil {
		t.Fatalf("setup: not certified: %v", err)
	}
	if err := h.tdb.SaveCertificate(ctx, *cert); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []training.Mode{training.Practice, training.Test} {
		s := h.pickScenario("billing_1", "upgrade_speed", mode, locales.EN)
		h.tap(h.app.t.S("training.ui.start"))
		h.play(s, func(int) string { return "" })
		h.tap(h.app.t.S("training.ui.finish"))
		if s.report == nil || s.cert != nil {
			t.Errorf("%s: report %v, a new certificate announced %v", mode, s.report != nil, s.cert != nil)
		}
		h.tap(h.app.t.S("training.ui.back"))
	}
	certs, _ := h.tdb.Certificates(ctx, "Nuria")
	if len(certs) != 1 || !certs[0].Date.Equal(earned) {
		t.Errorf("certificates %d, dated %v; want the one earned %v", len(certs), certs[0].Date, earned)
	}
}

// With the interface in English and the call in Spanish, the feedback card
// and the notes about the caller speak to the trainee in English; the
// customer's words stay Spanish.
func TestTrainingFeedbackIsInTheInterfaceLanguage(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco", cases.KeyUILang: "en"})
	h.pickScenario("billing_1", "promo_expired", training.Practice, locales.ES)
	h.tap(h.app.t.S("training.ui.start"))
	in := h.entryWithPlaceholder(h.app.t.S("training.ui.say_placeholder"))
	test.Type(in, "Hola, ¿qué necesitas?")
	h.tap(h.app.t.S("training.ui.say"))
	h.mustHave(locales.New(locales.EN).D("training.sim.response_incomplete", map[string]any{"Score": "0.0"}))
	h.mustNotHave(locales.New(locales.ES).D("training.sim.response_incomplete", map[string]any{"Score": "0,0"}))
}

// Leaving a test call is a call the trainee ended: Leave asks first, in
// the interface language, saying it is recorded as not passed and counts;
// cancelled, the call goes on; confirmed, the record holds the leave and
// is graded hung up, not passed, and counted, as crmd grades the same
// record. A test left before its first answer counts too once the
// customer has spoken (angry_adjustment opens with the caller's words);
// one where nobody has said anything yet (promo_expired opens with the
// agent's greeting) just ends.
func TestLeavingATestCallCountsAsNotPassed(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		for _, c := range []struct {
			track, scenario string
			answers         int
		}{
			{"billing_1", "promo_expired", 1},
			{"escalation_retention", "angry_adjustment", 0},
		} {
			t.Run(string(lang)+"/"+c.scenario, func(t *testing.T) {
				h := newHarness(t, lang, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
				tr, ctx := h.app.t, context.Background()
				s := h.pickScenario(c.track, c.scenario, training.Test, lang)
				h.tap(tr.S("training.ui.start"))
				for range c.answers {
					h.playOne(s)
				}
				at := s.sess.Turn().ID
				h.tap(tr.S("training.ui.quit"))
				ov := h.app.Window().Canvas().Overlays().Top()
				if ov == nil || !strings.Contains(strings.Join(texts(ov), " "), tr.S("training.ui.leave_test.body")) {
					t.Fatal("no word before leaving a test call")
				}
				test.Tap(findButton(ov, tr.S("dialog.cancel")))
				if recs, _ := h.tdb.Attempts(ctx, "Nuria"); len(recs) != 0 || s.sess == nil {
					t.Fatalf("cancelled, and the call is gone (%v) or recorded: %+v", s.sess == nil, recs)
				}

				h.tap(tr.S("training.ui.quit"))
				test.Tap(findButton(h.app.Window().Canvas().Overlays().Top(), tr.S("training.ui.quit")))
				recs, err := h.tdb.Attempts(ctx, "Nuria")
				if err != nil || len(recs) != 1 || s.sess != nil {
					t.Fatalf("recorded %d attempts (%v), call still on %v", len(recs), err, s.sess != nil)
				}
				r := recs[0]
				evs := r.Attempt.Events
				if len(evs) != c.answers+1 || evs[c.answers].Kind != "leave" || evs[c.answers].Turn != at {
					t.Fatalf("recorded events %+v", evs)
				}
				if !r.Report.HungUp || r.Report.Passed || r.Report.Complete {
					t.Fatalf("left call graded %+v", r.Report)
				}
				tc := h.app.trainingContent()
				prog := tc.Progress("Nuria", recs, nil)
				i := slices.IndexFunc(prog.Tracks, func(tp training.TrackProgress) bool { return tp.Track == c.track })
				if i < 0 || len(prog.Tracks[i].Counted) != 1 || prog.Tracks[i].Counted[0].Attempt != r.Attempt.ID || prog.Tracks[i].Counted[0].Passed {
					t.Fatalf("progress: %+v", prog.Tracks)
				}
				// crmd grades the record alone with plain Grade: the same report.
				rubric := tc.CurrentRubric().WithPassMark(tc.PassMarkFor(r.Attempt.Track, r.Attempt.Scenario))
				if again, err := training.Grade(tc.Scenario(c.scenario), r.Attempt, rubric); err != nil || again.HungUp != r.Report.HungUp ||
					again.Total != r.Report.Total || again.Passed {
					t.Fatalf("graded from the record: %+v (%v)", again, err)
				}
				if open, _ := h.tdb.OpenAttempts(ctx, "Nuria"); len(open) != 0 {
					t.Fatalf("still under way: %+v", open)
				}
			})
		}
	}

	// Nobody has spoken yet: leaving just ends, nothing recorded.
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	tr := h.app.t
	s := h.pickScenario("billing_1", "promo_expired", training.Test, locales.EN)
	h.tap(tr.S("training.ui.start"))
	h.tap(tr.S("training.ui.quit"))
	if recs, _ := h.tdb.Attempts(context.Background(), "Nuria"); len(recs) != 0 || s.sess != nil {
		t.Fatalf("left before anyone spoke: recorded %+v, call on %v", recs, s.sess != nil)
	}

	// A call played to its end and then left is finished, not left: graded,
	// its report shown, counted.
	s = h.pickScenario("billing_1", "promo_expired", training.Test, locales.EN)
	h.tap(tr.S("training.ui.start"))
	h.play(s, func(int) string { return "" })
	h.tap(tr.S("training.ui.quit"))
	recs, _ := h.tdb.Attempts(context.Background(), "Nuria")
	if len(recs) != 1 || !recs[0].Report.Complete || s.report == nil {
		t.Fatalf("a call left after its end: %+v, report shown %v", recs, s.report != nil)
	}
}

// A CSV export that cannot be written says so: the supervisor's view has
// no status line, and the button would seem to do nothing.
func TestTrainingCSVExportFailureIsSaid(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.deps.ExportDir = filepath.Join(os.DevNull, "exports") // cannot be a folder
	h.app.show("training")
	h.training().onCSV([]string{"Nuria"})
	ov := h.app.Window().Canvas().Overlays().Top()
	if ov == nil || !strings.Contains(strings.Join(texts(ov), " "), h.app.t.S("training.ui.csv_failed")) {
		t.Fatal("a failed export said nothing")
	}
}

// A certificate earned on a track retired from the content since is
// still listed, named from its ID, with its print button.
func TestRetiredTrackCertificateIsListed(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	ctx := context.Background()
	if err := h.tdb.SaveCertificate(ctx, training.Certificate{Trainee: "Nuria", Track: "billing_2025", Date: fixedNow.Add(-24 * time.Hour),
		RubricVersion: h.app.trainingContent().CurrentRubric().Version, Attempts: []string{"A-1"}}); err != nil {
		t.Fatal(err)
	}
	h.app.show("training")
	h.mustHave(h.app.t.D("training.ui.certificate", map[string]any{"Track": "Billing 2025", "Date": locales.FormatDate(locales.EN, fixedNow.Add(-24*time.Hour))}))
}

// A page pasted as a spoken line is refused with why, and stays in the box
// to be cut down; nothing is recorded.
func TestTrainingOverlongLineIsRefused(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee"})
	s := h.pickScenario("billing_1", "promo_expired", training.Practice, locales.EN)
	h.tap("Start the call")
	long := strings.Repeat("Thank you for calling, how may I help you today? ", 100)
	s.entryVal = long
	s.refresh()
	h.tap(h.app.t.S("training.ui.say"))
	h.mustHave(h.app.t.S("training.sim.bad_long"))
	if s.entryVal != long {
		t.Error("the line was cleared")
	}
	if a := s.sess.Attempt(); len(a.Events) != 0 {
		t.Fatalf("recorded %+v", a.Events)
	}
}

// A test call the desk stops in the middle of (killed: neither left nor
// closed) is not lost, nor a fresh draw for free: the next desk on the
// same training database closes it when training opens, as the trainee
// left it, graded as a call cut short and counted as one, and says so
// once, in the interface language.
func TestTrainingTestCallKilledMidCallIsRecordedAsAbandoned(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ES, locales.EN} {
		t.Run(string(lang), func(t *testing.T) {
			settings := map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"}
			h := newHarness(t, lang, false, settings)
			tr := h.app.t
			s := h.pickScenario("billing_1", "promo_expired", training.Test, lang)
			h.tap(tr.S("training.ui.start"))
			h.playOne(s)
			turn := s.sess.Attempt().Events[0].Turn

			// The kill: the first desk does nothing more. A second one
			// starts on the same training database.
			h2 := newHarness(t, lang, false, settings)
			h2.app.deps.TrainingStore, h2.tdb = h.tdb, h.tdb
			h2.app.show("templates")
			h2.app.show("training")
			recs, err := h.tdb.Attempts(context.Background(), "Nuria")
			if err != nil || len(recs) != 1 {
				t.Fatalf("recorded %d attempts (%v)", len(recs), err)
			}
			r := recs[0]
			// Its answer, then the leave the recovery wrote at the next turn.
			if r.Attempt.Mode != training.Test || len(r.Attempt.Events) != 2 || r.Attempt.Events[0].Turn != turn ||
				r.Attempt.Events[1].Kind != training.EvLeave || r.Attempt.Events[1].Turn == turn ||
				!r.Report.HungUp || r.Report.Passed || r.Report.Complete {
				t.Fatalf("abandoned call recorded as %+v / %+v", r.Attempt, r.Report)
			}
			tc := h2.app.trainingContent()
			prog := tc.Progress("Nuria", recs, nil)
			i := slices.IndexFunc(prog.Tracks, func(tp training.TrackProgress) bool { return tp.Track == "billing_1" })
			if i < 0 || len(prog.Tracks[i].Counted) != 1 || prog.Tracks[i].Counted[0].Attempt != r.Attempt.ID || prog.Tracks[i].Counted[0].Passed {
				t.Fatalf("progress: %+v", prog.Tracks)
			}
			body := h2.app.t.N("training.ui.abandoned.body", 1, nil)
			ov := h2.app.Window().Canvas().Overlays().Top()
			if ov == nil || !strings.Contains(strings.Join(texts(ov), " "), body) {
				t.Fatal("the trainee is not told the unfinished test call was recorded")
			}
			test.Tap(findButton(ov, h2.app.t.S("dialog.ok")))

			// Told once: opening training again says nothing more.
			h2.app.show("templates")
			h2.app.show("training")
			if ov := h2.app.Window().Canvas().Overlays().Top(); ov != nil && strings.Contains(strings.Join(texts(ov), " "), body) {
				t.Fatal("told again")
			}
			if recs, _ := h.tdb.Attempts(context.Background(), "Nuria"); len(recs) != 1 {
				t.Fatalf("recorded %d attempts after opening training again", len(recs))
			}
		})
	}
}

// A test call answered to its last turn and then lost with the app (a
// crash, the power cut) before Finish is recorded at the next start with
// its own grade, complete: it was not cut short, and the trainee is not
// told it was. When it completes the track's rule, the certificate is
// issued then, as Finish would have issued it; nothing else would, short
// of another test call.
func TestTrainingTestCallAnsweredToTheEndThenKilledIsRecordedAndCertifies(t *testing.T) {
	settings := map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"}
	h := newHarness(t, locales.ES, false, settings)
	// Four passing test calls on billing_1: promo_expired is the fifth of
	// its 4-of-5 rule.
	h.seedPassedTests("Nuria", "bill_payment", "balance_past_due", "cash_payment_pending", "mailed_check")
	s := h.pickScenario("billing_1", "promo_expired", training.Test, locales.ES)
	h.tap(h.app.t.S("training.ui.start"))
	h.playWith(s, nil)
	if !s.sess.Done() {
		t.Fatal("the call is not over")
	}

	// The kill, before Finish; a second desk on the same training database.
	h2 := newHarness(t, locales.ES, false, settings)
	h2.app.deps.TrainingStore, h2.tdb = h.tdb, h.tdb
	h2.app.show("training")
	recs, err := h.tdb.Attempts(context.Background(), "Nuria")
	if err != nil || len(recs) != 5 {
		t.Fatalf("recorded %d attempts (%v)", len(recs), err)
	}
	last := slices.IndexFunc(recs, func(r training.Record) bool { return r.Attempt.Scenario == "promo_expired" })
	if r := recs[last].Report; !r.Complete || !r.Passed || r.HungUp {
		t.Fatalf("recorded as %+v", r)
	}
	ov := h2.app.Window().Canvas().Overlays().Top()
	if ov == nil {
		t.Fatal("the trainee is not told the test call was recorded")
	}
	told := strings.Join(strings.Fields(strings.Join(texts(ov), " ")), " ")
	if strings.Contains(told, h2.app.t.N("training.ui.abandoned.body", 1, nil)) {
		t.Errorf("a call answered to its end is told as cut short: %s", told)
	}
	if want := h2.app.t.N("training.ui.recovered.body", 1, nil); !strings.Contains(told, want) {
		t.Errorf("told %q, want %q", told, want)
	}
	certs, err := h.tdb.Certificates(context.Background(), "Nuria")
	if err != nil || len(certs) != 1 || certs[0].Track != "billing_1" {
		t.Fatalf("certificates %+v (%v)", certs, err)
	}
	test.Tap(findButton(ov, h2.app.t.S("dialog.ok")))
	h2.mustHave(h2.app.t.S("training.ui.certificate_pdf"))
}

// Only a test call is kept while under way, with each answer, and it
// stops being under way when it is recorded, or left before any answer;
// a practice call dropped on close stays dropped.
func TestTrainingOnlyTestCallsAreKeptUnderWay(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	tr, ctx := h.app.t, context.Background()
	open := func(want, events int) {
		t.Helper()
		got, err := h.tdb.OpenAttempts(ctx, "Nuria")
		if err != nil || len(got) != want || (want > 0 && len(got[0].Events) != events) {
			t.Fatalf("under way: %+v (%v), want %d with %d events", got, err, want, events)
		}
	}
	s := h.pickScenario("billing_1", "promo_expired", training.Practice, locales.EN)
	h.tap(tr.S("training.ui.start"))
	h.playOne(s)
	open(0, 0)
	h.tap(tr.S("training.ui.quit"))

	s = h.pickScenario("billing_1", "promo_expired", training.Test, locales.EN)
	h.tap(tr.S("training.ui.start"))
	open(1, 0)
	h.playOne(s)
	open(1, 1)
	h.play(s, func(int) string { return "" })
	h.tap(tr.S("training.ui.finish"))
	open(0, 0)
	recs, _ := h.tdb.Attempts(ctx, "Nuria")
	if len(recs) != 1 || !recs[0].Report.Complete {
		t.Fatalf("finished test call recorded as %+v", recs)
	}
	h.tap(tr.S("training.ui.back"))

	h.pickScenario("billing_1", "promo_expired", training.Test, locales.EN)
	h.tap(tr.S("training.ui.start"))
	h.tap(tr.S("training.ui.quit"))
	open(0, 0)
}

// The brief is what the trainee reads first: the call screen shows it
// beside the caller, in the interface language like the caller's
// description, whatever language the call is in. It was written for
// every scenario and only `agentctl drill play` showed it.
func TestTrainingCallShowsTheBrief(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco", cases.KeyUILang: "en"})
	h.pickScenario("billing_1", "promo_expired", training.Practice, locales.ES)
	h.tap(h.app.t.S("training.ui.start"))
	h.mustHave(h.app.t.D("training.ui.brief", map[string]any{"Brief": "The caller's bill is higher this month and they don't remember changing anything."}))
}
