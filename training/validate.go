package training

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"agentdesk/cases"
	"agentdesk/internal/tomlpos"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// Builtins are placeholders every scenario text may use besides its values:
// the company name (a setting), the trainee's name and the escalation ticket.
// first_name and last_name split the persona's name, for "señora
// {{last_name}}".
var Builtins = []string{"company", "agent_name", "ticket", "first_name", "last_name"}

var (
	idRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)
	nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

type validator struct {
	l *loader
	// prose, when set, checks the words of a text (glossary, plurals,
	// gender agreement) for the scenario being validated.
	prose func(p Pos, key string, t Text)
}

func (v *validator) add(p Pos, code string, args map[string]any) { v.l.add(p, code, args) }

func (v *validator) fp(file string) *tomlpos.File {
	if p := v.l.files[file]; p != nil {
		return p
	}
	return &tomlpos.File{Name: file}
}

func (v *validator) field(p Pos, key string) Pos { return v.fp(p.File).Field(p, key) }

// text checks both languages are present and use the same known
// placeholders; optional texts may be wholly absent.
func (v *validator) text(p Pos, key string, t Text, optional bool, names map[string]string) {
	fp := v.field(p, key)
	if optional && t.IsZero() {
		return
	}
	known := func(n string) bool { _, ok := names[n]; return ok || slices.Contains(Builtins, n) }
	issues, more := playbook.CheckText(key, t.ES, t.EN, placeholdersIn, known)
	for _, is := range issues {
		at := fp
		if is.AtPlaceholder {
			at = v.fp(p.File).LineWith(fp, "{{")
		}
		v.add(at, is.Code, is.Args)
	}
	if !more {
		return
	}
	for _, m := range placeholderRE.FindAllStringSubmatch(t.ES+" "+t.EN, -1) {
		if !strings.Contains(m[1], "|") {
			continue
		}
		if a, b, ok := genderForms(m[1]); !ok || strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
			v.add(v.fp(p.File).LineWith(fp, m[0]), "bad_gender_form", map[string]any{"Form": m[0]})
		}
	}
	if v.prose != nil {
		v.prose(fp, key, t)
	}
	if g := v.l.glossary; g != nil {
		v.style(g, fp, t, names)
	}
}

// style reports the glossary's avoided variants and the fixed plurals
// beside a count in both languages of t, each at the line that holds it.
// A count is any int value: one with a unit already says its noun.
func (v *validator) style(g *playbook.Glossary, fp Pos, t Text, names map[string]string) {
	isCount := func(name string) bool { return names[name] == KindInt }
	for _, l := range locales.Langs {
		s := t.Raw(l)
		for _, h := range g.Check(l, s) {
			v.add(v.fp(fp.File).LineWith(fp, h.Found), "glossary", map[string]any{"Found": h.Found, "Use": h.Use, "Lang": string(l)})
		}
		for _, f := range playbook.FixedPlurals(l, s, isCount) {
			v.add(v.fp(fp.File).LineWith(fp, f), "fixed_plural", map[string]any{"Text": f, "Lang": string(l)})
		}
	}
}

func (v *validator) oneOf(p Pos, key, val string, allowed []string) bool {
	if !slices.Contains(allowed, val) {
		v.add(v.field(p, key), "bad_value", map[string]any{"Key": key, "Value": val})
		return false
	}
	return true
}

// ref checks that name is a value of one of the kinds.
func (v *validator) ref(p Pos, key, name string, names map[string]string, kinds ...string) {
	k, ok := names[name]
	switch {
	case name == "":
		v.add(v.field(p, key), "missing_key", map[string]any{"Key": key})
	case !ok:
		v.add(v.field(p, key), "dangling_ref", map[string]any{"Kind": "value", "ID": name})
	case !slices.Contains(kinds, k):
		v.add(v.field(p, key), "bad_kind", map[string]any{"Name": name, "Kind": k, "Want": strings.Join(kinds, "|")})
	}
}

func (v *validator) scenario(sc *Scenario, seen map[string]Pos) {
	before := len(v.l.issues)
	pb := v.l.pb
	top := sc.pos
	switch {
	case strings.TrimSpace(sc.ID) == "":
		v.add(top, "missing_id", map[string]any{"Kind": "scenario"})
	case !idRE.MatchString(sc.ID):
		v.add(v.field(top, "id"), "bad_value", map[string]any{"Key": "id", "Value": sc.ID})
	default:
		if first, dup := seen[sc.ID]; dup {
			v.add(v.field(top, "id"), "duplicate_id", map[string]any{"Kind": "scenario", "ID": sc.ID, "First": first.File + ":" + strconv.Itoa(first.Line)})
		} else {
			seen[sc.ID] = v.field(top, "id")
		}
	}
	if sc.Version == 0 {
		sc.Version = 1
	}
	if sc.Version < 0 {
		v.add(v.field(top, "version"), "bad_value", map[string]any{"Key": "version", "Value": sc.Version})
	}
	if sc.Difficulty < 1 || sc.Difficulty > 3 {
		v.add(v.field(top, "difficulty"), "bad_value", map[string]any{"Key": "difficulty", "Value": sc.Difficulty})
	}
	if sc.Role == "" {
		sc.Role = "agent"
	}
	v.oneOf(top, "role", sc.Role, playbook.Roles)
	var ct *playbook.CallType
	if pb != nil {
		if ct = pb.CallType(sc.CallType); ct == nil {
			v.add(v.field(top, "call_type"), "unknown_call_type", map[string]any{"ID": sc.CallType})
		}
	}

	// Values: every var and calc, with its kind, defined before use.
	names := map[string]string{}
	declare := func(p Pos, name, kind string) {
		switch {
		case !nameRE.MatchString(name):
			v.add(v.field(p, "name"), "bad_value", map[string]any{"Key": "name", "Value": name})
		case names[name] != "" || slices.Contains(Builtins, name):
			v.add(v.field(p, "name"), "duplicate_id", map[string]any{"Kind": "value", "ID": name, "First": ""})
		default:
			names[name] = kind
		}
	}
	for i := range sc.Vars {
		x := &sc.Vars[i]
		if !v.oneOf(x.pos, "kind", x.Kind, varKinds) {
			continue
		}
		v.varRange(x)
		declare(x.pos, x.Name, x.Kind)
	}
	for i := range sc.Calcs {
		c := &sc.Calcs[i]
		fn, ok := calcFns[c.Fn]
		if !ok {
			v.add(v.field(c.pos, "fn"), "bad_value", map[string]any{"Key": "fn", "Value": c.Fn})
			continue
		}
		v.calcArgs(c, fn.args, fn.n, names)
		declare(c.pos, c.Name, fn.result)
	}
	genders := personaGenders(sc)
	v.prose = func(p Pos, key string, t Text) { v.genderCheck(sc, genders, p, key, t) }
	defer func() { v.prose = nil }()
	for i := range sc.Vars {
		for j := range sc.Vars[i].Options {
			v.text(sc.Vars[i].pos, "options", sc.Vars[i].Options[j], false, names)
		}
		if !sc.Vars[i].Unit.IsZero() {
			v.text(sc.Vars[i].pos, "unit", sc.Vars[i].Unit, false, names)
		}
	}

	pp := tablePos(v.fp(sc.File), "persona")
	v.ref(pp, "name", sc.Persona.Name, names, KindPerson)
	if sc.Persona.Tenure != "" {
		v.ref(pp, "tenure", sc.Persona.Tenure, names, KindInt)
	}
	if p := sc.Persona.Patience; p < 0 || p > MaxPatience {
		v.add(v.field(pp, "patience"), "bad_value", map[string]any{"Key": "patience", "Value": p})
	}

	v.text(pp, "description", sc.Persona.Description, false, names)
	v.text(pp, "mood", sc.Persona.Mood, false, names)
	v.text(top, "title", sc.Title, false, names)
	v.text(top, "brief", sc.Brief, true, names)

	for i := range sc.Facts {
		f := &sc.Facts[i]
		v.oneOf(f.pos, "kind", f.Kind, FactKinds)
		if f.Value == "" && f.Text.IsZero() {
			v.add(f.pos, "missing_key", map[string]any{"Key": "value"})
		}
		if f.Value != "" {
			v.ref(f.pos, "value", f.Value, names, varKinds...)
		}
		v.text(f.pos, "text", f.Text, true, names)
	}

	if len(sc.Turns) == 0 {
		v.add(top, "no_decision", nil)
	}
	turnIDs := map[string]bool{}
	for i := range sc.Turns {
		v.turn(sc, &sc.Turns[i], ct, names, turnIDs)
	}
	v.flow(sc, names)

	ep := tablePos(v.fp(sc.File), "expect")
	e := &sc.Expect
	for _, q := range e.Questions {
		v.callTypeItem(ep, "questions", "question", q, ct)
	}
	for _, c := range e.Checks {
		v.callTypeItem(ep, "checks", "check", c, ct)
	}
	for _, a := range e.Actions {
		if pb != nil && pb.Action(a) == nil {
			v.add(v.field(ep, "actions"), "dangling_ref", map[string]any{"Kind": "action", "ID": a})
		}
	}
	if len(e.ReasonCodes) == 0 {
		v.add(ep, "missing_key", map[string]any{"Key": "reason_codes"})
	}
	for _, r := range e.ReasonCodes {
		if pb != nil && pb.ReasonCode(r) == nil {
			v.add(v.field(ep, "reason_codes"), "dangling_ref", map[string]any{"Kind": "reason_code", "ID": r})
		}
	}
	if !(e.Minutes > 0 && e.Minutes <= 120) {
		v.add(v.field(ep, "minutes"), "bad_value", map[string]any{"Key": "minutes", "Value": e.Minutes})
	}

	if len(v.l.issues) > before || pb == nil || ct == nil {
		return
	}
	sc.env = newEnv(pb, ct, sc.Role)
	sc.assignIDs()
	if !v.l.noSelfTest {
		v.selfTest(sc)
	}
}

func newEnv(pb *playbook.Playbook, ct *playbook.CallType, role string) env {
	e := env{
		currency: pb.Meta.Currency, authRequired: ct.RequiresAuth, limit: pb.AuthorityMinor(role),
		reasonCodes: slices.Clone(ct.ReasonCodes), stepTitles: map[string]Text{}, stepGoals: map[string]Text{},
	}
	for _, s := range pb.Steps {
		e.stepTitles[s.ID] = Text{ES: s.Title.ES, EN: s.Title.EN}
		e.stepGoals[s.ID] = Text{ES: s.Goal.ES, EN: s.Goal.EN}
	}
	return e
}

func (v *validator) varRange(x *Var) {
	bad := func(key string, val any) {
		v.add(v.field(x.pos, key), "bad_value", map[string]any{"Key": key, "Value": val})
	}
	finite := func(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 1e9 }
	switch x.Kind {
	case KindMoney, KindInt, KindDate:
		if !finite(x.Min) || !finite(x.Max) || !finite(x.Step) {
			bad("min", x.Min)
			return
		}
		if x.Max < x.Min {
			v.add(v.field(x.pos, "max"), "bad_range", map[string]any{"Min": x.Min, "Max": x.Max})
			return
		}
		if x.Step < 0 {
			bad("step", x.Step)
			return
		}
		if x.Kind == KindMoney && x.Min < 0 {
			bad("min", x.Min)
		}
		if x.Kind != KindMoney && (x.Min != math.Trunc(x.Min) || x.Max != math.Trunc(x.Max) || x.Step != math.Trunc(x.Step)) {
			bad("min", x.Min)
		}
		if x.Kind == KindDate && (math.Abs(x.Min) > 3660 || math.Abs(x.Max) > 3660) {
			bad("max", x.Max)
		}
		step := x.Step
		if step == 0 {
			step = 1
			if x.Kind == KindMoney {
				step = 0.01
			}
		}
		if _, err := steps(x.Min, x.Max, step); err != nil {
			bad("step", x.Step)
		}
	case KindText:
		if len(x.Values) == 0 && len(x.Options) == 0 {
			v.add(x.pos, "missing_key", map[string]any{"Key": "values"})
		}
		for _, s := range x.Values {
			if strings.TrimSpace(s) == "" {
				bad("values", s)
			}
		}
	case KindBool:
		switch {
		case x.Value == nil && x.Chance == nil:
			v.add(x.pos, "missing_key", map[string]any{"Key": "value"})
		case x.Chance != nil && (math.IsNaN(*x.Chance) || *x.Chance <= 0 || *x.Chance >= 1):
			bad("chance", *x.Chance)
		}
	case KindPerson:
		if len(x.Female)+len(x.Male) == 0 {
			v.add(x.pos, "missing_key", map[string]any{"Key": "female"})
		}
		for _, n := range append(slices.Clone(x.Female), x.Male...) {
			if strings.TrimSpace(n) == "" {
				bad("female", n)
			}
		}
	}
	if !x.Unit.IsZero() {
		if x.Kind != KindInt {
			bad("unit", x.Kind)
		}
		for _, u := range []string{x.Unit.ES, x.Unit.EN} {
			if a, b, ok := strings.Cut(u, "|"); !ok || strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" || strings.Contains(b, "|") {
				bad("unit", u)
			}
		}
	}
}

func (v *validator) calcArgs(c *Calc, want []string, needN bool, names map[string]string) {
	variadic := len(want) == 1 && strings.HasSuffix(want[0], "...")
	if variadic && len(c.Args) == 0 || !variadic && len(c.Args) != len(want) {
		v.add(v.field(c.pos, "args"), "calc_args", map[string]any{"Fn": c.Fn, "Want": len(want), "Got": len(c.Args), "AtLeast": variadic})
		return
	}
	for i, a := range c.Args {
		k := strings.TrimSuffix(want[min(i, len(want)-1)], "...")
		v.ref(c.pos, "args", a, names, k)
	}
	if needN && c.N == 0 {
		v.add(c.pos, "missing_key", map[string]any{"Key": "n"})
	}
	if c.N < -3660 || c.N > 3660 {
		v.add(v.field(c.pos, "n"), "bad_value", map[string]any{"Key": "n", "Value": c.N})
	}
}

func (v *validator) callTypeItem(p Pos, key, kind, id string, ct *playbook.CallType) {
	if ct == nil {
		return
	}
	items := ct.Checks
	if kind == "question" {
		items = ct.Questions
	}
	if !slices.ContainsFunc(items, func(i playbook.Item) bool { return i.ID == id }) {
		v.add(v.field(p, key), "dangling_ref", map[string]any{"Kind": kind, "ID": id})
	}
}

// id checks that the ID of a kind of item at p is well formed and not
// among seen, and adds it there.
func (v *validator) id(p Pos, kind, id string, seen map[string]bool) {
	switch {
	case !idRE.MatchString(id):
		v.add(v.field(p, "id"), "missing_id", map[string]any{"Kind": kind})
	case seen[id]:
		v.add(v.field(p, "id"), "duplicate_id", map[string]any{"Kind": kind, "ID": id, "First": ""})
	}
	seen[id] = true
}

func (v *validator) turn(sc *Scenario, t *Turn, ct *playbook.CallType, names map[string]string, ids map[string]bool) {
	p := t.pos
	v.id(p, "turn", t.ID, ids)
	v.oneOf(p, "step", t.Step, playbook.FlowSteps)
	if t.Criterion != "" {
		if !slices.Contains(Criteria, t.Criterion) {
			v.add(v.field(p, "criterion"), "unknown_criterion", map[string]any{"ID": t.Criterion})
		}
	}
	v.text(p, "notice", t.Notice, true, names)
	v.text(p, "say", t.Say, !t.Notice.IsZero(), names)
	v.text(p, "hint", t.Hint, true, names)
	kinds := 0
	for _, has := range []bool{len(t.Choices) > 0, t.Entry != nil, t.Response != nil} {
		if has {
			kinds++
		}
	}
	switch {
	case kinds > 1:
		v.add(p, "turn_both", map[string]any{"ID": t.ID})
	case kinds == 0:
		v.add(p, "no_decision", map[string]any{"ID": t.ID})
	case t.Entry != nil:
		v.entry(t.Entry, names)
	case t.Response != nil:
		v.response(t.Response, names)
	default:
		best, cids := false, map[string]bool{}
		for j := range t.Choices {
			c := &t.Choices[j]
			v.id(c.pos, "choice", c.ID, cids)
			best = best || c.Grade == Best
			v.choice(sc, c, ct, names)
		}
		if !best {
			v.add(p, "no_best", map[string]any{"ID": t.ID})
		}
	}
}

func (v *validator) choice(sc *Scenario, c *Choice, ct *playbook.CallType, names map[string]string) {
	pb, p := v.l.pb, c.pos
	if !slices.Contains(grades, c.Grade) {
		v.add(v.field(p, "grade"), "bad_grade", map[string]any{"Value": c.Grade})
	}
	v.text(p, "label", c.Label, false, names)
	v.text(p, "feedback", c.Feedback, false, names)
	v.text(p, "reply", c.Reply, true, names)
	v.text(p, "note", c.Note, true, names)
	if c.Step != "" {
		v.oneOf(p, "step", c.Step, playbook.FlowSteps)
	}
	if c.Auth != "" {
		v.oneOf(p, "authenticates", c.Auth, cases.AuthMethods)
	}
	if c.AuthFails != "" {
		v.oneOf(p, "auth_fails", c.AuthFails, cases.AuthMethods)
		if c.Auth != "" {
			v.add(v.field(p, "auth_fails"), "bad_value", map[string]any{"Key": "auth_fails", "Value": c.AuthFails})
		}
	}
	if c.Mood < -3 || c.Mood > 2 {
		v.add(v.field(p, "mood"), "bad_value", map[string]any{"Key": "mood", "Value": c.Mood})
	}
	for _, q := range c.Asks {
		v.callTypeItem(p, "asks", "question", q, ct)
	}
	for _, k := range c.Checks {
		v.callTypeItem(p, "checks", "check", k, ct)
	}
	if c.Adjustment.IsSet() && c.Action != "" {
		v.add(v.field(p, "adjustment"), "bad_value", map[string]any{"Key": "adjustment", "Value": c.Action})
	}
	id, amt := c.action()
	pending := false
	if id != "" && pb != nil {
		def := pb.Action(id)
		key := "action"
		if c.Adjustment.IsSet() {
			key = "adjustment"
		}
		switch {
		case def == nil:
			v.add(v.field(p, key), "dangling_ref", map[string]any{"Kind": "action", "ID": id})
		case def.Amount && !amt.IsSet():
			v.add(v.field(p, key), "missing_key", map[string]any{"Key": "amount"})
		case !def.Amount && amt.IsSet():
			v.add(v.field(p, "amount"), "bad_value", map[string]any{"Key": "amount", "Value": id})
		case amt.IsSet():
			pending = c.Escalates
			if amt.Name != "" {
				v.ref(p, key, amt.Name, names, KindMoney)
			} else if !(amt.Major > 0 && amt.Major < 1e9) {
				v.add(v.field(p, key), "bad_value", map[string]any{"Key": key, "Value": amt.Major})
			}
		}
	} else if amt.IsSet() {
		v.add(v.field(p, "amount"), "missing_key", map[string]any{"Key": "action"})
	}
	if c.Escalates && len(c.Criteria) == 0 && !pending {
		v.add(v.field(p, "escalates"), "missing_key", map[string]any{"Key": "criteria"})
	}
	if !c.Escalates && len(c.Criteria) > 0 {
		v.add(v.field(p, "criteria"), "missing_key", map[string]any{"Key": "escalates"})
	}
	for _, k := range c.Criteria {
		if pb != nil && pb.Criterion(k) == nil {
			v.add(v.field(p, "criteria"), "dangling_ref", map[string]any{"Kind": "escalation_criterion", "ID": k})
		}
	}
	if c.Closes != "" && pb != nil && pb.ReasonCode(c.Closes) == nil {
		v.add(v.field(p, "closes"), "dangling_ref", map[string]any{"Kind": "reason_code", "ID": c.Closes})
	}
}

func (v *validator) entry(e *Entry, names map[string]string) {
	p := e.pos
	if !v.oneOf(p, "kind", e.Kind, entryKinds) {
		return
	}
	v.text(p, "prompt", e.Prompt, false, names)
	v.text(p, "feedback", e.Feedback, true, names)
	if math.IsNaN(e.Tolerance) || e.Tolerance < 0 || e.Tolerance > 1e6 {
		v.add(v.field(p, "tolerance"), "bad_value", map[string]any{"Key": "tolerance", "Value": e.Tolerance})
	}
	switch e.Kind {
	case EntryMoney:
		v.ref(p, "expect", e.Expect, names, KindMoney)
	case EntryDate:
		v.ref(p, "expect", e.Expect, names, KindDate)
	case EntryNumber:
		v.ref(p, "expect", e.Expect, names, KindInt)
	case EntryYesNo:
		v.ref(p, "expect", e.Expect, names, KindBool)
	case EntryNote:
		v.text(p, "model", e.Model, false, names)
		for _, t := range e.Terms {
			v.text(p, "terms", t, false, names)
			// The model note is what the robot types and what feedback
			// shows; it must earn the marks it teaches.
			for _, lang := range []struct{ model, term string }{{e.Model.ES, t.ES}, {e.Model.EN, t.EN}} {
				if lang.term != "" && !strings.Contains(playbook.Fold(lang.model), playbook.Fold(lang.term)) {
					v.add(v.field(p, "model"), "model_misses_term", map[string]any{"Term": lang.term})
				}
			}
		}
	}
}

func (v *validator) tracks(scenarios map[string]Pos) {
	seen := map[string]bool{}
	for i := range v.l.tracks {
		t := &v.l.tracks[i]
		p := t.pos
		v.id(p, "track", t.ID, seen)
		v.text(p, "title", t.Title, false, nil)
		if t.PassMark < 0 || t.PassMark > 100 {
			v.add(v.field(p, "pass_mark"), "bad_value", map[string]any{"Key": "pass_mark", "Value": t.PassMark})
		}
		if len(t.Scenarios) == 0 {
			v.add(p, "missing_key", map[string]any{"Key": "scenarios"})
		}
		if r := t.Rule; r != nil {
			rp := v.field(p, "rule")
			if r.Calls < 1 || r.Calls > len(t.Scenarios) {
				v.add(rp, "bad_rule", map[string]any{"Calls": r.Calls, "Passes": r.Passes, "Scenarios": len(t.Scenarios)})
			} else if r.Passes < 1 || r.Passes > r.Calls {
				v.add(rp, "bad_rule", map[string]any{"Calls": r.Calls, "Passes": r.Passes, "Scenarios": len(t.Scenarios)})
			}
		}
		listed := map[string]bool{}
		for _, s := range t.Scenarios {
			at := v.fp(p.File).LineWith(v.field(p, "scenarios"), `"`+s+`"`)
			if _, ok := scenarios[s]; !ok {
				v.add(at, "dangling_ref", map[string]any{"Kind": "scenario", "ID": s})
			}
			// A scenario counts once towards a track: listed twice, the
			// default rule would ask for a call more than can ever count.
			if listed[s] {
				v.add(at, "duplicate_id", map[string]any{"Kind": "scenario", "ID": s, "First": ""})
			}
			listed[s] = true
		}
	}
}

func (v *validator) rubric(r *Rubric, earlier []Rubric) {
	p := r.pos
	if strings.TrimSpace(r.Version) == "" {
		v.add(p, "missing_key", map[string]any{"Key": "version"})
	}
	if slices.ContainsFunc(earlier, func(o Rubric) bool { return o.Version == r.Version }) {
		v.add(v.field(p, "version"), "duplicate_id", map[string]any{"Kind": "rubric", "ID": r.Version, "First": ""})
	}
	if r.PassMark == 0 {
		r.PassMark = DefaultPassMark
	}
	if r.PassMark < 1 || r.PassMark > 100 {
		v.add(v.field(p, "pass_mark"), "bad_value", map[string]any{"Key": "pass_mark", "Value": r.PassMark})
	}
	wp := v.fp(p.File).Elements("rubric.weights", p.Line, p.End)
	wpos := at(wp, 0, p.File)
	if len(wp) == 0 {
		wpos = v.field(p, "weights")
	}
	keys := make([]string, 0, len(r.Weights))
	for k := range r.Weights {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sum := 0
	for _, k := range keys {
		w := r.Weights[k]
		if !slices.Contains(Criteria, k) {
			v.add(v.field(wpos, k), "unknown_criterion", map[string]any{"ID": k})
			continue
		}
		if w < 0 || w > 100 {
			v.add(v.field(wpos, k), "bad_value", map[string]any{"Key": k, "Value": w})
		}
		sum += w
	}
	for _, c := range Criteria {
		if _, ok := r.Weights[c]; !ok {
			v.add(wpos, "missing_weight", map[string]any{"ID": c})
		}
	}
	if sum != 100 {
		v.add(wpos, "weights_sum", map[string]any{"Sum": sum})
	}
	if r.judge() < 1 || r.judge() > JudgeVersion {
		v.add(v.field(p, "judge"), "bad_value", map[string]any{"Key": "judge", "Value": r.Judge})
	}
	if r.Authority != "" && r.Authority != AuthorityPerAmount && r.Authority != AuthorityPerCase {
		v.add(v.field(p, "authority"), "bad_value", map[string]any{"Key": "authority", "Value": r.Authority})
	}
}
