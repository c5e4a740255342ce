package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runTemplates(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	// The templates read the desk's database and pack: a test's own, never
	// the data folder of whoever runs the tests.
	if os.Getenv("AGENTDESK_DATA_DIR") == "" {
		t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	}
	return runEnv(t, "", "", append([]string{"templates"}, args...)...)
}

type templateHitJSON struct {
	ID       string  `json:"id"`
	Category string  `json:"category"`
	Title    string  `json:"title"`
	Text     string  `json:"text"`
	Score    float64 `json:"score"`
}

func searchJSON(t *testing.T, args ...string) []templateHitJSON {
	t.Helper()
	code, out, errs := runTemplates(t, append(append([]string{"search"}, args...), "--json")...)
	if code != 0 {
		t.Fatalf("templates search %v: exit %d\n%s", args, code, errs)
	}
	var hits []templateHitJSON
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return hits
}

func TestTemplatesSearchTooExpensiveInBothLanguages(t *testing.T) {
	es := searchJSON(t, "demasiado caro", "--lang", "es")
	if len(es) == 0 || es[0].ID != "objection.too_expensive" {
		t.Fatalf("demasiado caro: %+v", es)
	}
	h := es[0]
	if h.Category != "objection" || h.Title != "«Es demasiado caro»" || h.Score <= 0 {
		t.Errorf("hit = %+v", h)
	}
	// COST parts joined with their stage labels, in Spanish.
	for _, want := range []string{"Clarificar: Entiendo que el precio", "\nOptimizar: ", "\nSolucionar: ", "\nTransformar: "} {
		if !strings.Contains(h.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, h.Text)
		}
	}

	en := searchJSON(t, "too", "expensive", "--lang", "en") // words as separate arguments
	if len(en) == 0 || en[0].ID != "objection.too_expensive" {
		t.Fatalf("too expensive: %+v", en)
	}
	if en[0].Title != "\"It's too expensive\"" || !strings.HasPrefix(en[0].Text, "Clarify: I understand the price feels high") {
		t.Errorf("English hit = %+v", en[0])
	}
}

func TestTemplatesSearchFiltersAndReadableList(t *testing.T) {
	for _, h := range searchJSON(t, "plan", "--category", "value", "--lang", "es") {
		if h.Category != "value" {
			t.Errorf("category filter let %s through", h.ID)
		}
	}
	if got := searchJSON(t, "plan", "--stage", "transform", "--limit", "3"); len(got) == 0 || len(got) > 3 {
		t.Errorf("stage transform, limit 3: %d hits", len(got))
	} else {
		for _, h := range got {
			if h.Category != "objection" {
				t.Errorf("stage filter let %s through", h.ID)
			}
		}
	}
	// Accents and case do not matter.
	if got := searchJSON(t, "FACTURACION"); len(got) == 0 || got[0].ID != "apology.billing_error" {
		t.Errorf("FACTURACION: %+v", got)
	}
	// No match is an empty array, not null.
	code, out, _ := runTemplates(t, "search", "zzzxqq", "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("no match: exit %d, %q", code, out)
	}

	code, out, errs := runTemplates(t, "search", "demasiado", "caro", "--lang", "es")
	if code != 0 || !strings.Contains(out, " 1. «Es demasiado caro»  [objection.too_expensive · Objeciones]") ||
		!strings.Contains(out, "    Clarificar: Entiendo") || !strings.Contains(out, "encontrada") {
		t.Errorf("readable list: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runTemplates(t, "search", "zzzxqq", "--lang", "en")
	if code != 0 || !strings.Contains(out, "No template matches.") {
		t.Errorf("no match, readable: %d %q", code, out)
	}

	// Usage mistakes exit 2 and name the allowed values.
	if code, _, errs := runTemplates(t, "search", "caro", "--category", "sales"); code != 2 || !strings.Contains(errs, "objection") {
		t.Errorf("bad category: exit %d %q", code, errs)
	}
	if code, _, errs := runTemplates(t, "search", "caro", "--stage", "close"); code != 2 || !strings.Contains(errs, "transform") {
		t.Errorf("bad stage: exit %d %q", code, errs)
	}
	if code, _, _ := runTemplates(t, "search"); code != 2 {
		t.Errorf("no query: exit %d", code)
	}
}

func TestTemplatesShowPartsAndPlaceholders(t *testing.T) {
	code, out, errs := runTemplates(t, "show", "objection.competitor", "--lang", "es")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"«Me voy con la competencia»  (objection.competitor)",
		"Categoría: Objeciones · Ámbito: Todos",
		"CLARIFICAR\n  Entiendo que quiera comparar",
		"TRANSFORMAR\n  En {{company}} queremos",
		"Datos variables:",
		"{{competitor_offer}}  Oferta de la competencia — opcional",
		"{{new_plan}}  ",
		"— obligatorio",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runTemplates(t, "show", "objection.competitor", "--lang", "en", "--json")
	if code != 0 {
		t.Fatalf("json exit %d", code)
	}
	var v struct {
		ID           string `json:"id"`
		Title        string `json:"title"`
		Parts        []struct{ Stage, Label, Text string }
		Placeholders []struct {
			Name, Label string
			Required    bool
		}
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.ID != "objection.competitor" || len(v.Parts) != 4 || v.Parts[0].Label != "Clarify" || !strings.HasPrefix(v.Parts[0].Text, "I understand") {
		t.Errorf("json = %+v", v)
	}
	req := map[string]bool{}
	for _, p := range v.Placeholders {
		req[p.Name] = p.Required
	}
	if req["competitor_offer"] || !req["new_plan"] || !req["company"] {
		t.Errorf("required flags = %v", req)
	}

	// A text template shows its text; an unknown ID fails with exit 1.
	if code, out, _ := runTemplates(t, "show", "opening.warm_welcome", "--lang", "en"); code != 0 || !strings.Contains(out, "Thank you for calling {{company}}") {
		t.Errorf("warm welcome: %d\n%s", code, out)
	}
	if code, _, errs := runTemplates(t, "show", "nope.nothing", "--lang", "en"); code != 1 || !strings.Contains(errs, "There is no template \"nope.nothing\"") {
		t.Errorf("unknown: exit %d %q", code, errs)
	}
}

// A custom folder is searched on top of the default pack, as the app does.
func TestTemplatesSearchCustomPlaybookFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "custom_templates.toml"), []byte(`
[[template]]
id = "closing.team_goodbye"
category = "closing"
scope = "team"
owner = "Equipo Norte"
title = { es = "Despedida del equipo norte", en = "North team goodbye" }
tags = ["despedida", "goodbye"]
text = { es = "Gracias por confiar en {{company}}.", en = "Thank you for trusting {{company}}." }
`), 0o644)
	hits := searchJSON(t, "despedida norte", "--playbook", dir)
	if len(hits) == 0 || hits[0].ID != "closing.team_goodbye" {
		t.Fatalf("custom template not found first: %+v", hits)
	}
	os.WriteFile(filepath.Join(dir, "custom_templates.toml"), []byte("[[template]]\nid = \"x\"\ncategory = \"nope\"\n"), 0o644)
	code, _, errs := runTemplates(t, "search", "caro", "--playbook", dir)
	if code != 1 || !strings.Contains(errs, "custom_templates.toml:") {
		t.Errorf("broken folder: exit %d %q", code, errs)
	}
}

// templates search finds the compliance and care templates from a Spanish
// and from an English query.
func TestTemplatesSearchComplianceAndCare(t *testing.T) {
	for _, c := range []struct{ q, lang, want string }{
		{"grabación", "es", "compliance.recording_disclosure"},
		{"recording", "en", "compliance.recording_disclosure"},
		{"tarjeta", "es", "compliance.card_payment"},
		{"card payment", "en", "compliance.card_payment"},
		{"titular", "es", "compliance.not_account_holder"},
		{"account holder", "en", "compliance.not_account_holder"},
		{"molesto", "es", "care.deescalate_acknowledge"},
		{"angry", "en", "care.deescalate_acknowledge"},
		{"vulnerable", "es", "care.vulnerable_check"},
		{"vulnerable", "en", "care.vulnerable_check"},
	} {
		hits := searchJSON(t, c.q, "--lang", c.lang, "--limit", "3")
		found := false
		for _, h := range hits {
			found = found || h.ID == c.want
		}
		if !found {
			t.Errorf("%q (%s): %s not in %+v", c.q, c.lang, c.want, hits)
		}
	}
}

// templates search and show read the pack the desk works with, as the
// templates screen does: the one crmd published and the desk keeps, with
// the workstation's custom folder over it; --playbook DIR lays DIR over
// that same published pack. Whether the desk is the data folder or a --db
// elsewhere, its own pack is the one read.
func TestTemplatesUseTheDesksPlaybook(t *testing.T) {
	const published = "[[template]]\nid = \"published.retention_offer\"\ncategory = \"value\"\n" +
		"title = { es = \"Oferta zanzíbar\", en = \"Zanzibar offer\" }\ntags = [\"zanzibar\"]\n" +
		"text = { es = \"Tenemos una oferta.\", en = \"We have an offer.\" }\n"
	const custom = "[[template]]\nid = \"closing.team_goodbye\"\ncategory = \"closing\"\n" +
		"title = { es = \"Adiós del equipo\", en = \"Team goodbye\" }\ntags = [\"adios\"]\n" +
		"text = { es = \"Adiós.\", en = \"Goodbye.\" }\n"
	// desk keeps a published pack (the built-in one and a template of the
	// site's) in dir, as sync leaves it, and returns its custom folder.
	desk := func(t *testing.T, dir string) string {
		t.Helper()
		pack := filepath.Join(dir, "crm-packs", "v7-0123456789ab")
		folder := filepath.Join(dir, "custom")
		for _, d := range []string{pack, folder} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		files, _ := filepath.Glob(filepath.Join("..", "..", "assets", "playbook", "*.toml"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(pack, filepath.Base(f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for name, body := range map[string]string{
			filepath.Join(pack, "site_templates.toml"):     published,
			filepath.Join(pack, "pack.json"):               `{"version":7}`,
			filepath.Join(dir, "crm-packs", "current"):     "v7-0123456789ab\n",
			filepath.Join(folder, "custom_templates.toml"): custom,
		} {
			if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return folder
	}
	for _, tc := range []struct {
		name string
		db   func(t *testing.T) (dataDir string, args []string)
	}{
		{"the data folder", func(t *testing.T) (string, []string) {
			dir := t.TempDir()
			t.Setenv("AGENTDESK_DATA_DIR", dir)
			return dir, nil
		}},
		{"--db elsewhere", func(t *testing.T) (string, []string) {
			t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
			dir := t.TempDir()
			return dir, []string{"--db", filepath.Join(dir, "agentdesk.db")}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, dbArgs := tc.db(t)
			folder := desk(t, dir)
			if code, _, errs := runEnv(t, "", "en", append([]string{"config", "set", "playbook.dir", folder}, dbArgs...)...); code != 0 {
				t.Fatalf("config set: %s", errs)
			}
			if hits := searchJSON(t, append([]string{"zanzibar"}, dbArgs...)...); len(hits) == 0 || hits[0].ID != "published.retention_offer" {
				t.Errorf("search: %+v, want the template crmd published", hits)
			}
			for _, args := range [][]string{
				{"show", "published.retention_offer"},                       // crmd's
				{"show", "closing.team_goodbye"},                            // the workstation's, over it
				{"show", "published.retention_offer", "--playbook", folder}, // a folder checked over the desk's pack
			} {
				if code, out, errs := runTemplates(t, append(args, dbArgs...)...); code != 0 || !strings.Contains(out, "("+args[1]+")") {
					t.Errorf("%v: exit %d\n%s%s", args, code, out, errs)
				}
			}
		})
	}
}

// A personal template is its owner's: the Templates area shows it to the
// agent it names and to no one else, and templates search and show on a
// desk listed every agent's. Given a folder to check (--playbook), a
// supervisor still sees all of them.
func TestTemplatesOfTheDeskHideOtherAgentsPersonalOnes(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	folder := t.TempDir()
	if err := os.WriteFile(filepath.Join(folder, "custom_templates.toml"), []byte(`
[[template]]
id = "closing.bens_goodbye"
category = "closing"
scope = "personal"
owner = "Ben"
title = { es = "Despedida zanzíbar de Ben", en = "Ben's zanzibar goodbye" }
tags = ["zanzibar"]
text = { es = "Hasta pronto.", en = "See you soon." }
`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{{"playbook.dir", folder}, {"agent.name", "Ana"}} {
		if code, _, errs := runEnv(t, "", "en", "config", "set", kv[0], kv[1]); code != 0 {
			t.Fatalf("config set %s: %s", kv[0], errs)
		}
	}
	if hits := searchJSON(t, "zanzibar"); len(hits) != 0 {
		t.Errorf("Ana's desk lists Ben's personal template: %+v", hits)
	}
	if code, out, _ := runTemplates(t, "show", "closing.bens_goodbye"); code == 0 {
		t.Errorf("Ana's desk shows Ben's personal template:\n%s", out)
	}
	if hits := searchJSON(t, "zanzibar", "--playbook", folder); len(hits) != 1 {
		t.Errorf("checking the folder: %+v, want Ben's template", hits)
	}
	if code, _, errs := runEnv(t, "", "en", "config", "set", "agent.name", "ben"); code != 0 {
		t.Fatal(errs)
	}
	if hits := searchJSON(t, "zanzibar"); len(hits) != 1 {
		t.Errorf("Ben's own desk: %+v, want his template", hits)
	}
	if code, _, errs := runTemplates(t, "show", "closing.bens_goodbye"); code != 0 {
		t.Errorf("Ben's own desk does not show his template: %s", errs)
	}
}
