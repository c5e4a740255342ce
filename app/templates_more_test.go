package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// supervisorWritesTemplate saves a closing template through the editor,
// with the ID typed as given ("" for the one the editor makes).
func supervisorWritesTemplate(t *testing.T, h *harness, id, titleEN string) *templatesScreen {
	t.Helper()
	h.app.show("templates")
	ts := h.app.templatesScreen()
	h.tap(h.app.t.S("templates.custom.new"))
	e := ts.ed
	if e == nil {
		t.Fatal("no editor")
	}
	e.category.SetSelectedIndex(slices.Index(playbook.Categories, "closing"))
	if id != "" {
		test.Type(e.id, id)
	}
	test.Type(e.titleES, "Despedida "+titleEN)
	test.Type(e.titleEN, titleEN)
	test.Type(e.textES, "Gracias por llamar a {{company}}.")
	test.Type(e.textEN, "Thank you for calling {{company}}.")
	if !e.submit() {
		t.Fatalf("not saved: %q", e.status.Text)
	}
	return ts
}

func TestTemplateFavouriteWithACommaInItsIDKeepsItsStar(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte"})
	const id = "closing.north,south"
	ts := supervisorWritesTemplate(t, h, id, "North and south goodbye")
	if h.app.pb.Template(id) == nil {
		t.Fatalf("the template %q is not in use", id)
	}
	ts.search.SetText("north and south goodbye")
	if len(ts.hits) == 0 || ts.hits[0].ID != id {
		t.Fatalf("search: %v", ts.hits)
	}
	ts.list.Select(0)
	test.Tap(ts.preview.star)
	if !ts.isFav(id) {
		t.Fatalf("starred, not a favourite: %q", ts.favs)
	}
	if ts.preview.star.Text != h.app.t.S("templates.favourite.remove") {
		t.Errorf("the star offers %q after starring", ts.preview.star.Text)
	}
	// Starred twice is un-starred, not listed twice.
	test.Tap(ts.preview.star)
	if ts.isFav(id) || len(ts.favs) != 0 {
		t.Errorf("un-starred, favourites = %q", ts.favs)
	}
}

func TestTemplateFavouritesReadBackWhatWasWritten(t *testing.T) {
	for _, ids := range [][]string{
		nil,
		{"closing.thanks"},
		{"closing.thanks", "hold.wait"},
		{"closing.north,south", "hold.wait"},
		{"[team]"},
		{" padded "},
	} {
		h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana"})
		ts := h.app.templatesScreen()
		if err := h.app.deps.Settings.SetSetting(h.app.ctx, ts.favKey(), encodeFavourites(ids)); err != nil {
			t.Fatal(err)
		}
		if err := ts.loadFavourites(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ts.favs, ids) {
			t.Errorf("wrote %q, read %q", ids, ts.favs)
		}
	}
}

// A custom template set aside because the pack no longer has what it
// names still holds its ID in the file: the ID the editor makes for a new
// template steps past it, as it steps past one in use.
func TestTemplateEditorMakesAnIDNoSetAsideTemplateHolds(t *testing.T) {
	custom := filepath.Join(t.TempDir(), "custom")
	if err := os.MkdirAll(custom, 0o700); err != nil {
		t.Fatal(err)
	}
	aside := "[[template]]\nid = \"closing.north_team_goodbye\"\ncategory = \"closing\"\ntitle = { es = \"Despedida\", en = \"Goodbye\" }\ntags = []\ntext = { es = \"Adiós {{gone_value}}.\", en = \"Goodbye {{gone_value}}.\" }\n"
	if err := os.WriteFile(filepath.Join(custom, playbook.CustomTemplatesFile), []byte(aside), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte", cases.KeyPlaybookDir: custom})
	if len(h.app.pb.SetAside()) != 1 {
		t.Fatalf("set aside: %v", h.app.pb.SetAside())
	}
	supervisorWritesTemplate(t, h, "", "North team goodbye")
	if h.app.pb.Template("closing.north_team_goodbye_2") == nil {
		t.Errorf("the new template is not in use as closing.north_team_goodbye_2")
	}
}

// Copy adds nothing to the notes: with the notes typed past their bound
// (so the case cannot record the use), the text is still on the
// clipboard, and the preview says so rather than that the text does not
// fit in the notes.
func TestTemplateCopyWithNotesOverTheBoundSaysItWasCopied(t *testing.T) {
	h, _ := authenticatedSpanishCall(t)
	tr := h.app.t
	p := h.pressCtrlK()
	i := slices.Index(p.ready, true)
	if i < 0 {
		t.Fatal("no template ready for the call")
	}
	p.list.Select(i)
	h.app.sess.SetNotes(strings.Repeat("x", cases.MaxNotes+1))
	test.Tap(p.prev.copyBtn)
	txt, _ := p.prev.r.Plain()
	if clip := h.app.fy.Clipboard().Content(); clip != txt {
		t.Fatalf("clipboard = %q, want %q", clip, txt)
	}
	max := calculators.FormatNumber(cases.MaxNotes, 0, tr.Lang)
	if got, notFit := p.prev.status.Text, tr.D("templates.notes_full", map[string]any{"Max": max}); got == notFit || !strings.Contains(got, tr.S("templates.copied")) {
		t.Errorf("the preview says %q", got)
	}
	noMissingIn(t, "copy", []string{p.prev.status.Text})
}

// The ID is written to the file as the texts are, and recorded on every
// case the template is used on: a card number typed as one is refused
// as one typed in a text is.
func TestTemplateEditorRefusesACardNumberAsTheID(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte"})
	h.app.show("templates")
	ts := h.app.templatesScreen()
	h.tap(h.app.t.S("templates.custom.new"))
	e := ts.ed
	e.category.SetSelectedIndex(slices.Index(playbook.Categories, "closing"))
	test.Type(e.id, "closing.4111 1111 1111 1111")
	test.Type(e.titleES, "Despedida")
	test.Type(e.titleEN, "Goodbye")
	test.Type(e.textES, "Gracias por llamar a {{company}}.")
	test.Type(e.textEN, "Thank you for calling {{company}}.")
	if e.submit() {
		t.Fatal("a card number was saved as a template's ID")
	}
	if e.status.Text != h.app.t.S("templates.custom.secret") {
		t.Errorf("the editor says %q", e.status.Text)
	}
}

// Starring in the palette moves the template in the list; the row
// selected is the one on show, so a click on another row shows that one.
func TestPaletteStarKeepsTheRowOnShowSelected(t *testing.T) {
	h, _ := authenticatedSpanishCall(t)
	p := h.pressCtrlK()
	test.Type(p.search, "espera")
	if len(p.hits) < 2 {
		t.Fatalf("need two hits: %v", p.hits)
	}
	last := p.hits[len(p.hits)-1]
	p.list.Select(len(p.hits) - 1)
	test.Tap(p.prev.star) // first in the list now
	test.Tap(p.prev.star) // back to its place
	if p.prev.tpl != last {
		t.Fatalf("the preview shows %s, want %s", p.prev.tpl.ID, last.ID)
	}
	p.list.Select(0)
	if p.prev.tpl != p.hits[0] {
		t.Errorf("the first row was picked and the preview shows %s, not %s", p.prev.tpl.ID, p.hits[0].ID)
	}
}

// Values typed in the palette are stored through a save that writes the
// notes typed first; past their bound, it is refused, and the palette,
// which shows neither the notes nor the count under them, says what to do.
func TestTemplateValuesWithNotesOverTheBoundSayWhy(t *testing.T) {
	h, s := authenticatedSpanishCall(t)
	tr := h.app.t
	p := h.pressCtrlK()
	test.Type(p.search, "caro")
	e := p.prev.entries["new_plan"]
	if e == nil {
		t.Fatalf("no entry for new_plan: %v", p.prev.entries)
	}
	h.app.sess.SetNotes(strings.Repeat("x", cases.MaxNotes+1))
	test.Type(e, "Fibra 300")
	test.Tap(p.prev.apply)
	if s.cur().Values["new_plan"] != "" {
		t.Fatal("the value was stored")
	}
	max := calculators.FormatNumber(cases.MaxNotes, 0, tr.Lang)
	if got, want := p.prev.status.Text, tr.D("templates.values.notes_full", map[string]any{"Max": max}); got != want {
		t.Errorf("the preview says %q, want %q", got, want)
	}
}

// Copy on a closed case puts the text on the clipboard; the case, a
// record now, does not take the use. The preview said only that the case
// was closed, as an error, and an agent would think nothing was copied.
func TestTemplateCopyOnAClosedCaseSaysItWasCopied(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	closed, err := h.db.ListCases(h.app.ctx, cases.Filter{Status: cases.StatusClosed})
	if err != nil || len(closed) == 0 {
		t.Fatalf("no closed demo case: %v", err)
	}
	if err := h.app.OpenCaseByID(closed[0].ID); err != nil {
		t.Fatal(err)
	}
	p := h.pressCtrlK()
	i := slices.Index(p.ready, true)
	if i < 0 {
		t.Fatal("no template ready for the case")
	}
	p.list.Select(i)
	test.Tap(p.prev.copyBtn)
	txt, _ := p.prev.r.Plain()
	if clip := h.app.fy.Clipboard().Content(); clip != txt || txt == "" {
		t.Fatalf("clipboard = %q, want %q", clip, txt)
	}
	if got, want := p.prev.status.Text, h.app.t.S("templates.copied_case_closed"); got != want {
		t.Errorf("the preview says %q, want %q", got, want)
	}
}
