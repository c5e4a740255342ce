package calculators

import (
	"sort"
	"strings"

	"agentdesk/locales"
)

// Kinds of bill lines.
const (
	BillPlan      = "plan"
	BillPromotion = "promotion" // a discount: amount ≤ 0
	BillService   = "service"   // an add-on billed every month
	BillOneOff    = "one_off"   // pay-per-view, a purchase, a visit
	BillFee       = "fee"       // late fee, paper bill, reconnection
	BillTax       = "tax"
	BillProrated  = "prorated" // partial-cycle charge or credit after a change
)

// BillKinds lists the kinds a bill line may have.
var BillKinds = []string{BillPlan, BillPromotion, BillService, BillOneOff, BillFee, BillTax, BillProrated}

// Classes of a difference between two bills. Each has a speakable script
// "calc.billdiff.<class>" in locales/calc.*.toml.
const (
	DiffPromotionExpired = "promotion_expired"
	DiffPromotionNew     = "promotion_new"
	// DiffPromotionChanged: a promotion on both bills whose discount
	// changed, said as a discount taking more or less off.
	DiffPromotionChanged = "promotion_changed"
	DiffPlanChange       = "plan_change"
	DiffNewService       = "new_service"
	DiffRemovedService   = "removed_service"
	DiffOneOff           = "one_off"
	DiffFee              = "fee"
	DiffTax              = "tax"
	DiffProrated         = "prorated"
	DiffOther            = "other"
)

// DiffClasses lists every class in the order an explanation takes them:
// what the customer most often calls about first (an ended promotion, a
// plan change), taxes last because they follow from the rest.
var DiffClasses = []string{DiffPromotionExpired, DiffPlanChange, DiffNewService, DiffRemovedService,
	DiffPromotionNew, DiffPromotionChanged, DiffOneOff, DiffFee, DiffProrated, DiffOther, DiffTax}

func classRank(c string) int {
	for i, x := range DiffClasses {
		if x == c {
			return i
		}
	}
	return len(DiffClasses)
}

// MaxBillLines bounds one bill.
const MaxBillLines = 500

// BillLine is one line of a bill. Lines of the two bills are matched by Kind
// and Code (or, without a code, by Description ignoring case), so the same
// service keeps its identity across months.
type BillLine struct {
	Code        string
	Description string
	Kind        string
	Amount      Money
}

// BillDiffInput is the previous bill and the current one.
type BillDiffInput struct {
	Before []BillLine
	After  []BillLine
}

// BillDifference is one reason the bill changed.
type BillDifference struct {
	Class   string
	Kind    string
	Code    string
	Name    string // what to call it on the call: the current description, else the previous one
	OldName string // plan changes: the previous plan's name
	Before  Money  // the matched lines' total on the previous bill
	After   Money  // and on the current one
	Amount  Money  // After - Before: positive raises the bill
	// MessageID is the script that explains it, "calc.billdiff.<class>";
	// render it with ScriptData in the call language.
	MessageID string
}

// ScriptData is the template data of the difference's script in lang:
// Name, OldName, Amount (the magnitude, formatted), Before, After, and Up
// (whether the bill goes up), so one message reads right either way.
func (d BillDifference) ScriptData(lang locales.Lang) map[string]any {
	return map[string]any{
		"Name":    d.Name,
		"OldName": d.OldName,
		"Amount":  FormatMoney(d.Amount.Abs(), lang),
		"Before":  FormatMoney(d.Before, lang),
		"After":   FormatMoney(d.After, lang),
		"Up":      d.Amount.Minor > 0,
	}
}

// BillDiffResult: Differences sum exactly to Difference.
type BillDiffResult struct {
	TotalBefore Money
	TotalAfter  Money
	Difference  Money
	Differences []BillDifference
	Breakdown   []Line
}

// ScriptItem is one sentence of the explanation: a message ID and its data.
type ScriptItem struct {
	ID   string
	Data map[string]any
}

// Script is the whole explanation in lang, in the order an agent says it:
// each difference, then the total ("calc.billdiff.total", or
// "calc.billdiff.same" when nothing changed).
func (r BillDiffResult) Script(lang locales.Lang) []ScriptItem {
	out := make([]ScriptItem, 0, len(r.Differences)+1)
	for _, d := range r.Differences {
		out = append(out, ScriptItem{ID: d.MessageID, Data: d.ScriptData(lang)})
	}
	total := map[string]any{
		"Amount": FormatMoney(r.Difference.Abs(), lang),
		"Before": FormatMoney(r.TotalBefore, lang),
		"After":  FormatMoney(r.TotalAfter, lang),
		"Up":     r.Difference.Minor > 0,
	}
	id := "calc.billdiff.total"
	if r.Difference.Minor == 0 {
		id = "calc.billdiff.same"
	}
	return append(out, ScriptItem{ID: id, Data: total})
}

func validKind(k string) bool {
	for _, b := range BillKinds {
		if k == b {
			return true
		}
	}
	return false
}

// Validate reports every problem with the input.
func (in BillDiffInput) Validate() error {
	var c checker
	if len(in.Before) == 0 && len(in.After) == 0 {
		c.add("after", CodeRequired, nil)
	}
	for _, bill := range []struct {
		name  string
		lines []BillLine
	}{{"before", in.Before}, {"after", in.After}} {
		if len(bill.lines) > MaxBillLines {
			c.add(bill.name, CodeTooMany, map[string]any{"Max": MaxBillLines})
			continue
		}
		for i, l := range bill.lines {
			f := indexed(bill.name, i)
			if strings.TrimSpace(l.Code) == "" && strings.TrimSpace(l.Description) == "" {
				c.add(f+".description", CodeRequired, nil)
			}
			sign := nonNegative
			switch l.Kind {
			case BillPromotion:
				sign = nonPositive
			case BillTax, BillProrated:
				sign = anySign
			}
			if !validKind(l.Kind) {
				c.add(f+".kind", CodeInvalidKind, map[string]any{"Kinds": strings.Join(BillKinds, ", ")})
				sign = anySign
			}
			c.money(f+".amount", l.Amount, sign)
		}
	}
	return c.errs.Err()
}

// group of matched lines in both bills.
type billGroup struct {
	kind, code        string
	name, oldName     string
	before, after     int64
	inBefore, inAfter bool
}

// groupKey matches lines across bills. Plans and taxes are compared as one
// total per kind: a renamed plan at a new price is a plan change, not a
// removed and a new service, and taxes follow the other lines.
func groupKey(l BillLine) string {
	switch l.Kind {
	case BillPlan, BillTax:
		return l.Kind
	}
	id := strings.TrimSpace(l.Code)
	if id == "" {
		id = "~" + strings.ToLower(strings.TrimSpace(l.Description))
	}
	return l.Kind + "\x00" + id
}

func lineName(l BillLine) string {
	if d := strings.TrimSpace(l.Description); d != "" {
		return d
	}
	return strings.TrimSpace(l.Code)
}

// Compute validates and explains the change from Before to After.
func (in BillDiffInput) Compute() (BillDiffResult, error) {
	if err := in.Validate(); err != nil {
		return BillDiffResult{}, err
	}
	cur := ""
	for _, l := range append(append([]BillLine{}, in.After...), in.Before...) {
		if l.Amount.Currency != "" {
			cur = l.Amount.Currency
			break
		}
	}
	groups := map[string]*billGroup{}
	var order []string
	// Validation bounds every sum by MaxBillLines·MaxMinor, inside int64.
	var totalBefore, totalAfter int64
	add := func(l BillLine, after bool) {
		k := groupKey(l)
		g, ok := groups[k]
		if !ok {
			g = &billGroup{kind: l.Kind, code: strings.TrimSpace(l.Code)}
			groups[k] = g
			order = append(order, k)
		}
		name := lineName(l)
		if after {
			g.after += l.Amount.Minor
			g.inAfter = true
			totalAfter += l.Amount.Minor
			if g.name == "" || (l.Kind == BillPlan && !strings.Contains(g.name, name)) {
				g.name = joinName(g.name, name)
			}
		} else {
			g.before += l.Amount.Minor
			g.inBefore = true
			totalBefore += l.Amount.Minor
			if g.oldName == "" || (l.Kind == BillPlan && !strings.Contains(g.oldName, name)) {
				g.oldName = joinName(g.oldName, name)
			}
		}
	}
	for _, l := range in.After {
		add(l, true)
	}
	for _, l := range in.Before {
		add(l, false)
	}
	r := BillDiffResult{
		TotalBefore: FromMinor(totalBefore, cur),
		TotalAfter:  FromMinor(totalAfter, cur),
		Difference:  FromMinor(totalAfter-totalBefore, cur),
	}
	for _, k := range order {
		g := groups[k]
		if g.after == g.before {
			continue
		}
		d := BillDifference{
			Kind:   g.kind,
			Code:   g.code,
			Name:   g.name,
			Before: FromMinor(g.before, cur),
			After:  FromMinor(g.after, cur),
			Amount: FromMinor(g.after-g.before, cur),
		}
		if d.Name == "" {
			d.Name = g.oldName
		}
		d.Class = classify(g)
		if d.Class == DiffPlanChange && g.oldName != g.name {
			d.OldName = g.oldName
		}
		d.MessageID = "calc.billdiff." + d.Class
		r.Differences = append(r.Differences, d)
	}
	sort.SliceStable(r.Differences, func(i, j int) bool {
		return classRank(r.Differences[i].Class) < classRank(r.Differences[j].Class)
	})
	r.Breakdown = []Line{
		{Key: "calc.line.bill_before", Value: r.TotalBefore, Kind: KindMoney},
		{Key: "calc.line.bill_after", Value: r.TotalAfter, Kind: KindMoney},
		{Key: "calc.line.bill_difference", Value: r.Difference, Kind: KindMoney},
	}
	return r, nil
}

func joinName(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " + " + b
}

func classify(g *billGroup) string {
	switch g.kind {
	case BillPlan:
		return DiffPlanChange
	case BillTax:
		return DiffTax
	case BillFee:
		return DiffFee
	case BillOneOff:
		// On both bills (a pay-per-view each month) it is a line that
		// went up or down; the one-off script says it is new or gone.
		if !(g.inBefore && g.inAfter) {
			return DiffOneOff
		}
	case BillProrated:
		return DiffProrated
	case BillPromotion:
		switch {
		case g.inBefore && !g.inAfter:
			return DiffPromotionExpired
		case g.inAfter && !g.inBefore:
			return DiffPromotionNew
		}
		return DiffPromotionChanged
	case BillService:
		switch {
		case g.inAfter && !g.inBefore:
			return DiffNewService
		case g.inBefore && !g.inAfter:
			return DiffRemovedService
		}
	}
	return DiffOther
}
