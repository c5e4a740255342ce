package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// templatePreview shows one template rendered for the call, asks inline for
// the values it lacks, and offers copy, insert and favourite. The screen
// and the palette each have one.
type templatePreview struct {
	s   *templatesScreen
	box *fyne.Container

	tpl     *playbook.Template
	r       playbook.Rendered
	lang    locales.Lang // the language r is in: the call's when it was shown
	caseID  string       // the call r was filled in for ("" with none open)
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
	p.r, p.lang, p.caseID = pb.RenderTemplate(l, tp, vals, auth), l, p.s.callID()

	title := subheading(pb.Say(t.Lang, tp.Title))
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
		// The palette's list was searched again and its first row
		// selected: the row on show is this one, or a click on that first
		// row would show nothing (it reads as selected already).
		if pal := p.s.pal; pal != nil && pal.prev == p {
			if i := slices.IndexFunc(pal.hits, func(x *playbook.Template) bool { return x.ID == id }); i >= 0 {
				pal.list.Select(i)
			}
		}
	}
	head := []fyne.CanvasObject{p.star}
	if p.s.canEdit() && p.s.isCustom(tp.ID) {
		head = append(head, widget.NewButtonWithIcon(t.S("templates.custom.edit"), theme.DocumentCreateIcon(), func() { p.s.openEditor(pb.Template(id)) }))
	}

	var body []fyne.CanvasObject
	for _, part := range parts {
		if part.Stage != "" {
			body = append(body, heading(t.S("templates.stage."+part.Stage)))
			// What the stage is for, for the agent's eyes only: the
			// customer hears the text below it.
			if g := pb.StageGuide(part.Stage); g != nil {
				hint := widget.NewLabel(pb.Say(t.Lang, g.Text))
				hint.Importance = widget.LowImportance
				hint.Wrapping = fyne.TextWrapWord
				body = append(body, hint)
			}
		}
		rt := widget.NewRichText(richSegments(part.Rendered)...)
		rt.Wrapping = fyne.TextWrapWord
		body = append(body, rt)
	}
	text := container.NewPadded(container.NewStack(canvasBox(), container.NewPadded(container.NewVBox(body...))))
	shown := []fyne.CanvasObject{text}
	if g := p.guides(tp); g != nil {
		shown = append(shown, g)
	}

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

	scroll := container.NewVScroll(container.NewVBox(shown...))
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(head...), title), meta)
	p.box.Objects = []fyne.CanvasObject{container.NewBorder(top, bottom, nil, nil, scroll)}
	p.box.Refresh()
}

// guides explains the method behind the templates of tp's category (COST
// for objections, the care and compliance guides), folded until the agent
// opens it: it is for them, never read to the customer.
func (p *templatePreview) guides(tp *playbook.Template) fyne.CanvasObject {
	t, pb := p.s.a.t, p.s.a.pb
	list := pb.GuidesFor(tp.Category)
	if len(list) == 0 {
		return nil
	}
	acc := widget.NewAccordion()
	for _, g := range list {
		parts := []fyne.CanvasObject{}
		if sum := pb.Say(t.Lang, g.Summary); sum != "" {
			l := widget.NewLabel(sum)
			l.Wrapping = fyne.TextWrapWord
			parts = append(parts, l)
		}
		for _, sec := range g.Sections {
			h := widget.NewLabelWithStyle(pb.Say(t.Lang, sec.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			h.Wrapping = fyne.TextWrapWord
			txt := widget.NewLabel(pb.Say(t.Lang, sec.Text))
			txt.Wrapping = fyne.TextWrapWord
			parts = append(parts, h, txt)
			if ex := pb.Say(p.s.lang(), sec.Example); ex != "" {
				e := widget.NewLabel(ex)
				e.Wrapping = fyne.TextWrapWord
				e.Importance = widget.LowImportance
				parts = append(parts, e)
			}
		}
		acc.Append(widget.NewAccordionItem(t.D("templates.guide.title", map[string]any{"Title": pb.Say(t.Lang, g.Title)}), container.NewVBox(parts...)))
	}
	return acc
}

// ready: the text may leave the app (insertable).
func (p *templatePreview) ready() bool {
	_, ok := insertable(p.r)
	return ok
}

// insertable is r's text and whether it may leave the app. Plain refuses
// gaps and masked values; an empty text (every sentence optional and
// unfilled) is not worth a copy; and a value that itself holds "{{" would
// reach the customer looking unfilled. The preview, the palette's marks
// and the call screen's suggestions all ask this, so none offers as ready
// what another then refuses.
func insertable(r playbook.Rendered) (string, bool) {
	txt, err := r.Plain()
	return txt, err == nil && strings.TrimSpace(txt) != "" && !strings.Contains(txt, "{{")
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
		key := tp.ID + "." + n
		if v, ok := p.s.valueDrafts.get(p.draftSubject(), key, ""); ok {
			e.SetText(v)
		}
		e.OnChanged = func(v string) { p.s.valueDrafts.keep(p.draftSubject(), key, "", v) }
		e.OnSubmitted = func(string) { p.applyValues() }
		p.entries[n] = e
		form.Append(label, e)
	}
	if len(form.Items) == 0 {
		return nil, fromCase
	}
	return form, fromCase
}

// draftSubject is whose values the preview's drafts are: the call on
// screen (none between calls), in the interface language they are typed
// in, so a switch of either starts them afresh.
func (p *templatePreview) draftSubject() string {
	id := "-"
	if c := p.s.a.call.current(); c != nil {
		id = c.ID
	}
	return id + "|" + string(p.s.a.t.Lang)
}

// applyValues stores what was typed: on the open case (so the call
// screen's scripts get it too), or for this session when no call is open.
func (p *templatePreview) applyValues() {
	a := p.s.a
	t, pb := a.t, a.pb
	// The form was drawn for one call; what was typed in it is about that
	// customer, never to be stored on another case that came on screen
	// under it.
	if p.caseID != p.s.callID() {
		p.show(p.tpl)
		p.setStatus(t.S("templates.values.case_changed"), true)
		return
	}
	typed := map[string]string{}
	names := make([]string, 0, len(p.entries))
	for n := range p.entries {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		in := strings.TrimSpace(p.entries[n].Text)
		ph := pb.Placeholder(n)
		if in == "" || ph == nil {
			// nil: a pack published since the field was drawn dropped it.
			continue
		}
		v, err := cases.CanonicalValue(ph.Kind, in, t.Lang, a.call.currency())
		if err != nil {
			p.setStatus(pb.Say(t.Lang, ph.Label)+": "+t.S(valueRefusedKey(ph.Kind, err)), true)
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
			// In the call screen's words: a case's bounds say which, with
			// the figure. Notes typed past their bound are said apart: the
			// call screen's words point to a count under them, not here.
			msg := a.call.errorMessage(err)
			if e, ok := err.(*cases.Error); ok && e.Code == cases.EInvalid && e.Field == "notes" {
				msg = t.D("templates.values.notes_full", map[string]any{"Max": calculators.FormatNumber(cases.MaxNotes, 0, t.Lang)})
			}
			p.setStatus(msg, true)
			return
		}
	} else {
		for n, v := range typed {
			p.s.typed[n] = v
		}
	}
	for n := range typed {
		p.s.valueDrafts.keep(p.draftSubject(), p.tpl.ID+"."+n, "", "") // applied: no longer a draft
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
	if p.tpl == nil || !p.ready() || !p.stillCurrent() {
		return
	}
	txt, _ := p.r.Plain()
	a.fy.Clipboard().SetContent(txt)
	if a.call.current() == nil {
		p.setStatus(a.t.S("templates.copied"), false)
		return
	}
	if err := a.call.useTemplate(p.tpl.ID, "", false); err != nil {
		// Notes typed past their bound stop the case from recording the
		// use; the copy itself adds nothing to them and has happened.
		if e, ok := err.(*cases.Error); ok && e.Code == cases.EInvalid && e.Field == "notes" {
			p.setStatus(a.t.D("templates.copied_notes_full", map[string]any{"Max": calculators.FormatNumber(cases.MaxNotes, 0, a.t.Lang)}), true)
			return
		}
		if cases.ErrorCode(err) == cases.EClosed {
			// A record does not take the use; the copy has happened.
			p.setStatus(a.t.S("templates.copied_case_closed"), false)
			return
		}
		p.setStatus(p.refusal(err), true)
		return
	}
	p.setStatus(a.t.S("templates.copied_recorded"), false)
}

// refusal is why the case did not take a template, in the call screen's
// words; notes that would grow past their bound are said apart, as this
// screen does not show the notes nor the count under them.
func (p *templatePreview) refusal(err error) string {
	a := p.s.a
	if e, ok := err.(*cases.Error); ok && e.Code == cases.EInvalid && e.Field == "notes" {
		return a.t.D("templates.notes_full", map[string]any{"Max": calculators.FormatNumber(cases.MaxNotes, 0, a.t.Lang)})
	}
	return a.call.errorMessage(err)
}

// stillCurrent checks that the text shown is what the call on screen
// would get now: in its language, for its case, from its values. This
// screen and the palette are not drawn again when the call changes under
// them (Ctrl+L, another case opened, a sync conflict taking crmd's
// customer), and a text filled in for one customer must never be read to
// or noted on another. When it is not, the preview is shown again for the
// call as it is, and nothing is copied or inserted until the agent has
// seen it.
func (p *templatePreview) stillCurrent() bool {
	l := p.s.lang()
	msg := "templates.lang_changed"
	if l == p.lang {
		vals, auth := p.s.values(l)
		now := p.s.a.pb.RenderTemplate(l, p.tpl, vals, auth)
		if p.s.callID() == p.caseID && slices.Equal(now, p.r) {
			return true
		}
		msg = "templates.case_changed"
	}
	p.show(p.tpl)
	p.setStatus(p.s.a.t.S(msg), true)
	return false
}

// onInsert appends the finished text to the case notes; the case records
// the template used.
func (p *templatePreview) onInsert() {
	a := p.s.a
	if p.tpl == nil || !p.ready() || a.call.current() == nil || !p.stillCurrent() {
		return
	}
	txt, _ := p.r.Plain()
	if err := a.call.useTemplate(p.tpl.ID, txt, true); err != nil {
		p.setStatus(p.refusal(err), true)
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
	s.stopNotesTimer()
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	slices.Sort(names)
	return s.a.sess.Update(s.a.ctx, func(c *cases.Case) ([]cases.Event, error) {
		evs := make([]cases.Event, 0, len(names))
		for _, n := range names {
			if err := c.SetValue(n, vals[n]); err != nil {
				return nil, err
			}
			evs = append(evs, cases.Event{Kind: cases.EventValue, Detail: n})
		}
		return evs, nil
	})
}
