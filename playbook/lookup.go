package playbook

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"agentdesk/locales"
)

// Step returns the step with id, or nil.
func (pb *Playbook) Step(id string) *Step {
	return find(pb.Steps, func(s Step) bool { return s.ID == id })
}

// CallType returns the call type with id, or nil.
func (pb *Playbook) CallType(id string) *CallType {
	return find(pb.CallTypes, func(c CallType) bool { return c.ID == id })
}

// Action returns the action with id, or nil.
func (pb *Playbook) Action(id string) *Action {
	return find(pb.Actions, func(a Action) bool { return a.ID == id })
}

// ReasonCode returns the reason code with id, or nil.
func (pb *Playbook) ReasonCode(id string) *ReasonCode {
	return find(pb.ReasonCodes, func(r ReasonCode) bool { return r.ID == id })
}

// Criterion returns the escalation criterion with id, or nil.
func (pb *Playbook) Criterion(id string) *Criterion {
	return find(pb.Criteria, func(c Criterion) bool { return c.ID == id })
}

// Priority returns the escalation priority with id, or nil.
func (pb *Playbook) Priority(id string) *Priority {
	return find(pb.Priorities, func(p Priority) bool { return p.ID == id })
}

// Placeholder returns the placeholder with id, or nil.
func (pb *Playbook) Placeholder(id string) *Placeholder {
	return find(pb.Placeholders, func(p Placeholder) bool { return p.ID == id })
}

// Template returns the template with id, or nil.
func (pb *Playbook) Template(id string) *Template {
	return find(pb.Templates, func(t Template) bool { return t.ID == id })
}

// Guide returns the guide with id, or nil; Guide(GuideCOST) is the COST
// method the objection templates follow.
func (pb *Playbook) Guide(id string) *Guide {
	return find(pb.Guides, func(g Guide) bool { return g.ID == id })
}

// find is the first element of xs that match accepts, or nil. It points
// into xs: the pack's own element, not a copy.
func find[T any](xs []T, match func(T) bool) *T {
	if i := slices.IndexFunc(xs, match); i >= 0 {
		return &xs[i]
	}
	return nil
}

// GuidesFor returns the guides that explain a template category, in pack
// order: what a screen shows beside that category's templates.
func (pb *Playbook) GuidesFor(category string) []*Guide {
	var out []*Guide
	for i := range pb.Guides {
		if slices.Contains(pb.Guides[i].Categories, category) {
			out = append(out, &pb.Guides[i])
		}
	}
	return out
}

// StageGuide returns the section of the COST guide for a stage (clarify,
// optimize, solve, transform), or nil: what a screen shows beside that
// part of an objection template.
func (pb *Playbook) StageGuide(stage string) *GuideSection {
	g := pb.Guide(GuideCOST)
	if g == nil {
		return nil
	}
	for i := range g.Sections {
		if g.Sections[i].Stage == stage {
			return &g.Sections[i]
		}
	}
	return nil
}

// ReasonPhrase is the call type said inside a sentence in lang, with its
// article ("un cobro duplicado"), or its lower-cased title when the pack
// gives no reason.
func (pb *Playbook) ReasonPhrase(l locales.Lang, c *CallType) string {
	if c == nil {
		return ""
	}
	if s := strings.TrimSpace(pb.Say(l, c.Reason)); s != "" && c.Reason.Raw(l) != "" {
		return s
	}
	return strings.ToLower(pb.Say(l, c.Title))
}

// AuthorityMinor is the role's adjustment limit in minor units of the
// pack's currency. A role the pack does not list may grant nothing, which is
// the safe reading of a missing rule.
func (pb *Playbook) AuthorityMinor(role string) int64 {
	for _, a := range pb.Authority {
		if a.Role == role {
			return int64(math.Round(a.Limit * 100))
		}
	}
	return 0
}

// ScriptsFor returns a step's scripts that apply to a call of the given
// group in the given situations (see Conditions); scripts without a
// condition always apply.
func (pb *Playbook) ScriptsFor(step *Step, group string, situations ...string) []Script {
	var out []Script
	for _, s := range step.Scripts {
		if len(s.Groups) > 0 && !slices.Contains(s.Groups, group) {
			continue
		}
		if s.When != "" && !slices.Contains(situations, s.When) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// SearchCallTypes ranks call types for the type-ahead: every word typed must
// match the start of a word of the title or keywords, in either language,
// ignoring case and accents.
func (pb *Playbook) SearchCallTypes(query string) []*CallType {
	words := strings.Fields(Fold(query))
	type hit struct {
		c     *CallType
		score int
	}
	var hits []hit
	for i := range pb.CallTypes {
		c := &pb.CallTypes[i]
		hay := strings.Fields(Fold(strings.Join([]string{c.Title.ES, c.Title.EN, c.Keywords.ES, c.Keywords.EN, c.ID, strings.ReplaceAll(c.ID, "_", " ")}, " ")))
		title := strings.Fields(Fold(c.Title.ES + " " + c.Title.EN))
		score, ok := 0, true
		for _, w := range words {
			found := false
			for _, h := range hay {
				if strings.HasPrefix(h, w) {
					found = true
					break
				}
			}
			if !found {
				ok = false
				break
			}
			for _, h := range title {
				if strings.HasPrefix(h, w) {
					score += 2
					break
				}
			}
			score++
		}
		if ok {
			hits = append(hits, hit{c, score})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return b.score - a.score })
	out := make([]*CallType, len(hits))
	for i, h := range hits {
		out[i] = h.c
	}
	return out
}

// Fold lowercases and strips the accents Spanish uses, so "facturacion"
// finds "facturación" and "CANCELAR" finds "cancelar". ñ folds to n: agents
// type "ano" for "año" on keyboards without it.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'á', 'à', 'ä', 'â':
			r = 'a'
		case 'é', 'è', 'ë', 'ê':
			r = 'e'
		case 'í', 'ì', 'ï', 'î':
			r = 'i'
		case 'ó', 'ò', 'ö', 'ô':
			r = 'o'
		case 'ú', 'ù', 'ü', 'û':
			r = 'u'
		case 'ñ':
			r = 'n'
		case 'ç':
			r = 'c'
		}
		// A combining accent (a decomposed "ó", as some keyboards and
		// pastes send it) goes as the precomposed letters' accents do,
		// instead of splitting the word in two.
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
