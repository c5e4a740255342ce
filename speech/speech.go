// Package speech reads a line aloud with the computer's own offline speech
// engine, so a trainee can hear the simulated customer as on a real call:
// espeak-ng on Linux, the system voices through PowerShell's System.Speech
// on Windows. Nothing leaves the machine, and nothing is installed by the
// program: when no engine is there, Available says so and the caller shows
// it instead of failing.
//
// The text always goes to the engine on its standard input, never on the
// command line, so a customer's line is never read as an option.
package speech

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
)

// Utterance is one line to say.
type Utterance struct {
	// Lang is "es" (neutral Latin-American Spanish) or "en" (US English).
	Lang string
	// Female picks a female voice where the engine has one, so the voice
	// agrees with the persona the Spanish lines agree with.
	Female bool
	Text   string
}

// Voice speaks. Say blocks until the line is said or ctx is done.
type Voice interface {
	Available() bool
	Say(ctx context.Context, u Utterance) error
}

// ErrUnavailable is returned by Say when no engine was found.
var ErrUnavailable = errors.New("speech: no offline speech engine")

// Engine kinds.
const (
	EspeakNG    = "espeak-ng"
	Espeak      = "espeak" // the older engine, same options
	SystemSpeak = "system.speech"
)

// Engine is an offline speech engine run as a program.
type Engine struct {
	kind string
	path string
	// run starts the program and waits for it; tests replace it.
	run func(ctx context.Context, path string, args []string, stdin string) error
}

// System finds the engine of this computer. The result may be unavailable.
func System() *Engine {
	return detect(runtime.GOOS, exec.LookPath)
}

func detect(goos string, look func(string) (string, error)) *Engine {
	e := &Engine{run: runProgram}
	switch goos {
	case "windows":
		if p, err := look("powershell.exe"); err == nil {
			e.kind, e.path = SystemSpeak, p
		}
	default:
		for _, k := range []string{EspeakNG, Espeak} {
			if p, err := look(k); err == nil {
				e.kind, e.path = k, p
				break
			}
		}
	}
	return e
}

// Available reports whether an engine was found.
func (e *Engine) Available() bool { return e != nil && e.kind != "" }

// Kind is the engine found (EspeakNG, Espeak, SystemSpeak), or "".
func (e *Engine) Kind() string {
	if e == nil {
		return ""
	}
	return e.kind
}

// Say reads u aloud and returns when it is said, or when ctx is done (the
// engine is stopped then, so a new line never talks over the last one).
func (e *Engine) Say(ctx context.Context, u Utterance) error {
	if !e.Available() {
		return ErrUnavailable
	}
	text := clean(u.Text)
	if text == "" {
		return nil
	}
	if err := e.run(ctx, e.path, e.args(u), text); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("speech: %s: %w", e.kind, err)
	}
	return nil
}

// args are the engine's options for u; the text goes on standard input.
func (e *Engine) args(u Utterance) []string {
	if e.kind == SystemSpeak {
		return []string{"-NoProfile", "-NonInteractive", "-Command", powershellScript(u)}
	}
	// es-419 is espeak-ng's Latin-American Spanish, en-us its US English;
	// the +f3/+m3 variants give the persona's voice. 160 words a minute is
	// an unhurried caller.
	voice := "es-419"
	if u.Lang == "en" {
		voice = "en-us"
	}
	if u.Female {
		voice += "+f3"
	} else {
		voice += "+m3"
	}
	return []string{"-v", voice, "-s", "160", "--stdin"}
}

// powershellScript asks System.Speech for a voice of the line's culture and
// gender (Windows falls back to its default voice when it has none) and
// reads standard input as UTF-8, so accents arrive intact.
func powershellScript(u Utterance) string {
	culture, gender := "es-MX", "Male"
	if u.Lang == "en" {
		culture = "en-US"
	}
	if u.Female {
		gender = "Female"
	}
	return strings.Join([]string{
		"[Console]::InputEncoding = [System.Text.Encoding]::UTF8",
		"Add-Type -AssemblyName System.Speech",
		"$s = New-Object System.Speech.Synthesis.SpeechSynthesizer",
		"try { $s.SelectVoiceByHints([System.Speech.Synthesis.VoiceGender]::" + gender +
			", [System.Speech.Synthesis.VoiceAge]::Adult, 0, [System.Globalization.CultureInfo]::new('" + culture + "')) } catch {}",
		"$s.Speak([Console]::In.ReadToEnd())",
	}, "; ")
}

// clean keeps what a voice should read: the quotation marks a line is
// written with are not spoken, and runs of blanks are one pause.
func clean(s string) string {
	s = strings.NewReplacer("«", "", "»", "", "\"", "", "“", "", "”", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func runProgram(ctx context.Context, path string, args []string, stdin string) error {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = strings.NewReader(stdin)
	hideWindow(cmd)
	out, err := cmd.CombinedOutput()
	if err != nil && len(out) > 0 {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(out)))
	}
	return err
}
