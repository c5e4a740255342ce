package playbook_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"agentdesk/assets"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// A bilingual phrase bank for generated templates: each entry is the same
// idea in Spanish and English, in the register of the real pack, so term
// frequencies, accents and lengths look like a large organisation's library.
type pair struct{ es, en string }

var (
	genSubjects = []pair{
		{"factura", "bill"}, {"cargo duplicado", "duplicate charge"}, {"reembolso", "refund"},
		{"crédito", "credit"}, {"promoción", "promotion"}, {"cambio de plan", "plan change"},
		{"renovación automática", "automatic renewal"}, {"cancelación", "cancellation"},
		{"pago rechazado", "declined payment"}, {"saldo pendiente", "outstanding balance"},
		{"prorrateo", "proration"}, {"cuota mensual", "monthly fee"}, {"descuento", "discount"},
		{"tarifa", "rate"}, {"domiciliación", "direct debit"}, {"tarjeta", "card"},
		{"fecha de vencimiento", "due date"}, {"recargo", "surcharge"}, {"compensación", "compensation"},
		{"avería", "outage"}, {"conexión", "connection"}, {"router", "router"}, {"velocidad", "speed"},
		{"permanencia", "minimum term"}, {"portabilidad", "number transfer"}, {"contrato", "contract"},
		{"pedido", "order"}, {"envío", "delivery"}, {"devolución", "return"}, {"garantía", "warranty"},
		{"facturación electrónica", "electronic billing"}, {"dirección", "address"},
		{"titular", "account holder"}, {"pago en efectivo", "cash payment"}, {"cheque", "cheque"},
		{"pago por evento", "pay-per-view"}, {"consumo", "usage"}, {"roaming", "roaming"},
		{"paquete de datos", "data bundle"}, {"fidelización", "loyalty"},
	}
	genActions = []pair{
		{"Explicar", "Explain"}, {"Confirmar", "Confirm"}, {"Revisar", "Review"}, {"Resolver", "Resolve"},
		{"Disculparse por", "Apologise for"}, {"Ofrecer alternativa a", "Offer an alternative to"},
		{"Escalar", "Escalate"}, {"Aclarar", "Clarify"}, {"Negociar", "Negotiate"}, {"Anticipar", "Anticipate"},
		{"Cerrar", "Close"}, {"Dar seguimiento a", "Follow up on"}, {"Justificar", "Justify"},
	}
	genQualifiers = []pair{
		{"para clientes nuevos", "for new customers"}, {"para clientes VIP", "for VIP customers"},
		{"con cliente molesto", "with an upset customer"}, {"tras una avería", "after an outage"},
		{"antes de la renovación", "before renewal"}, {"en la primera llamada", "on the first call"},
		{"por escrito", "in writing"}, {"con cifras", "with figures"}, {"sin compromiso", "with no commitment"},
		{"de empresa", "for business accounts"}, {"urgente", "urgent"}, {"", ""},
	}
	genSentences = []pair{
		{"Entiendo su preocupación por {S} y quiero ayudarle a resolverlo hoy.", "I understand your concern about the {S}, and I want to help you sort it out today."},
		{"He revisado su cuenta y le explico qué ha pasado con {S}.", "I've checked your account, and I'll explain what happened with the {S}."},
		{"¿Desde cuándo nota el problema con {S}?", "Since when have you noticed the problem with the {S}?"},
		{"Le propongo revisar {S} juntos, paso a paso.", "I suggest we go through the {S} together, step by step."},
		{"Si le parece bien, dejo anotado {S} en su caso para que no tenga que repetirlo.", "If that's all right, I'll note the {S} on your case so you don't have to repeat it."},
		{"Lamento las molestias; no es la experiencia que queremos ofrecerle.", "I'm sorry for the trouble; that's not the experience we want for you."},
		{"Con este ajuste, pagaría menos cada mes y conservaría lo que más usa.", "With this adjustment, you'd pay less each month and keep what you use most."},
		{"Verá el cambio reflejado en su próxima factura.", "You'll see the change on your next bill."},
		{"El plazo habitual es de tres a cinco días hábiles.", "It usually takes three to five business days."},
		{"¿Hay algo más en lo que pueda ayudarle?", "Is there anything else I can help you with?"},
		{"Un especialista revisará {S} y le contactará.", "A specialist will review the {S} and contact you."},
		{"Comparemos lo que paga con lo que realmente utiliza.", "Let's compare what you pay with what you actually use."},
		{"La decisión es suya, y le dejo todo preparado.", "The decision is yours, and I'll have everything ready for you."},
		{"Para proteger su cuenta, primero confirmo su identidad.", "To protect your account, I'll confirm your identity first."},
	}
	genPlaceholders = []string{"customer_name", "plan", "new_plan", "ticket", "company", "callback_date", "refund_amount", "monthly_saving"}
	genTags         = []string{
		"factura", "bill", "cobro", "charge", "reembolso", "refund", "precio", "price", "caro", "expensive",
		"cancelar", "cancel", "baja", "retención", "retention", "pago", "payment", "crédito", "credit",
		"promoción", "promotion", "avería", "outage", "técnico", "technical", "disculpa", "apology",
		"seguimiento", "follow-up", "cierre", "closing", "espera", "hold", "plan", "descuento", "discount",
	}
)

// genLibrary writes n templates in both languages as one overlay file.
// The generator is seeded, so every run measures the same library.
func genLibrary(n int) string {
	rng := rand.New(rand.NewPCG(2026, 11))
	pick := func(xs []pair) pair { return xs[rng.IntN(len(xs))] }
	var b strings.Builder
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	for i := range n {
		cat := playbook.Categories[rng.IntN(len(playbook.Categories))]
		subj, act, qual := pick(genSubjects), pick(genActions), pick(genQualifiers)
		title := pair{strings.TrimSpace(act.es + " " + subj.es + " " + qual.es), strings.TrimSpace(act.en + " " + subj.en + " " + qual.en)}
		fmt.Fprintf(&b, "[[template]]\nid = \"gen.%s_%05d\"\ncategory = %q\n", cat, i, cat)
		fmt.Fprintf(&b, "title = { es = %s, en = %s }\n", q(title.es), q(title.en))
		var tags []string
		for range 2 + rng.IntN(5) {
			tags = append(tags, q(genTags[rng.IntN(len(genTags))]))
		}
		fmt.Fprintf(&b, "tags = [%s]\n", strings.Join(tags, ", "))
		body := func(sentences int) pair {
			var es, en []string
			for range sentences {
				s := pick(genSentences)
				es = append(es, strings.ReplaceAll(s.es, "{S}", pick(genSubjects).es))
				en = append(en, strings.ReplaceAll(s.en, "{S}", pick(genSubjects).en))
			}
			if rng.IntN(3) == 0 {
				ph := genPlaceholders[rng.IntN(len(genPlaceholders))]
				es = append(es, "Referencia: {{"+ph+"}}.")
				en = append(en, "Reference: {{"+ph+"}}.")
			}
			return pair{strings.Join(es, " "), strings.Join(en, " ")}
		}
		if cat == "objection" {
			for _, st := range playbook.Stages {
				p := body(1 + rng.IntN(2))
				fmt.Fprintf(&b, "[[template.part]]\nstage = %q\ntext = { es = %s, en = %s }\n", st, q(p.es), q(p.en))
			}
		} else {
			p := body(2 + rng.IntN(3))
			fmt.Fprintf(&b, "text = { es = %s, en = %s }\n", q(p.es), q(p.en))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// genQueries is what agents type: one to three words in either language,
// with or without accents and capitals, often with the last word half
// typed, and whole titles.
func genQueries(n int) []string {
	rng := rand.New(rand.NewPCG(7, 42))
	var out []string
	for len(out) < n {
		var words []string
		for range 1 + rng.IntN(3) {
			s := genSubjects[rng.IntN(len(genSubjects))]
			w := s.es
			if rng.IntN(2) == 0 {
				w = s.en
			}
			words = append(words, w)
		}
		qry := strings.Join(words, " ")
		switch rng.IntN(5) {
		case 0: // typed without accents
			qry = playbook.Fold(qry)
		case 1: // last word half typed
			if r := []rune(qry); len(r) > 4 {
				qry = string(r[:len(r)-1-rng.IntN(min(len(r)-3, 4))])
			}
		case 2:
			qry = strings.ToUpper(qry)
		case 3: // a short prefix, the worst case for completion
			qry = string([]rune(playbook.Fold(words[0]))[:2])
		}
		out = append(out, qry)
	}
	return out
}

var (
	largeOnce sync.Once
	largePB   *playbook.Playbook
	largeErr  error
)

func largeLibrary(tb testing.TB) *playbook.Playbook {
	tb.Helper()
	largeOnce.Do(func() {
		largePB, largeErr = playbook.LoadWithOverlay(assets.Playbook(), assets.PlaybookDir,
			fstest.MapFS{"generated.toml": {Data: []byte(genLibrary(10000))}}, "generated")
	})
	if largeErr != nil {
		tb.Fatal(largeErr)
	}
	return largePB
}

// BenchmarkSearchTemplates10k measures what an agent waits for per
// keystroke on a 10,000-template library: p50 and p99 latency over 200
// queries, as the palette asks (language preference, first 50 hits).
func BenchmarkSearchTemplates10k(b *testing.B) {
	pb := largeLibrary(b)
	queries := genQueries(200)
	pb.SearchTemplates("index", playbook.SearchOptions{}) // built once, outside the timing
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		for i, q := range queries {
			lang := locales.Langs[i%2]
			start := time.Now()
			pb.SearchTemplates(q, playbook.SearchOptions{Lang: lang, Limit: 50})
			lat = append(lat, time.Since(start))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Nanoseconds()) / 1e6
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(ms(1.0), "max-ms")
}

// The large library still finds what it should: the real pack's templates
// among 10,000 generated ones, and filters that hold.
func TestSearchTemplatesLargeLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 10,000 templates")
	}
	pb := largeLibrary(t)
	if len(pb.Templates) < 10000 {
		t.Fatalf("%d templates", len(pb.Templates))
	}
	if hits := pb.SearchTemplates("demasiado caro", playbook.SearchOptions{Lang: locales.ES, Limit: 10}); len(hits) == 0 {
		t.Fatal("demasiado caro: nothing")
	}
	hits := pb.SearchTemplates("reembolso", playbook.SearchOptions{Lang: locales.ES, Category: "apology", Limit: 20})
	if len(hits) != 20 {
		t.Fatalf("reembolso in apologies: %d hits", len(hits))
	}
	for _, h := range hits {
		if h.Template.Category != "apology" {
			t.Errorf("%s is not an apology", h.Template.ID)
		}
	}
	// Keeping only the best hits gives the same head as ranking them all.
	for _, q := range genQueries(40) {
		all := pb.SearchTemplates(q, playbook.SearchOptions{Lang: locales.EN})
		top := pb.SearchTemplates(q, playbook.SearchOptions{Lang: locales.EN, Limit: 10})
		if len(all) > 10 {
			all = all[:10]
		}
		if !slices.Equal(hitIDs(all), hitIDs(top)) {
			t.Errorf("%q: limit 10 gives %v, the head of all hits is %v", q, hitIDs(top), hitIDs(all))
		}
	}
	// How fast is BenchmarkSearchTemplates10k's (p50, p99, max): a wall
	// clock bound here failed whenever the machine was busy (a 0.13 ms
	// query took 276 ms beside three test sets under -race).
}
