package calculators

import (
	"testing"

	"agentdesk/locales"
)

func TestBillDiff(t *testing.T) {
	before := []BillLine{
		{Code: "PLAN100", Description: "Fibra 100", Kind: BillPlan, Amount: usd(40)},
		{Code: "PROMO", Description: "Promo verano", Kind: BillPromotion, Amount: usd(-10)},
		{Code: "TV", Description: "TV básica", Kind: BillService, Amount: usd(15)},
		{Code: "PPV1", Description: "Final de copa", Kind: BillOneOff, Amount: usd(5.99)},
		{Code: "IVA", Description: "IVA", Kind: BillTax, Amount: usd(10.50)},
	}
	after := []BillLine{
		{Code: "PLAN300", Description: "Fibra 300", Kind: BillPlan, Amount: usd(50)},
		{Code: "TV", Description: "TV básica", Kind: BillService, Amount: usd(15)},
		{Code: "MOVIL", Description: "Línea móvil", Kind: BillService, Amount: usd(12)},
		{Code: "PAPER", Description: "factura en papel", Kind: BillFee, Amount: usd(1.50)},
		{Code: "PRO", Description: "Ajuste por cambio de plan", Kind: BillProrated, Amount: usd(4.33)},
		{Code: "IVA", Description: "IVA", Kind: BillTax, Amount: usd(17.01)},
	}
	r, err := BillDiffInput{Before: before, After: after}.Compute()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Money{
		DiffPlanChange:       usd(10),
		DiffNewService:       usd(12),
		DiffFee:              usd(1.50),
		DiffProrated:         usd(4.33),
		DiffTax:              usd(6.51),
		DiffPromotionExpired: usd(10),
		DiffOneOff:           usd(-5.99),
	}
	got := map[string]Money{}
	for _, d := range r.Differences {
		if _, dup := got[d.Class]; dup {
			t.Errorf("class %s twice", d.Class)
		}
		got[d.Class] = d.Amount
		if d.MessageID != "calc.billdiff."+d.Class {
			t.Errorf("message id %q", d.MessageID)
		}
	}
	for c, m := range want {
		if got[c] != m {
			t.Errorf("%s = %v, want %v", c, got[c], m)
		}
	}
	if len(got) != len(want) {
		t.Errorf("differences: %v", got)
	}
	if r.TotalBefore != usd(61.49) || r.TotalAfter != usd(99.84) || r.Difference != usd(38.35) {
		t.Errorf("totals %v → %v (%v)", r.TotalBefore, r.TotalAfter, r.Difference)
	}
	for _, d := range r.Differences {
		if d.Class == DiffPlanChange && (d.OldName != "Fibra 100" || d.Name != "Fibra 300") {
			t.Errorf("plan names %q → %q", d.OldName, d.Name)
		}
		if d.Class == DiffPromotionExpired && d.Name != "Promo verano" {
			t.Errorf("promotion name %q", d.Name)
		}
	}
	script := r.Script(es)
	if len(script) != len(r.Differences)+1 || script[len(script)-1].ID != "calc.billdiff.total" {
		t.Errorf("script %v", script)
	}
	if d := script[len(script)-1].Data; d["Amount"] != "38,35\u00a0US$" || d["Up"] != true {
		t.Errorf("total data %v", d)
	}
}

// Property: the differences add up to the total difference.
func TestBillDiffSumsToTotal(t *testing.T) {
	kinds := BillKinds
	for seed := 0; seed < 200; seed++ {
		var in BillDiffInput
		x := uint32(seed*2654435761 + 1)
		next := func() uint32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x }
		for side := 0; side < 2; side++ {
			n := int(next() % 8)
			for i := 0; i < n; i++ {
				k := kinds[next()%uint32(len(kinds))]
				amt := int64(next() % 10000)
				if k == BillPromotion || (k == BillProrated && next()%2 == 0) {
					amt = -amt
				}
				l := BillLine{Code: string(rune('A' + next()%4)), Kind: k, Amount: FromMinor(amt, "EUR")}
				if side == 0 {
					in.Before = append(in.Before, l)
				} else {
					in.After = append(in.After, l)
				}
			}
		}
		if len(in.Before)+len(in.After) == 0 {
			continue
		}
		r, err := in.Compute()
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		var sum int64
		for _, d := range r.Differences {
			sum += d.Amount.Minor
			if d.Amount.Minor == 0 {
				t.Errorf("seed %d: zero difference listed", seed)
			}
		}
		if sum != r.Difference.Minor || r.Difference.Minor != r.TotalAfter.Minor-r.TotalBefore.Minor {
			t.Fatalf("seed %d: sum %d, difference %v", seed, sum, r.Difference)
		}
	}
}

func TestBillDiffValidate(t *testing.T) {
	err := BillDiffInput{
		Before: []BillLine{{Code: "X", Kind: "gift", Amount: usd(1)}, {Kind: BillPlan, Amount: usd(1)}},
		After:  []BillLine{{Code: "P", Kind: BillPromotion, Amount: usd(5)}, {Code: "F", Kind: BillFee, Amount: FromMinor(1, "EUR")}},
	}.Validate()
	c := codes(err)
	want := map[string]string{
		"before[0].kind":        CodeInvalidKind,
		"before[1].description": CodeRequired,
		"after[0].amount":       CodeMustBeNegative,
		"after[1].amount":       CodeCurrencyMismatch,
	}
	for f, code := range want {
		if c[f] != code {
			t.Errorf("%s: %q, want %q (%v)", f, c[f], code, c)
		}
	}
	if c := codes(BillDiffInput{}.Validate()); c["after"] != CodeRequired {
		t.Errorf("empty: %v", c)
	}
}

// A one-off charge on both bills (a pay-per-view each month) is neither
// "a one-off charge of <the difference>" nor one that "does not appear
// this time": it is the same line, higher or lower.
func TestBillDiffOneOffOnBothBills(t *testing.T) {
	tr := locales.New(locales.EN)
	for _, tc := range []struct {
		before, after float64
		want          string
	}{
		{10, 5, "Pay-per-view is $5.00 lower than on your previous bill."},
		{10, 15, "Pay-per-view is $5.00 higher than on your previous bill."},
	} {
		r, err := BillDiffInput{
			Before: []BillLine{{Description: "Pay-per-view", Kind: BillOneOff, Amount: usd(tc.before)}},
			After:  []BillLine{{Description: "Pay-per-view", Kind: BillOneOff, Amount: usd(tc.after)}},
		}.Compute()
		if err != nil || len(r.Differences) != 1 {
			t.Fatalf("%v %+v", err, r)
		}
		it := r.Script(locales.EN)[0]
		if got := tr.D(it.ID, it.Data); got != tc.want {
			t.Errorf("%v → %v: %q, want %q", tc.before, tc.after, got, tc.want)
		}
	}
	// On one bill only it is still a one-off.
	r, _ := BillDiffInput{Before: []BillLine{{Description: "Pay-per-view", Kind: BillOneOff, Amount: usd(10)}},
		After: []BillLine{{Description: "Plan", Kind: BillPlan, Amount: usd(0)}}}.Compute()
	if len(r.Differences) != 1 || r.Differences[0].Class != DiffOneOff {
		t.Errorf("one bill only: %+v", r.Differences)
	}
}

// A promotion on both bills whose discount changed is said as a discount:
// "Verano is $5.00 higher than on your previous bill" told the customer
// the discount grew when it shrank.
func TestBillDiffPromotionThatChanged(t *testing.T) {
	want := map[locales.Lang][2]string{
		locales.EN: {
			"Your Verano promotion now takes $5.00 less off your bill, so your bill is $5.00 higher.",
			"Your Verano promotion now takes $5.00 more off your bill, so your bill is $5.00 lower.",
		},
		locales.ES: {
			"Su promoción Verano ahora le descuenta 5,00\u00a0US$ menos, por eso la factura sube 5,00\u00a0US$.",
			"Su promoción Verano ahora le descuenta 5,00\u00a0US$ más, por eso la factura baja 5,00\u00a0US$.",
		},
	}
	for i, amounts := range [][2]float64{{-10, -5}, {-5, -10}} {
		r, err := BillDiffInput{
			Before: []BillLine{{Description: "Verano", Kind: BillPromotion, Amount: usd(amounts[0])}},
			After:  []BillLine{{Description: "Verano", Kind: BillPromotion, Amount: usd(amounts[1])}},
		}.Compute()
		if err != nil || len(r.Differences) != 1 {
			t.Fatalf("%v %+v", err, r)
		}
		for lang, lines := range want {
			it := r.Script(lang)[0]
			if got := locales.New(lang).D(it.ID, it.Data); got != lines[i] {
				t.Errorf("%s %v: %q, want %q", lang, amounts, got, lines[i])
			}
		}
	}
}
