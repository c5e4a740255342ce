package calculators

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"agentdesk/locales"
)

// Every code, label and script the package can produce has a message in
// both languages, and the scripts render with their data.
func TestMessagesExist(t *testing.T) {
	ids := map[string]bool{}
	for _, c := range Codes {
		ids["calc.err."+c] = true
	}
	for _, c := range DiffClasses {
		ids["calc.billdiff."+c] = true
		ids["calc.class."+c] = true
	}
	ids["calc.billdiff.total"], ids["calc.billdiff.same"] = true, true
	for _, k := range []string{KindYears, KindAgents, KindSeconds, KindDays} {
		ids["calc.unit."+k] = true
	}
	// Every line key written in the sources.
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`"(calc\.line\.[a-z_]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			ids[m[1]] = true
		}
	}
	if len(ids) < 100 {
		t.Fatalf("only %d ids found", len(ids))
	}
	for _, lang := range locales.Langs {
		tr := locales.New(lang)
		for id := range ids {
			if !tr.Has(id) {
				t.Errorf("%s: missing %s", lang, id)
			}
		}
	}
}

func TestScriptsRender(t *testing.T) {
	before := []BillLine{{Code: "P", Description: "Plan A", Kind: BillPlan, Amount: usd(40)},
		{Code: "PR", Description: "Verano", Kind: BillPromotion, Amount: usd(-10)}}
	after := []BillLine{{Code: "P2", Description: "Plan B", Kind: BillPlan, Amount: usd(50)}}
	r, err := BillDiffInput{Before: before, After: after}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	want := map[locales.Lang][]string{
		locales.ES: {
			"Su promoción Verano terminó, por eso la factura sube 10,00\u00a0US$.",
			"Su plan cambió de Plan A a Plan B, por eso la factura sube 10,00\u00a0US$.",
			"En total, su factura sube 20,00\u00a0US$: pasa de 30,00\u00a0US$ a 50,00\u00a0US$.",
		},
		locales.EN: {
			"Your Verano promotion has ended, which is why your bill is $10.00 higher.",
			"Your plan changed from Plan A to Plan B, so your bill is $10.00 higher.",
			"In total, your bill is $20.00 higher: it goes from $30.00 to $50.00.",
		},
	}
	for lang, lines := range want {
		tr := locales.New(lang)
		script := r.Script(lang)
		if len(script) != len(lines) {
			t.Fatalf("%s: %d lines", lang, len(script))
		}
		for i, it := range script {
			if got := tr.D(it.ID, it.Data); got != lines[i] {
				t.Errorf("%s: %q\nwant %q", lang, got, lines[i])
			}
		}
	}
	// Every class renders without template errors both ways.
	for _, lang := range locales.Langs {
		tr := locales.New(lang)
		for _, c := range DiffClasses {
			for _, up := range []bool{true, false} {
				d := BillDifference{Class: c, Name: "X", Amount: usd(1), MessageID: "calc.billdiff." + c}
				if !up {
					d.Amount = usd(-1)
				}
				if s := tr.D(d.MessageID, d.ScriptData(lang)); strings.HasPrefix(s, "!") || strings.Contains(s, "<no value>") {
					t.Errorf("%s %s: %q", lang, c, s)
				}
			}
		}
	}
}
