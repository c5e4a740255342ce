package training

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"agentdesk/assets"
	"agentdesk/locales"
)

func TestDrillDefaultContentIsValid(t *testing.T) {
	c := content(t)
	if len(c.Scenarios) < 12 {
		t.Fatalf("%d scenarios, want at least 12", len(c.Scenarios))
	}
	pb := defaultPlaybook(t)
	levels := map[int]int{}
	for _, sc := range c.Scenarios {
		levels[sc.Difficulty]++
		if pb.CallType(sc.CallType) == nil {
			t.Errorf("%s: call type %s", sc.ID, sc.CallType)
		}
		for _, l := range locales.Langs {
			if sc.Say(l, sc.Title) == "" {
				t.Errorf("%s: no %s title", sc.ID, l)
			}
		}
	}
	for lvl := 1; lvl <= 3; lvl++ {
		if levels[lvl] < 2 {
			t.Errorf("difficulty %d: %d scenarios", lvl, levels[lvl])
		}
	}
	// The issue's list of situations, each covered by a scenario.
	for _, id := range []string{"bill_payment", "promo_expired", "prorated_plan_change", "ppv_dispute", "cash_payment_pending",
		"payment_declined", "duplicate_charge", "refund_request", "cancellation_retention", "tech_restart", "vip_breakdown", "angry_adjustment"} {
		if c.Scenario(id) == nil {
			t.Errorf("scenario %s missing", id)
		}
	}
	if !c.Scenario("vip_breakdown").Persona.VIP {
		t.Error("the VIP scenario's customer is not VIP")
	}
	if !c.Scenario("angry_adjustment").Expect.Escalate {
		t.Error("the over-authority scenario must expect an escalation")
	}
	for _, tr := range c.Tracks {
		if c.TrackTitle(&tr, locales.ES) == "" || c.TrackTitle(&tr, locales.EN) == "" {
			t.Errorf("track %s has no title", tr.ID)
		}
	}
	if len(c.Tracks) < 3 || c.Track("billing_1") == nil {
		t.Errorf("tracks: %v", c.Tracks)
	}
}

// LoadDefault skips the robot's replay to start the desktop faster; this
// is where the embedded pack gets it instead, with every seed and day.
func TestEmbeddedContentSelfTest(t *testing.T) {
	c, err := Load(assets.Training(), assets.TrainingDir, defaultPlaybook(t))
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
		{"missing_text", "bad_scenario.toml", 3},
		{"unknown_call_type", "bad_scenario.toml", 4},
		{"no_best", "bad_scenario.toml", 17},
		{"unknown_placeholder", "bad_scenario.toml", 20},
		{"bad_grade", "bad_scenario.toml", 24},
		{"no_decision", "bad_scenario.toml", 28},
		{"dangling_ref", "bad_refs.toml", 19},
		{"bad_kind", "bad_refs.toml", 19},
		{"dangling_ref", "bad_refs.toml", 32},
		{"weights_sum", "rubric.toml", 5},
		{"missing_weight", "rubric.toml", 5},
		{"unknown_criterion", "rubric.toml", 14},
		{"dangling_ref", "tracks.toml", 4},
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
description = { es = "Cliente {{who}}", en = "Customer {{who}}" }
mood = { es = "Tranquilo", en = "Calm" }

[[var]]
name = "who"
kind = "text"
values = ["Ana", "Luis"]

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
id = "verify"
step = "authentication"
say = { es = "Hola, soy {{who}}.", en = "Hi, I'm {{who}}." }

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
label = { es = "Omitir", en = "Skip" }
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
name = "after"`, "draw_failed", 46}, // the header of the calc that cannot be drawn
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
