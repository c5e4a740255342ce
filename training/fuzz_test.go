package training

import (
	"encoding/json"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
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
	r := Rubric{Version: "f", PassMark: 80, Weights: map[string]int{"figures": 100}}
	s, err := NewSession(sc, 5, Practice, WithClock(func() time.Time { return testDay }), WithLang(locales.EN), WithRubric(r))
	if err != nil {
		t.Fatalf("loaded but cannot start: %v", err)
	}
	a, err := playBest(s, locales.EN, nil)
	if err != nil {
		t.Fatalf("loaded but cannot be played: %v", err)
	}
	rep, err := Grade(sc, a, r)
	if err != nil || rep.Total < 0 || rep.Total > 100 {
		t.Fatalf("total %v: %v", rep.Total, err)
	}
}

func fuzzSeeds() [][]byte {
	var out [][]byte
	names, _ := fs.Glob(assets.Training(), "*.toml")
	for _, n := range names {
		if n == TracksFile || n == RubricFile {
			continue
		}
		data, _ := fs.ReadFile(assets.Training(), n)
		out = append(out, data)
	}
	data, _ := os.ReadFile("testdata/engine/refund_fixture.toml")
	return append(out, data, []byte(minimal))
}

func FuzzLoadScenario(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Add([]byte("id = \"x\"\n[[turn]]\n[[turn.choice]]\n[turn.entry]\n"))
	pb := defaultPlaybook(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkLoadScenario(t, pb, data) })
}

// checkParseAttempt is the fuzz property of the attempt parser: no panic;
// what it accepts survives a round trip and either grades the same twice
// or is refused the same way twice.
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
	r := Rubric{Version: a.RubricVersion, Weights: map[string]int{"time": 50, "figures": 50}}
	r1, e1 := Grade(sc, a, r)
	r2, e2 := Grade(sc, b, r)
	if gradeCode(e1) != gradeCode(e2) || r1.Total != r2.Total {
		t.Fatalf("round trip changed the grade: %v %v vs %v %v", r1.Total, e1, r2.Total, e2)
	}
}

func FuzzParseAttempt(f *testing.F) {
	sc := fixture(f)
	for _, seed := range []int64{1, 2} {
		data, _ := json.Marshal(bot(f, sc, seed, Practice, locales.ES, nil))
		f.Add(data)
	}
	f.Add([]byte(`{"format":2,"scenario":"refund_fixture","seed":-9,"day":"2026-02-29","mode":"test","lang":"en","rubric_version":"x","events":[{"kind":"retry","turn":""}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) { checkParseAttempt(t, sc, data) })
}

// FuzzJudge: any answer to any free response is judged without a panic,
// with a mark between 0 and 1 and the same judgement twice.
func FuzzJudge(f *testing.F) {
	sc := fixture(f)
	f.Add("explain", "No le puedo hacer el reembolso de 12,50 el 27/11/2026, te lo juro.")
	f.Add("greeting", "Thanks for calling, this is Ana. Your name?")
	f.Add("reason", "$1,234.56 … 1.2.3 // 31/02 noviembre 31st ¿¡")
	f.Fuzz(func(t *testing.T, turn, text string) {
		j1, err := Judge(sc, turn, text, JudgeOptions{Lang: locales.ES, Seed: 1, Day: testDay, Rubric: rubric(t)})
		if err != nil {
			return
		}
		j2, _ := Judge(sc, turn, text, JudgeOptions{Lang: locales.ES, Seed: 1, Day: testDay, Rubric: rubric(t)})
		if j1.Mark < 0 || j1.Mark > 1 || j1.Mark != j2.Mark {
			t.Fatalf("mark %v then %v", j1.Mark, j2.Mark)
		}
	})
}

// The fuzz targets run only under -fuzz; this test applies their properties
// to a few thousand deterministic mutations of the seeds, so the plain test
// run exercises them too.
func TestDrillFuzzPropertiesOnMutations(t *testing.T) {
	pb := defaultPlaybook(t)
	sc := fixture(t)
	rng := rand.New(rand.NewPCG(1, 2))
	seeds := fuzzSeeds()
	attempt, _ := json.Marshal(bot(t, sc, 1, Practice, locales.ES, nil))
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		checkLoadScenario(t, pb, mutate(rng, seeds[i%len(seeds)]))
		checkParseAttempt(t, sc, mutate(rng, attempt))
		text := string(mutate(rng, []byte("Le reembolso 12,50 en cinco días hábiles, el 27 de noviembre. ¿Algo más?")))
		if _, err := Judge(sc, "explain", text, JudgeOptions{Lang: locales.ES, Seed: 1, Day: testDay, Rubric: rubric(t)}); err != nil && err != ErrNotReached {
			t.Fatalf("judge %q: %v", text, err)
		}
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
