package app

import (
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
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
	// valueDrafts are values typed in a preview's form and not applied
	// yet, kept across the preview's redraws (a star, a look at the call
	// screen): for the call on screen, in the interface language they
	// were typed in.
	valueDrafts drafts
	favs        []string
	// customIDs are the templates written in the app, which may be edited
	// here; read from the custom file when the screen shows and on save.
	customIDs []string
	// customErr is why the custom file could not be read for editing
	// (written by hand with more than templates): said on the screen.
	customErr error

	search   *widget.Entry
	catSel   *widget.Select
	stageSel *widget.Select
	list     *widget.List
	count    *widget.Label
	newBtn   *widget.Button
	// aside says which custom templates the published pack set aside.
	aside   *widget.Label
	hits    []*playbook.Template
	preview *templatePreview

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

	s.catSel = filterSelect(t, "templates.filter.all_categories", "templates.category.", playbook.Categories, &s.category, s.refreshHits)
	s.stageSel = filterSelect(t, "templates.filter.all_stages", "templates.stage.", playbook.Stages, &s.stage, s.refreshHits)

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
	title := subheading(t.S("templates.title"))
	s.aside = widget.NewLabel("")
	s.aside.Wrapping = fyne.TextWrapWord
	s.aside.Importance = widget.WarningImportance
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, s.newBtn, title),
		s.aside,
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
	s.showSetAside()
	s.refreshHits()
}

// showSetAside tells the person which of their custom templates are not
// in use because the published pack took their IDs: the rest of the
// folder loads, so nothing else would show that one went missing. A
// folder that does not load at all is said too, with why: its templates
// are missing from this screen, where they are looked for.
func (s *templatesScreen) showSetAside() {
	if s.aside == nil {
		return
	}
	var lines []string
	if dir, err := s.a.ws.PlaybookDir, s.a.pbFolderErr; dir != "" && err != nil {
		lines = append(lines, s.a.t.D("templates.folder_not_in_use", map[string]any{"Dir": dir}), s.a.folderIssue(dir, err))
	} else if s.customErr != nil && s.canEdit() {
		// The folder loads, but its templates have no Edit button: the
		// supervisor who wrote them looks for one.
		file := filepath.Join(dir, playbook.CustomTemplatesFile)
		lines = append(lines, s.a.t.D("templates.custom.not_editable", map[string]any{"File": file}), s.a.issueText(s.customErr))
	}
	for _, is := range s.a.pb.SetAside() {
		lines = append(lines, playbook.IssueLine(s.a.t, is))
	}
	if len(lines) == 0 {
		s.aside.Hide()
		return
	}
	s.aside.SetText(strings.Join(lines, "\n"))
	s.aside.Show()
}

func (s *templatesScreen) canEdit() bool { return s.a.role() == cases.RoleSupervisor }

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
	opt := s.searchOptions(0)
	if s.canEdit() {
		// A supervisor's custom templates are theirs to edit, a personal
		// one written for an agent too: hidden as that agent's, it could
		// never be opened again here. Others' personal templates of the
		// pack stay out of the list.
		opt.Agent = ""
	}
	s.hits = slices.DeleteFunc(s.find(s.query, opt), func(tp *playbook.Template) bool {
		return !tp.VisibleTo(s.a.ws.Agent) && !s.isCustom(tp.ID)
	})
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
// the one calls are taken in (Settings' call language), as the customer
// of the next call hears or reads it.
func (s *templatesScreen) lang() locales.Lang {
	if c := s.a.call.current(); c != nil {
		return c.CallLang
	}
	return s.a.ws.CallLang
}

// callID is the open call's case, "" with none.
func (s *templatesScreen) callID() string {
	if c := s.a.call.current(); c != nil {
		return c.ID
	}
	return ""
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
		case "retention_phone":
			return ws.RetentionPhone, ws.RetentionPhone != ""
		}
		return "", false
	}, true
}

// ---------------------------------------------------------------- favourites

// favPrefix, followed by whose they are (favOwner), is the setting that
// keeps an agent's starred templates.
const favPrefix = "favourites."

// favOwner is whose favourites the desk shows: the crmd login signed in
// (or whose session ended), whatever the desk's name is spelt; else the
// agent's name as a person reads it (favName). A name that is the login,
// as the desk offers after a login, shares its list.
func (a *App) favOwner() string {
	if u := a.actor().User; u != "" {
		return u
	}
	return favName(a.ws.Agent)
}

// favName is a name as a person reads it: case and spaces aside, so
// "Ana", "ANA" and "Ana " are one agent's favourites.
func favName(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

func (s *templatesScreen) favKey() string { return favPrefix + s.a.favOwner() }

// favouritesOf is the favourites of owner in the settings kv. With none
// stored under owner yet, the lists kept under a name that reads as agent
// or as owner are joined: an earlier release kept them under the name
// exactly as typed, and a login takes over its name's. The next star
// stores them under owner.
func favouritesOf(kv map[string]string, owner, agent string) []string {
	if v, ok := kv[favPrefix+owner]; ok {
		return decodeFavourites(v)
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		name, ok := strings.CutPrefix(k, favPrefix)
		if !ok || (favName(name) != favName(agent) && favName(name) != owner) {
			continue
		}
		for _, id := range decodeFavourites(kv[k]) {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

func (s *templatesScreen) loadFavourites() error {
	kv, err := s.a.deps.Settings.AllSettings(s.a.ctx)
	if err != nil {
		s.a.deps.Log.Warn("favourite templates not read", "err", err)
		return err // the list read before stays
	}
	s.favs = favouritesOf(kv, s.a.favOwner(), s.a.ws.Agent)
	return nil
}

// carryFavourites stores the favourites of the name was under the name
// now, when a rename leaves the new name none: renamed with no crmd
// login, the agent would find their stars gone.
func (a *App) carryFavourites(was, now string) error {
	if favName(was) == favName(now) {
		return nil
	}
	kv, err := a.deps.Settings.AllSettings(a.ctx)
	if err != nil {
		return err
	}
	if _, ok := kv[favPrefix+favName(now)]; ok {
		return nil
	}
	favs := favouritesOf(kv, favName(was), was)
	if len(favs) == 0 {
		return nil
	}
	return a.deps.Settings.SetSetting(a.ctx, favPrefix+favName(now), encodeFavourites(favs))
}

// decodeFavourites reads the favourites setting (encodeFavourites).
func decodeFavourites(v string) []string {
	if strings.HasPrefix(v, "[") {
		var ids []string
		if json.Unmarshal([]byte(v), &ids) == nil {
			return ids
		}
	}
	var ids []string
	for _, id := range strings.Split(v, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// encodeFavourites is the favourites setting: the IDs a comma apart, as
// it has always been kept, unless an ID would not read back that way (a
// pack may name a template "closing.north,south"); then a JSON list,
// which loadFavourites tells apart by its bracket.
func encodeFavourites(ids []string) string {
	if !slices.ContainsFunc(ids, func(id string) bool {
		return strings.Contains(id, ",") || strings.HasPrefix(id, "[") || strings.TrimSpace(id) != id
	}) {
		return strings.Join(ids, ",")
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

func (s *templatesScreen) isFav(id string) bool { return slices.Contains(s.favs, id) }

func (s *templatesScreen) toggleFavourite(id string) error {
	// From what is saved, not from what this screen read when it was
	// built: the palette can star before the screen was ever shown, and
	// the agent's name (the setting's key) can have changed since.
	if err := s.loadFavourites(); err != nil {
		return err // never write a list made from one that was not read
	}
	favs := slices.Clone(s.favs)
	if i := slices.Index(favs, id); i >= 0 {
		favs = slices.Delete(favs, i, i+1)
	} else {
		favs = append(favs, id)
	}
	if err := s.a.deps.Settings.SetSetting(s.a.ctx, s.favKey(), encodeFavourites(favs)); err != nil {
		return err
	}
	s.favs = favs
	s.refreshHits()
	if s.pal != nil {
		s.pal.update(s.pal.search.Text)
	}
	return nil
}

// paletteLimit keeps the palette a short list: it is for the template the
// agent already has in mind.
const paletteLimit = 30
