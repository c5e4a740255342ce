package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/BurntSushi/toml"

	"agentdesk/assets"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/sqlite"
)

// templatesScreen finds conversation and objection templates, shows one
// filled in with the open call's details in the call's language, asks for
// what is missing, and copies it or inserts it into the notes; every use is
// recorded on the case. Supervisors write custom templates here too.
type templatesScreen struct {
	a *App

	// State that outlives a rebuild in another interface language.
	query    string
	category string
	stage    string
	selected string
	// typed holds values typed with no call open (canonical form), so a
	// template can still be completed and copied between calls.
	typed map[string]string
	favs  []string
	// customIDs are the templates written in the app, which may be edited
	// here; read from the custom file when the screen shows and on save.
	customIDs []string

	search   *widget.Entry
	catSel   *widget.Select
	stageSel *widget.Select
	list     *widget.List
	count    *widget.Label
	newBtn   *widget.Button
	hits     []*playbook.Template
	preview  *templatePreview

	pal *templatePalette
	ed  *templateEditor
}

func newTemplatesScreen(a *App) *templatesScreen {
	s := &templatesScreen{a: a, typed: map[string]string{}}
	// Index the playbook ahead of the first search, off the UI thread, so
	// the first keystroke does not wait for it on a large library; a few
	// seconds after the start, so it does not compete with drawing the
	// first screen (make bench-app). The index is built once and is safe
	// to share.
	pb := a.pb
	time.AfterFunc(3*time.Second, func() { pb.SearchTemplates("", playbook.SearchOptions{Limit: 1}) })
	return s
}

func (s *templatesScreen) key() string         { return "templates" }
func (s *templatesScreen) icon() fyne.Resource { return theme.DocumentIcon() }

// templatesScreen finds the screen from elsewhere in the app (the call
// screen's shortcut and suggestions).
func (a *App) templatesScreen() *templatesScreen {
	for _, s := range a.screens {
		if ts, ok := s.(*templatesScreen); ok {
			return ts
		}
	}
	return nil
}

func (s *templatesScreen) build() fyne.CanvasObject {
	t := s.a.t
	s.loadFavourites()
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(t.S("templates.search.placeholder"))
	s.search.SetText(s.query)
	s.search.OnChanged = func(q string) {
		s.query = q
		s.refreshHits()
	}
	s.search.OnSubmitted = func(string) {
		if len(s.hits) > 0 {
			s.list.Select(0)
		}
	}

	cats := []string{t.S("templates.filter.all_categories")}
	for _, c := range playbook.Categories {
		cats = append(cats, t.S("templates.category."+c))
	}
	s.catSel = widget.NewSelect(cats, nil)
	s.catSel.SetSelectedIndex(slices.Index(playbook.Categories, s.category) + 1)
	s.catSel.OnChanged = func(string) {
		s.category = ""
		if i := s.catSel.SelectedIndex(); i > 0 {
			s.category = playbook.Categories[i-1]
		}
		s.refreshHits()
	}
	stages := []string{t.S("templates.filter.all_stages")}
	for _, st := range playbook.Stages {
		stages = append(stages, t.S("templates.stage."+st))
	}
	s.stageSel = widget.NewSelect(stages, nil)
	s.stageSel.SetSelectedIndex(slices.Index(playbook.Stages, s.stage) + 1)
	s.stageSel.OnChanged = func(string) {
		s.stage = ""
		if i := s.stageSel.SelectedIndex(); i > 0 {
			s.stage = playbook.Stages[i-1]
		}
		s.refreshHits()
	}

	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance
	s.list = widget.NewList(
		func() int { return len(s.hits) },
		newTemplateRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.hits) {
				return
			}
			tp := s.hits[id]
			s.setTemplateRow(o, tp, s.itemMeta(tp), widget.LowImportance)
		},
	)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id < len(s.hits) {
			s.selected = s.hits[id].ID
			s.preview.show(s.hits[id])
		}
	}
	s.preview = newTemplatePreview(s)

	s.newBtn = widget.NewButtonWithIcon(t.S("templates.custom.new"), theme.ContentAddIcon(), func() { s.openEditor(nil) })
	title := heading(t.S("templates.title"))
	title.SizeName = theme.SizeNameSubHeadingText
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, s.newBtn, title),
		s.search,
		container.NewGridWithColumns(2, s.catSel, s.stageSel),
	)
	left := container.NewBorder(top, s.count, nil, nil, s.list)
	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(s.preview.box))
	split.Offset = 0.36
	s.onShow()
	return split
}

// onShow brings the screen up to date with what changed elsewhere: the
// open call (language, call type, step), the role, the playbook.
func (s *templatesScreen) onShow() {
	if s.newBtn == nil {
		return
	}
	if s.canEdit() {
		s.newBtn.Show()
	} else {
		s.newBtn.Hide()
	}
	s.loadFavourites()
	s.loadCustomIDs()
	s.refreshHits()
}

func (s *templatesScreen) canEdit() bool { return s.a.ws.Role == "supervisor" }

// newTemplateRow is a row of a template list: the title, a star when it
// is one of the agent's favourites, and a line of detail below.
func newTemplateRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	star := widget.NewIcon(tinted(markStar, widget.WarningImportance))
	meta := widget.NewLabel("")
	meta.Truncation = fyne.TextTruncateEllipsis
	meta.Importance = widget.LowImportance
	return container.NewVBox(container.NewBorder(nil, nil, nil, star, title), meta)
}

func (s *templatesScreen) setTemplateRow(o fyne.CanvasObject, tp *playbook.Template, detail string, imp widget.Importance) {
	box := o.(*fyne.Container)
	head := box.Objects[0].(*fyne.Container)
	head.Objects[0].(*widget.Label).SetText(s.a.pb.Say(s.a.t.Lang, tp.Title))
	if star := head.Objects[1]; s.isFav(tp.ID) {
		star.Show()
	} else {
		star.Hide()
	}
	head.Refresh()
	meta := box.Objects[1].(*widget.Label)
	meta.Importance = imp
	meta.SetText(detail)
}

func (s *templatesScreen) itemMeta(tp *playbook.Template) string {
	t := s.a.t
	parts := []string{t.S("templates.category." + tp.Category)}
	if tp.Scope != "" && tp.Scope != "global" {
		parts = append(parts, t.S("templates.scope."+tp.Scope)+" ("+tp.Owner+")")
	}
	if s.isCustom(tp.ID) {
		parts = append(parts, t.S("templates.custom.badge"))
	}
	return strings.Join(parts, " · ")
}

// searchOptions searches with the open call as context, so the templates
// written for this call type and step come first.
func (s *templatesScreen) searchOptions(limit int) playbook.SearchOptions {
	opt := playbook.SearchOptions{Lang: s.lang(), Category: s.category, Stage: s.stage, Agent: s.a.ws.Agent, Limit: limit}
	if c := s.a.call.current(); c != nil {
		opt.CallType, opt.Step = c.CallType, c.Current
	}
	return opt
}

// find runs a search and puts the agent's favourites first, keeping the
// order of relevance within each group.
func (s *templatesScreen) find(q string, opt playbook.SearchOptions) []*playbook.Template {
	hits := s.a.pb.SearchTemplates(q, opt)
	out := make([]*playbook.Template, 0, len(hits))
	for _, h := range hits {
		if s.isFav(h.Template.ID) {
			out = append(out, h.Template)
		}
	}
	for _, h := range hits {
		if !s.isFav(h.Template.ID) {
			out = append(out, h.Template)
		}
	}
	return out
}

func (s *templatesScreen) refreshHits() {
	if s.list == nil {
		return
	}
	t := s.a.t
	s.hits = s.find(s.query, s.searchOptions(0))
	if len(s.hits) == 0 {
		s.count.SetText(t.S("templates.none"))
	} else {
		s.count.SetText(t.N("templates.count", len(s.hits), nil))
	}
	s.list.UnselectAll()
	s.list.Refresh()
	// Keep the template on show when it is still listed; otherwise show
	// the best hit, so typing and reading go together.
	i := slices.IndexFunc(s.hits, func(tp *playbook.Template) bool { return tp.ID == s.selected })
	if i < 0 && len(s.hits) > 0 {
		i = 0
	}
	if i >= 0 {
		s.list.Select(i)
		return
	}
	s.selected = ""
	s.preview.show(nil)
}

// lang is the language templates are rendered in: the open call's, else
// the interface's.
func (s *templatesScreen) lang() locales.Lang {
	if c := s.a.call.current(); c != nil {
		return c.CallLang
	}
	return s.a.t.Lang
}

// values looks up placeholder values: from the open call, or, with none,
// from the settings and what the agent typed here. Without a call there is
// no customer data to protect, so nothing is masked.
func (s *templatesScreen) values(l locales.Lang) (playbook.Values, bool) {
	if c := s.a.call.current(); c != nil {
		return c.Lookup(s.a.pb, l, s.a.call.valueContext(l)), c.Auth.Authenticated()
	}
	ws, pb, cur := s.a.ws, s.a.pb, s.a.call.currency()
	return func(name string) (string, bool) {
		if v, ok := s.typed[name]; ok {
			kind := "text"
			if ph := pb.Placeholder(name); ph != nil {
				kind = ph.Kind
			}
			return cases.DisplayValue(kind, v, l, cur), true
		}
		switch name {
		case "company":
			return ws.Company, ws.Company != ""
		case "agent_name":
			return ws.Agent, ws.Agent != ""
		}
		return "", false
	}, true
}

// ---------------------------------------------------------------- favourites

func (s *templatesScreen) favKey() string { return "favourites." + s.a.ws.Agent }

func (s *templatesScreen) loadFavourites() {
	v, err := s.a.deps.Settings.GetSetting(s.a.ctx, s.favKey())
	if err != nil {
		s.a.deps.Log.Warn("favourite templates not read", "err", err)
	}
	s.favs = nil
	for _, id := range strings.Split(v, ",") {
		if id = strings.TrimSpace(id); id != "" {
			s.favs = append(s.favs, id)
		}
	}
}

func (s *templatesScreen) isFav(id string) bool { return slices.Contains(s.favs, id) }

func (s *templatesScreen) toggleFavourite(id string) error {
	favs := slices.Clone(s.favs)
	if i := slices.Index(favs, id); i >= 0 {
		favs = slices.Delete(favs, i, i+1)
	} else {
		favs = append(favs, id)
	}
	if err := s.a.deps.Settings.SetSetting(s.a.ctx, s.favKey(), strings.Join(favs, ",")); err != nil {
		return err
	}
	s.favs = favs
	s.refreshHits()
	if s.pal != nil {
		s.pal.update(s.pal.search.Text)
	}
	return nil
}

// ---------------------------------------------------------------- preview

// templatePreview shows one template rendered for the call, asks inline for
// the values it lacks, and offers copy, insert and favourite. The screen
// and the palette each have one.
type templatePreview struct {
	s   *templatesScreen
	box *fyne.Container

	tpl     *playbook.Template
	r       playbook.Rendered
	entries map[string]*widget.Entry
	apply   *widget.Button
	copyBtn *widget.Button
	insert  *widget.Button
	star    *widget.Button
	status  *widget.Label
	// onInserted runs after an insert (the palette closes itself).
	onInserted func()
}

func newTemplatePreview(s *templatesScreen) *templatePreview {
	p := &templatePreview{s: s, box: container.NewStack()}
	p.show(nil)
	return p
}

func (p *templatePreview) show(tp *playbook.Template) {
	a := p.s.a
	t, pb := a.t, a.pb
	p.tpl, p.entries = tp, map[string]*widget.Entry{}
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	if tp == nil {
		pick := widget.NewLabel(t.S("templates.pick"))
		pick.Wrapping = fyne.TextWrapWord
		pick.Importance = widget.LowImportance
		p.r = nil
		p.box.Objects = []fyne.CanvasObject{container.NewVBox(pick)}
		p.box.Refresh()
		return
	}
	l := p.s.lang()
	vals, auth := p.s.values(l)
	parts := pb.RenderTemplateParts(l, tp, vals, auth)
	p.r = pb.RenderTemplate(l, tp, vals, auth)

	title := heading(pb.Say(t.Lang, tp.Title))
	title.SizeName = theme.SizeNameSubHeadingText
	title.Wrapping = fyne.TextWrapWord
	metaText := p.s.itemMeta(tp) + " · " + t.D("templates.preview.lang", map[string]any{"Lang": t.S("templates.lang." + string(l))})
	if c := a.call.current(); c != nil && c.Customer.Name != "" {
		metaText += " · " + t.D("templates.preview.for_call", map[string]any{"Customer": c.Customer.Name})
	}
	meta := widget.NewLabel(metaText)
	meta.Importance = widget.LowImportance
	meta.Wrapping = fyne.TextWrapWord

	p.star = widget.NewButtonWithIcon(t.S("templates.favourite.add"), theme.ContentAddIcon(), nil)
	if p.s.isFav(tp.ID) {
		p.star.SetText(t.S("templates.favourite.remove"))
		p.star.SetIcon(theme.NewColoredResource(markStar, theme.ColorNameForegroundOnWarning))
		p.star.Importance = widget.WarningImportance
	}
	id := tp.ID
	p.star.OnTapped = func() {
		if err := p.s.toggleFavourite(id); err != nil {
			p.setStatus(a.errorText(err), true)
			return
		}
		p.show(pb.Template(id))
	}
	head := []fyne.CanvasObject{p.star}
	if p.s.canEdit() && p.s.isCustom(tp.ID) {
		head = append(head, widget.NewButtonWithIcon(t.S("templates.custom.edit"), theme.DocumentCreateIcon(), func() { p.s.openEditor(pb.Template(id)) }))
	}

	var body []fyne.CanvasObject
	for _, part := range parts {
		if part.Stage != "" {
			body = append(body, heading(t.S("templates.stage."+part.Stage)))
		}
		rt := widget.NewRichText(richSegments(part.Rendered)...)
		rt.Wrapping = fyne.TextWrapWord
		body = append(body, rt)
	}
	text := container.NewPadded(container.NewStack(canvasBox(), container.NewPadded(container.NewVBox(body...))))

	// The values form stays outside the scrolling text, so the entries are
	// in sight however long the template is.
	form, fromCase := p.valueForm(tp, vals)
	var below []fyne.CanvasObject
	if form != nil {
		p.apply = widget.NewButtonWithIcon(t.S("templates.values.apply"), theme.ConfirmIcon(), p.applyValues)
		below = append(below, widget.NewSeparator(), container.NewBorder(nil, nil, heading(t.S("templates.values.title")), p.apply), form)
	}
	if len(fromCase) > 0 {
		n := widget.NewLabel(t.D("templates.values.from_case", map[string]any{"Labels": strings.Join(fromCase, ", ")}))
		n.Wrapping = fyne.TextWrapWord
		n.Importance = widget.LowImportance
		below = append(below, n)
	}

	var notes []fyne.CanvasObject
	addNote := func(mark fyne.Resource, msg string, imp widget.Importance) {
		n := widget.NewLabel(msg)
		n.Importance = imp
		n.Wrapping = fyne.TextWrapWord
		if mark != nil {
			notes = append(notes, marked(mark, n))
		} else {
			notes = append(notes, n)
		}
	}
	switch {
	case p.r.Locked():
		addNote(markLock, t.S("call.script.locked"), widget.WarningImportance)
	case !p.r.Complete():
		addNote(nil, t.S("templates.missing"), widget.WarningImportance)
	}
	if a.call.current() == nil {
		addNote(nil, t.S("templates.preview.no_call"), widget.LowImportance)
	}
	below = append(notes, below...)

	p.copyBtn = widget.NewButtonWithIcon(t.S("templates.copy"), theme.ContentCopyIcon(), p.onCopy)
	p.insert = widget.NewButtonWithIcon(t.S("templates.insert"), theme.DocumentCreateIcon(), p.onInsert)
	p.insert.Importance = widget.HighImportance
	if !p.ready() {
		p.copyBtn.Disable()
		p.insert.Disable()
	}
	if a.call.current() == nil {
		p.insert.Disable()
	}
	p.status.Hide()
	bottom := container.NewVBox(append(below, widget.NewSeparator(), container.NewHBox(p.insert, p.copyBtn), p.status)...)

	scroll := container.NewVScroll(container.NewVBox(text))
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(head...), title), meta)
	p.box.Objects = []fyne.CanvasObject{container.NewBorder(top, bottom, nil, nil, scroll)}
	p.box.Refresh()
}

// ready: the text may leave the app. Plain refuses gaps and masked values;
// an empty text (every sentence optional and unfilled) is not worth a copy.
func (p *templatePreview) ready() bool {
	txt, err := p.r.Plain()
	return err == nil && strings.TrimSpace(txt) != "" && !strings.Contains(txt, "{{")
}

// valueForm has one entry per missing placeholder the agent can type, and
// one per optional placeholder still empty (the text reads well without
// it, but reads better with it). Values that only the case knows (a
// ticket number before the escalation) are listed, not asked for.
func (p *templatePreview) valueForm(tp *playbook.Template, vals playbook.Values) (*widget.Form, []string) {
	t, pb := p.s.a.t, p.s.a.pb
	names := p.r.Missing()
	for _, n := range tp.Optional {
		if v, ok := vals(n); (!ok || strings.TrimSpace(v) == "") && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	var fromCase []string
	form := widget.NewForm()
	for _, n := range names {
		ph := pb.Placeholder(n)
		if ph == nil {
			continue
		}
		label := pb.Say(t.Lang, ph.Label)
		if ph.Source == "case" {
			fromCase = append(fromCase, label)
			continue
		}
		if slices.Contains(tp.Optional, n) {
			label = t.D("templates.values.optional", map[string]any{"Label": label})
		}
		e := widget.NewEntry()
		e.SetPlaceHolder(t.S("call.value.kind." + ph.Kind))
		e.OnSubmitted = func(string) { p.applyValues() }
		p.entries[n] = e
		form.Append(label, e)
	}
	if len(form.Items) == 0 {
		return nil, fromCase
	}
	return form, fromCase
}

// applyValues stores what was typed: on the open case (so the call
// screen's scripts get it too), or for this session when no call is open.
func (p *templatePreview) applyValues() {
	a := p.s.a
	t, pb := a.t, a.pb
	typed := map[string]string{}
	names := make([]string, 0, len(p.entries))
	for n := range p.entries {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		in := strings.TrimSpace(p.entries[n].Text)
		if in == "" {
			continue
		}
		ph := pb.Placeholder(n)
		v, err := cases.CanonicalValue(ph.Kind, in, t.Lang, a.call.currency())
		if err != nil {
			p.setStatus(pb.Say(t.Lang, ph.Label)+": "+t.S("call.value.invalid."+ph.Kind), true)
			a.win.Canvas().Focus(p.entries[n])
			return
		}
		typed[n] = v
	}
	if len(typed) == 0 {
		return
	}
	if a.call.current() != nil {
		if err := a.call.setTemplateValues(typed); err != nil {
			p.setStatus(a.errorText(err), true)
			return
		}
	} else {
		for n, v := range typed {
			p.s.typed[n] = v
		}
	}
	p.show(p.tpl)
	if pal := p.s.pal; pal != nil && pal.prev == p {
		// Back to the search box: Enter now inserts what was just completed.
		id := p.tpl.ID
		pal.update(pal.search.Text)
		if i := slices.IndexFunc(pal.hits, func(tp *playbook.Template) bool { return tp.ID == id }); i >= 0 {
			pal.list.Select(i)
		}
		a.win.Canvas().Focus(pal.search)
	}
}

func (p *templatePreview) setStatus(msg string, isErr bool) {
	p.status.SetText(msg)
	p.status.Show()
	if isErr {
		p.status.Importance = widget.DangerImportance
	} else {
		p.status.Importance = widget.SuccessImportance
	}
	p.status.Refresh()
}

// onCopy puts the finished text on the clipboard and records the use on
// the open case; a text with a gap or a locked value never leaves the app.
func (p *templatePreview) onCopy() {
	a := p.s.a
	if p.tpl == nil || !p.ready() {
		return
	}
	txt, _ := p.r.Plain()
	a.fy.Clipboard().SetContent(txt)
	if a.call.current() == nil {
		p.setStatus(a.t.S("templates.copied"), false)
		return
	}
	if err := a.call.useTemplate(p.tpl.ID, "", false); err != nil {
		p.setStatus(a.errorText(err), true)
		return
	}
	p.setStatus(a.t.S("templates.copied_recorded"), false)
}

// onInsert appends the finished text to the case notes; the case records
// the template used.
func (p *templatePreview) onInsert() {
	a := p.s.a
	if p.tpl == nil || !p.ready() || a.call.current() == nil {
		return
	}
	txt, _ := p.r.Plain()
	if err := a.call.useTemplate(p.tpl.ID, txt, true); err != nil {
		p.setStatus(a.errorText(err), true)
		return
	}
	p.setStatus(a.t.S("templates.inserted"), false)
	if p.onInserted != nil {
		p.onInserted()
	}
}

// setTemplateValues stores values typed on the templates screen or the
// palette on the open case, in one save, as the call screen's own value
// entries do.
func (s *callScreen) setTemplateValues(vals map[string]string) error {
	if s.c == nil {
		return &cases.Error{Code: cases.EInvalid, Field: "call", Detail: "no call open"}
	}
	s.flushNotes()
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	slices.Sort(names)
	evs := make([]cases.Event, 0, len(names))
	for _, n := range names {
		s.c.SetValue(n, vals[n])
		evs = append(evs, cases.Event{Kind: "value", Detail: n})
	}
	if err := s.a.svc.Save(s.a.ctx, s.c, evs...); err != nil {
		return err
	}
	s.savedAt = s.a.deps.Now()
	s.refresh()
	return nil
}

// ---------------------------------------------------------------- palette

// templatePalette is the quick search over the call screen (Ctrl+K): type, see
// the best templates filled in for the call, Enter inserts the first one
// that is complete.
type templatePalette struct {
	s      *templatesScreen
	d      dialog.Dialog
	search *paletteEntry
	list   *widget.List
	hits   []*playbook.Template
	ready  []bool
	hint   *widget.Label
	prev   *templatePreview
}

// paletteEntry is the palette's search box: the arrows move through the
// results and Escape closes, so the hands stay on the keyboard.
type paletteEntry struct {
	widget.Entry
	onMove   func(int)
	onEscape func()
}

func newPaletteEntry() *paletteEntry {
	e := &paletteEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *paletteEntry) TypedKey(k *fyne.KeyEvent) {
	switch {
	case k.Name == fyne.KeyDown && e.onMove != nil:
		e.onMove(1)
	case k.Name == fyne.KeyUp && e.onMove != nil:
		e.onMove(-1)
	case k.Name == fyne.KeyEscape && e.onEscape != nil:
		e.onEscape()
	default:
		e.Entry.TypedKey(k)
	}
}

// paletteLimit keeps the palette a short list: it is for the template the
// agent already has in mind.
const paletteLimit = 30

// openPalette opens the quick search over the window; with an ID, that
// template is listed first and shown.
func (s *templatesScreen) openPalette(id string) {
	if s.pal != nil {
		s.pal.d.Hide()
	}
	t := s.a.t
	p := &templatePalette{s: s}
	s.pal = p
	p.search = newPaletteEntry()
	p.search.SetPlaceHolder(t.S("templates.search.placeholder"))
	p.hint = widget.NewLabel(t.S("templates.palette.hint"))
	p.hint.Importance = widget.LowImportance
	p.hint.Truncation = fyne.TextTruncateEllipsis
	p.prev = newTemplatePreview(s)
	p.prev.onInserted = func() { p.d.Hide() }
	p.list = widget.NewList(
		func() int { return len(p.hits) },
		newTemplateRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.hits) {
				return
			}
			state, imp := t.S("templates.incomplete"), widget.WarningImportance
			if p.ready[i] {
				state, imp = t.S("templates.ready"), widget.SuccessImportance
			}
			s.setTemplateRow(o, p.hits[i], t.S("templates.category."+p.hits[i].Category)+" · "+state, imp)
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.hits) {
			p.prev.show(p.hits[i])
		}
	}
	p.search.OnChanged = p.update
	p.search.OnSubmitted = func(string) { p.insertFirstReady() }
	p.search.onMove = p.move
	p.search.onEscape = func() { p.d.Hide() }

	split := container.NewHSplit(p.list, container.NewPadded(p.prev.box))
	split.Offset = 0.34
	content := container.NewBorder(container.NewVBox(p.search, p.hint), nil, nil, nil, split)
	p.d = dialog.NewCustom(t.S("templates.palette.title")+"  ("+t.S("templates.shortcut")+")", t.S("templates.close"), content, s.a.win)
	p.d.SetOnClosed(func() {
		if s.pal == p {
			s.pal = nil
		}
	})
	size := s.a.win.Canvas().Size()
	p.d.Resize(fyne.NewSize(min(max(size.Width-80, 640), 1100), min(max(size.Height-50, 460), 780)))
	p.update("")
	if tp := s.a.pb.Template(id); tp != nil {
		hits := slices.DeleteFunc(slices.Clone(p.hits), func(x *playbook.Template) bool { return x.ID == id })
		p.setHits(append([]*playbook.Template{tp}, hits...))
	}
	p.d.Show()
	s.a.win.Canvas().Focus(p.search)
}

// update searches as the agent types; the best hit is shown at once.
func (p *templatePalette) update(q string) {
	p.setHits(p.s.find(q, p.s.searchOptions(paletteLimit)))
}

// setHits lists templates, each marked ready when it can be inserted now.
func (p *templatePalette) setHits(hits []*playbook.Template) {
	s := p.s
	p.hits = hits
	p.ready = make([]bool, len(hits))
	l := s.lang()
	vals, auth := s.values(l)
	for i, tp := range hits {
		txt, err := s.a.pb.RenderTemplate(l, tp, vals, auth).Plain()
		p.ready[i] = err == nil && strings.TrimSpace(txt) != ""
	}
	p.list.UnselectAll()
	p.list.Refresh()
	if len(hits) > 0 {
		p.list.Select(0)
	} else {
		p.prev.show(nil)
	}
}

func (p *templatePalette) move(delta int) {
	if len(p.hits) == 0 {
		return
	}
	i := 0
	if p.prev.tpl != nil {
		i = slices.Index(p.hits, p.prev.tpl)
	}
	i = min(max(i+delta, 0), len(p.hits)-1)
	p.list.Select(i)
}

// insertFirstReady inserts the template on show when it is complete, else
// the first complete one of the list (Enter).
func (p *templatePalette) insertFirstReady() {
	if p.prev.tpl != nil && p.prev.ready() {
		p.prev.onInsert()
		return
	}
	for i, ok := range p.ready {
		if ok {
			p.list.Select(i)
			p.prev.onInsert()
			return
		}
	}
	p.prev.setStatus(p.s.a.t.S("templates.palette.none_ready"), true)
}

// openPalette is what Ctrl+K runs on the call screen.
func (s *callScreen) openPalette() {
	if ts := s.a.templatesScreen(); ts != nil {
		ts.openPalette("")
	}
}

// ---------------------------------------------------------------- suggestions

// suggestionsCard offers the three templates that fit the call type and
// the current step; a complete one inserts in one click, an incomplete one
// opens the palette on it to fill in what it needs.
func (s *callScreen) suggestionsCard() fyne.CanvasObject {
	ts := s.a.templatesScreen()
	if ts == nil || s.c == nil {
		return container.NewVBox()
	}
	t, pb, c := s.a.t, s.a.pb, s.c
	var picks []*playbook.Template
	for _, tp := range pb.SuggestTemplates(c.CallType, c.Current, 0) {
		if tp.VisibleTo(s.a.ws.Agent) {
			picks = append(picks, tp)
		}
		if len(picks) == 3 {
			break
		}
	}
	if len(picks) == 0 {
		return container.NewVBox()
	}
	l := c.CallLang
	vals := c.Lookup(pb, l, s.valueContext(l))
	rows := []fyne.CanvasObject{heading(t.S("templates.suggested.title") + "  (" + t.S("templates.shortcut") + ")")}
	for _, tp := range picks {
		id := tp.ID
		title := widget.NewLabel(pb.Say(t.Lang, tp.Title))
		title.Wrapping = fyne.TextWrapWord
		txt, err := pb.RenderTemplate(l, tp, vals, c.Auth.Authenticated()).Plain()
		var btn *widget.Button
		if err == nil && strings.TrimSpace(txt) != "" {
			btn = widget.NewButtonWithIcon(t.S("templates.suggested.insert"), theme.ContentAddIcon(), func() {
				if err := s.useTemplate(id, txt, true); err != nil {
					s.showError(err)
				}
			})
		} else {
			btn = widget.NewButtonWithIcon(t.S("templates.suggested.complete"), theme.DocumentCreateIcon(), func() { ts.openPalette(id) })
			btn.Importance = widget.LowImportance
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, btn, title))
	}
	return container.NewVBox(rows...)
}

// ---------------------------------------------------------------- custom templates

// customTemplatesFile is the one file of the custom playbook folder the app
// writes; everything else there is the organisation's and is left alone.
const customTemplatesFile = "custom_templates.toml"

type customTemplatesDoc struct {
	Templates []playbook.Template `toml:"template"`
}

// customDir is the custom playbook folder: the one in the settings, or a
// "playbook" folder in the data folder for the first custom template.
func (s *templatesScreen) customDir() (dir string, isNew bool, err error) {
	if s.a.ws.PlaybookDir != "" {
		return s.a.ws.PlaybookDir, false, nil
	}
	data, err := sqlite.DataDir()
	if err != nil {
		return "", false, err
	}
	return filepath.Join(data, "playbook"), true, nil
}

func readCustomTemplates(path string) ([]playbook.Template, error) {
	var d customTemplatesDoc
	if _, err := toml.DecodeFile(path, &d); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	return d.Templates, nil
}

// isCustom reports whether id was written in the app, so it may be edited
// here; the organisation's and the default pack's templates are not.
func (s *templatesScreen) isCustom(id string) bool { return slices.Contains(s.customIDs, id) }

func (s *templatesScreen) loadCustomIDs() {
	s.customIDs = nil
	if s.a.ws.PlaybookDir == "" {
		return
	}
	ts, err := readCustomTemplates(filepath.Join(s.a.ws.PlaybookDir, customTemplatesFile))
	if err != nil {
		s.a.deps.Log.Warn("custom templates not read", "err", err)
		return
	}
	for _, t := range ts {
		s.customIDs = append(s.customIDs, t.ID)
	}
}

// saveCustom adds tp to the custom templates (or replaces the one with
// id replacing), validates the folder as a whole by loading it the way the
// app does, and only then writes it and switches to the reloaded
// playbook. A template that does not validate never reaches the folder.
func (s *templatesScreen) saveCustom(tp playbook.Template, replacing string) (string, error) {
	dir, isNew, err := s.customDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, customTemplatesFile)
	list, err := readCustomTemplates(path)
	if err != nil {
		return "", err
	}
	if i := slices.IndexFunc(list, func(t playbook.Template) bool { return replacing != "" && t.ID == replacing }); i >= 0 {
		list[i] = tp
	} else {
		list = append(list, tp)
	}
	data := encodeCustomTemplates(list)

	// Validate in a scratch copy of the folder, so the real one is never
	// left broken, while issues name the real file.
	tmp, err := os.MkdirTemp("", "agentdesk-playbook-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	others, _ := filepath.Glob(filepath.Join(dir, "*.toml"))
	for _, f := range others {
		if filepath.Base(f) == customTemplatesFile {
			continue
		}
		if b, err := os.ReadFile(f); err == nil {
			os.WriteFile(filepath.Join(tmp, filepath.Base(f)), b, 0o600)
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, customTemplatesFile), data, 0o600); err != nil {
		return "", err
	}
	pb, err := playbook.LoadWithOverlay(assets.Playbook(), assets.PlaybookDir, os.DirFS(tmp), dir)
	if err != nil {
		return "", err
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Write then rename: a crash mid-write leaves the previous file whole.
	if err := os.WriteFile(path+".tmp", data, 0o644); err != nil {
		return "", err
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		return "", err
	}
	if isNew {
		if err := s.a.deps.Settings.SetSetting(s.a.ctx, cases.KeyPlaybookDir, dir); err != nil {
			return "", err
		}
		s.a.ws.PlaybookDir = dir
	}
	s.a.pb = pb
	s.loadCustomIDs()
	return path, nil
}

// encodeCustomTemplates writes templates in the style of the default pack (inline
// bilingual tables, one [[template.part]] per COST stage), so a person
// can read and diff the file.
func encodeCustomTemplates(list []playbook.Template) []byte {
	var b strings.Builder
	b.WriteString("# Custom templates written by AgentDesk (templates screen).\n# Plantillas propias escritas por AgentDesk (pantalla de plantillas).\n")
	str := func(xs []string) string {
		q := make([]string, len(xs))
		for i, x := range xs {
			q[i] = templateTOMLString(x)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	text := func(t playbook.Text) string {
		return "{ es = " + templateTOMLString(t.ES) + ", en = " + templateTOMLString(t.EN) + " }"
	}
	for _, tp := range list {
		fmt.Fprintf(&b, "\n[[template]]\nid = %s\ncategory = %s\n", templateTOMLString(tp.ID), templateTOMLString(tp.Category))
		if tp.Scope != "" {
			fmt.Fprintf(&b, "scope = %s\n", templateTOMLString(tp.Scope))
		}
		if tp.Owner != "" {
			fmt.Fprintf(&b, "owner = %s\n", templateTOMLString(tp.Owner))
		}
		fmt.Fprintf(&b, "title = %s\n", text(tp.Title))
		fmt.Fprintf(&b, "tags = %s\n", str(tp.Tags))
		if len(tp.CallTypes) > 0 {
			fmt.Fprintf(&b, "call_types = %s\n", str(tp.CallTypes))
		}
		if len(tp.Steps) > 0 {
			fmt.Fprintf(&b, "steps = %s\n", str(tp.Steps))
		}
		if len(tp.Optional) > 0 {
			fmt.Fprintf(&b, "optional = %s\n", str(tp.Optional))
		}
		if len(tp.Parts) == 0 || tp.Text.ES != "" || tp.Text.EN != "" {
			fmt.Fprintf(&b, "text = %s\n", text(tp.Text))
		}
		for _, p := range tp.Parts {
			fmt.Fprintf(&b, "\n[[template.part]]\nstage = %s\ntext = %s\n", templateTOMLString(p.Stage), text(p.Text))
		}
	}
	return []byte(b.String())
}

// templateTOMLString quotes s as a TOML basic string.
func templateTOMLString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
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
	body := container.NewVBox(intro, e.formBox, e.status)
	content := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, e.save), nil, nil, container.NewVScroll(body))
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
	id := base
	for n := 2; e.s.a.pb.Template(id) != nil; n++ {
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
		var ve *playbook.ValidationError
		if errors.As(err, &ve) {
			lines := []string{t.N("templates.custom.invalid", len(ve.Issues), nil)}
			for _, is := range ve.Issues {
				lines = append(lines, fmt.Sprintf("%s:%d: %s", is.File, is.Line, t.D("playbook.err."+is.Code, is.Args)))
			}
			e.status.SetText(strings.Join(lines, "\n"))
		} else {
			e.status.SetText(t.D("templates.custom.unwritable", map[string]any{"Detail": err.Error()}))
			s.a.deps.Log.Error("custom template not saved", "err", err)
		}
		e.status.Refresh()
		return false
	}
	s.selected = tp.ID
	s.refreshHits()
	if s.preview != nil && s.preview.tpl != nil {
		s.preview.setStatus(t.D("templates.custom.saved", map[string]any{"File": path}), false)
	}
	return true
}
