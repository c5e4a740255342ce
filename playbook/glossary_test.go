package playbook_test

import (
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"agentdesk/assets"
	"agentdesk/locales"
	"agentdesk/playbook"
)

func defaultGlossary(t testing.TB) *playbook.Glossary {
	t.Helper()
	g, err := playbook.DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// The glossary covers the terms the product settled on, in both languages.
func TestDefaultGlossary(t *testing.T) {
	g := defaultGlossary(t)
	if len(g.Terms) < 30 {
		t.Fatalf("%d terms", len(g.Terms))
	}
	use := map[string][2]string{}
	for _, term := range g.Terms {
		if term.ID == "" || term.ES == "" || term.EN == "" || term.Concept == "" {
			t.Errorf("incomplete term %+v", term)
		}
		use[term.ID] = [2]string{term.ES, term.EN}
	}
	for id, want := range map[string][2]string{
		"amount": {"monto", "amount"}, "monthly_amount": {"mensualidad", "monthly amount"}, "cost": {"costo", "cost"},
		"escalation": {"escalamiento", "escalation"}, "training": {"capacitación", "training"},
		"score": {"calificación", "score"}, "report": {"reporte", "report"}, "check": {"cheque", "check"},
		"by_mail": {"por correo", "by mail"}, "movie": {"película", "movie"}, "playbook": {"guía de atención", "playbook"},
		"script": {"guion", "script"},
	} {
		if use[id] != want {
			t.Errorf("%s = %v, want %v", id, use[id], want)
		}
	}
}

func TestGlossaryCheck(t *testing.T) {
	g := defaultGlossary(t)
	cases := []struct {
		lang  locales.Lang
		text  string
		found []string // Found of each hit, in order
		use   []string
	}{
		{locales.ES, "El importe de su factura", []string{"importe"}, []string{"monto"}},
		// Case and accents do not matter; the text is reported as written.
		{locales.ES, "IMPORTE y Escalacion", []string{"IMPORTE", "Escalacion"}, []string{"monto", "escalamiento"}},
		// Whole words only: "importe" inside "importemos" is no variant.
		{locales.ES, "Cuando importemos el archivo", nil, nil},
		// Phrases: the longest variant at a place, once.
		{locales.ES, "Su cuota mensual sube", []string{"cuota mensual"}, []string{"mensualidad"}},
		{locales.ES, "¿La tiene a mano?", []string{"a mano"}, []string{"a la mano"}},
		{locales.ES, "¿La tiene a la mano?", nil, nil},
		// Exceptions: right as they are.
		{locales.ES, "Vale la pena revisarlo. Vale, lo reviso.", []string{"Vale"}, []string{"de acuerdo"}},
		{locales.EN, "Please hand it over; do you have it to hand?", []string{"to hand"}, []string{"handy"}},
		{locales.EN, "You'll need to hand over the modem.", nil, nil},
		// A "*" variant matches any ending, and its fix keeps the ending.
		{locales.EN, "I apologise. We apologised.", []string{"apologise", "apologised"}, []string{"apologize", "apologized"}},
		{locales.EN, "An unauthorised charge", []string{"unauthorised"}, []string{"unauthorized"}},
		{locales.EN, "The Colours", []string{"Colours"}, []string{"Colors"}},
		// A phrase inside another is one mistake.
		{locales.EN, "Have a lovely day!", []string{"Have a lovely"}, []string{"have a great day"}},
		// Each language has its own variants: "cheque" is right in Spanish.
		{locales.ES, "Un cheque por correo", nil, nil},
		{locales.EN, "A cheque by post", []string{"cheque", "by post"}, []string{"check", "by mail"}},
		// Placeholders are not words.
		{locales.EN, "{{film}} and {{cheque}}", nil, nil},
		// Identifiers are not prose.
		{locales.ES, "ajustes (company, playbook.dir) o el playbook", []string{"playbook"}, []string{"guía de atención"}},
		// Apostrophes stay inside words.
		{locales.EN, "you’re through to Ana", []string{"you’re through to"}, []string{"have a great day"}},
	}
	for _, c := range cases {
		hits := g.Check(c.lang, c.text)
		var found, use []string
		for _, h := range hits {
			found = append(found, h.Found)
			use = append(use, h.Use)
			if c.text[h.Offset:h.Offset+len(h.Found)] != h.Found {
				t.Errorf("%q: offset %d does not point at %q", c.text, h.Offset, h.Found)
			}
		}
		if !slices.Equal(found, c.found) || !slices.Equal(use, c.use) {
			t.Errorf("Check(%s, %q) = %v → %v, want %v → %v", c.lang, c.text, found, use, c.found, c.use)
		}
	}
}

func TestFixedPlurals(t *testing.T) {
	isCount := func(n string) bool { return n == "tenure_years" || n == "n" || n == "refund_days" }
	cases := []struct {
		lang locales.Lang
		text string
		want []string
	}{
		{locales.ES, "Gracias por estos {{tenure_years}} años con nosotros.", []string{"estos {{tenure_years}}", "{{tenure_years}} años"}},
		{locales.EN, "Thank you for your {{tenure_years}} years.", []string{"{{tenure_years}} years"}},
		{locales.EN, "Within {{refund_days}} business days.", []string{"{{refund_days}} business days"}},
		{locales.ES, "En {{refund_days}} días hábiles.", []string{"{{refund_days}} días"}},
		{locales.ES, "Tiene {{n}} líneas nuevas y {{n}} nuevas líneas.", []string{"{{n}} líneas", "{{n}} nuevas líneas"}},
		{locales.EN, "these {{n}}", []string{"these {{n}}"}},
		// Singular is fixed too: wrong for 3.
		{locales.EN, "for {{n}} year", []string{"{{n}} year"}},
		// Fine: the count says its unit, or a link word follows.
		{locales.ES, "Gracias por su confianza durante {{tenure_years}} con nosotros.", nil},
		{locales.EN, "Thank you for being with us for {{tenure_years}}.", nil},
		{locales.ES, "Son {{n}} de los cargos.", nil},
		{locales.EN, "{{n}}, years ago", nil},
		// Not a count: a money amount beside a noun is fine.
		{locales.EN, "{{balance}} payments", nil},
		{locales.EN, "{{balance}} {{n}}", nil},
	}
	for _, c := range cases {
		if got := playbook.FixedPlurals(c.lang, c.text, isCount); !slices.Equal(got, c.want) {
			t.Errorf("FixedPlurals(%s, %q) = %q, want %q", c.lang, c.text, got, c.want)
		}
	}
	if got := playbook.FixedPlurals(locales.EN, "{{n}} years", nil); got != nil {
		t.Errorf("no isCount: %q", got)
	}
}

func TestParseGlossaryReportsEveryIssue(t *testing.T) {
	bad := `[[term]]
id = "a"
es = "uno"
en = "one"
avoid_es = ["mal*o"]

[[term]]
id = "a"
es = ""
en = "two"
avoid_en = ["colour* -> color"]

[[term]]
es = "tres"
en = "three"
avid_en = ["x"]
`
	_, err := playbook.ParseGlossary("g.toml", []byte(bad))
	var ve *playbook.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, is := range ve.Issues {
		got = append(got, is.Code+"@"+strconv.Itoa(is.Line))
	}
	slices.Sort(got)
	want := []string{"bad_value@5", "duplicate_id@8", "missing_id@13", "missing_text@7", "unknown_key@16"}
	if !slices.Equal(got, want) {
		t.Errorf("issues %v, want %v", got, want)
	}
	if _, err := playbook.ParseGlossary("g.toml", []byte("[[term]\n")); !errors.As(err, &ve) || ve.Issues[0].Code != "syntax" {
		t.Errorf("syntax: %v", err)
	}
	// avoid_en "colour* -> color": a fix without "*" is fine on a "*" variant.
	if _, err := playbook.ParseGlossary("g.toml", []byte("[[term]]\nid=\"c\"\nconcept=\"x\"\nes=\"-\"\nen=\"color\"\navoid_en=[\"colour* -> color\"]\n")); err != nil {
		t.Errorf("fix without a star: %v", err)
	}
}

// Validate holds a pack to the glossary and to plural agreement, each
// finding at its file and line; Load, which the app uses, does not.
func TestValidateStyleFixture(t *testing.T) {
	dir := "testdata/style"
	if _, err := playbook.Load(os.DirFS(dir), dir); err != nil {
		t.Fatalf("Load: %v", err)
	}
	_, err := playbook.Validate(os.DirFS(dir), dir)
	var ve *playbook.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate err = %v", err)
	}
	var got []string
	for _, is := range ve.Issues {
		got = append(got, is.File+":"+strconv.Itoa(is.Line)+" "+is.Code+" "+is.Args["Lang"].(string))
	}
	want := []string{
		"testdata/style/flow.toml:73 fixed_plural es",
		"testdata/style/flow.toml:73 fixed_plural es",
		"testdata/style/flow.toml:73 fixed_plural en",
		"testdata/style/flow.toml:93 glossary es",
		"testdata/style/flow.toml:93 glossary en",
		"testdata/style/flow.toml:97 fixed_plural es",
		"testdata/style/flow.toml:97 fixed_plural en",
	}
	if !slices.Equal(got, want) {
		t.Errorf("issues\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The default pack speaks with one voice: no avoided variant, no fixed
// plural beside a count, in any text.
func TestDefaultPackHoldsToTheGlossary(t *testing.T) {
	if _, err := playbook.Validate(assets.Playbook(), assets.PlaybookDir); err != nil {
		var ve *playbook.ValidationError
		if errors.As(err, &ve) {
			for _, is := range ve.Issues {
				t.Error(is)
			}
		}
		t.Fatal(err)
	}
}

func FuzzGlossaryCheck(f *testing.F) {
	g := defaultGlossary(f)
	for _, s := range []string{"El importe", "have a lovely day", "{{x}} a mano", "apologis", "’'’", "vale la pena vale", "{{", "a\u0301 mano"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range locales.Langs {
			end := -1
			for _, h := range g.Check(l, s) {
				if h.Offset < end || h.Offset < 0 || h.Offset+len(h.Found) > len(s) || s[h.Offset:h.Offset+len(h.Found)] != h.Found || h.Use == "" {
					t.Fatalf("%s %q: bad hit %+v", l, s, h)
				}
				end = h.Offset + len(h.Found)
			}
			isCount := func(string) bool { return true }
			for _, p := range playbook.FixedPlurals(l, s, isCount) {
				if !strings.Contains(s, p) {
					t.Fatalf("%s %q: place %q not in the text", l, s, p)
				}
			}
		}
	})
}

func FuzzParseGlossary(f *testing.F) {
	f.Add(assets.Glossary())
	f.Add([]byte("[[term]]\nid=\"a\"\nes=\"b\"\nen=\"c\"\navoid_es=[\"*\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := playbook.ParseGlossary("f.toml", data)
		if err == nil && g != nil {
			g.Check(locales.ES, "importe a mano")
		}
	})
}

// The interface speaks with the same voice as the playbook: every message
// in locales/*.toml holds to the glossary of its language, reported at its
// file:line.
func TestInterfaceMessagesHoldToTheGlossary(t *testing.T) {
	g := defaultGlossary(t)
	checked := 0
	for lang, names := range locales.Files() {
		for _, name := range names {
			data, err := locales.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(data), "\n") {
				key, val, ok := strings.Cut(line, "=")
				key = strings.TrimSpace(key)
				if !ok || strings.HasPrefix(key, "#") || !slices.Contains([]string{"zero", "one", "two", "few", "many", "other"}, key) {
					continue
				}
				checked++
				for _, h := range g.Check(lang, val) {
					t.Errorf("locales/%s:%d: %q: use %q", name, i+1, h.Found, h.Use)
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d messages checked", checked)
	}
}
