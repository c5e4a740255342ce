package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/speech"
	"agentdesk/training"
)

// fakeVoice records what the screen asks to be said.
type fakeVoice struct {
	available bool
	mu        sync.Mutex
	said      []speech.Utterance
}

func (f *fakeVoice) Available() bool { return f.available }

func (f *fakeVoice) Say(_ context.Context, u speech.Utterance) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.said = append(f.said, u)
	return nil
}

// heard waits for the n-th utterance (speech runs in the background).
func (f *fakeVoice) heard(t *testing.T, n int) speech.Utterance {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		f.mu.Lock()
		if len(f.said) >= n {
			u := f.said[n-1]
			f.mu.Unlock()
			return u
		}
		f.mu.Unlock()
	}
	t.Fatalf("utterance %d never came; said %v", n, f.count())
	return speech.Utterance{}
}

func (f *fakeVoice) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.said)
}

func (h *harness) check(label string) *widget.Check {
	h.t.Helper()
	var found *widget.Check
	walk(h.app.Window().Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == label && found == nil {
			found = c
		}
	})
	if found == nil {
		h.t.Fatalf("no check %q in %q", label, h.texts())
	}
	return found
}

// Hearing the customer is off until the trainee turns it on; then each new
// line of the caller is said once, in the call's language with the
// persona's voice, and the replay button says it again.
func TestTrainingHearTheCustomer(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyCompany: "Telco"})
	h.app.show("training")
	s := h.training()
	voice := &fakeVoice{available: true}
	s.voice = trainingVoice{engine: voice}
	s.track, s.scenario, s.mode, s.lang = "technical_1", "service_outage", training.Practice, locales.ES
	s.refresh()
	h.noMissingKeys()
	say := h.app.t.S("training.ui.voice.check")
	replay := h.app.t.S("training.ui.voice.replay")

	// Off by default: a whole turn goes by in silence, with no replay.
	if h.check(say).Checked {
		t.Fatal("the voice is on by default")
	}
	h.tap(h.app.t.S("training.ui.start"))
	h.playOne(s)
	h.mustNotHave(replay)
	time.Sleep(20 * time.Millisecond)
	if voice.count() != 0 {
		t.Fatalf("spoke with the setting off: %v", voice.said)
	}
	h.tap(h.app.t.S("training.ui.quit"))

	// On: the setting is stored for the workstation.
	test.Tap(h.check(say))
	if v, _ := h.db.GetSetting(context.Background(), settingSpeak); v != "on" {
		t.Fatalf("setting = %q", v)
	}
	h.tap(h.app.t.S("training.ui.start"))
	female := s.sess.Persona(locales.ES).Gender == training.Female
	h.playOne(s) // the greeting: the next turn has the caller's first line
	first := voice.heard(t, 1)
	if first.Text != s.sess.Line(locales.ES) || first.Lang != "es" || first.Female != female {
		t.Fatalf("first line: %+v, want %q (female %v)", first, s.sess.Line(locales.ES), female)
	}
	// A redraw does not say it again; the replay button does.
	s.refresh()
	time.Sleep(20 * time.Millisecond)
	if voice.count() != 1 {
		t.Fatalf("a redraw spoke again: %d", voice.count())
	}
	h.tap(replay)
	if again := voice.heard(t, 2); again != first {
		t.Fatalf("replay: %+v", again)
	}
	// A poor answer: the caller's reaction, then their next line.
	h.answerTurn(s, mustDecision(t, s), func(*training.Turn) string { return training.Poor })
	reaction := voice.heard(t, 3)
	if want := s.sess.Reply(locales.ES) + " " + s.sess.Line(locales.ES); reaction.Text != want || s.sess.Reply(locales.ES) == "" {
		t.Fatalf("after a poor answer: %q, want %q", reaction.Text, want)
	}
}

func mustDecision(t *testing.T, s *trainingScreen) training.Decision {
	t.Helper()
	d, live := s.sess.Decision(s.lang)
	if !live {
		t.Fatal("the call is over")
	}
	return d
}

// Where no speech engine is installed the setting says so and cannot be
// turned on; a setting stored on another computer stays silent here.
func TestTrainingVoiceWithoutAnEngine(t *testing.T) {
	for _, l := range locales.Langs {
		h := newHarness(t, l, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", settingSpeak: "on"})
		h.app.show("training")
		s := h.training()
		voice := &fakeVoice{}
		s.voice = trainingVoice{engine: voice}
		s.track, s.scenario, s.lang = "technical_1", "service_outage", l
		s.refresh()
		c := h.check(h.app.t.S("training.ui.voice.check"))
		if !c.Disabled() || c.Checked {
			t.Fatalf("%s: check enabled %v, checked %v", l, !c.Disabled(), c.Checked)
		}
		h.mustHave(h.app.t.S("training.ui.voice.missing"))
		h.tap(h.app.t.S("training.ui.start"))
		h.playOne(s)
		h.mustNotHave(h.app.t.S("training.ui.voice.replay"))
		time.Sleep(20 * time.Millisecond)
		if voice.count() != 0 {
			t.Fatalf("%s: spoke without an engine", l)
		}
	}
}

// failingVoice is an engine that is there and fails, as espeak-ng does
// without the voice asked for, with its own English words.
type failingVoice struct{}

func (failingVoice) Available() bool { return true }
func (failingVoice) Say(context.Context, speech.Utterance) error {
	return errors.New("speech: espeak-ng: exit status 1: Failed to read voice 'es-419+f3'")
}

// A voice that fails is said in the interface language; the engine's own
// words, in English whatever the language shown, go to the log.
func TestTrainingVoiceFailureIsSaidInTheTraineesLanguage(t *testing.T) {
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", settingSpeak: "on"})
	var log bytes.Buffer
	h.app.deps.Log = slog.New(slog.NewTextHandler(&log, nil))
	queued := make(chan func(), 4)
	h.app.deps.Do = func(f func()) { queued <- f }
	h.app.show("training")
	s := h.training()
	s.voice = trainingVoice{engine: failingVoice{}}
	s.track, s.scenario, s.lang = "technical_1", "service_outage", locales.ES
	s.refresh()
	h.tap(h.app.t.S("training.ui.start"))
	h.playOne(s) // the caller's first line is said, and fails
	select {
	case f := <-queued:
		f()
	case <-time.After(3 * time.Second):
		t.Fatal("the failure never came back to the screen")
	}
	if s.status != h.app.t.S("training.ui.voice.failed") {
		t.Errorf("status %q, want %q", s.status, h.app.t.S("training.ui.voice.failed"))
	}
	h.mustHave(h.app.t.S("training.ui.voice.failed"))
	if !strings.Contains(log.String(), "Failed to read voice") {
		t.Errorf("the engine's detail is not logged: %s", log.String())
	}
}
