package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/playbook"
	"agentdesk/sqlite"
)

// customDir is the custom playbook folder: the one in the settings, or a
// "playbook" folder in this desk's data folder (Deps.DataDir, which the
// program decides) for the first custom template.
func (s *templatesScreen) customDir() (dir string, isNew bool, err error) {
	if s.a.ws.PlaybookDir != "" {
		return s.a.ws.PlaybookDir, false, nil
	}
	data := s.a.deps.DataDir
	if data == "" {
		if data, err = sqlite.DataDir(); err != nil {
			return "", false, err
		}
	}
	return filepath.Join(data, "playbook"), true, nil
}

// isCustom reports whether id was written in the app, so it may be edited
// here; the organisation's and the default pack's templates are not.
func (s *templatesScreen) isCustom(id string) bool { return slices.Contains(s.customIDs, id) }

func (s *templatesScreen) loadCustomIDs() {
	s.customIDs, s.customErr = nil, nil
	if s.a.ws.PlaybookDir == "" {
		return
	}
	ts, err := playbook.ReadCustomTemplates(s.a.ws.PlaybookDir)
	if err != nil {
		s.a.deps.Log.Warn("custom templates not read", "err", err)
		s.customErr = err // showSetAside says it
		return
	}
	// A template set aside for a published one with its ID is not the
	// one shown under that ID: editing that one as theirs would write the
	// published text over their own.
	aside := map[any]bool{}
	for _, is := range s.a.pb.SetAside() {
		aside[is.Args["ID"]] = true
	}
	for _, t := range ts {
		if !aside[t.ID] {
			s.customIDs = append(s.customIDs, t.ID)
		}
	}
}

// saveCustom adds tp to the custom templates (or replaces the one with id
// replacing) through playbook.SaveCustomTemplate, which validates before it
// writes, and switches to the reloaded playbook.
func (s *templatesScreen) saveCustom(tp playbook.Template, replacing string) (string, error) {
	if holdsSecrets(tp) {
		return "", errSecretInTemplate
	}
	dir, isNew, err := s.customDir()
	if err != nil {
		return "", err
	}
	base, baseDir := s.a.playbookBase()
	pb, path, err := playbook.SaveCustomTemplate(base, baseDir, dir, tp, replacing)
	if err != nil {
		return "", err
	}
	if isNew {
		if err := s.a.deps.Settings.SetSetting(s.a.ctx, cases.KeyPlaybookDir, dir); err != nil {
			return "", err
		}
		s.a.ws.PlaybookDir = dir
	}
	s.a.pb, s.a.pbFolderErr = pb, nil // the folder loads, with the template
	s.loadCustomIDs()
	s.showSetAside()
	return path, nil
}

// deleteCustom takes the custom template id out of the folder through
// playbook.DeleteCustomTemplate, which validates before it writes, and
// switches to the reloaded playbook.
func (s *templatesScreen) deleteCustom(id string) (string, error) {
	base, baseDir := s.a.playbookBase()
	pb, path, err := playbook.DeleteCustomTemplate(base, baseDir, s.a.ws.PlaybookDir, id)
	if err != nil {
		return "", err
	}
	s.a.pb, s.a.pbFolderErr = pb, nil
	s.loadCustomIDs()
	s.showSetAside()
	// A star on a template no one can open again would only count
	// towards nothing.
	if s.isFav(id) {
		if err := s.toggleFavourite(id); err != nil {
			s.a.deps.Log.Warn("favourite of a deleted template kept", "id", id, "err", err)
		}
	}
	return path, nil
}

// errSecretInTemplate refuses a template with a card number in it: the
// file is kept and read on this desk and, published, on every other.
var errSecretInTemplate = errors.New("a template holds a card number")

// holdsSecrets reports whether any text of tp holds a card number. Only
// card numbers, which a checksum tells apart: a template may well say "to
// reset your PIN, call 0800 2345", which the keyword rule for codes and
// PINs would take for one (crmd checks published packs the same way).
func holdsSecrets(tp playbook.Template) bool {
	// The ID too: it is written beside the texts and recorded on every
	// case the template is used on.
	texts := append([]string{tp.ID, tp.Owner}, tp.Tags...)
	for _, x := range append([]playbook.Text{tp.Title, tp.Text}, partTexts(tp.Parts)...) {
		texts = append(texts, x.ES, x.EN)
	}
	for _, x := range texts {
		if _, r := cases.Redact(x); r.Cards > 0 {
			return true
		}
	}
	return false
}

func partTexts(parts []playbook.TemplatePart) []playbook.Text {
	out := make([]playbook.Text, len(parts))
	for i, p := range parts {
		out[i] = p.Text
	}
	return out
}

// templateEditor is the supervisor's form for a custom template.
type templateEditor struct {
	s    *templatesScreen
	orig *playbook.Template // nil for a new one
	d    dialog.Dialog

	id, titleES, titleEN, tags, owner *widget.Entry
	textES, textEN                    *widget.Entry
	partES, partEN                    map[string]*widget.Entry
	category, scope                   *widget.Select
	formBox                           *fyne.Container
	status                            *widget.Label
	save                              *widget.Button
	del                               *widget.Button // nil for a new one
}

func templateMultiline(rows int) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(rows)
	return e
}

// openEditor opens the form for a new template (nil) or a custom one.
func (s *templatesScreen) openEditor(orig *playbook.Template) {
	if !s.canEdit() {
		return
	}
	t := s.a.t
	e := &templateEditor{s: s, orig: orig, partES: map[string]*widget.Entry{}, partEN: map[string]*widget.Entry{}}
	s.ed = e
	e.id = widget.NewEntry()
	e.id.SetPlaceHolder(t.S("templates.custom.id_placeholder"))
	e.titleES, e.titleEN, e.tags, e.owner = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	e.tags.SetPlaceHolder(t.S("templates.custom.tags_placeholder"))
	e.textES, e.textEN = templateMultiline(3), templateMultiline(3)
	cats := make([]string, len(playbook.Categories))
	for i, c := range playbook.Categories {
		cats[i] = t.S("templates.category." + c)
	}
	e.category = widget.NewSelect(cats, nil)
	scopes := make([]string, len(playbook.Scopes))
	for i, sc := range playbook.Scopes {
		scopes[i] = t.S("templates.scope." + sc)
	}
	e.scope = widget.NewSelect(scopes, nil)

	for _, st := range playbook.Stages {
		e.partES[st], e.partEN[st] = templateMultiline(2), templateMultiline(2)
	}
	e.formBox = container.NewStack()
	e.category.OnChanged = func(string) { e.showBody() }
	e.scope.OnChanged = func(string) {
		sc := e.scopeID()
		if sc == "global" {
			e.owner.Disable()
		} else {
			e.owner.Enable()
			if sc == "personal" && strings.TrimSpace(e.owner.Text) == "" {
				e.owner.SetText(s.a.ws.Agent)
			}
		}
	}

	if orig != nil {
		e.id.SetText(orig.ID)
		e.id.Disable()
		e.titleES.SetText(orig.Title.ES)
		e.titleEN.SetText(orig.Title.EN)
		e.tags.SetText(strings.Join(orig.Tags, ", "))
		e.owner.SetText(orig.Owner)
		e.textES.SetText(orig.Text.ES)
		e.textEN.SetText(orig.Text.EN)
		for _, p := range orig.Parts {
			if e.partES[p.Stage] != nil {
				e.partES[p.Stage].SetText(p.Text.ES)
				e.partEN[p.Stage].SetText(p.Text.EN)
			}
		}
		e.category.SetSelectedIndex(max(slices.Index(playbook.Categories, orig.Category), 0))
		e.scope.SetSelectedIndex(max(slices.Index(playbook.Scopes, orig.Scope), 0))
	} else {
		e.category.SetSelectedIndex(max(slices.Index(playbook.Categories, s.category), 0))
		e.scope.SetSelectedIndex(0)
	}
	e.status = widget.NewLabel("")
	e.status.Wrapping = fyne.TextWrapWord
	e.status.Importance = widget.DangerImportance
	e.showBody()
	intro := widget.NewLabel(t.S("templates.custom.intro"))
	intro.Wrapping = fyne.TextWrapWord
	e.save = widget.NewButtonWithIcon(t.S("templates.custom.save"), theme.DocumentSaveIcon(), func() {
		if e.submit() {
			e.d.Hide()
		}
	})
	e.save.Importance = widget.HighImportance
	cancel := widget.NewButton(t.S("dialog.cancel"), func() { e.d.Hide() })
	bar := []fyne.CanvasObject{layout.NewSpacer(), cancel, e.save}
	if orig != nil {
		e.del = widget.NewButtonWithIcon(t.S("templates.custom.delete_button"), theme.DeleteIcon(), e.onDelete)
		e.del.Importance = widget.DangerImportance
		bar = append([]fyne.CanvasObject{e.del}, bar...)
	}
	body := container.NewVBox(intro, e.formBox, e.status)
	content := container.NewBorder(nil, container.NewHBox(bar...), nil, nil, container.NewVScroll(body))
	title := t.S("templates.custom.title_new")
	if orig != nil {
		title = t.S("templates.custom.title_edit")
	}
	e.d = dialog.NewCustomWithoutButtons(title, content, s.a.win)
	e.d.SetOnClosed(func() {
		if s.ed == e {
			s.ed = nil
		}
	})
	size := s.a.win.Canvas().Size()
	e.d.Resize(fyne.NewSize(min(max(size.Width-120, 600), 860), min(max(size.Height-60, 480), 760)))
	e.d.Show()
}

func (e *templateEditor) categoryID() string {
	return playbook.Categories[max(e.category.SelectedIndex(), 0)]
}

func (e *templateEditor) scopeID() string {
	return playbook.Scopes[max(e.scope.SelectedIndex(), 0)]
}

// showBody lays out the form with the COST parts for an objection and one
// text otherwise, as the playbook requires; one form keeps the labels
// aligned.
func (e *templateEditor) showBody() {
	if e.formBox == nil || e.status == nil {
		return
	}
	t := e.s.a.t
	items := []*widget.FormItem{
		widget.NewFormItem(t.S("templates.filter.category"), e.category),
		widget.NewFormItem(t.S("templates.custom.id"), e.id),
		widget.NewFormItem(t.S("templates.custom.title_es"), e.titleES),
		widget.NewFormItem(t.S("templates.custom.title_en"), e.titleEN),
		widget.NewFormItem(t.S("templates.tags"), e.tags),
		widget.NewFormItem(t.S("templates.scope.label"), e.scope),
		widget.NewFormItem(t.S("templates.custom.owner"), e.owner),
	}
	hint := t.D("templates.custom.text_hint", map[string]any{"Example": "{{customer_name}}"})
	if e.categoryID() == "objection" {
		for _, st := range playbook.Stages {
			label := t.S("templates.stage." + st)
			items = append(items,
				widget.NewFormItem(t.D("templates.custom.part_es", map[string]any{"Stage": label}), e.partES[st]),
				widget.NewFormItem(t.D("templates.custom.part_en", map[string]any{"Stage": label}), e.partEN[st]))
		}
		hint = t.S("templates.custom.parts_hint") + " " + hint
	} else {
		items = append(items,
			widget.NewFormItem(t.S("templates.custom.text_es"), e.textES),
			widget.NewFormItem(t.S("templates.custom.text_en"), e.textEN))
	}
	h := widget.NewLabel(hint)
	h.Wrapping = fyne.TextWrapWord
	h.Importance = widget.LowImportance
	e.formBox.Objects = []fyne.CanvasObject{container.NewVBox(widget.NewForm(items...), h)}
	e.formBox.Refresh()
}

// template reads the form. Fields the form does not show (call types,
// steps, optional placeholders) are kept from the template being edited.
func (e *templateEditor) template() playbook.Template {
	var tp playbook.Template
	if e.orig != nil {
		tp = playbook.Template{ID: e.orig.ID, CallTypes: e.orig.CallTypes, Steps: e.orig.Steps, Optional: e.orig.Optional}
	}
	tp.Category = e.categoryID()
	tp.Scope = e.scopeID()
	if tp.Scope != "global" {
		tp.Owner = strings.TrimSpace(e.owner.Text)
	}
	tp.Title = playbook.Text{ES: strings.TrimSpace(e.titleES.Text), EN: strings.TrimSpace(e.titleEN.Text)}
	tp.Tags = nil
	for _, tag := range strings.Split(e.tags.Text, ",") {
		if tag = strings.TrimSpace(tag); tag != "" {
			tp.Tags = append(tp.Tags, tag)
		}
	}
	if tp.Category == "objection" {
		for _, st := range playbook.Stages {
			es, en := strings.TrimSpace(e.partES[st].Text), strings.TrimSpace(e.partEN[st].Text)
			if es != "" || en != "" {
				tp.Parts = append(tp.Parts, playbook.TemplatePart{Stage: st, Text: playbook.Text{ES: es, EN: en}})
			}
		}
	} else {
		tp.Text = playbook.Text{ES: strings.TrimSpace(e.textES.Text), EN: strings.TrimSpace(e.textEN.Text)}
	}
	// An optional placeholder the texts no longer use goes with it: kept,
	// the save would be refused for it, and the form has no field to
	// take it out.
	used := playbook.PlaceholdersIn(tp.Text.ES + tp.Text.EN)
	for _, p := range tp.Parts {
		used = append(used, playbook.PlaceholdersIn(p.Text.ES+p.Text.EN)...)
	}
	tp.Optional = slices.DeleteFunc(slices.Clone(tp.Optional), func(n string) bool { return !slices.Contains(used, n) })
	if tp.ID == "" {
		tp.ID = e.newID(tp)
	}
	return tp
}

// newID makes an ID from the category and the title, unique in the
// playbook: "closing.north_team_goodbye", then "…_2".
func (e *templateEditor) newID(tp playbook.Template) string {
	if id := strings.TrimSpace(e.id.Text); id != "" {
		return id
	}
	title := tp.Title.EN
	if title == "" {
		title = tp.Title.ES
	}
	var words []string
	for _, w := range strings.FieldsFunc(playbook.Fold(title), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		words = append(words, w)
		if len(words) == 5 {
			break
		}
	}
	if len(words) == 0 {
		words = []string{"custom"}
	}
	base := tp.Category + "." + strings.Join(words, "_")
	// A custom template set aside (it names what the pack dropped) is out
	// of the playbook but still in the file under its ID: saved beside
	// it, the new one would be refused as a duplicate of an ID the
	// supervisor never typed.
	taken := func(id string) bool {
		return e.s.a.pb.Template(id) != nil || slices.ContainsFunc(e.s.a.pb.SetAside(), func(is playbook.Issue) bool { return is.Args["ID"] == id })
	}
	id := base
	for n := 2; taken(id); n++ {
		id = fmt.Sprintf("%s_%d", base, n)
	}
	return id
}

// submit saves the template, or shows every problem with its file:line,
// translated like the settings screen does.
func (e *templateEditor) submit() bool {
	s := e.s
	t := s.a.t
	replacing := ""
	if e.orig != nil {
		replacing = e.orig.ID
	}
	tp := e.template()
	path, err := s.saveCustom(tp, replacing)
	if err != nil {
		e.showErr(err, "templates.custom.invalid")
		return false
	}
	s.selected = tp.ID
	s.refreshHits()
	if s.search != nil && (s.preview.tpl == nil || s.preview.tpl.ID != tp.ID) {
		// The search or a filter still on the screen leaves the template
		// out: the best hit would be shown under "saved", and the new
		// one look lost. They are cleared; each change searches again
		// and shows its best hit, so the new one is picked after them.
		s.search.SetText("")
		s.catSel.SetSelectedIndex(0)
		s.stageSel.SetSelectedIndex(0)
		s.selected = tp.ID
		s.refreshHits()
	}
	if s.preview != nil && s.preview.tpl != nil {
		s.preview.setStatus(t.D("templates.custom.saved", map[string]any{"File": path}), false)
	}
	return true
}

// showErr says why a save or a delete did not happen: each problem of
// the folder with its file:line, translated like the settings screen
// does, or why the folder could not be written. invalid is the heading
// of the problems' list.
func (e *templateEditor) showErr(err error, invalid string) {
	s := e.s
	t := s.a.t
	var ve *playbook.ValidationError
	switch {
	case errors.Is(err, errSecretInTemplate):
		e.status.SetText(t.S("templates.custom.secret"))
	case errors.Is(err, playbook.ErrNotCustomTemplate):
		e.status.SetText(t.S("templates.custom.delete_gone"))
	case errors.As(err, &ve):
		lines := []string{t.N(invalid, len(ve.Issues), nil)}
		for _, is := range ve.Issues {
			lines = append(lines, playbook.IssueLine(t, is))
		}
		e.status.SetText(strings.Join(lines, "\n"))
	default:
		e.status.SetText(t.D("templates.custom.unwritable", map[string]any{"Detail": err.Error()}))
		s.a.deps.Log.Error("custom template not written", "err", err)
	}
	e.status.Refresh()
}

// onDelete asks before taking the template out of the folder: every desk
// that uses the folder loses it, and the file keeps no copy.
func (e *templateEditor) onDelete() {
	s := e.s
	t := s.a.t
	id := e.orig.ID
	d := dialog.NewConfirm(t.S("templates.custom.delete_title"),
		t.D("templates.custom.delete_question", map[string]any{"Title": s.a.pb.Say(t.Lang, e.orig.Title)}), func(ok bool) {
			if !ok {
				return
			}
			path, err := s.deleteCustom(id)
			if err != nil {
				e.showErr(err, "templates.custom.delete_invalid")
				return
			}
			e.d.Hide()
			s.selected = ""
			s.refreshHits()
			if s.preview != nil {
				s.preview.setStatus(t.D("templates.custom.deleted", map[string]any{"File": path}), false)
			}
		}, s.a.win)
	d.SetConfirmText(t.S("templates.custom.delete_confirm"))
	d.SetDismissText(t.S("dialog.cancel"))
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}
