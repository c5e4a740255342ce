package training

import (
	"maps"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"agentdesk/locales"
)

// keyOf is the field a text came from ("say", "label", "options"), read
// from its message ID, so the agreement checks know which texts speak
// about or to the persona.
func keyOf(t *Text) string {
	parts := strings.Split(t.id, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(parts[i]); err != nil {
			if parts[i] == "option" {
				return "options"
			}
			return parts[i]
		}
	}
	return ""
}

// Plural forms that disagree with the number before them: "1 años",
// "3 year".
var (
	oneWithPlural    = regexp.MustCompile(`(?i)\b1 (años|meses|días|semanas|horas|years|months|days|weeks|hours|business days|días hábiles)\b`)
	manyWithSingular = regexp.MustCompile(`(?i)\b3 (año|mes|día|semana|hora|year|month|day|week|hour|business day|día hábil)\b`)
)

// Every line of every scenario, rendered for a persona of each gender with
// every counted value at 1 and at several and every amount at 1.00 and at
// more, in both languages: no gap, no plural that disagrees with its
// number, and no Spanish word about the persona in the other gender.
func TestDrillEveryLineAgrees(t *testing.T) {
	for _, sc := range content(t).Scenarios {
		vals, err := sc.Draw(1, testDay)
		if err != nil {
			t.Fatal(err)
		}
		for _, gender := range sc.PersonaGenders() {
			for _, n := range []int64{1, 3} {
				v := Values{m: maps.Clone(vals.m), currency: vals.currency}
				for name, x := range v.m {
					switch x.Kind {
					case KindInt:
						if !x.Unit.IsZero() {
							x.N = n
						}
					case KindMoney:
						if n == 1 {
							x.Minor = 100
						}
					case KindPerson:
						x.Gender = gender
					}
					v.m[name] = x
				}
				env := &callEnv{sc: sc, vals: v, company: "Telco Norte", agent: "Ana", seed: 1, day: testDay}
				// disagreeing flags a word that fails a gender the persona
				// can be; here the persona is drawn with exactly one.
				drawn := map[string]bool{gender: true}
				sc.texts(func(x *Text) {
					if x.IsZero() {
						return
					}
					key := keyOf(x)
					for _, l := range locales.Langs {
						line := env.text(l, *x)
						if strings.Contains(line, "[") && placeholderRE.MatchString(x.Raw(l)) {
							if m := regexp.MustCompile(`\[[a-z_|]+\]`).FindString(line); m != "" {
								t.Errorf("%s %s: gap %s in %q", sc.ID, x.id, m, line)
							}
						}
						if m := oneWithPlural.FindString(line); m != "" {
							t.Errorf("%s %s (%s): %q says %q", sc.ID, x.id, l, line, m)
						}
						if m := manyWithSingular.FindString(line); m != "" {
							t.Errorf("%s %s (%s): %q says %q", sc.ID, x.id, l, line, m)
						}
					}
					if personaBound(key) {
						en := ""
						if thirdPerson[key] {
							en = env.text(locales.EN, *x)
						}
						if w, _ := disagreeing(env.text(locales.ES, *x), en, drawn); w != "" {
							t.Errorf("%s %s: %q does not agree with a persona drawn %s: %q", sc.ID, x.id, w, gender, env.text(locales.ES, *x))
						}
					}
				})
			}
		}
	}
}

// The render test's own checks catch what they are meant to.
func TestDrillAgreementChecks(t *testing.T) {
	female := map[string]bool{Male: false, Female: true}
	male := map[string]bool{Male: true, Female: false}
	for _, tt := range []struct {
		es, en string
		canBe  map[string]bool
		bad    bool
	}{
		{"Estoy seguro de que sí.", "", female, true},
		{"Estoy segura de que sí.", "", female, false},
		{"Es un pago seguro.", "", female, false},
		{"¡Bienvenido a la compañía!", "", female, true},
		{"Le damos la bienvenida a la compañía.", "", female, false},
		{"Con calma.", "She calls to pay.", male, true},
		{"Tranquila y amable.", "", male, true},
		{"Lo que me molesta es pagar más.", "", male, false},
		{"¿Se siente molesta?", "", male, true},
	} {
		if w, _ := disagreeing(tt.es, tt.en, tt.canBe); (w != "") != tt.bad {
			t.Errorf("%q %q: %q", tt.es, tt.en, w)
		}
	}
	if !oneWithPlural.MatchString("hace 1 años") || manyWithSingular.MatchString("hace 3 años") || !manyWithSingular.MatchString("for 3 year") {
		t.Error("plural patterns")
	}
}
