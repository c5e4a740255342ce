package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/locales"
	"agentdesk/speech"
	"agentdesk/training"
)

// Hearing the customer: with the setting on, each new line of the
// simulated caller is read aloud by the computer's offline speech engine,
// in the call's language and with a voice of the persona's gender, and a
// replay button says the last line again. Off by default: a contact centre
// floor is not the place for a program that starts talking. Where no
// engine is installed the setting says so and stays off.

// settingSpeak is the workstation setting ("on" or empty).
const settingSpeak = "training.speak_customer"

// trainingVoice is the screen's speech state.
type trainingVoice struct {
	engine speech.Voice
	loaded bool // the setting has been read
	on     bool
	// heard is the last line handed to the engine, so that redrawing the
	// screen (a hint, a typed figure) does not say it again.
	heard string
	last  speech.Utterance
	stop  context.CancelFunc
}

func (s *trainingScreen) speakOn() bool {
	v := &s.voice
	if !v.loaded {
		v.loaded = true
		if val, err := s.a.deps.Settings.GetSetting(s.a.ctx, settingSpeak); err == nil {
			v.on = val == "on"
		}
	}
	return v.on && v.engine != nil && v.engine.Available()
}

func (s *trainingScreen) setSpeak(on bool) {
	s.voice.loaded, s.voice.on = true, on
	val := ""
	if on {
		val = "on"
	}
	if err := s.a.deps.Settings.SetSetting(s.a.ctx, settingSpeak, val); err != nil {
		s.status = s.a.errorText(err)
		s.refresh()
	}
	if !on {
		s.stopSpeaking()
	}
}

// voiceSetting is the setting as the picker shows it: a check, and why it
// cannot be turned on when no engine is there.
func (s *trainingScreen) voiceSetting() (fyne.CanvasObject, fyne.CanvasObject) {
	t := s.a.t
	on := s.speakOn()
	check := widget.NewCheck(t.S("training.ui.voice.check"), nil)
	check.SetChecked(on)
	check.OnChanged = s.setSpeak
	note := widget.NewLabel(t.S("training.ui.voice.hint"))
	if s.voice.engine == nil || !s.voice.engine.Available() {
		check.SetChecked(false)
		check.Disable()
		note.Text = t.S("training.ui.voice.missing")
		note.Importance = widget.WarningImportance
	} else {
		note.Importance = widget.LowImportance
	}
	note.Wrapping = fyne.TextWrapWord
	return check, note
}

// replayButton says the caller's last line again; nil while the setting
// is off.
func (s *trainingScreen) replayButton() fyne.CanvasObject {
	if !s.speakOn() {
		return nil
	}
	return widget.NewButtonWithIcon(s.a.t.S("training.ui.voice.replay"), theme.MediaReplayIcon(), func() {
		if s.voice.last.Text != "" {
			s.say(s.voice.last)
		}
	})
}

// hear hands the caller's new words (their reaction to the last answer,
// then their next line) to the engine, once per turn.
func (s *trainingScreen) hear(l locales.Lang, persona training.PersonaView, pos int, lines ...string) {
	var said []string
	for _, x := range lines {
		if x = strings.TrimSpace(x); x != "" {
			said = append(said, x)
		}
	}
	text := strings.Join(said, " ")
	key := fmt.Sprintf("%d|%s", pos, text)
	if text == "" || key == s.voice.heard {
		return
	}
	s.voice.heard = key
	s.voice.last = speech.Utterance{Lang: string(l), Female: persona.Gender == training.Female, Text: text}
	if s.speakOn() {
		s.say(s.voice.last)
	}
}

// say speaks u in the background, cutting short whatever was being said.
func (s *trainingScreen) say(u speech.Utterance) {
	s.stopSpeaking()
	ctx, cancel := context.WithCancel(s.a.ctx)
	s.voice.stop = cancel
	engine := s.voice.engine
	go func() {
		err := engine.Say(ctx, u)
		if err == nil || errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return
		}
		// The engine's own words are English whatever the language
		// shown, and a trainee can do nothing with them: they go to the
		// log, for whoever installs the voices.
		s.a.deps.Log.Warn("training: the caller's line was not read aloud", "err", err)
		s.a.do(func() {
			s.status = s.a.t.S("training.ui.voice.failed")
			s.refresh()
		})
	}()
}

func (s *trainingScreen) stopSpeaking() {
	if s.voice.stop != nil {
		s.voice.stop()
		s.voice.stop = nil
	}
}

// forgetHeard makes the next call's first line speak even when it repeats
// the last call's.
func (s *trainingScreen) forgetHeard() {
	s.stopSpeaking()
	s.voice.heard, s.voice.last = "", speech.Utterance{}
}
