package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/playbook"
)

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

// openPalette opens the quick search over the window; with an ID, that
// template is listed first and shown.
func (s *templatesScreen) openPalette(id string) {
	if s.pal != nil {
		s.pal.d.Hide()
	}
	t := s.a.t
	s.loadFavourites() // the screen may never have been shown: favourites rank first here too
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
	// The whole library: the palette shows no filters, so the category
	// and stage last picked on the templates screen are not its own.
	opt := p.s.searchOptions(paletteLimit)
	opt.Category, opt.Stage = "", ""
	p.setHits(p.s.find(q, opt))
}

// setHits lists templates, each marked ready when it can be inserted now.
func (p *templatePalette) setHits(hits []*playbook.Template) {
	p.hits = hits
	p.markReady()
	p.list.UnselectAll()
	p.list.Refresh()
	if len(hits) > 0 {
		p.list.Select(0)
	} else {
		p.prev.show(nil)
	}
}

// markReady marks each template listed ready or not for the call on
// screen as it is now, as its preview would.
func (p *templatePalette) markReady() {
	s := p.s
	p.ready = make([]bool, len(p.hits))
	l := s.lang()
	vals, auth := s.values(l)
	for i, tp := range p.hits {
		_, p.ready[i] = insertable(s.a.pb.RenderTemplate(l, tp, vals, auth))
	}
}

// callChanged follows a change of the call on screen (a value recorded,
// another case opened) while the palette is open: the marks are drawn
// again, so none reads ready when its preview would refuse, nor the
// reverse. The list and its selection stay, and so does the preview on
// show: Insert and Copy check it against the call before it goes out.
func (p *templatePalette) callChanged() {
	p.markReady()
	p.list.Refresh()
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
		if !ok {
			continue
		}
		if p.prev.tpl == p.hits[i] {
			// On show, drawn before the call changed (the mark follows the
			// call, the preview does not): shown again as it is now, for
			// the agent to see before Enter puts it in the notes.
			p.prev.show(p.hits[i])
			p.prev.setStatus(p.s.a.t.S("templates.case_changed"), true)
			return
		}
		p.list.Select(i)
		p.prev.onInsert()
		return
	}
	p.prev.setStatus(p.s.a.t.S("templates.palette.none_ready"), true)
}

// openPalette is what Ctrl+K runs on the call screen.
func (s *callScreen) openPalette() {
	if ts := s.a.templatesScreen(); ts != nil {
		ts.openPalette("")
	}
}

// suggestionsCard offers the three templates that fit the call type and
// the current step; a complete one inserts in one click, an incomplete one
// opens the palette on it to fill in what it needs.
func (s *callScreen) suggestionsCard() fyne.CanvasObject {
	ts := s.a.templatesScreen()
	// A closed call's notes are its record: a template inserted there
	// could only be refused until the call is reopened.
	if ts == nil || s.cur() == nil || s.cur().Ended() {
		return container.NewVBox()
	}
	t, pb, c := s.a.t, s.a.pb, s.cur()
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
		_, ok := insertable(pb.RenderTemplate(l, tp, vals, c.Auth.Authenticated()))
		var btn *widget.Button
		if ok {
			caseID := c.ID
			btn = widget.NewButtonWithIcon(t.S("templates.suggested.insert"), theme.ContentAddIcon(), func() {
				// The card shows titles only, and is not drawn again when
				// the settings or the pack change: the text is filled in
				// at the tap, from the call and what is in force now, and
				// never for a case other than the one it was offered on.
				txt, ok := s.suggestionText(caseID, id)
				if !ok {
					s.refresh()
					s.a.inform(s.a.t.S("call.cannot"), s.a.t.S("templates.suggested.changed"))
					return
				}
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

// suggestionText is template id filled in for the call on screen as it is
// now, and whether it may be inserted; never when the call on screen is no
// longer caseID.
func (s *callScreen) suggestionText(caseID, id string) (string, bool) {
	c, pb := s.cur(), s.a.pb
	tp := pb.Template(id)
	if c == nil || c.ID != caseID || tp == nil {
		return "", false
	}
	l := c.CallLang
	return insertable(pb.RenderTemplate(l, tp, c.Lookup(pb, l, s.valueContext(l)), c.Auth.Authenticated()))
}
