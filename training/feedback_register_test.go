package training

import (
	"strings"
	"testing"
	"unicode"
)

// presentOpenings are the verbs that opened Spanish feedback in the
// present third person ("Reconoce el cansancio…", "Se disculpa…", "No ve
// que…"): spelled like the tú imperative ("¡Reconoce!"), or read as a
// description of someone else, where the English tells the trainee what
// they did ("You acknowledged…"). The Spanish says it in the usted
// preterite ("Reconoció…") or another way that cannot read as a command.
var presentOpenings = map[string]bool{}

func init() {
	for _, v := range strings.Fields(`acepta acota agradece anuncia autentica busca
		cita compensa compromete confirma conoce corrige cuestiona cumple da defiende deja
		descarta devuelve dice disculpa escala hace identifica informa manda nombra ofrece
		pone pregunta promete protege reconoce recupera repite resuelve respeta responde
		responsabiliza sabe supone toma valida ve vende`) {
		presentOpenings[v] = true
	}
}

// presentOpening returns the present-tense verb es opens with, after a
// "No", "Se" or "Le" ("Se disculpa", "Le dice", "No ve"), or "".
func presentOpening(es string) string {
	words := strings.FieldsFunc(strings.ToLower(es), func(r rune) bool { return !unicode.IsLetter(r) })
	for len(words) > 1 && (words[0] == "no" || words[0] == "se" || words[0] == "le") {
		words = words[1:]
	}
	if len(words) > 0 && presentOpenings[words[0]] {
		return words[0]
	}
	return ""
}

func TestPresentOpening(t *testing.T) {
	for es, want := range map[string]string{
		"Reconoce el cansancio y anuncia pasos cortos.": "reconoce",
		"Se disculpa por la molestia.":                  "disculpa",
		"Le dice qué pasará.":                           "dice",
		"No ve que la tarjeta está vencida.":            "ve",
		"Reconoció el cansancio.":                       "",
		"Se disculpó por la molestia.":                  "",
		"Bien: confirma el motivo.":                     "",
		"La reconexión la pide usted.":                  "",
		"":                                              "",
	} {
		if got := presentOpening(es); got != want {
			t.Errorf("presentOpening(%q) = %q, want %q", es, got, want)
		}
	}
}

// Feedback that tells the trainee what they did ("You …") must not open
// in Spanish with a bare present-tense verb, which reads as a tú command
// in a product that speaks usted everywhere.
func TestFeedbackToTheTraineeDoesNotReadAsATuCommand(t *testing.T) {
	for _, sc := range content(t).Scenarios {
		sc.eachText(func(id string, tx *Text) {
			if !strings.HasSuffix(id, ".feedback") || !strings.HasPrefix(tx.EN, "You ") {
				return
			}
			if v := presentOpening(tx.ES); v != "" {
				t.Errorf("%s: the Spanish opens with %q, a tú command or a present where the English says what the trainee did; say it in the usted preterite: %q (%q)", id, v, tx.ES, tx.EN)
			}
		})
	}
}
