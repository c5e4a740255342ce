package training

import (
	"encoding/json"
	"errors"
	"io/fs"
	"math/rand/v2"
	"testing"
	"time"

	"agentdesk/assets"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// checkLoadScenario is the fuzz property: any bytes either fail with a
// ValidationError (every issue with a file and a line) or load into a
// scenario the robot can play and the grader can grade.
func checkLoadScenario(t *testing.T, pb *playbook.Playbook, data []byte) {
	sc, err := LoadScenario(data, "fuzz.toml", pb)
	if err != nil {
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("not a ValidationError: %v", err)
		}
		for _, is := range ve.Issues {
			if is.File == "" || is.Code == "" {
				t.Fatalf("issue without a place or code: %+v", is)
			}
		}
		return
	}
	s, err := NewSession(sc, 5, Practice, WithClock(func() time.Time { return testDay }), WithLang(locales.EN))
	if err != nil {
		t.Fatalf("loaded but cannot start: %v", err)
	}
	a, err := playBest(s, locales.EN, nil)
	if err != nil {
		t.Fatalf("loaded but cannot be played: %v", err)
	}
	if r := Grade(sc, a, Rubric{Version: "f", PassMark: 80, Weights: map[string]int{"figures": 100}}); r.Total < 0 || r.Total > 100 {
		t.Fatalf("total %v", r.Total)
	}
}

func FuzzLoadScenario(f *testing.F) {
	names, _ := fs.Glob(assets.Training(), "*.toml")
	for _, n := range names {
		data, _ := fs.ReadFile(assets.Training(), n)
		f.Add(data)
	}
	f.Add([]byte(minimal))
	f.Add([]byte("id = \"x\"\n[[turn]]\n[[turn.choice]]\n[turn.entry]\n"))
	pb, err := playbook.LoadDefault()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkLoadScenario(t, pb, data) })
}

// checkParseAttempt is the fuzz property of the attempt parser: no panic;
// what it accepts survives a round trip and can be graded.
func checkParseAttempt(t *testing.T, sc *Scenario, data []byte) {
	a, err := ParseAttempt(data)
	if err != nil {
		return
	}
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseAttempt(out)
	if err != nil {
		t.Fatalf("a parsed attempt does not parse again: %v\n%s", err, out)
	}
	if r1, r2 := Grade(sc, a, Rubric{Version: "f", Weights: map[string]int{"time": 50, "figures": 50}}), Grade(sc, b, Rubric{Version: "f", Weights: map[string]int{"time": 50, "figures": 50}}); r1.Total != r2.Total {
		t.Fatalf("round trip changed the grade: %v vs %v", r1.Total, r2.Total)
	}
}

func FuzzParseAttempt(f *testing.F) {
	c, err := LoadDefault()
	if err != nil {
		f.Fatal(err)
	}
	sc := c.Scenario("prorated_plan_change")
	for _, seed := range []int64{1, 2} {
		a := bot(f, sc, seed, Practice, locales.ES, nil)
		data, _ := json.Marshal(a)
		f.Add(data)
	}
	f.Add([]byte(`{"format":1,"scenario":"prorated_plan_change","seed":-9,"day":"2026-02-29","mode":"test","lang":"en","events":[{"kind":"retry","turn":""}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) { checkParseAttempt(t, sc, data) })
}

// The fuzz targets run only under -fuzz; this test applies their properties
// to a few thousand deterministic mutations of the seeds, so the plain test
// run exercises them too.
func TestDrillFuzzPropertiesOnMutations(t *testing.T) {
	pb := defaultPlaybook(t)
	sc := scenario(t, "prorated_plan_change")
	rng := rand.New(rand.NewPCG(1, 2))
	names, _ := fs.Glob(assets.Training(), "*.toml")
	var seeds [][]byte
	for _, n := range names {
		if n == TracksFile || n == RubricFile {
			continue
		}
		data, _ := fs.ReadFile(assets.Training(), n)
		seeds = append(seeds, data)
	}
	attempt, _ := json.Marshal(bot(t, sc, 1, Practice, locales.ES, nil))
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		checkLoadScenario(t, pb, mutate(rng, seeds[i%len(seeds)]))
		checkParseAttempt(t, sc, mutate(rng, attempt))
	}
}

// mutate flips, deletes, duplicates or truncates a few spots: the damage
// real typos and bad merges do.
func mutate(rng *rand.Rand, in []byte) []byte {
	b := append([]byte(nil), in...)
	for k := 1 + rng.IntN(3); k > 0 && len(b) > 0; k-- {
		i := rng.IntN(len(b))
		switch rng.IntN(5) {
		case 0:
			b[i] = byte(rng.IntN(256))
		case 1:
			j := min(len(b), i+1+rng.IntN(40))
			b = append(b[:i], b[j:]...)
		case 2:
			j := min(len(b), i+1+rng.IntN(40))
			b = append(b[:j], append(append([]byte(nil), b[i:j]...), b[j:]...)...)
		case 3:
			b = b[:i]
		case 4:
			digits := []byte("0123456789-.\"[]=")
			b[i] = digits[rng.IntN(len(digits))]
		}
	}
	return b
}
