package app

import (
	"slices"
	"testing"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// The palette (Ctrl+K) has no filters of its own, yet it searched with
// the category and stage last picked on the templates screen: an agent
// who had looked at the closings there found no "too expensive" answer in
// the palette during the next call, and nothing on it said why. The
// palette searches the whole library; the screen keeps its filters.
func TestPaletteIgnoresTheTemplatesScreensFilters(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("templates")
	ts := h.app.templatesScreen()
	for _, pick := range []func(){
		func() { ts.catSel.SetSelectedIndex(slices.Index(playbook.Categories, "closing") + 1) },
		func() { ts.stageSel.SetSelectedIndex(slices.Index(playbook.Stages, "transform") + 1) },
	} {
		ts.catSel.SetSelectedIndex(0)
		ts.stageSel.SetSelectedIndex(0)
		pick()
		screen := slices.Clone(ts.hits)
		ts.openPalette("")
		p := ts.pal
		p.update("anything else")
		if !slices.ContainsFunc(p.hits, func(tp *playbook.Template) bool { return tp.ID == "closing.anything_else" }) {
			t.Errorf("category %q, stage %q: the palette does not find the closing: %v", ts.category, ts.stage, p.hits)
		}
		p.update("too expensive")
		if !slices.ContainsFunc(p.hits, func(tp *playbook.Template) bool { return tp.ID == "objection.too_expensive" }) {
			t.Errorf("category %q, stage %q: the palette does not find the objection: %v", ts.category, ts.stage, p.hits)
		}
		p.d.Hide()
		if len(screen) == 0 || !slices.Equal(screen, ts.hits) {
			t.Errorf("category %q, stage %q: the screen lists %d, then %d", ts.category, ts.stage, len(screen), len(ts.hits))
		}
	}
}
