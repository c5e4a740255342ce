package training

import (
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"agentdesk/assets"
	"agentdesk/locales"
)

func TestDrillDefaultContentIsValid(t *testing.T) {
	c := content(t)
	if len(c.Scenarios) < 24 {
		t.Errorf("%d scenarios, want at least 24", len(c.Scenarios))
	}
	pb := defaultPlaybook(t)
	// Every call type of the default playbook has a scenario.
	for _, ct := range pb.CallTypes {
		if !slices.Contains(c.CallTypes(), ct.ID) {
			t.Errorf("no scenario for call type %s", ct.ID)
		}
	}
	levels := map[int]int{}
	genders := map[string]int{}
	var branches, failedAuth, supervisor, hangUps, responses int
	for _, sc := range c.Scenarios {
		levels[sc.Difficulty]++
		for _, g := range sc.PersonaGenders() {
			genders[g]++
		}
		if len(sc.PersonaGenders()) == 0 {
			t.Errorf("%s: the persona has no grammatical gender", sc.ID)
		}
		if sc.Persona.Supervisor != "" {
			supervisor++
		}
		for _, turn := range sc.Turns {
			if turn.Branch || turn.When != "" || turn.Unless != "" {
				branches++
			}
			if turn.Response != nil {
				responses++
			}
			for _, ch := range turn.Choices {
				if ch.AuthFails != "" {
					failedAuth++
				}
				if ch.HangsUp {
					hangUps++
				}
			}
		}
		for _, l := range locales.Langs {
			if sc.Say(l, sc.Title) == "" {
				t.Errorf("%s: no %s title", sc.ID, l)
			}
		}
	}
	for lvl := 1; lvl <= 3; lvl++ {
		if levels[lvl] < 4 {
			t.Errorf("difficulty %d: %d scenarios", lvl, levels[lvl])
		}
	}
	// Turns off the straight path: reached through a branch after an
	// answer, or through the draw (a PIN that fails on some calls).
	if genders[Female] < 12 || genders[Male] < 12 || branches < 12 || failedAuth < 3 || supervisor < 3 || hangUps < 3 || responses < 3*len(c.Scenarios) {
		t.Errorf("genders %v, %d branch turns, %d failing authentications, %d supervisor demands, %d hang-ups, %d free responses",
			genders, branches, failedAuth, supervisor, hangUps, responses)
	}
	// The first call the app offers a newcomer stays.
	if c.Scenario("promo_expired") == nil || c.Track("billing_1") == nil || !c.Track("billing_1").Has("promo_expired") {
		t.Error("the demo scenario promo_expired in billing_1 is gone")
	}
	for _, tr := range c.Tracks {
		if c.TrackTitle(&tr, locales.ES) == "" || c.TrackTitle(&tr, locales.EN) == "" {
			t.Errorf("track %s has no title", tr.ID)
		}
		if r := tr.Requirement(); len(tr.Scenarios) >= 5 && (r.Calls != 5 || r.Passes != 4) {
			t.Errorf("track %s: rule %+v, want 4 of 5", tr.ID, r)
		}
	}
	// Every scenario sits in a track.
	for _, sc := range c.Scenarios {
		if !slices.ContainsFunc(c.Tracks, func(tr Track) bool { return tr.Has(sc.ID) }) {
			t.Errorf("%s is in no track", sc.ID)
		}
	}
	if longest, total := c.BestLongestShare(); float64(longest) > MaxBestLongest*float64(total) {
		t.Errorf("best option longest in %d of %d choice turns", longest, total)
	}
}

// LoadDefault skips the robot's replay to start the desktop faster; this
// is where the embedded pack gets it instead, with every seed and day.
func TestEmbeddedContentSelfTest(t *testing.T) {
	// Validate: the robot, and the house style (glossary, plurals) too.
	c, err := Validate(assets.Training(), assets.TrainingDir, defaultPlaybook(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Scenarios) != len(content(t).Scenarios) {
		t.Fatalf("%d scenarios with the self-test, %d without", len(c.Scenarios), len(content(t).Scenarios))
	}
}

// The broken fixtures hold known mistakes; every one is reported at once,
// with its file and line.
func TestDrillBrokenFixturesReportFileLine(t *testing.T) {
	_, err := Load(os.DirFS("testdata/broken"), "testdata/broken", defaultPlaybook(t))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a ValidationError", err)
	}
	want := []struct {
		code, file string
		line       int
	}{
		{"no_expectations", "bad_scenario.toml", 2},
		{"no_spoken_recap", "bad_scenario.toml", 2},
		{"missing_text", "bad_scenario.toml", 3},
		{"unknown_call_type", "bad_scenario.toml", 4},
		{"persona_gender", "bad_scenario.toml", 9},
		{"persona_gender", "bad_scenario.toml", 10},
		{"no_best", "bad_scenario.toml", 17},
		{"unknown_placeholder", "bad_scenario.toml", 20},
		{"bad_grade", "bad_scenario.toml", 24},
		{"no_decision", "bad_scenario.toml", 28},
		{"no_expectations", "bad_refs.toml", 1},
		{"no_spoken_recap", "bad_refs.toml", 1},
		{"persona_gender", "bad_refs.toml", 8},
		{"persona_gender", "bad_refs.toml", 9},
		{"dangling_ref", "bad_refs.toml", 19},
		{"bad_kind", "bad_refs.toml", 19},
		{"dangling_ref", "bad_refs.toml", 32},
		{"weights_sum", "rubric.toml", 6},
		{"missing_weight", "rubric.toml", 6},
		{"missing_weight", "rubric.toml", 6},
		{"unknown_criterion", "rubric.toml", 15},
		{"dangling_ref", "tracks.toml", 4},
		{"bad_value", "rubric.toml", 4},
		{"duplicate_id", "tracks.toml", 9},
	}
	if len(ve.Issues) != len(want) {
		t.Errorf("got %d issues, want %d:\n%v", len(ve.Issues), len(want), strings.ReplaceAll(ve.Error(), "; ", "\n"))
	}
	for _, w := range want {
		file := "testdata/broken/" + w.file
		if !slices.ContainsFunc(ve.Issues, func(is Issue) bool { return is.Code == w.code && is.File == file && is.Line == w.line }) {
			t.Errorf("missing %s at %s:%d", w.code, file, w.line)
		}
	}
}

// minimal is a small valid scenario the table below breaks one way at a
// time.
const minimal = `id = "mini"
title = { es = "Mini", en = "Mini" }
call_type = "bill_payment"
difficulty = 1

[persona]
name = "who"
description = { es = "{{who}} llama para pagar.", en = "{{who}} calls to pay." }
mood = { es = "Con calma", en = "Calm" }

[[var]]
name = "who"
kind = "person"
female = ["Ana Ruiz"]
male = ["Luis Vega"]

[[var]]
name = "balance"
kind = "money"
min = 10
max = 90

[[var]]
name = "paid"
kind = "money"
min = 1
max = 9

[[calc]]
name = "after"
fn = "sub"
args = ["balance", "paid"]

[[turn]]
id = "hello"
step = "introduction"
say = { es = "Hola.", en = "Hello." }

[turn.response]
prompt = { es = "Salude.", en = "Greet the caller." }
model = { es = "Gracias por llamar a {{company}}.", en = "Thanks for calling {{company}}." }

[[turn.response.element]]
id = "company"
label = { es = "Nombra la empresa", en = "Names the company" }
es = ["{{company}}"]
en = ["{{company}}"]

[[turn]]
id = "plan"
step = "expectations"
say = { es = "Quiero pagar.", en = "I want to pay." }

[[turn.choice]]
id = "agenda"
grade = "best"
label = { es = "Explicar los pasos", en = "Explain the steps" }
feedback = { es = "Bien", en = "Good" }

[[turn.choice]]
id = "silence"
grade = "poor"
label = { es = "Esperar sin decir nada", en = "Wait without a word" }
feedback = { es = "Mal", en = "Bad" }

[[turn]]
id = "verify"
step = "authentication"
say = { es = "Soy {{who}}.", en = "I'm {{who}}." }

[[turn.choice]]
id = "pin"
grade = "best"
label = { es = "Pedir el PIN", en = "Ask for the PIN" }
feedback = { es = "Bien", en = "Good" }
authenticates = "pin"
asks = ["bill_payment.amount"]
checks = ["bill_payment.balance_due"]

[[turn.choice]]
id = "skip"
grade = "violation"
label = { es = "Seguir sin verificar", en = "Go on without verifying" }
feedback = { es = "Mal", en = "Bad" }
skips_auth = true

[[turn]]
id = "after"
step = "education"
say = { es = "¿Cuánto queda?", en = "How much is left?" }

[turn.entry]
kind = "money"
prompt = { es = "Saldo", en = "Balance" }
expect = "after"

[[turn]]
id = "pay"
step = "education"
say = { es = "Pague {{paid}}.", en = "Pay {{paid}}." }

[[turn.choice]]
id = "take"
grade = "best"
label = { es = "Cobrar", en = "Take it" }
feedback = { es = "Bien", en = "Good" }
action = "payment_taken"

[[turn]]
id = "said"
step = "summary"
say = { es = "Listo.", en = "Done." }

[turn.response]
prompt = { es = "Resuma.", en = "Recap." }
model = { es = "Pagó {{paid}}. ¿Algo más?", en = "You paid {{paid}}. Anything else?" }

[[turn.response.element]]
id = "paid"
label = { es = "Dice el pago", en = "Says the payment" }
figure = "paid"

[[turn]]
id = "recap"
step = "summary"
say = { es = "Gracias.", en = "Thanks." }

[turn.entry]
kind = "note"
prompt = { es = "Nota", en = "Note" }
model = { es = "Pago recibido y saldo informado.", en = "Payment taken and balance given." }
terms = [{ es = "pago", en = "payment" }]

[[turn]]
id = "bye"
step = "closing"
say = { es = "Adiós.", en = "Bye." }

[[turn.choice]]
id = "close"
grade = "best"
label = { es = "Cerrar", en = "Close" }
feedback = { es = "Bien", en = "Good" }
closes = "billing.payment_made"

[expect]
questions = ["bill_payment.amount"]
checks = ["bill_payment.balance_due"]
actions = ["payment_taken"]
reason_codes = ["billing.payment_made"]
minutes = 5
`

func TestDrillValidationTable(t *testing.T) {
	pb := defaultPlaybook(t)
	if _, err := LoadScenario([]byte(minimal), "mini.toml", pb); err != nil {
		t.Fatalf("the minimal scenario must load: %v", err)
	}
	// A gender form agrees by construction.
	ok := strings.Replace(minimal, `say = { es = "Soy {{who}}.", en = "I'm {{who}}." }`, `say = { es = "Soy {{who}}, estoy {{seguro|segura}}.", en = "I'm {{who}}, I'm sure." }`, 1)
	if _, err := LoadScenario([]byte(ok), "mini.toml", pb); err != nil {
		t.Fatalf("a gender form is refused: %v", err)
	}
	tests := []struct {
		name, old, new, code string
		line                 int
	}{
		{"missing English", `title = { es = "Mini", en = "Mini" }`, `title = { es = "Mini" }`, "missing_text", 2},
		{"missing Spanish", `say = { es = "¿Cuánto queda?", en = "How much is left?" }`, `say = { en = "How much is left?" }`, "missing_text", 0},
		{"unknown call type", `call_type = "bill_payment"`, `call_type = "bill_paymnet"`, "unknown_call_type", 3},
		{"difficulty", `difficulty = 1`, `difficulty = 4`, "bad_value", 4},
		{"dangling value", `expect = "after"`, `expect = "afterwards"`, "dangling_ref", 0},
		{"dangling check", `checks = ["bill_payment.balance_due"]`, `checks = ["bill_payment.nope"]`, "dangling_ref", 0},
		{"dangling reason code", `closes = "billing.payment_made"`, `closes = "billing.nope"`, "dangling_ref", 0},
		{"bad grade", `grade = "violation"`, `grade = "terrible"`, "bad_grade", 0},
		{"no best", "id = \"close\"\ngrade = \"best\"", "id = \"close\"\ngrade = \"acceptable\"", "no_best", 0},
		{"unknown placeholder", `say = { es = "Pague {{paid}}.", en = "Pay {{paid}}." }`, `say = { es = "Pague {{payd}}.", en = "Pay {{payd}}." }`, "unknown_placeholder", 0},
		{"placeholder mismatch", `say = { es = "Pague {{paid}}.", en = "Pay {{paid}}." }`, `say = { es = "Pague {{paid}}.", en = "Pay {{balance}}." }`, "placeholder_mismatch", 0},
		{"entry kind mismatch", `kind = "money"
prompt`, `kind = "date"
prompt`, "bad_kind", 0},
		{"calc arity", `args = ["balance", "paid"]`, `args = ["balance"]`, "calc_args", 0},
		{"no decision", "[[turn.choice]]\nid = \"take\"", "[[ignored]]\nid = \"take\"", "no_decision", 0},
		{"unknown key", `minutes = 5`, "minutes = 5\nminuets = 6", "unknown_key", 0},
		{"syntax", `difficulty = 1`, `difficulty = `, "syntax", 4},
		{"violation without a blocker", `skips_auth = true`, `authenticates = "pin"`, "violation_without_blocker", 0},
		{"best path short of 100", `actions = ["payment_taken"]`, `actions = ["payment_taken", "autopay_set_up"]`, "best_path_short", 1},
		{"model note without its terms", `terms = [{ es = "pago", en = "payment" }]`, `terms = [{ es = "recibo", en = "receipt" }]`, "model_misses_term", 0},
		{"amount on an action without amounts", `action = "payment_taken"`, "action = \"payment_taken\"\namount = 5", "bad_value", 0},
		{"range", "min = 10\nmax = 90", "min = 90\nmax = 10", "bad_range", 0},
		{"calc arity of another function", `fn = "sub"`, `fn = "prorate_net"`, "calc_args", 0},
		{"draw out of the cycle", "[[calc]]\nname = \"after\"", `[[var]]
name = "start"
kind = "date"
min = -5
max = -5

[[var]]
name = "change"
kind = "date"
min = 40
max = 40

[[calc]]
name = "end"
fn = "add_months"
args = ["start"]
n = 1

[[calc]]
name = "bad"
fn = "prorate_net"
args = ["start", "end", "change", "balance", "paid"]

[[calc]]
name = "after"`, "draw_failed", 0},
		// Persona gender: a fixed form where the persona can be either.
		{"persona not a person", "kind = \"person\"\nfemale = [\"Ana Ruiz\"]\nmale = [\"Luis Vega\"]", "kind = \"text\"\nvalues = [\"Ana Ruiz\"]", "bad_kind", 0},
		{"feminine mood", `mood = { es = "Con calma", en = "Calm" }`, `mood = { es = "Tranquila", en = "Calm" }`, "persona_gender", 9},
		{"masculine line", `say = { es = "Soy {{who}}.", en = "I'm {{who}}." }`, `say = { es = "Soy {{who}}, estoy seguro.", en = "I'm {{who}}, I'm sure." }`, "persona_gender", 0},
		{"English pronoun in the description", `en = "{{who}} calls to pay." }`, `en = "{{who}} calls to pay her bill." }`, "persona_gender", 8},
		{"bad gender form", `say = { es = "Soy {{who}}.", en = "I'm {{who}}." }`, `say = { es = "Soy {{who}}, {{seguro|segura|x}}.", en = "I'm {{who}}." }`, "bad_gender_form", 0},
		// The flow.
		{"no expectations", `step = "expectations"`, `step = "acknowledgement"`, "no_expectations", 1},
		{"no spoken recap", "id = \"said\"\nstep = \"summary\"", "id = \"said\"\nstep = \"education\"", "no_spoken_recap", 1},
		{"dangling next", "id = \"pay\"\nstep = \"education\"", "id = \"pay\"\nstep = \"education\"\nnext = \"nowhere\"", "dangling_ref", 0},
		{"cycle", "id = \"pay\"\nstep = \"education\"", "id = \"pay\"\nstep = \"education\"\nnext = \"verify\"", "turn_cycle", 0},
		{"unreachable branch", "id = \"pay\"\nstep = \"education\"", "id = \"pay\"\nstep = \"education\"\nbranch = true", "unreachable_turn", 0},
		{"condition on a money value", "id = \"pay\"\nstep = \"education\"", "id = \"pay\"\nstep = \"education\"\nwhen = \"paid\"", "bad_kind", 0},
		{"supervisor turn not a branch", `mood = { es = "Con calma", en = "Calm" }`, "mood = { es = \"Con calma\", en = \"Calm\" }\nsupervisor_turn = \"pay\"", "supervisor_not_branch", 0},
		{"chance out of range", "[[calc]]\nname = \"after\"", "[[var]]\nname = \"lucky\"\nkind = \"bool\"\nchance = 1.5\n\n[[calc]]\nname = \"after\"", "bad_value", 0},
		{"unit without a plural", "[[calc]]\nname = \"after\"", "[[var]]\nname = \"years\"\nkind = \"int\"\nmin = 1\nmax = 3\nunit = { es = \"año\", en = \"year|years\" }\n\n[[calc]]\nname = \"after\"", "bad_value", 0},
		// Free responses.
		{"element without phrases", "label = { es = \"Dice el pago\", en = \"Says the payment\" }\nfigure = \"paid\"", "label = { es = \"Dice el pago\", en = \"Says the payment\" }", "element_no_phrase", 0},
		{"element kind", "id = \"paid\"\nlabel", "id = \"paid\"\nkind = \"should\"\nlabel", "bad_value", 0},
		{"blocker on a must", "figure = \"paid\"", "figure = \"paid\"\nblocker = \"volunteered_data\"", "bad_value", 0},
		{"model misses an element", `model = { es = "Pagó {{paid}}. ¿Algo más?", en = "You paid {{paid}}. Anything else?" }`, `model = { es = "Gracias. ¿Algo más?", en = "Thanks. Anything else?" }`, "model_misses_element", 0},
		{"model in tú", `model = { es = "Pagó {{paid}}. ¿Algo más?", en = "You paid {{paid}}. Anything else?" }`, `model = { es = "Pagaste {{paid}}. ¿Algo más?", en = "You paid {{paid}}. Anything else?" }`, "model_not_usted", 0},
		{"figure of a text value", "figure = \"paid\"", "figure = \"who\"", "bad_kind", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(minimal, tt.old) {
				t.Fatalf("fixture text %q not found", tt.old)
			}
			text := strings.Replace(minimal, tt.old, tt.new, 1)
			_, err := LoadScenario([]byte(text), "mini.toml", pb)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a ValidationError", err)
			}
			i := slices.IndexFunc(ve.Issues, func(is Issue) bool { return is.Code == tt.code })
			if i < 0 {
				t.Fatalf("no %s in %v", tt.code, ve.Issues)
			}
			is := ve.Issues[i]
			if is.File != "mini.toml" || is.Line <= 0 || (tt.line > 0 && is.Line != tt.line) {
				t.Errorf("%s at %s:%d, want line %d", tt.code, is.File, is.Line, tt.line)
			}
			// The line given must be the one with the mistake, or its
			// element's header, never a line of another element.
			if tt.line == 0 {
				lines := strings.Split(text, "\n")
				if is.Line > len(lines) {
					t.Errorf("line %d beyond the file", is.Line)
				}
			}
		})
	}
}

// A pack whose best options are the longest is refused, with each turn to
// rewrite at its line; the same scenario on its own is not a pack.
func TestDrillBestLongestPack(t *testing.T) {
	pb := defaultPlaybook(t)
	_, err := Load(os.DirFS("testdata/longest"), "testdata/longest", pb)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	codes := map[string][]int{}
	for _, is := range ve.Issues {
		codes[is.Code] = append(codes[is.Code], is.Line)
	}
	if len(codes["best_longest_pack"]) != 1 || !slices.Equal(codes["best_longest"], []int{52, 69}) || len(ve.Issues) != 3 {
		t.Fatalf("issues %v", ve.Issues)
	}
	data, _ := os.ReadFile("testdata/longest/longest.toml")
	if _, err := LoadScenario(data, "longest.toml", pb); err != nil {
		t.Fatalf("one scenario alone is not held to the pack's share: %v", err)
	}
	// Two fine turns among three keep a pack at 33%.
	if _, err := Load(fstest.MapFS{"a.toml": {Data: []byte(minimal)}}, "fine", pb); err != nil {
		t.Fatal(err)
	}
}

// A folder without rubric.toml is graded with the embedded rubric; a folder
// with no files is an issue, not a crash.
func TestDrillLoadFolders(t *testing.T) {
	pb := defaultPlaybook(t)
	c, err := Load(fstest.MapFS{"mini.toml": {Data: []byte(minimal)}}, "custom", pb)
	if err != nil {
		t.Fatal(err)
	}
	if c.CurrentRubric().Version != content(t).CurrentRubric().Version {
		t.Errorf("rubric %q", c.CurrentRubric().Version)
	}
	_, err = Load(fstest.MapFS{}, "empty", pb)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Issues[0].Code != "no_files" {
		t.Fatalf("empty folder: %v", err)
	}
	dup := fstest.MapFS{"a.toml": {Data: []byte(minimal)}, "b.toml": {Data: []byte(minimal)}}
	if _, err := Load(dup, "dup", pb); !errors.As(err, &ve) || ve.Issues[0].Code != "duplicate_id" || ve.Issues[0].File != "dup/b.toml" {
		t.Fatalf("duplicate scenario IDs: %v", err)
	}
}

// drill validate holds scenarios to the house style with file:line: a
// glossary variant, a fixed plural beside a count, a gender the persona
// cannot follow. Loading for play (Load) keeps only what breaks the
// call, the gender.
func TestDrillStyleFixture(t *testing.T) {
	pb := defaultPlaybook(t)
	_, err := Validate(os.DirFS("testdata/style"), "testdata/style", pb)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	want := []struct {
		code string
		line int
	}{{"glossary", 6}, {"fixed_plural", 12}, {"persona_gender", 13}}
	if len(ve.Issues) != len(want) {
		t.Fatalf("issues %v", ve.Issues)
	}
	for i, w := range want {
		if is := ve.Issues[i]; is.Code != w.code || is.Line != w.line || is.File != "testdata/style/style.toml" {
			t.Errorf("issue %d: %v, want %s at line %d", i, is, w.code, w.line)
		}
	}
	if ve.Issues[0].Args["Use"] != "mensualidad" || ve.Issues[1].Args["Text"] != "{{years}} años" {
		t.Errorf("args %v %v", ve.Issues[0].Args, ve.Issues[1].Args)
	}
	_, err = Load(os.DirFS("testdata/style"), "testdata/style", pb)
	if !errors.As(err, &ve) || len(ve.Issues) != 1 || ve.Issues[0].Code != "persona_gender" {
		t.Fatalf("Load: %v", err)
	}
}

// A closing choice that names its reason code quotes the code's title as
// the desk shows it, so the trainee looks for the same words on the close
// form; a shortened name would send them hunting for a code that is not
// there.
func TestClosingLabelsQuoteTheReasonCodeTitle(t *testing.T) {
	pb := defaultPlaybook(t)
	es := regexp.MustCompile(`«([^»]*)»\.?$`)
	en := regexp.MustCompile(`(?i)close as "([^"]*)"\.?$`)
	for _, sc := range content(t).Scenarios {
		for _, turn := range sc.Turns {
			for _, c := range turn.Choices {
				if c.Closes == "" {
					continue
				}
				rc := pb.ReasonCode(c.Closes)
				if rc == nil {
					t.Errorf("%s/%s/%s: unknown reason code %q", sc.ID, turn.ID, c.ID, c.Closes)
					continue
				}
				if m := es.FindStringSubmatch(c.Label.ES); m == nil || m[1] != rc.Title.ES {
					t.Errorf("%s/%s/%s: es label %q, want it to end «%s»", sc.ID, turn.ID, c.ID, c.Label.ES, rc.Title.ES)
				}
				if m := en.FindStringSubmatch(c.Label.EN); m == nil || m[1] != rc.Title.EN {
					t.Errorf("%s/%s/%s: en label %q, want it to end %q", sc.ID, turn.ID, c.ID, c.Label.EN, rc.Title.EN)
				}
			}
		}
	}
}

// A content issue's numbers are written the language's way.
func TestIssueTextWritesNumbersInTheLanguage(t *testing.T) {
	is := Issue{File: "x.toml", Line: 3, Code: "best_path_short", Args: map[string]any{"Total": 96.5, "Criteria": "greeting (es)"}}
	if got := IssueText(locales.New(locales.ES), is); !strings.Contains(got, "96,5") || strings.Contains(got, "96.5") {
		t.Errorf("es: %q", got)
	}
	if got := IssueText(locales.New(locales.EN), is); !strings.Contains(got, "96.5") {
		t.Errorf("en: %q", got)
	}
}
