package playbook_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"agentdesk/assets"
	"agentdesk/locales"
	"agentdesk/playbook"
)

func defaultPack(t testing.TB) *playbook.Playbook {
	t.Helper()
	pb, err := playbook.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

func hitIDs(hits []playbook.TemplateHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Template.ID
	}
	return out
}

func TestSearchTemplatesFindsTheObjectionInEitherLanguage(t *testing.T) {
	pb := defaultPack(t)
	for _, c := range []struct {
		q    string
		lang locales.Lang
	}{
		{"demasiado caro", locales.ES},
		{"too expensive", locales.EN},
		{"Es demasiado caro", locales.ES},
		{"It's too expensive", locales.EN},
		{"caro", locales.ES},
		{"expensive", locales.EN},
		{"DEMASIADO CARO", ""},
		{"demasiado car", locales.ES}, // still typing
		{"too expensive", locales.ES}, // English words on a Spanish desk
	} {
		hits := pb.SearchTemplates(c.q, playbook.SearchOptions{Lang: c.lang})
		if len(hits) == 0 || hits[0].Template.ID != "objection.too_expensive" {
			t.Errorf("%q (%s): %v", c.q, c.lang, hitIDs(hits))
		}
	}
}

func TestSearchTemplatesIgnoresAccentsAndCase(t *testing.T) {
	pb := defaultPack(t)
	for _, c := range []struct{ q, want string }{
		{"facturacion", "apology.billing_error"},
		{"disculpa factura", "apology.billing_error"},
		{"CANCELAR", "objection.want_to_cancel"},
		{"cancelación", "objection.want_to_cancel"},
		{"retencion", "hold_transfer.retention"},
		{"no tengo presupuesto", "objection.no_budget"},
		{"necesito pensarlo", "objection.think_about_it"},
		{"think about it", "objection.think_about_it"},
		{"competencia", "objection.competitor"},
		{"espera", "hold_transfer.ask_hold"},
		{"roi", "value.roi_presentation"},
	} {
		hits := pb.SearchTemplates(c.q, playbook.SearchOptions{Limit: 5})
		if !slices.Contains(hitIDs(hits), c.want) {
			t.Errorf("%q: %s not in the first five %v", c.q, c.want, hitIDs(hits))
		}
	}
	// "facturacion" is found although the pack only writes "facturación".
	hits := pb.SearchTemplates("facturacion", playbook.SearchOptions{})
	if len(hits) == 0 {
		t.Fatal("facturacion: no hits")
	}
	for _, h := range hits {
		all := playbook.Fold(strings.Join(append([]string{h.Template.Title.ES, h.Template.Title.EN, h.Template.Text.ES, h.Template.Text.EN}, h.Template.Tags...), " "))
		for _, p := range h.Template.Parts {
			all += playbook.Fold(p.Text.ES + p.Text.EN)
		}
		for _, ph := range pb.Placeholders {
			all += playbook.Fold(ph.Label.ES + ph.Label.EN)
		}
		if !strings.Contains(all, "factura") {
			t.Errorf("facturacion found %s, which has no word like it", h.Template.ID)
		}
	}
}

func TestSearchTemplatesRanksTitlesAndTagsAboveBody(t *testing.T) {
	pb := defaultPack(t)
	// "espera" is a tag and title word of the hold templates and appears in
	// the body of others ("esperar", "esperaba"): titles and tags win.
	hits := pb.SearchTemplates("espera", playbook.SearchOptions{Lang: locales.ES, Limit: 3})
	for _, h := range hits {
		if !strings.HasPrefix(h.Template.ID, "hold_transfer.") && h.Template.ID != "apology.long_wait" {
			t.Errorf("espera: %s in the first three %v", h.Template.ID, hitIDs(hits))
		}
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Fatalf("not ordered by score: %v", hits)
		}
	}
}

func TestSearchTemplatesFiltersByCategoryStageAndOwner(t *testing.T) {
	pb := defaultPack(t)
	hits := pb.SearchTemplates("plan", playbook.SearchOptions{Category: "value"})
	if len(hits) == 0 {
		t.Fatal("plan in value: no hits")
	}
	for _, h := range hits {
		if h.Template.Category != "value" {
			t.Errorf("category filter let %s through", h.Template.ID)
		}
	}
	all := pb.SearchTemplates("", playbook.SearchOptions{Stage: "transform"})
	if len(all) != 10 {
		t.Errorf("templates with a transform part: %d, want the 10 objections", len(all))
	}
	for _, h := range all {
		if !h.Template.HasStage("transform") {
			t.Errorf("stage filter let %s through", h.Template.ID)
		}
	}
	if n := len(pb.SearchTemplates("", playbook.SearchOptions{})); n != len(pb.Templates) {
		t.Errorf("empty query lists %d of %d templates", n, len(pb.Templates))
	}
	if n := len(pb.SearchTemplates("", playbook.SearchOptions{Limit: 4})); n != 4 {
		t.Errorf("limit 4: %d", n)
	}

	custom := overlayPack(t, `
[[template]]
id = "closing.mine"
category = "closing"
scope = "personal"
owner = "Ana"
title = { es = "Despedida de Ana", en = "Ana's goodbye" }
tags = ["despedida"]
text = { es = "Un placer atenderle.", en = "A pleasure to help you." }
`)
	if ids := hitIDs(custom.SearchTemplates("despedida", playbook.SearchOptions{Agent: "Luis"})); slices.Contains(ids, "closing.mine") {
		t.Errorf("Luis sees Ana's personal template: %v", ids)
	}
	if ids := hitIDs(custom.SearchTemplates("despedida", playbook.SearchOptions{Agent: "Ana"})); len(ids) == 0 || ids[0] != "closing.mine" {
		t.Errorf("Ana does not find her template first: %v", ids)
	}
	// The owner is a name a supervisor typed and the desk's agent one the
	// agent typed in the settings: case and spaces around it do not make
	// it someone else's.
	for _, agent := range []string{"ana", "ANA", " Ana "} {
		if ids := hitIDs(custom.SearchTemplates("despedida", playbook.SearchOptions{Agent: agent})); !slices.Contains(ids, "closing.mine") {
			t.Errorf("%q does not see Ana's template: %v", agent, ids)
		}
	}
}

func TestSearchTemplatesPrefersTheCallsTemplates(t *testing.T) {
	pb := defaultPack(t)
	// Without context the welcome comes first for "bienvenida"; in a
	// cancellation call at the introduction it still does, since nothing
	// else is about welcoming — but a cancellation-specific opening is
	// lifted above generic ones for "apertura".
	plain := hitIDs(pb.SearchTemplates("apertura", playbook.SearchOptions{Lang: locales.ES}))
	ctx := hitIDs(pb.SearchTemplates("apertura", playbook.SearchOptions{Lang: locales.ES, CallType: "cancellation_request", Step: "introduction"}))
	if len(plain) == 0 || len(ctx) != len(plain) {
		t.Fatalf("context must not filter: %v vs %v", plain, ctx)
	}
	if ctx[0] != "opening.value_first" {
		t.Errorf("apertura in a cancellation call: %v", ctx)
	}
}

func TestSuggestTemplatesSpecificBeforeGeneric(t *testing.T) {
	pb := defaultPack(t)
	got := pb.SuggestTemplates("cancellation_request", "exploration", 0)
	if len(got) < 3 {
		t.Fatalf("suggestions: %d", len(got))
	}
	seenGeneric := false
	for _, tp := range got {
		if len(tp.CallTypes) > 0 && !slices.Contains(tp.CallTypes, "cancellation_request") {
			t.Errorf("%s is for other call types", tp.ID)
		}
		if len(tp.Steps) > 0 && !slices.Contains(tp.Steps, "exploration") {
			t.Errorf("%s is for other steps", tp.ID)
		}
		generic := len(tp.CallTypes) == 0
		if generic {
			seenGeneric = true
		} else if seenGeneric {
			t.Errorf("%s (specific) after a generic one", tp.ID)
		}
	}
	top := pb.SuggestTemplates("bill_increase", "education", 3)
	if len(top) != 3 {
		t.Fatalf("limit 3: %d", len(top))
	}
	for _, tp := range top {
		if !slices.Contains(tp.CallTypes, "bill_increase") || !slices.Contains(tp.Steps, "education") {
			t.Errorf("top suggestion %s is not specific to bill increase at education", tp.ID)
		}
	}
	if got := pb.SuggestTemplates("technical_support", "introduction", 0); len(got) == 0 || len(got[0].CallTypes) != 0 {
		t.Errorf("introduction of a technical call: only generic openings fit, got %v", got)
	}
}

func TestSearchTemplatesIsSafeForConcurrentUse(t *testing.T) {
	pb := overlayPack(t, `
[[template]]
id = "closing.concurrent"
category = "closing"
title = { es = "Cierre concurrente", en = "Concurrent close" }
text = { es = "Gracias.", en = "Thanks." }
`)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := range 16 {
		wg.Go(func() {
			q := []string{"demasiado caro", "concurrente", "cancel", "fact"}[i%4]
			for range 50 {
				if len(pb.SearchTemplates(q, playbook.SearchOptions{Limit: 3})) == 0 {
					errs <- q
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for q := range errs {
		t.Errorf("%q found nothing under concurrency", q)
	}
}

// overlayPack is the default pack plus one TOML file of templates, loaded
// the way the app loads a custom folder.
func overlayPack(t *testing.T, toml string) *playbook.Playbook {
	t.Helper()
	pb, err := playbook.LoadWithOverlay(assets.Playbook(), assets.PlaybookDir, fstest.MapFS{"custom.toml": {Data: []byte(toml)}}, "custom")
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

// ---------------------------------------------------------------- optional

func valuesOf(m map[string]string) playbook.Values {
	return func(n string) (string, bool) { v, ok := m[n]; return v, ok }
}

func TestTemplateOptionalPlaceholderDropsItsSentence(t *testing.T) {
	pb := defaultPack(t)
	full := map[string]string{
		"new_plan": "Plan Hogar", "new_monthly_amount": "30,00 €", "company": "Telco", "callback_date": "02/12/2026",
		"competitor_offer": "25,00 €", "customer_goal": "pagar menos", "monthly_saving": "10,00 €",
	}
	for _, c := range []struct {
		id, optional string
		lang         locales.Lang
		gone, kept   string
	}{
		{"objection.competitor", "competitor_offer", locales.ES, "Me comenta que", "¿Qué incluye exactamente la oferta que le hicieron?"},
		{"objection.competitor", "competitor_offer", locales.EN, "You mentioned", "What exactly does the offer you received include?"},
		{"objection.no_budget", "callback_date", locales.ES, "le llamo el", "volvemos a revisar el plan."},
		{"objection.no_budget", "callback_date", locales.EN, "I'll call you on", "we can review the plan again."},
		{"discovery.good_outcome", "customer_goal", locales.ES, "lo importante es", "¿qué habría cambiado para usted?"},
		{"discovery.good_outcome", "customer_goal", locales.EN, "what matters is", "what would be different for you?"},
		{"decision.recommendation", "customer_goal", locales.ES, "Usted me dijo", "Pero la decisión es suya"},
		{"decision.recommendation", "customer_goal", locales.EN, "You told me", "But the decision is yours"},
	} {
		tp := pb.Template(c.id)
		vals := map[string]string{}
		for k, v := range full {
			if k != c.optional {
				vals[k] = v
			}
		}
		r := pb.RenderTemplate(c.lang, tp, valuesOf(vals), true)
		txt, err := r.Plain()
		if err != nil {
			t.Errorf("%s %s without %s: %v, missing %v", c.id, c.lang, c.optional, err, r.Missing())
			continue
		}
		if strings.Contains(txt, c.gone) || !strings.Contains(txt, c.kept) || strings.Contains(txt, "{{") || strings.Contains(txt, "[") ||
			strings.Contains(txt, "  ") || strings.Contains(txt, " .") || strings.HasPrefix(txt, " ") {
			t.Errorf("%s %s without %s:\n%s", c.id, c.lang, c.optional, txt)
		}
		// With the value, the sentence is there.
		with := pb.RenderTemplate(c.lang, tp, valuesOf(full), true)
		if txt, _ := with.Plain(); !strings.Contains(txt, c.gone) || !strings.Contains(txt, full[c.optional]) {
			t.Errorf("%s %s with %s:\n%s", c.id, c.lang, c.optional, txt)
		}
	}
}

func TestTemplateRequiredPlaceholderStillBlocks(t *testing.T) {
	pb := defaultPack(t)
	tp := pb.Template("objection.competitor")
	r := pb.RenderTemplate(locales.ES, tp, valuesOf(map[string]string{"company": "Telco"}), true)
	if r.Complete() {
		t.Fatal("complete without new_plan")
	}
	if got := r.Missing(); !slices.Equal(got, []string{"new_plan", "new_monthly_amount"}) {
		t.Errorf("missing = %v", got)
	}
	if _, err := r.Plain(); err == nil {
		t.Error("Plain allowed an incomplete template")
	}
	// Parts come out one paragraph per COST stage, in order.
	parts := pb.RenderTemplateParts(locales.ES, tp, nil, true)
	var stages []string
	for _, p := range parts {
		stages = append(stages, p.Stage)
	}
	if !slices.Equal(stages, playbook.Stages) {
		t.Errorf("stages = %v", stages)
	}
	if n := strings.Count(r.Display(), "\n\n"); n != 3 {
		t.Errorf("%d paragraph breaks in %q", n, r.Display())
	}
	// A sensitive optional value before authentication is masked, not
	// dropped: it exists and will show once the customer is verified.
	noBudget := overlayPack(t, `
[[template]]
id = "closing.balance_note"
category = "closing"
optional = ["balance"]
title = { es = "Saldo", en = "Balance" }
text = { es = "Gracias. Su saldo es {{balance}}.", en = "Thanks. Your balance is {{balance}}." }
`)
	bt := noBudget.Template("closing.balance_note")
	locked := noBudget.RenderTemplate(locales.ES, bt, valuesOf(map[string]string{"balance": "10,00 €"}), false)
	if !locked.Locked() {
		t.Errorf("masked optional dropped: %q", locked.Display())
	}
	if txt, _ := noBudget.RenderTemplate(locales.ES, bt, nil, true).Plain(); txt != "Gracias." {
		t.Errorf("unfilled optional: %q", txt)
	}
}

func TestTemplateOptionalClauseWhenItIsTheOnlySentence(t *testing.T) {
	pb := overlayPack(t, `
[[template]]
id = "closing.clause_middle"
category = "closing"
optional = ["customer_name"]
title = { es = "Medio", en = "Middle" }
text = { es = "Gracias, {{customer_name}}, por su paciencia.", en = "Thank you, {{customer_name}}, for your patience." }

[[template]]
id = "closing.clause_end"
category = "closing"
optional = ["callback_date"]
title = { es = "Final", en = "End" }
text = { es = "Le llamaremos pronto, el {{callback_date}}.", en = "We'll call you soon, on {{callback_date}}." }

[[template]]
id = "closing.clause_start"
category = "closing"
optional = ["callback_date"]
title = { es = "Inicio", en = "Start" }
text = { es = "¿El {{callback_date}}, le viene bien que le llamemos?", en = "On {{callback_date}}, would a call suit you?" }

[[template]]
id = "closing.whole"
category = "closing"
optional = ["customer_goal"]
title = { es = "Entero", en = "Whole" }
text = { es = "Lo importante es {{customer_goal}}.", en = "What matters is {{customer_goal}}." }
`)
	for _, c := range []struct {
		id   string
		lang locales.Lang
		want string
	}{
		{"closing.clause_middle", locales.ES, "Gracias por su paciencia."},
		{"closing.clause_middle", locales.EN, "Thank you for your patience."},
		{"closing.clause_end", locales.ES, "Le llamaremos pronto."},
		{"closing.clause_end", locales.EN, "We'll call you soon."},
		{"closing.clause_start", locales.ES, "¿Le viene bien que le llamemos?"},
		{"closing.clause_start", locales.EN, "Would a call suit you?"},
		{"closing.whole", locales.ES, ""},
	} {
		got, err := pb.RenderTemplate(c.lang, pb.Template(c.id), nil, true).Plain()
		if err != nil || got != c.want {
			t.Errorf("%s %s = %q, %v; want %q", c.id, c.lang, got, err, c.want)
		}
	}
}

// Every template of the default pack renders without a stray mark when
// every value is known, and without a gap for each optional one left out.
func TestTemplateEveryDefaultRendersClean(t *testing.T) {
	pb := defaultPack(t)
	for i := range pb.Templates {
		tp := &pb.Templates[i]
		for _, l := range locales.Langs {
			all := func(n string) (string, bool) { return fmt.Sprintf("<%s>", n), true }
			txt, err := pb.RenderTemplate(l, tp, all, true).Plain()
			if err != nil || strings.Contains(txt, "{{") || strings.TrimSpace(txt) == "" {
				t.Errorf("%s %s: %q %v", tp.ID, l, txt, err)
			}
			some := func(n string) (string, bool) {
				if slices.Contains(tp.Optional, n) {
					return "", false
				}
				return fmt.Sprintf("<%s>", n), true
			}
			txt, err = pb.RenderTemplate(l, tp, some, true).Plain()
			if err != nil || strings.Contains(txt, "  ") || strings.Contains(txt, " .") || strings.TrimSpace(txt) == "" {
				t.Errorf("%s %s without optionals: %q %v", tp.ID, l, txt, err)
			}
		}
	}
}

// The compliance and care templates are found from either language: an
// agent on a Spanish desk types Spanish, on an English desk English.
func TestSearchFindsComplianceAndCareInEitherLanguage(t *testing.T) {
	pb := defaultPack(t)
	for _, c := range []struct {
		q    string
		lang locales.Lang
		want string
	}{
		{"grabación", locales.ES, "compliance.recording_disclosure"},
		{"recording", locales.EN, "compliance.recording_disclosure"},
		{"no es el titular", locales.ES, "compliance.not_account_holder"},
		{"account holder", locales.EN, "compliance.not_account_holder"},
		{"pago con tarjeta", locales.ES, "compliance.card_payment"},
		{"card payment", locales.EN, "compliance.card_payment"},
		{"últimos cuatro", locales.ES, "compliance.card_confirm"},
		{"last four", locales.EN, "compliance.card_confirm"},
		{"en espera", locales.ES, "hold_transfer.ask_hold"},
		{"on hold", locales.EN, "hold_transfer.ask_hold"},
		{"gracias por esperar", locales.ES, "hold_transfer.return_from_hold"},
		{"thanks for waiting", locales.EN, "hold_transfer.return_from_hold"},
		{"cliente molesto", locales.ES, "care.deescalate_acknowledge"},
		{"angry", locales.EN, "care.deescalate_acknowledge"},
		{"vulnerable", locales.ES, "care.vulnerable_check"},
		{"extra support", locales.EN, "care.vulnerable_check"},
		{"equipo médico", locales.ES, "care.vulnerable_offer"},
		{"medical equipment", locales.EN, "care.vulnerable_offer"},
		{"supervisor", locales.ES, "care.supervisor_request"},
		{"manager", locales.EN, "care.supervisor_request"},
	} {
		hits := pb.SearchTemplates(c.q, playbook.SearchOptions{Lang: c.lang, Limit: 3})
		if !slices.Contains(hitIDs(hits), c.want) {
			t.Errorf("%q (%s): %s not in the first three %v", c.q, c.lang, c.want, hitIDs(hits))
		}
	}
	for _, cat := range []string{"compliance", "care"} {
		hits := pb.SearchTemplates("", playbook.SearchOptions{Category: cat})
		if len(hits) < 5 {
			t.Errorf("%s: %d templates", cat, len(hits))
		}
	}
}

// Spanish plurals in -es and accents typed as combining marks find what
// their singular and precomposed forms find.
func TestSearchSpanishPluralsAndDecomposedAccents(t *testing.T) {
	pb := defaultPack(t)
	for _, c := range []struct{ q, want string }{
		{"cancelaciones ", "objection.want_to_cancel"},
		{"promociones ", "objection.promo_expired"},
		{"renovaciones ", "objection.unwanted_renewal"},
		{"grabaciones ", "compliance.recording_disclosure"},
		{"competidores ", "objection.competitor"},
		{"retenciones ", "hold_transfer.retention"},
		{"cancelacio\u0301n", "objection.want_to_cancel"},
	} {
		hits := pb.SearchTemplates(c.q, playbook.SearchOptions{Lang: locales.ES, Limit: 5})
		if !slices.Contains(hitIDs(hits), c.want) {
			t.Errorf("%q: %s not found; got %v", c.q, c.want, hitIDs(hits))
		}
	}
}

// A word and its plural find the same templates both ways: "meses" found
// 2 templates where "mes" found 15, and "companies" or "replies" none of
// what "company" and "reply" find.
func TestSearchSingularAndPluralFindTheSame(t *testing.T) {
	pb := defaultPack(t)
	for _, c := range [][2]string{{"mes ", "meses "}, {"company ", "companies "}, {"reply ", "replies "}} {
		a, b := hitIDs(pb.SearchTemplates(c[0], playbook.SearchOptions{})), hitIDs(pb.SearchTemplates(c[1], playbook.SearchOptions{}))
		slices.Sort(a)
		slices.Sort(b)
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("%q finds %d, %q %d: %v / %v", c[0], len(a), c[1], len(b), a, b)
		}
	}
}
