package locales_test

import (
	"regexp"
	"strings"
	"testing"

	"agentdesk/locales"
)

// otherDeskWords are the names the desk (the computer the app runs on)
// had besides its house term, "equipo" in Spanish and "desk" in English:
// a reader who meets "estación" in one message and "equipo" in the next
// takes them for two things. "de escritorio" (a desktop app) is not the
// desk, nor is "puesto" without an article ("los datos ya puestos").
var otherDeskWords = map[locales.Lang]*regexp.Regexp{
	locales.ES: regexp.MustCompile(`(?i)\b(estaci[oó]n|estaciones|(el|del|este|cada|su) puesto|escritorios?|esta (misma )?computadora)\b`),
	locales.EN: regexp.MustCompile(`(?i)\bworkstations?\b`),
}

var deskExceptions = []string{"de escritorio"}

func TestMessagesCallTheDeskByItsHouseTerm(t *testing.T) {
	for _, lang := range locales.Langs {
		eachText(t, lang, func(name, id, form, text string) {
			for _, e := range deskExceptions {
				text = strings.ReplaceAll(text, e, "")
			}
			if w := otherDeskWords[lang].FindString(text); w != "" {
				t.Errorf("%s: %s.%s says %q: the desk is %q", name, id, form, w,
					map[locales.Lang]string{locales.ES: "equipo", locales.EN: "desk"}[lang])
			}
		})
	}
}
