package playbook

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"agentdesk/calculators"
	"agentdesk/locales"
)

// Segment is a piece of a rendered script: literal text, or a placeholder
// with its value, or a gap the agent still has to fill.
type Segment struct {
	Text string
	// Name is the placeholder's ID; empty for literal text.
	Name string
	// Missing: no value yet; Text holds the placeholder's label so the gap
	// reads as a question ("Promotion end date").
	Missing bool
	// Masked: the value exists but the customer is not authenticated yet.
	Masked bool
}

// Rendered is a script in one language with its placeholders resolved as
// far as the case allows.
type Rendered []Segment

// Mask is what a sensitive value shows as before authentication.
const Mask = "•••"

// Values looks up the formatted value of a placeholder for the language
// being rendered; ok is false when there is none yet.
type Values func(name string) (value string, ok bool)

// ErrIncomplete: a script with a gap or a masked value cannot leave the app
// (clipboard, notes), so no raw {{...}} and no half-sentence ever reaches
// the customer.
var ErrIncomplete = errors.New("playbook: script has unfilled or locked placeholders")

// Render resolves t in lang. Sensitive placeholders stay masked until
// authenticated is true.
func (pb *Playbook) Render(lang locales.Lang, t Text, vals Values, authenticated bool) Rendered {
	return pb.RenderString(lang, pb.Say(lang, t), vals, authenticated)
}

// RenderString resolves a raw text that is already in lang.
func (pb *Playbook) RenderString(lang locales.Lang, s string, vals Values, authenticated bool) Rendered {
	var out Rendered
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > last {
			out = append(out, Segment{Text: s[last:m[0]]})
		}
		name := s[m[2]:m[3]]
		ph := pb.Placeholder(name)
		seg := Segment{Name: name}
		val, ok := "", false
		if vals != nil {
			val, ok = vals(name)
		}
		switch {
		case ph != nil && ph.Sensitive && !authenticated:
			seg.Masked, seg.Text = true, Mask
		case ok && strings.TrimSpace(val) != "":
			seg.Text = quantity(lang, ph, val)
		case ph != nil && ph.Default != "":
			seg.Text = defaultValue(lang, ph)
		default:
			seg.Missing = true
			seg.Text = name
			if ph != nil {
				seg.Text = pb.Say(lang, ph.Label)
			}
		}
		out = append(out, seg)
		last = m[1]
	}
	if last < len(s) {
		out = append(out, Segment{Text: s[last:]})
	}
	return out
}

// quantity gives a quantity placeholder's number its unit, the noun
// agreeing with it ("1 año", "3 años"). Values arrive as the number
// written in lang, from a case, a typed field or a drawn scenario alike,
// so every caller gets the agreement without knowing about it. A value
// that is not a number (already a phrase) is shown as it is.
func quantity(lang locales.Lang, ph *Placeholder, val string) string {
	if ph == nil || !slices.Contains(QuantityKinds, ph.Kind) {
		return val
	}
	// A case's figure arrives as the case shows it, grouped in thousands
	// ("1,234"), which ParseNumber would refuse as ambiguous.
	n, err := calculators.ParseShown(val, lang)
	if err != nil {
		return val
	}
	return calculators.FormatQuantity(n, ph.Kind, lang)
}

// defaultValue is a placeholder's policy default, written in lang.
// Validation keeps defaults to plain numbers on number and quantity
// placeholders.
func defaultValue(lang locales.Lang, ph *Placeholder) string {
	n, err := strconv.ParseFloat(ph.Default, 64)
	if err != nil {
		return ph.Default
	}
	if slices.Contains(QuantityKinds, ph.Kind) {
		return calculators.FormatQuantity(n, ph.Kind, lang)
	}
	return calculators.FormatNumber(n, -1, lang)
}

// Complete reports whether every placeholder has a visible value.
func (r Rendered) Complete() bool {
	for _, s := range r {
		if s.Missing || s.Masked {
			return false
		}
	}
	return true
}

// Missing lists the placeholders still without a value, in order.
func (r Rendered) Missing() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range r {
		if s.Missing && !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, s.Name)
		}
	}
	return out
}

// Locked reports whether the script shows a masked value.
func (r Rendered) Locked() bool {
	for _, s := range r {
		if s.Masked {
			return true
		}
	}
	return false
}

// Display is the text as shown on screen: gaps as [label], masked values as
// the mask. It is for the eye only; Plain is what may leave the app.
func (r Rendered) Display() string {
	var b strings.Builder
	for _, s := range r {
		if s.Missing {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// Plain returns the finished text, or ErrIncomplete.
func (r Rendered) Plain() (string, error) {
	if !r.Complete() {
		return "", ErrIncomplete
	}
	var b strings.Builder
	for _, s := range r {
		b.WriteString(s.Text)
	}
	return b.String(), nil
}
