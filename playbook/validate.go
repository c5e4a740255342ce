package playbook

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"agentdesk/calculators"
	"agentdesk/internal/tomlpos"
	"agentdesk/locales"
)

// FlowSteps are the eight steps of every call, in order. The call screen,
// the authentication gate and the grader rely on these IDs, so a pack must
// define all of them.
var FlowSteps = []string{"introduction", "acknowledgement", "expectations", "authentication", "exploration", "education", "summary", "closing"}

// CriterionOverAuthority is the escalation criterion an amount above the
// agent's authority is escalated under (cases.Escalate adds it), so a pack
// whose actions move money must define it.
const CriterionOverAuthority = "exceeds_authority"

// MaxSteps bounds a pack's call flow: the eight steps and a few of a
// centre's own. Each step is a row on the call screen and a skip reason on
// every case, and a case must stay under crmd's size limit with all of
// them skipped at length (cases/bounds.go counts MaxSteps).
const MaxSteps = 12

// MaxID bounds the ID of anything in a pack. IDs travel in every case
// (its call type, steps, checks, actions, reason code, escalation
// criteria), whose size crmd caps (cases/bounds.go counts them short),
// and crmd takes a decision on an action only under an ID of at most 100
// bytes. The built-in pack's longest is 44. Counted in bytes.
const MaxID = 64

// MaxPlaceholderID bounds a placeholder's ID, which a case records its
// value under: cases.SetValue refuses a name longer than 40 characters.
const MaxPlaceholderID = 40

// MaxResponseHours bounds a priority's promised response time: a year.
const MaxResponseHours = 24 * 366

type validator struct {
	pb      *Playbook
	issues  []Issue
	metaLoc Pos
	dir     string
	files   map[string]*tomlpos.File

	placeholders map[string]*Placeholder
	// glossary, when set, holds every text to the house style (Validate).
	glossary *Glossary
	// publish adds the rules of a pack to be published (LoadForPublish).
	publish bool
}

func (v *validator) add(p Pos, code string, args map[string]any) {
	v.issues = append(v.issues, Issue{File: p.File, Line: p.Line, Code: code, Args: args})
}

// field narrows a position to the line that sets key inside the element.
func (v *validator) field(p Pos, key string) Pos { return v.file(p.File).Field(p, key) }

// file is a content file's lines; an element from no file (a default)
// has none, and its position stays as it is.
func (v *validator) file(name string) *tomlpos.File {
	if f := v.files[name]; f != nil {
		return f
	}
	return &tomlpos.File{Name: name}
}

func (v *validator) run(hasMeta bool) {
	pb := v.pb
	if !hasMeta {
		v.add(Pos{File: v.dir}, "no_meta", nil)
	} else {
		// The calculators' own rule: "US$" is three characters in upper
		// case, and every amount typed against it would be refused.
		if !calculators.ValidCurrency(pb.Meta.Currency) {
			v.add(v.field(v.metaLoc, "currency"), "bad_value", map[string]any{"Key": "currency", "Value": pb.Meta.Currency})
		}
		if strings.TrimSpace(pb.Meta.ID) == "" {
			v.add(v.metaLoc, "missing_id", map[string]any{"Kind": "meta"})
		}
		v.text(v.metaLoc, "name", pb.Meta.Name, false)
	}
	v.placeholders = map[string]*Placeholder{}
	ids := newIDs(v)
	for i := range pb.Placeholders {
		p := &pb.Placeholders[i]
		ids.check("placeholder", p.ID, p.pos)
		v.placeholders[p.ID] = p
		v.oneOf(p.pos, "source", p.Source, Sources)
		v.oneOf(p.pos, "kind", p.Kind, Kinds)
		v.text(p.pos, "label", p.Label, false)
		if p.Default != "" {
			// A default is policy in figures: a plain non-negative number
			// on a count, never a phrase that would exist in one language.
			n, err := strconv.ParseFloat(p.Default, 64)
			if !p.IsCount() || err != nil || n < 0 || math.IsInf(n, 0) || math.IsNaN(n) {
				v.add(v.field(p.pos, "default"), "bad_value", map[string]any{"Key": "default", "Value": p.Default})
			}
		}
	}
	for i := range pb.Priorities {
		p := &pb.Priorities[i]
		ids.check("priority", p.ID, p.pos)
		v.text(p.pos, "title", p.Title, false)
		// A year at most: a response time is promised to a customer on
		// the call, and hours beyond int64's nanoseconds would make crmd
		// stamp escalations due in the past.
		if p.ResponseHours <= 0 || p.ResponseHours > MaxResponseHours {
			v.add(v.field(p.pos, "response_hours"), "bad_value", map[string]any{"Key": "response_hours", "Value": p.ResponseHours})
		}
		// cases.Escalate picks the criteria's most urgent priority by rank,
		// counting from zero: a negative rank was never picked.
		if p.Rank < 0 {
			v.add(v.field(p.pos, "rank"), "bad_value", map[string]any{"Key": "rank", "Value": p.Rank})
		}
	}
	for i := range pb.Criteria {
		c := &pb.Criteria[i]
		ids.check("escalation_criterion", c.ID, c.pos)
		v.text(c.pos, "text", c.Text, false)
		v.ref(c.pos, "priority", c.Priority, "priority", ids)
	}
	for i := range pb.Actions {
		a := &pb.Actions[i]
		ids.check("action", a.ID, a.pos)
		v.text(a.pos, "title", a.Title, false)
	}
	if hasMeta && slices.ContainsFunc(pb.Actions, func(a Action) bool { return a.Amount }) &&
		!slices.ContainsFunc(pb.Criteria, func(c Criterion) bool { return c.ID == CriterionOverAuthority }) {
		v.add(v.metaLoc, "missing_criterion", map[string]any{"ID": CriterionOverAuthority})
	}
	if hasMeta && len(pb.ReasonCodes) == 0 {
		// cases.Close takes a reason code of the pack: without one no
		// call could be closed.
		v.add(v.metaLoc, "no_reason_codes", nil)
	}
	for i := range pb.ReasonCodes {
		r := &pb.ReasonCodes[i]
		ids.check("reason_code", r.ID, r.pos)
		v.text(r.pos, "title", r.Title, false)
		v.oneOf(r.pos, "group", r.Group, Groups)
	}
	roles := map[string]Pos{}
	for i := range pb.Authority {
		a := &pb.Authority[i]
		v.oneOf(a.pos, "role", a.Role, Roles)
		if first, seen := roles[a.Role]; seen {
			v.add(v.field(a.pos, "role"), "duplicate_id", map[string]any{"Kind": "authority", "ID": a.Role, "First": first.File + ":" + strconv.Itoa(first.Line)})
		} else {
			roles[a.Role] = v.field(a.pos, "role")
		}
		if a.Limit < 0 || math.IsNaN(a.Limit) || math.IsInf(a.Limit, 0) || a.Limit > 1e9 {
			v.add(v.field(a.pos, "limit"), "bad_value", map[string]any{"Key": "limit", "Value": figure(a.Limit)})
		}
	}
	// Roles hold authority in the order of Roles: an amount above one
	// role's limit goes to the next, and crmd lets each approve only
	// within its own. A higher role with a lower limit could approve none
	// of what reached it. A publish rule: a pack in force with such
	// limits still judges amounts by them.
	var below *Authority
	for _, role := range Roles {
		if !v.publish {
			break
		}
		for i := range pb.Authority {
			a := &pb.Authority[i]
			if a.Role != role || math.IsNaN(a.Limit) {
				continue
			}
			if below != nil && a.Limit < below.Limit {
				v.add(v.field(a.pos, "limit"), "authority_order", map[string]any{"Role": a.Role, "Limit": figure(a.Limit),
					"Lower": below.Role, "LowerLimit": figure(below.Limit)})
			}
			if below == nil || a.Limit > below.Limit {
				below = a
			}
			break
		}
	}
	if _, agent := roles["agent"]; hasMeta && !agent {
		v.add(v.metaLoc, "missing_authority", map[string]any{"Role": "agent"})
	}
	levels := map[int]bool{}
	for i := range pb.Compensation {
		c := &pb.Compensation[i]
		if c.Level <= 0 || levels[c.Level] {
			v.add(v.field(c.pos, "level"), "bad_value", map[string]any{"Key": "level", "Value": c.Level})
		}
		levels[c.Level] = true
		v.text(c.pos, "title", c.Title, false)
		v.text(c.pos, "description", c.Description, false)
		if c.Percent < 0 || c.Percent > 1 || math.IsNaN(c.Percent) {
			v.add(v.field(c.pos, "percent"), "bad_value", map[string]any{"Key": "percent", "Value": figure(c.Percent)})
		}
		// Bounded as an authority limit is: the compensation calculator
		// refuses an amount that is not finite, and with it the whole
		// policy, every level of it, on every desk.
		for _, a := range []struct {
			key string
			val float64
		}{{"fixed", c.Fixed}, {"max", c.Max}} {
			if !(a.val >= 0 && a.val <= 1e9) {
				v.add(v.field(c.pos, a.key), "bad_value", map[string]any{"Key": a.key, "Value": figure(a.val)})
			}
		}
		v.oneOf(c.pos, "min_role", c.MinRole, Roles)
	}

	// Steps: the eight, in order.
	for i := range pb.Steps {
		s := &pb.Steps[i]
		ids.check("step", s.ID, s.pos)
		v.text(s.pos, "title", s.Title, false)
		v.text(s.pos, "goal", s.Goal, true)
		for j := range s.Scripts {
			v.script(&s.Scripts[j], ids)
		}
	}
	if len(pb.Steps) > MaxSteps {
		v.add(pb.Steps[MaxSteps].pos, "too_many_steps", map[string]any{"Max": MaxSteps})
	}
	if hasMeta {
		got := make([]string, 0, len(pb.Steps))
		for _, s := range pb.Steps {
			got = append(got, s.ID)
		}
		for _, want := range FlowSteps {
			if !slices.Contains(got, want) {
				v.add(v.metaLoc, "missing_step", map[string]any{"ID": want})
			}
		}
		last := -1
		for _, st := range pb.Steps {
			i := slices.Index(FlowSteps, st.ID)
			if i < 0 {
				continue
			}
			if i < last {
				v.add(st.pos, "step_order", map[string]any{"ID": st.ID})
			}
			last = max(last, i)
		}
	}

	for i := range pb.CallTypes {
		c := &pb.CallTypes[i]
		ids.check("call_type", c.ID, c.pos)
		v.oneOf(c.pos, "group", c.Group, Groups)
		v.text(c.pos, "title", c.Title, false)
		v.text(c.pos, "reason", c.Reason, true)
		v.text(c.pos, "keywords", c.Keywords, true)
		local := newIDs(v)
		for j := range c.Questions {
			q := &c.Questions[j]
			local.check("question", q.ID, q.pos)
			v.text(q.pos, "text", q.Text, false)
		}
		for j := range c.Checks {
			q := &c.Checks[j]
			local.check("check", q.ID, q.pos)
			v.text(q.pos, "text", q.Text, false)
		}
		for j := range c.Scripts {
			v.script(&c.Scripts[j], ids)
		}
		for _, r := range c.Resolutions {
			v.ref(c.pos, "resolutions", r, "action", ids)
		}
		for _, r := range c.Escalation {
			v.ref(c.pos, "escalation", r, "escalation_criterion", ids)
		}
		for _, r := range c.ReasonCodes {
			v.ref(c.pos, "reason_codes", r, "reason_code", ids)
		}
	}

	for i := range pb.Templates {
		v.template(&pb.Templates[i], ids)
	}
	for i := range pb.Guides {
		v.guide(&pb.Guides[i], ids)
	}
	// References that point forward (a criterion naming a priority defined
	// in a later file) are resolved once every ID is known.
	ids.resolve()
}

// figure is a number of the pack as an issue's argument: as it is, or,
// when TOML's inf or nan, as text. An issue travels as JSON in crmd's
// refusal of a published pack, which has no way to write those numbers,
// and the refusal then failed as a whole.
func figure(x float64) any {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return x
}

func (v *validator) script(s *Script, ids *idSet) {
	ids.check("script", s.ID, s.pos)
	v.text(s.pos, "title", s.Title, true)
	v.text(s.pos, "text", s.Text, false)
	for _, g := range s.Groups {
		if !slices.Contains(Groups, g) {
			v.add(v.field(s.pos, "groups"), "bad_value", map[string]any{"Key": "groups", "Value": g, "Allowed": strings.Join(Groups, ", ")})
		}
	}
	if s.When != "" {
		v.oneOf(s.pos, "when", s.When, Conditions)
	}
}

func (v *validator) template(t *Template, ids *idSet) {
	ids.check("template", t.ID, t.pos)
	v.oneOf(t.pos, "category", t.Category, Categories)
	v.text(t.pos, "title", t.Title, false)
	if t.Scope == "" {
		t.Scope = "global"
	}
	v.oneOf(t.pos, "scope", t.Scope, Scopes)
	if t.Scope != "global" && t.Owner == "" {
		v.add(v.field(t.pos, "scope"), "missing_owner", map[string]any{"ID": t.ID})
	}
	used := map[string]bool{}
	if t.Category == "objection" {
		if len(t.Parts) == 0 {
			v.add(t.pos, "missing_parts", map[string]any{"ID": t.ID})
		}
	} else {
		v.text(t.pos, "text", t.Text, false)
	}
	// Parts are what is rendered whenever a template has them, whatever
	// its category, so every template's parts are checked.
	for j := range t.Parts {
		p := &t.Parts[j]
		v.oneOf(p.pos, "stage", p.Stage, Stages)
		v.text(p.pos, "text", p.Text, false)
		for _, n := range PlaceholdersIn(p.Text.ES + p.Text.EN) {
			used[n] = true
		}
	}
	for _, n := range PlaceholdersIn(t.Text.ES + t.Text.EN) {
		used[n] = true
	}
	for _, o := range t.Optional {
		if !used[o] {
			v.add(v.field(t.pos, "optional"), "unused_optional", map[string]any{"Name": o})
		}
	}
	for _, c := range t.CallTypes {
		v.ref(t.pos, "call_types", c, "call_type", ids)
	}
	for _, s := range t.Steps {
		v.ref(t.pos, "steps", s, "step", ids)
	}
}

func (v *validator) guide(g *Guide, ids *idSet) {
	ids.check("guide", g.ID, g.pos)
	v.text(g.pos, "title", g.Title, false)
	v.text(g.pos, "summary", g.Summary, false)
	for _, c := range g.Categories {
		v.oneOf(g.pos, "categories", c, Categories)
	}
	local := newIDs(v)
	for j := range g.Sections {
		s := &g.Sections[j]
		local.check("section", s.ID, s.pos)
		if s.Stage != "" {
			v.oneOf(s.pos, "stage", s.Stage, Stages)
		}
		v.text(s.pos, "title", s.Title, false)
		v.text(s.pos, "text", s.Text, false)
		v.text(s.pos, "example", s.Example, true)
	}
}

// text checks that both languages are present and use the same, known
// placeholders. optional texts may be wholly absent.
func (v *validator) text(p Pos, key string, t Text, optional bool) {
	fp := v.field(p, key)
	if optional && t.ES == "" && t.EN == "" {
		return
	}
	// A text is said on the call and printed on terminals and PDFs: a
	// control character (TOML's "\u001b") would be an escape sequence in
	// every one of them. Line breaks and tabs are text.
	for _, l := range locales.Langs {
		if strings.ContainsFunc(t.Raw(l), func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' }) {
			v.add(fp, "control_char", map[string]any{"Key": key, "Lang": string(l)})
		}
	}
	issues, more := CheckText(key, t.ES, t.EN, PlaceholdersIn, func(n string) bool { _, ok := v.placeholders[n]; return ok })
	for _, is := range issues {
		at := fp
		if is.AtPlaceholder {
			at = v.lineWith(fp, "{{")
		}
		v.add(at, is.Code, is.Args)
	}
	if !more {
		return
	}
	// Keywords are what agents type to find a call type, unaccented and in
	// every variant on purpose ("cheque", "coste", "facturacion"): holding
	// them to the glossary would make the variants unfindable.
	if v.glossary != nil && key != "keywords" {
		v.style(fp, t)
	}
}

// style reports the glossary's avoided variants and the fixed plurals
// beside a count in both languages of t, each at the line that holds it.
func (v *validator) style(fp Pos, t Text) {
	isCount := func(name string) bool { return v.placeholders[name].IsCount() }
	for _, l := range locales.Langs {
		s := t.Raw(l)
		for _, h := range v.glossary.Check(l, s) {
			v.add(v.lineWith(fp, h.Found), "glossary", map[string]any{"Found": h.Found, "Use": h.Use, "Lang": string(l)})
		}
		for _, f := range FixedPlurals(l, s, isCount) {
			v.add(v.lineWith(fp, f), "fixed_plural", map[string]any{"Text": f, "Lang": string(l)})
		}
	}
}

// lineWith moves to the first line from p that contains s, for an error
// that is about a piece of text rather than a key.
func (v *validator) lineWith(p Pos, s string) Pos { return v.file(p.File).LineWith(p, s) }

// oneOf says a value that is not one of allowed with the list, so the
// author can fix it from the message.
func (v *validator) oneOf(p Pos, key, val string, allowed []string) {
	if !slices.Contains(allowed, val) {
		v.add(v.field(p, key), "bad_value", map[string]any{"Key": key, "Value": val, "Allowed": strings.Join(allowed, ", ")})
	}
}

func (v *validator) ref(p Pos, key, id, kind string, ids *idSet) {
	ids.refs = append(ids.refs, pendingRef{pos: v.field(p, key), kind: kind, id: id})
}

type pendingRef struct {
	pos      Pos
	kind, id string
}

type idSet struct {
	v    *validator
	seen map[string]Pos
	refs []pendingRef
}

func newIDs(v *validator) *idSet { return &idSet{v: v, seen: map[string]Pos{}} }

func (s *idSet) check(kind, id string, p Pos) {
	if strings.TrimSpace(id) == "" {
		s.v.add(p, "missing_id", map[string]any{"Kind": kind})
		return
	}
	if limit := idLimit(kind); len(id) > limit {
		s.v.add(s.v.field(p, "id"), "id_too_long", map[string]any{"Kind": kind, "ID": id, "Max": limit})
	}
	k := kind + "\x00" + id
	if first, dup := s.seen[k]; dup {
		s.v.add(s.v.field(p, "id"), "duplicate_id", map[string]any{"Kind": kind, "ID": id, "First": first.File + ":" + strconv.Itoa(first.Line)})
		return
	}
	s.seen[k] = s.v.field(p, "id")
}

// idLimit is the longest ID of kind, in bytes.
func idLimit(kind string) int {
	if kind == "placeholder" {
		return MaxPlaceholderID
	}
	return MaxID
}

func (s *idSet) resolve() {
	for _, r := range s.refs {
		if _, ok := s.seen[r.kind+"\x00"+r.id]; !ok {
			s.v.add(r.pos, "dangling_ref", map[string]any{"Kind": r.kind, "ID": r.id})
		}
	}
}
