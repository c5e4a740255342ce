package training

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"agentdesk/locales"
	"agentdesk/locales/localestest"
)

// Every message the package can produce exists in both languages: issue
// codes (found in the source, so a new code cannot ship untranslated),
// criteria in each band, blockers, facts, grades, modes and the simulator.
func TestDrillMessagesExist(t *testing.T) {
	var ids []string
	codeRE := regexp.MustCompile(`add\(.*"([a-z_]+)", (?:map\[string\]any|nil\))`)
	for _, f := range []string{"validate.go", "validate_flow.go", "load.go", "selftest.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range codeRE.FindAllStringSubmatch(string(src), -1) {
			ids = append(ids, "training.err."+m[1])
		}
	}
	if len(ids) < 20 {
		t.Fatalf("found only %d issue codes in the source", len(ids))
	}
	for _, c := range Criteria {
		for _, band := range []string{"title", "full", "partial", "zero", "na"} {
			ids = append(ids, "training.criterion."+c+"."+band)
		}
	}
	for _, b := range BlockerIDs {
		ids = append(ids, "training.blocker."+b+".title", "training.blocker."+b+".explain")
	}
	ids = append(ids, MessagePromisedBeyondAuthority, MessageCardSaid, MessageAuthUnverified, MessageAuthNotVerified, MessageGrantedBeyondAuthority)
	for _, f := range FactKinds {
		ids = append(ids, "training.fact."+f)
	}
	for _, g := range grades {
		ids = append(ids, "training.grade."+g)
	}
	for _, k := range append(slices.Clone(entryKinds), "long") {
		ids = append(ids, (&EntryError{Kind: k}).MessageID())
	}
	ids = append(ids, "training.mode.practice", "training.mode.test", "training.sim.yes", "training.sim.no",
		"training.sim.company", "training.sim.agent", "training.sim.card_note", "training.sim.entry_right",
		"training.sim.entry_wrong", "training.sim.note_complete", "training.sim.note_incomplete",
		"training.sim.response_complete", "training.sim.response_incomplete")
	for _, code := range GradeErrorCodes {
		ids = append(ids, (&GradeError{Code: code}).MessageID())
	}
	ids = append(ids, JudgeMessages...)
	for p := 0; p <= MaxPatience; p++ {
		ids = append(ids, MoodMessage(p))
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, l := range locales.Langs {
		tr := locales.New(l)
		for _, id := range ids {
			if !tr.Has(id) {
				t.Errorf("%s is missing in %s", id, l)
			}
		}
	}
}

// Spanish content speaks to the customer as usted: a tú form in any text
// is a slip. The check is the judge's own list, so what the content says
// and what a trainee is marked down for agree.
func TestDrillSpanishIsUsted(t *testing.T) {
	for _, sc := range content(t).Scenarios {
		sc.texts(func(x *Text) {
			a := analyse(placeholderRE.ReplaceAllString(x.ES, " "))
			if tu := a.tuForms(); len(tu) > 0 {
				t.Errorf("%s: %q uses tú (%v)", sc.ID, x.ES, tu)
			}
			if strings.TrimSpace(x.ES) != "" && x.ES == x.EN && !strings.Contains(x.ES, "{{") {
				// names and IDs may match, sentences may not
				if strings.Contains(x.ES, " ") {
					t.Errorf("%s: %q is not translated", sc.ID, x.ES)
				}
			}
		})
	}
}

// training.en.toml and training.es.toml hold the same messages with the
// same plural forms (the locales package's parity test, for these files).
func TestDrillLocaleParity(t *testing.T) {
	flat := func(name string) map[string]string {
		out := map[string]string{}
		for id, keys := range localestest.Keys(t, name) {
			out[id] = strings.Join(keys, ",")
		}
		return out
	}
	en, es := flat("training.en.toml"), flat("training.es.toml")
	if len(en) < 150 {
		t.Errorf("only %d messages", len(en))
	}
	for id, forms := range en {
		if es[id] != forms {
			t.Errorf("%s: en %q, es %q", id, forms, es[id])
		}
		if !strings.HasPrefix(id, "training.") {
			t.Errorf("%s is outside the training namespace", id)
		}
	}
	for id := range es {
		if _, ok := en[id]; !ok {
			t.Errorf("%s is missing in English", id)
		}
	}
}
