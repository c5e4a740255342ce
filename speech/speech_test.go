package speech

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func lookFor(found ...string) func(string) (string, error) {
	return func(name string) (string, error) {
		if slices.Contains(found, name) {
			return "/usr/bin/" + name, nil
		}
		return "", exec.ErrNotFound
	}
}

func TestDetect(t *testing.T) {
	for _, tt := range []struct {
		goos  string
		found []string
		want  string
	}{
		{"linux", []string{"espeak-ng", "espeak"}, EspeakNG},
		{"linux", []string{"espeak"}, Espeak},
		{"linux", nil, ""},
		{"linux", []string{"powershell.exe"}, ""},
		{"windows", []string{"powershell.exe"}, SystemSpeak},
		{"windows", []string{"espeak-ng"}, ""},
		{"freebsd", []string{"espeak-ng"}, EspeakNG},
	} {
		e := detect(tt.goos, lookFor(tt.found...))
		if e.Kind() != tt.want || e.Available() != (tt.want != "") {
			t.Errorf("%s with %v: kind %q, available %v", tt.goos, tt.found, e.Kind(), e.Available())
		}
	}
}

// Without an engine, saying is a plain, recognisable error, not a crash.
func TestSayWithoutEngine(t *testing.T) {
	e := detect("linux", lookFor())
	if err := e.Say(context.Background(), Utterance{Lang: "es", Text: "Hola"}); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	var none *Engine
	if none.Available() || none.Kind() != "" {
		t.Fatal("a nil engine is available")
	}
}

type call struct {
	path  string
	args  []string
	stdin string
}

func fake(e *Engine, calls *[]call, err error) {
	e.run = func(ctx context.Context, path string, args []string, stdin string) error {
		*calls = append(*calls, call{path, args, stdin})
		return err
	}
}

func TestEspeakVoiceAndInput(t *testing.T) {
	e := detect("linux", lookFor("espeak-ng"))
	var calls []call
	fake(e, &calls, nil)
	for _, u := range []Utterance{
		{Lang: "es", Female: true, Text: "«¿Me lo pueden quitar?»"},
		{Lang: "en", Female: false, Text: "--version  is not an option\n here"},
	} {
		if err := e.Say(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	if len(calls) != 2 {
		t.Fatalf("%d calls", len(calls))
	}
	if got := strings.Join(calls[0].args, " "); got != "-v es-419+f3 -s 160 --stdin" || calls[0].stdin != "¿Me lo pueden quitar?" {
		t.Errorf("es, female: %q with %q", got, calls[0].stdin)
	}
	if got := strings.Join(calls[1].args, " "); got != "-v en-us+m3 -s 160 --stdin" || calls[1].stdin != "--version is not an option here" {
		t.Errorf("en, male: %q with %q", got, calls[1].stdin)
	}
	for _, c := range calls {
		for _, a := range c.args {
			if strings.Contains(a, "version") || strings.Contains(a, "quitar") {
				t.Errorf("the line went on the command line: %v", c.args)
			}
		}
	}
	// An empty line runs nothing.
	if err := e.Say(context.Background(), Utterance{Lang: "es", Text: " « » "}); err != nil || len(calls) != 2 {
		t.Fatalf("empty line: %v, %d calls", err, len(calls))
	}
}

func TestWindowsVoice(t *testing.T) {
	e := detect("windows", lookFor("powershell.exe"))
	var calls []call
	fake(e, &calls, nil)
	if err := e.Say(context.Background(), Utterance{Lang: "es", Female: true, Text: "Buenos días"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Say(context.Background(), Utterance{Lang: "en", Text: "Good morning"}); err != nil {
		t.Fatal(err)
	}
	es, en := strings.Join(calls[0].args, " "), strings.Join(calls[1].args, " ")
	for _, want := range []string{"-NoProfile", "System.Speech", "VoiceGender]::Female", "'es-MX'", "InputEncoding", "ReadToEnd"} {
		if !strings.Contains(es, want) {
			t.Errorf("es script lacks %q: %s", want, es)
		}
	}
	if !strings.Contains(en, "VoiceGender]::Male") || !strings.Contains(en, "'en-US'") || strings.Contains(en, "Good morning") {
		t.Errorf("en script: %s", en)
	}
	if calls[0].stdin != "Buenos días" {
		t.Errorf("stdin %q", calls[0].stdin)
	}
}

func TestSayErrors(t *testing.T) {
	e := detect("linux", lookFor("espeak-ng"))
	var calls []call
	fake(e, &calls, errors.New("no audio device"))
	err := e.Say(context.Background(), Utterance{Lang: "es", Text: "Hola"})
	if err == nil || !strings.Contains(err.Error(), "no audio device") || errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	// A line cut short by a newer one reports the cancellation.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.Say(ctx, Utterance{Lang: "es", Text: "Hola"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled: %v", err)
	}
}

// With espeak-ng installed (make deps installs it), the options this
// package passes are ones the real engine accepts, in both languages and
// both voices: it writes the speech to a file instead of the sound card.
func TestEspeakNGAcceptsTheOptions(t *testing.T) {
	path, err := exec.LookPath(EspeakNG)
	if err != nil {
		t.Skip("espeak-ng is not installed")
	}
	e := &Engine{kind: EspeakNG, path: path}
	for i, u := range []Utterance{
		{Lang: "es", Female: true, Text: "Buenos días, ¿me ayuda con mi factura?"},
		{Lang: "en", Female: false, Text: "Good morning, can you help me with my bill?"},
	} {
		wav := filepath.Join(t.TempDir(), "line.wav")
		cmd := exec.Command(path, append(e.args(u), "-w", wav)...)
		cmd.Stdin = strings.NewReader(clean(u.Text))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%d: %v: %s", i, err, out)
		}
		if st, err := os.Stat(wav); err != nil || st.Size() < 10000 {
			t.Fatalf("%d: no speech written: %v", i, err)
		}
	}
}
