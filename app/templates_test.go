package app

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"agentdesk/assets"
	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// pressCtrlK types the shortcut on the window's canvas, as the keyboard
// does when no entry has the focus.
func (h *harness) pressCtrlK() *templatePalette {
	h.t.Helper()
	h.app.Window().Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierControl})
	p := h.app.templatesScreen().pal
	if p == nil {
		h.t.Fatal("Ctrl+K did not open the palette")
	}
	return p
}

// overlayTexts is what the top dialog shows.
func (h *harness) overlayTexts() []string {
	top := h.app.Window().Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	return texts(top)
}

func (h *harness) templateEvents(caseID string) []string {
	h.t.Helper()
	tl, err := h.db.Timeline(context.Background(), caseID)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, ev := range tl {
		if ev.Kind == "template" {
			out = append(out, ev.Detail)
		}
	}
	return out
}

func noMissingIn(t *testing.T, where string, ss []string) {
	t.Helper()
	for _, s := range ss {
		if strings.HasPrefix(s, "!") && len(s) > 1 && !strings.Contains(s, " ") {
			t.Errorf("%s: missing message %s", where, s)
		}
	}
}

// authenticatedSpanishCall is a bill-increase call in Spanish, the
// customer authenticated: what the palette fills templates from.
func authenticatedSpanishCall(t *testing.T) (*harness, *callScreen) {
	t.Helper()
	h := newHarness(t, locales.ES, true, map[string]string{
		cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: "es", cases.KeyCallLang: "es",
	})
	s := h.startCall("4417001234", "aumento fact")
	s.onGoto("authentication")
	h.tap(h.app.t.S("call.auth.confirm"))
	return h, s
}

func TestTemplatePaletteFromTheCallFillsAndInsertsIntoNotes(t *testing.T) {
	h, s := authenticatedSpanishCall(t)
	tr := h.app.t

	p := h.pressCtrlK()
	if h.app.Window().Canvas().Focused() != p.search {
		t.Error("the palette's search box does not have the focus")
	}
	test.Type(p.search, "caro")
	if len(p.hits) == 0 || p.hits[0].ID != "objection.too_expensive" || p.prev.tpl != p.hits[0] {
		t.Fatalf("caro: %v", p.hits)
	}
	// The plan comes from the customer's profile; what only the agent knows
	// is asked for, and until then nothing can leave the app.
	if !strings.Contains(p.prev.r.Display(), "Fibra 600 + TV Esencial") {
		t.Errorf("profile value not filled in: %s", p.prev.r.Display())
	}
	if p.prev.ready() || !p.prev.insert.Disabled() || !p.prev.copyBtn.Disabled() {
		t.Fatal("an incomplete template can be inserted")
	}
	p.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := h.templateEvents(s.cur().ID); len(got) != 0 || p.prev.status.Text != tr.S("templates.palette.none_ready") {
		t.Fatalf("Enter with nothing complete: events %v, status %q", got, p.prev.status.Text)
	}
	want := map[string]string{"new_plan": "Fibra 300", "new_monthly_amount": "45,00", "monthly_saving": "44,50"}
	for n := range p.prev.entries {
		if _, ok := want[n]; !ok {
			t.Errorf("asked for %s", n)
		}
	}
	for n, v := range want {
		e := p.prev.entries[n]
		if e == nil {
			t.Fatalf("no entry for %s: %v", n, p.prev.entries)
		}
		test.Type(e, v)
	}
	test.Tap(p.prev.apply)
	if s.cur().Values["new_plan"] != "Fibra 300" || s.cur().Values["new_monthly_amount"] == "" {
		t.Fatalf("values not stored on the case: %v", s.cur().Values)
	}
	if !p.prev.ready() || p.prev.insert.Disabled() || !p.ready[0] {
		t.Fatalf("still incomplete: %v", p.prev.r.Missing())
	}

	// Copy first: the clipboard gets the finished text, the case records it.
	test.Tap(p.prev.copyBtn)
	clip := h.app.fy.Clipboard().Content()
	if !strings.Contains(clip, "Con Fibra 300 pagaría 45,00") || strings.Contains(clip, "{{") || strings.Contains(clip, "[") {
		t.Fatalf("clipboard = %q", clip)
	}

	// Enter inserts the first complete result and closes the palette.
	p.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.app.templatesScreen().pal != nil {
		t.Error("the palette stayed open after inserting")
	}
	got, err := h.db.GetCase(context.Background(), s.cur().ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Entiendo que el precio le parezca alto", "Con Fibra 300 pagaría 45,00", "Verá el cambio reflejado"} {
		if !strings.Contains(got.Notes, w) {
			t.Errorf("notes lack %q:\n%s", w, got.Notes)
		}
	}
	if strings.Contains(got.Notes, "{{") || strings.Contains(got.Notes, "[") {
		t.Errorf("raw placeholder in notes: %q", got.Notes)
	}
	if ev := h.templateEvents(s.cur().ID); !slices.Equal(ev, []string{"objection.too_expensive", "objection.too_expensive"}) {
		t.Errorf("template events = %v, want the copy and the insert", ev)
	}
	if !strings.Contains(s.notes.Text, "Con Fibra 300") {
		t.Errorf("notes on screen = %q", s.notes.Text)
	}
}

func TestTemplateScreenSearchIgnoresAccentsAndFillsFromTheCall(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyCallLang: "es"})
	h.app.show("templates")
	ts := h.app.templatesScreen()
	test.Type(ts.search, "facturacion")
	if len(ts.hits) == 0 || ts.hits[0].ID != "apology.billing_error" {
		t.Fatalf("facturacion: %v", ts.hits)
	}
	h.mustHave("Apology for a billing error")
	// No call: the preview is in the call language of the settings (the
	// next customer's), says why it cannot insert, and asks for the
	// credit amount.
	h.mustHave("Le pido disculpas: el error en su factura fue nuestro")
	h.mustHave(h.app.t.S("templates.preview.no_call"))
	if !ts.preview.insert.Disabled() {
		t.Error("insert enabled without a call")
	}
	test.Type(ts.preview.entries["credit_amount"], "12.50")
	test.Tap(ts.preview.apply)
	credit := calculators.FormatMoney(calculators.FromMinor(1250, "USD"), locales.ES)
	h.mustHave("ajuste de " + credit)
	test.Tap(ts.preview.copyBtn)
	if c := h.app.fy.Clipboard().Content(); !strings.Contains(c, credit) {
		t.Errorf("clipboard = %q", c)
	}
	ts.search.SetText("CANCELAR")
	if len(ts.hits) == 0 || ts.hits[0].ID != "objection.want_to_cancel" {
		t.Fatalf("CANCELAR: %v", ts.hits)
	}

	// With a Spanish call open, the preview follows the call language and
	// the customer's details, and filters hold.
	h.startCall("4417001234", "aumento")
	h.app.show("templates")
	ts.search.SetText("")
	ts.catSel.SetSelectedIndex(slices.Index(playbook.Categories, "opening") + 1)
	for _, tp := range ts.hits {
		if tp.Category != "opening" {
			t.Errorf("category filter let %s through", tp.ID)
		}
	}
	ts.list.Select(slices.IndexFunc(ts.hits, func(tp *playbook.Template) bool { return tp.ID == "opening.callback" }))
	h.mustHave("Text in Spanish")
	if d := ts.preview.r.Display(); !strings.HasPrefix(d, "Hola, ¿hablo con Lucía Fernández Ortiz? Le llama Ana, de Telco Norte") {
		t.Errorf("preview = %q", d)
	}
	ts.catSel.SetSelectedIndex(0)
	ts.stageSel.SetSelectedIndex(slices.Index(playbook.Stages, "solve") + 1)
	if len(ts.hits) != 10 {
		t.Errorf("templates with a Solve part: %d", len(ts.hits))
	}
}

func TestTemplateFavouritesRankFirstAndPersist(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("templates")
	ts := h.app.templatesScreen()
	test.Type(ts.search, "hold")
	first := ts.hits[0].ID
	fav := ts.hits[len(ts.hits)-1]
	if fav.ID == first {
		t.Fatal("need at least two hits")
	}
	ts.list.Select(len(ts.hits) - 1)
	if ts.preview.tpl != fav {
		t.Fatalf("preview shows %v", ts.preview.tpl)
	}
	test.Tap(ts.preview.star)
	if ts.hits[0] != fav {
		t.Fatalf("favourite not first: %v", ts.hits)
	}
	if m := h.markBeside(h.app.pb.Say(locales.EN, fav.Title)); !strings.Contains(m, "star") {
		t.Errorf("the favourite's row shows the mark %q, want the star", m)
	}
	if v, _ := h.db.GetSetting(context.Background(), "favourites.ana"); v != fav.ID { // the name as read (favName)
		t.Errorf("stored favourites = %q", v)
	}
	// Another agent on the same desk has their own; a new window has Ana's.
	h.db.SetSetting(context.Background(), "favourites.Luis", "closing.anything_else")
	ts2 := newHarnessOn(t, h, "Ana").templatesScreen()
	ts2.search.SetText("hold")
	if ts2.hits[0].ID != fav.ID {
		t.Errorf("after restart: %v", ts2.hits)
	}
	// Un-starring restores the order of relevance.
	ts.list.Select(0)
	test.Tap(ts.preview.star)
	if ts.hits[0].ID != first {
		t.Errorf("after un-starring: first = %s, want %s", ts.hits[0].ID, first)
	}
}

// newHarnessOn opens a second window on h's database, as a restart does.
func newHarnessOn(t *testing.T, h *harness, agent string) *App {
	t.Helper()
	a, err := New(test.NewTempApp(t), Deps{Store: h.db, Settings: h.db, Playbook: h.app.deps.Playbook, SysLang: locales.EN, Now: h.app.deps.Now})
	if err != nil {
		t.Fatal(err)
	}
	a.show("templates")
	return a
}

func TestTemplateSupervisorAddsACustomTemplate(t *testing.T) {
	data := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", data)
	// An agent does not get the editor.
	ha := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Luis"})
	ha.app.show("templates")
	if b := findButton(ha.app.Window().Content(), ha.app.t.S("templates.custom.new")); b != nil {
		t.Fatal("an agent sees the template editor")
	}

	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte"})
	tr := h.app.t
	h.app.show("templates")
	ts := h.app.templatesScreen()
	h.tap(tr.S("templates.custom.new"))
	e := ts.ed
	if e == nil {
		t.Fatal("no editor")
	}
	noMissingIn(t, "editor", h.overlayTexts())
	e.category.SetSelectedIndex(slices.Index(playbook.Categories, "closing"))
	test.Type(e.titleES, "Despedida del equipo norte")
	test.Type(e.titleEN, "North team goodbye")
	test.Type(e.tags, "despedida, norte, goodbye")
	test.Type(e.textES, "Gracias por confiar en {{company}}, {{nombre}}.")
	test.Type(e.textEN, "Thank you for trusting {{company}}.")
	e.scope.SetSelectedIndex(slices.Index(playbook.Scopes, "team"))
	test.Type(e.owner, "Equipo Norte")

	// Invalid: the issues are listed with file:line, translated, and
	// nothing is written.
	if e.submit() {
		t.Fatal("an invalid template was saved")
	}
	file := filepath.Join(data, "playbook", "custom_templates.toml")
	for _, w := range []string{"custom_templates.toml:", "{{nombre}}"} {
		if !strings.Contains(e.status.Text, w) {
			t.Errorf("status lacks %q: %q", w, e.status.Text)
		}
	}
	if strings.Contains(e.status.Text, "playbook.err.") {
		t.Errorf("untranslated issue: %q", e.status.Text)
	}
	if _, err := os.Stat(file); err == nil {
		t.Fatal("the broken template reached the folder")
	}

	// Quotes and line breaks survive the round trip through TOML.
	e.textES.SetText("Gracias por confiar en {{company}}.\n«Hasta pronto», \"de verdad\".")
	test.Tap(e.save)
	if ts.ed != nil {
		t.Fatalf("editor still open: %q", e.status.Text)
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
	if v, _ := h.db.GetSetting(context.Background(), cases.KeyPlaybookDir); v != filepath.Join(data, "playbook") {
		t.Errorf("playbook folder setting = %q", v)
	}
	tp := h.app.pb.Template("closing.north_team_goodbye")
	if tp == nil || tp.Scope != "team" || tp.Owner != "Equipo Norte" || tp.Text.ES != "Gracias por confiar en {{company}}.\n«Hasta pronto», \"de verdad\"." {
		t.Fatalf("custom template in use: %+v", tp)
	}
	ts.search.SetText("despedida norte")
	if len(ts.hits) == 0 || ts.hits[0].ID != "closing.north_team_goodbye" {
		t.Fatalf("search: %v", ts.hits)
	}
	h.mustHave("Gracias por confiar en")
	if !strings.Contains(ts.preview.r.Display(), "Gracias por confiar en Telco Norte.") {
		t.Errorf("preview = %q", ts.preview.r.Display())
	}
	h.mustHave(tr.S("templates.custom.badge"))

	// Edit it: an objection with its COST parts this time.
	h.tap(tr.S("templates.custom.edit"))
	e = ts.ed
	if e == nil || !e.id.Disabled() {
		t.Fatal("no editor for the custom template")
	}
	e.category.SetSelectedIndex(slices.Index(playbook.Categories, "objection"))
	for _, st := range playbook.Stages {
		e.partES[st].SetText("Parte " + st + " para {{company}}.")
		e.partEN[st].SetText("Part " + st + " for {{company}}.")
	}
	if !e.submit() {
		t.Fatalf("edit refused: %q", e.status.Text)
	}
	tp = h.app.pb.Template("closing.north_team_goodbye")
	if tp == nil || tp.Category != "objection" || len(tp.Parts) != 4 {
		t.Fatalf("edited template: %+v", tp)
	}
	if n := len(h.app.pb.Templates); n != len(h.app.deps.Playbook.Templates)+1 {
		t.Errorf("%d templates: editing added a copy", n)
	}
	// The settings loader reads the folder the same way.
	pb, err := h.app.loadFolder(filepath.Join(data, "playbook"))
	if err != nil || pb.Template("closing.north_team_goodbye") == nil {
		t.Fatalf("reload: %v", err)
	}
}

func TestTemplateSuggestionsInsertInOneClick(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyCallLang: "en"})
	tr := h.app.t
	s := h.startCallIn("4417001234", "bill incr", locales.EN)
	h.mustHave(tr.S("templates.suggested.title"))
	pb := h.app.pb
	want := pb.SuggestTemplates("bill_increase", "introduction", 3)
	// The first complete one gets the first Insert button; the others ask
	// to be completed.
	var ready, incomplete []string
	vals := s.cur().Lookup(pb, locales.EN, s.valueContext(locales.EN))
	for _, tp := range want {
		h.mustHave(pb.Say(locales.EN, tp.Title))
		if pb.RenderTemplate(locales.EN, tp, vals, false).Complete() {
			ready = append(ready, tp.ID)
		} else {
			incomplete = append(incomplete, tp.ID)
		}
	}
	if len(ready) == 0 || len(incomplete) == 0 {
		t.Fatalf("want both kinds among %v: ready %v", want, ready)
	}
	h.tap(tr.S("templates.suggested.insert"))
	if ev := h.templateEvents(s.cur().ID); !slices.Equal(ev, ready[:1]) {
		t.Fatalf("template events = %v, want %v", ev, ready[:1])
	}
	inserted, _ := pb.RenderTemplate(locales.EN, pb.Template(ready[0]), vals, false).Plain()
	if !strings.Contains(s.cur().Notes, inserted) || !strings.Contains(inserted, "Telco Norte") {
		t.Errorf("notes = %q", s.cur().Notes)
	}
	// An incomplete suggestion opens the palette on it.
	h.tap(tr.S("templates.suggested.complete"))
	p := h.app.templatesScreen().pal
	if p == nil || p.prev.tpl == nil || p.prev.tpl.ID != incomplete[0] {
		t.Fatalf("palette on %v, want %s", p, incomplete[0])
	}
	if len(p.prev.entries) == 0 {
		t.Errorf("the palette does not ask for the change: %v", p.prev.entries)
	}
	// The arrows move through the results without leaving the search box.
	p.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if p.prev.tpl != p.hits[1] {
		t.Errorf("Down shows %v, want the second result", p.prev.tpl.ID)
	}
	p.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	p.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if p.prev.tpl != p.hits[0] {
		t.Errorf("Up shows %v, want the first result", p.prev.tpl.ID)
	}
	// Escape closes it.
	p.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.app.templatesScreen().pal != nil {
		t.Error("Escape did not close the palette")
	}
}

func TestTemplateScreensHaveNoMissingMessages(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyRole: "supervisor", cases.KeyUILang: string(l)})
			tr := h.app.t
			h.app.show("templates")
			h.mustHave(tr.S("nav.templates"))
			if ts := h.app.templatesScreen(); ts.preview.tpl != ts.hits[0] {
				t.Error("the screen does not show its first template")
			}
			h.noMissingKeys()
			ts := h.app.templatesScreen()
			ts.search.SetText("zzzz")
			h.mustHave(tr.S("templates.none"))
			h.mustHave(tr.S("templates.pick"))
			ts.search.SetText("caro")
			h.mustHave(tr.S("templates.stage.clarify"))
			h.mustHave(tr.S("templates.values.title"))
			h.noMissingKeys()

			h.startCall("4417001234", map[locales.Lang]string{locales.ES: "aumento", locales.EN: "bill incr"}[l])
			h.noMissingKeys()
			p := h.pressCtrlK()
			test.Type(p.search, "espera")
			all := strings.Join(h.overlayTexts(), " ")
			if !strings.Contains(all, tr.S("templates.palette.title")) || !strings.Contains(all, tr.S("templates.insert")) {
				t.Errorf("palette shows %q", all)
			}
			noMissingIn(t, "palette", h.overlayTexts())
			p.d.Hide()
			h.app.show("templates")
			h.tap(tr.S("templates.custom.new"))
			noMissingIn(t, "editor", h.overlayTexts())
		})
	}
}

// An objection template comes with the COST method explained to the agent:
// each stage's purpose beside its text, and the whole guide folded below,
// in the interface language while the text is in the call's.
func TestTemplateObjectionsExplainCOST(t *testing.T) {
	for _, l := range locales.Langs {
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte"})
			h.app.show("templates")
			ts := h.app.templatesScreen()
			ts.search.SetText("")
			ts.catSel.SetSelectedIndex(slices.Index(playbook.Categories, "objection") + 1)
			ts.list.Select(slices.IndexFunc(ts.hits, func(tp *playbook.Template) bool { return tp.ID == "objection.too_expensive" }))
			pb, tr := h.app.pb, h.app.t
			g := pb.Guide(playbook.GuideCOST)
			if g == nil {
				t.Fatal("no COST guide in the playbook")
			}
			h.mustHave(tr.D("templates.guide.title", map[string]any{"Title": pb.Say(l, g.Title)}))
			for _, st := range playbook.Stages {
				h.mustHave(pb.Say(l, pb.StageGuide(st).Text))
			}
			// Templates of other categories carry no COST guide.
			ts.catSel.SetSelectedIndex(slices.Index(playbook.Categories, "opening") + 1)
			ts.list.Select(0)
			if h.has(tr.D("templates.guide.title", map[string]any{"Title": pb.Say(l, g.Title)})) {
				t.Error("the COST guide beside an opening template")
			}
			h.noMissingKeys()
		})
	}
}

// publishPack writes a published pack as the sync keeps it: the built-in
// files, extra ones, and its version file.
func publishPack(t *testing.T, dir string, extra map[string]string) *playbook.Playbook {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(assets.Playbook(), "*.toml")
	for _, n := range names {
		b, _ := fs.ReadFile(assets.Playbook(), n)
		extra[n] = string(b)
	}
	extra["pack.json"] = `{"version": 2}`
	for n, text := range extra {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	pb, err := playbook.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	return pb
}

// newClosingTemplate opens the editor on the templates screen and types a
// closing template's titles and texts, unsaved.
func (h *harness) newClosingTemplate(titleES, titleEN, textES, textEN string) (*templatesScreen, *templateEditor) {
	h.t.Helper()
	h.app.show("templates")
	ts := h.app.templatesScreen()
	h.tap(h.app.t.S("templates.custom.new"))
	e := ts.ed
	if e == nil {
		h.t.Fatal("no editor")
	}
	e.category.SetSelectedIndex(slices.Index(playbook.Categories, "closing"))
	test.Type(e.titleES, titleES)
	test.Type(e.titleEN, titleEN)
	test.Type(e.textES, textES)
	test.Type(e.textEN, textEN)
	return ts, e
}

func publishedTemplate(id string) string {
	return "[[template]]\nid = \"" + id + "\"\ncategory = \"closing\"\ntitle = { es = \"Despedida publicada\", en = \"Published goodbye\" }\n" +
		"tags = [\"publicada\"]\ntext = { es = \"Gracias por llamar a {{company}}.\", en = \"Thank you for calling {{company}}.\" }\n"
}

// A supervisor's custom template is laid over the pack crmd published,
// not over the built-in one, and a pack published after it still reaches
// the desk, with the custom template on top.
func TestCustomTemplatesLayOverThePublishedPack(t *testing.T) {
	data := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", data)
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte"})
	packDir := filepath.Join(t.TempDir(), "crm-playbook")
	h.app.deps.PlaybookBase = func() (fs.FS, string) { return os.DirFS(packDir), packDir }
	h.app.usePublishedPlaybook(publishPack(t, packDir, map[string]string{"published.toml": publishedTemplate("closing.published_one")}), true)
	if h.app.pb.Template("closing.published_one") == nil {
		t.Fatal("the published pack is not in use")
	}

	ts, e := h.newClosingTemplate("Adiós del equipo", "Team goodbye", "Adiós.", "Goodbye.")
	if !e.submit() {
		t.Fatalf("save refused: %q", e.status.Text)
	}
	custom := ts.customIDs
	if len(custom) != 1 || h.app.pb.Template(custom[0]) == nil || h.app.pb.Template("closing.published_one") == nil {
		t.Fatalf("after the save: custom %v, published template kept: %v", custom, h.app.pb.Template("closing.published_one") != nil)
	}

	h.app.usePublishedPlaybook(publishPack(t, packDir, map[string]string{"published2.toml": publishedTemplate("closing.published_two")}), true)
	if h.app.pb.Template("closing.published_two") == nil || h.app.pb.Template(custom[0]) == nil {
		t.Errorf("after the next publish: its template %v, the custom one %v",
			h.app.pb.Template("closing.published_two") != nil, h.app.pb.Template(custom[0]) != nil)
	}
}

// A template with a card number in it is refused, in words, and no file
// is written: the file is kept on this desk and, published, on every one.
func TestCustomTemplateRefusesACardNumber(t *testing.T) {
	data := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", data)
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	_, e := h.newClosingTemplate("Ejemplo de pago", "Payment sample", "Por ejemplo: 4111 1111 1111 1111.", "For example: a card.")
	if e.submit() {
		t.Fatal("a template with a card number was saved")
	}
	if e.status.Text != h.app.t.S("templates.custom.secret") {
		t.Errorf("status %q", e.status.Text)
	}
	if _, err := os.Stat(filepath.Join(data, "playbook", playbook.CustomTemplatesFile)); err == nil {
		t.Error("the file was written")
	}
}

// Ctrl+L reaches the window from the templates screen: the preview shown
// before it is in the old call language, and Insert does not put that
// text into the notes. It shows the text again in the new language, says
// so, and inserts it on the next tap.
func TestTemplateInsertFollowsACallLanguageSwitch(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: "en", cases.KeyCallLang: "es"})
	s := h.startCall("4417001234", "aumento")
	h.app.show("templates")
	ts := h.app.templatesScreen()
	ts.search.SetText("espera")
	i := slices.IndexFunc(ts.hits, func(tp *playbook.Template) bool { return tp.ID == "apology.long_wait" })
	if i < 0 {
		t.Fatalf("no long_wait in %v", ts.hits)
	}
	ts.list.Select(i)
	h.mustHave("Gracias por su paciencia")
	h.app.Window().Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierControl})
	if s.cur().CallLang != locales.EN {
		t.Fatalf("call language %s", s.cur().CallLang)
	}
	test.Tap(ts.preview.insert)
	if got, _ := h.db.GetCase(context.Background(), s.cur().ID); strings.Contains(got.Notes, "Gracias por su paciencia") {
		t.Fatalf("the English call got the Spanish text: %q", got.Notes)
	}
	h.mustHave(h.app.t.S("templates.lang_changed"))
	test.Tap(ts.preview.insert)
	if got, _ := h.db.GetCase(context.Background(), s.cur().ID); !strings.Contains(got.Notes, "Thank you") {
		t.Errorf("the second tap inserted nothing in English: %q", got.Notes)
	}
}

// Ctrl+K before the templates screen was ever shown: the agent's
// favourites rank first, and starring another adds to them instead of
// replacing them with that one.
func TestPaletteKnowsTheFavouritesBeforeTheScreenIsShown(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{
		cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: "en", cases.KeyCallLang: "en",
		"favourites.Ana": "closing.anything_else,apology.long_wait",
	})
	h.startCall("4417001234", "bill incr")
	p := h.pressCtrlK()
	if len(p.hits) == 0 || (p.hits[0].ID != "closing.anything_else" && p.hits[0].ID != "apology.long_wait") {
		t.Errorf("favourites not first in the palette: %v", p.hits[:min(3, len(p.hits))])
	}
	test.Type(p.search, "hold")
	if p.prev.tpl == nil {
		t.Fatal("nothing on show")
	}
	test.Tap(p.prev.star)
	v, _ := h.db.GetSetting(context.Background(), "favourites.ana") // the name as read, with what "Ana" had
	if !strings.Contains(v, "closing.anything_else") || !strings.Contains(v, "apology.long_wait") || !strings.Contains(v, p.prev.tpl.ID) {
		t.Errorf("favourites after starring %s: %q", p.prev.tpl.ID, v)
	}
}

// A value typed in a template's form and not yet applied survives the
// preview's redraws: a look at the call screen, a star.
func TestTemplatePreviewKeepsTypedValues(t *testing.T) {
	h := newHarness(t, locales.ES, true, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: "es", cases.KeyCallLang: "es"})
	s := h.startCall("4417001234", "aumento fact")
	s.onGoto("authentication")
	h.tap(h.app.t.S("call.auth.confirm"))
	h.app.show("templates")
	ts := h.app.templatesScreen()
	ts.search.SetText("caro")
	if ts.preview.tpl == nil || ts.preview.tpl.ID != "objection.too_expensive" || ts.preview.entries["new_plan"] == nil {
		t.Fatalf("preview on %v with %v", ts.preview.tpl, ts.preview.entries)
	}
	test.Type(ts.preview.entries["new_plan"], "Fibra 300")
	h.app.show("call")
	h.app.show("templates")
	if got := ts.preview.entries["new_plan"].Text; got != "Fibra 300" {
		t.Errorf("after a look at the call screen: %q", got)
	}
	test.Tap(ts.preview.star)
	if got := ts.preview.entries["new_plan"].Text; got != "Fibra 300" {
		t.Errorf("after a star: %q", got)
	}
}

// A custom folder that does not load over a pack crmd publishes is passed
// over, and the pack used as published, as agentctl reads this desk.
func TestBrokenCustomFolderUsesThePublishedPack(t *testing.T) {
	data := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", data)
	custom := filepath.Join(t.TempDir(), "custom")
	if err := os.MkdirAll(custom, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(custom, "custom_templates.toml"), []byte("[[template]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyPlaybookDir: custom})
	packDir := filepath.Join(t.TempDir(), "crm-playbook")
	h.app.deps.PlaybookBase = func() (fs.FS, string) { return os.DirFS(packDir), packDir }
	h.app.usePublishedPlaybook(publishPack(t, packDir, map[string]string{"published.toml": publishedTemplate("closing.published_one")}), true)
	if h.app.pb.Template("closing.published_one") == nil {
		t.Error("the published pack is not in use beside a broken custom folder")
	}
}

// After the call the palette still fills a template, but what is typed
// there does not change the closed case: the preview says it is closed.
func TestTemplatePaletteLeavesAClosedCaseAlone(t *testing.T) {
	h, s := authenticatedSpanishCall(t)
	tr := h.app.t
	code := h.app.pb.CallType(s.cur().CallType).ReasonCodes[0]
	if !s.apply(func(c *cases.Case) (cases.Event, error) { return c.Close(h.app.pb, code, fixedNow) }) {
		t.Fatal("close refused")
	}
	before, err := h.db.GetCase(context.Background(), s.cur().ID)
	if err != nil {
		t.Fatal(err)
	}
	p := h.pressCtrlK()
	test.Type(p.search, "caro")
	if len(p.hits) == 0 || p.prev == nil {
		t.Fatalf("caro: %v", p.hits)
	}
	e := p.prev.entries["new_plan"]
	if e == nil {
		t.Fatalf("no entry for new_plan: %v", p.prev.entries)
	}
	test.Type(e, "Fibra 300")
	test.Tap(p.prev.apply)
	if p.prev.status.Text != tr.S("error.case_closed") {
		t.Errorf("the preview says %q", p.prev.status.Text)
	}
	after, err := h.db.GetCase(context.Background(), s.cur().ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != before.Version || after.Values["new_plan"] != "" || s.cur().Values["new_plan"] != "" {
		t.Errorf("the closed case changed: version %d → %d, values %v", before.Version, after.Version, after.Values)
	}
}

// The preview's fields were drawn from the pack in force then; a pack
// published meanwhile may no longer have one of their placeholders. Apply
// passes over such a field instead of panicking, and stores the others.
func TestPreviewApplyPassesOverAPlaceholderThePackDropped(t *testing.T) {
	h := newHarness(t, locales.EN, true, map[string]string{cases.KeyAgent: "Ana"})
	h.app.show("templates")
	ts := h.app.templatesScreen()
	test.Type(ts.search, "billing error")
	if ts.preview.entries["credit_amount"] == nil {
		t.Fatalf("no credit amount field: %q", h.texts())
	}
	gone := widget.NewEntry()
	gone.SetText("something typed")
	ts.preview.entries["placeholder_no_longer_in_the_pack"] = gone
	test.Type(ts.preview.entries["credit_amount"], "12.50")
	test.Tap(ts.preview.apply)
	h.mustHave("adjustment of $12.50")
}

// A template the content team publishes with the ID of a supervisor's
// own one leaves the rest of the custom folder in use; the templates
// screen says, in the interface language, which template was set aside,
// and no longer offers the published one for editing as if it were theirs.
func TestPublishedTemplateWithACustomIDSetsOnlyThatOneAside(t *testing.T) {
	data := t.TempDir()
	t.Setenv("AGENTDESK_DATA_DIR", data)
	h := newHarness(t, locales.ES, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyCompany: "Telco Norte"})
	packDir := filepath.Join(t.TempDir(), "crm-playbook")
	h.app.deps.PlaybookBase = func() (fs.FS, string) { return os.DirFS(packDir), packDir }
	h.app.usePublishedPlaybook(publishPack(t, packDir, map[string]string{}), true)

	var ids []string
	for _, title := range []string{"Adiós del equipo", "Hasta pronto"} {
		ts, e := h.newClosingTemplate(title, title+" (en)", "Adiós.", "Goodbye.")
		if !e.submit() {
			t.Fatalf("save refused: %q", e.status.Text)
		}
		ids = ts.customIDs
	}
	if len(ids) != 2 {
		t.Fatalf("custom templates: %v", ids)
	}
	clash, kept := ids[0], ids[1]

	h.app.usePublishedPlaybook(publishPack(t, packDir, map[string]string{"published.toml": publishedTemplate(clash)}), true)
	if h.app.pbFolderErr != nil {
		t.Fatalf("the custom folder is not in use: %v", h.app.pbFolderErr)
	}
	if h.app.pb.Template(kept) == nil {
		t.Error("the other custom template was lost")
	}
	if tp := h.app.pb.Template(clash); tp == nil || tp.Title.EN != "Published goodbye" {
		t.Errorf("the template in use under %s: %+v", clash, tp)
	}
	h.app.show("templates")
	ts := h.app.templatesScreen()
	h.mustHave("su plantilla «" + clash + "» no está en uso")
	h.noMissingKeys()
	if ts.isCustom(clash) || !ts.isCustom(kept) {
		t.Errorf("editable as custom: %s %v, %s %v", clash, ts.isCustom(clash), kept, ts.isCustom(kept))
	}
}

// The palette marks ready only what the preview lets out: a value that
// itself holds "{{" (a company name typed with braces) leaves the text
// looking unfilled, and the preview refuses it.
func TestPaletteReadyAgreesWithThePreview(t *testing.T) {
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "{{Telco}}"})
	h.app.show("templates")
	ts := h.app.templatesScreen()
	ts.openPalette("")
	p := ts.pal
	p.update("company")
	refused := 0
	for i, tp := range p.hits {
		p.list.Select(i)
		if p.prev.tpl != tp {
			t.Fatalf("%s not on show", tp.ID)
		}
		if p.ready[i] != p.prev.ready() {
			t.Errorf("%s: palette ready %v, preview ready %v", tp.ID, p.ready[i], p.prev.ready())
		}
		if txt, err := p.prev.r.Plain(); err == nil && strings.Contains(txt, "{{") {
			refused++
		}
	}
	if refused == 0 {
		t.Fatal("no hit shows the company's braces: the test proves nothing")
	}
}
