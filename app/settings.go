package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// settingsScreen edits the workstation settings.
type settingsScreen struct {
	a *App
	// body is the screen's column, laid out again when a message changes
	// height (a list of problems over the lines under it otherwise).
	body *fyne.Container
	// root holds the page; builtWS and builtPB are what it was drawn
	// from, so that onShow draws it again after another screen saved a
	// setting (the template editor stores the folder it made) or changed
	// the pack: a field drawn before would save its old value back.
	root    *fyne.Container
	builtWS cases.Workstation
	builtPB *playbook.Playbook

	// widgets, rebuilt with the interface language
	agent, company, retention, playbookDir, crmURL *widget.Entry
	role, uiLang, callLang, paper                  *widget.Select
	status                                         *widget.Label
	save                                           *widget.Button
	// drafts are the fields edited and not saved: the screen is drawn
	// again when a playbook arrives from crmd, and they keep their text.
	drafts drafts
}

func newSettingsScreen(a *App) *settingsScreen { return &settingsScreen{a: a} }

func (s *settingsScreen) key() string         { return "settings" }
func (s *settingsScreen) icon() fyne.Resource { return theme.SettingsIcon() }

// langNames shows each language in itself, as language pickers do, so a
// person who cannot read the current interface still finds theirs.
var langNames = cases.LangNames

func langOptions() []string { return []string{langNames[locales.ES], langNames[locales.EN]} }

func langFromName(n string) locales.Lang {
	if n == langNames[locales.EN] {
		return locales.EN
	}
	return locales.ES
}

func (s *settingsScreen) build() fyne.CanvasObject {
	s.root = container.NewStack(s.page())
	return s.root
}

// onShow draws the page again when what is saved or the pack in force
// changed since it was drawn; fields edited and not saved keep their
// drafts, unless the same setting was saved meanwhile.
func (s *settingsScreen) onShow() {
	if s.root == nil || (s.builtWS == s.a.ws && s.builtPB == s.a.pb) {
		return
	}
	s.root.Objects = []fyne.CanvasObject{s.page()}
	s.root.Refresh()
}

// page makes the screen's widgets from the saved settings and the drafts.
func (s *settingsScreen) page() fyne.CanvasObject {
	t := s.a.t
	s.builtWS, s.builtPB = s.a.ws, s.a.pb
	// A field edited and not saved shows its draft, unless what is saved
	// changed meanwhile (from another screen): then the saved value. An
	// edit is made on top of what is saved when it is made, which a save
	// on this screen may have changed since the fields were built.
	kept := func(key string, saved func(cases.Workstation) string) string {
		if v, ok := s.drafts.get("settings", key, saved(s.a.ws)); ok {
			return v
		}
		return saved(s.a.ws)
	}
	edit := func(key string, saved func(cases.Workstation) string) func(string) {
		return func(v string) { s.drafts.keep("settings", key, saved(s.a.ws), v) }
	}
	entry := func(key string, saved func(cases.Workstation) string, placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(kept(key, saved))
		e.SetPlaceHolder(placeholder)
		e.OnChanged = edit(key, saved)
		e.OnSubmitted = func(string) { s.onSave() } // the form is done from the keyboard
		return e
	}
	s.agent = entry("agent", func(w cases.Workstation) string { return w.Agent }, t.S("settings.agent.placeholder"))
	s.company = entry("company", func(w cases.Workstation) string { return w.Company }, t.S("settings.company.placeholder"))
	s.retention = entry("retention", func(w cases.Workstation) string { return w.RetentionPhone }, t.S("settings.retention.placeholder"))

	roles := make([]string, len(cases.WorkstationRoles))
	for i, r := range cases.WorkstationRoles {
		roles[i] = t.S("role." + string(r))
	}
	role := func(w cases.Workstation) string { return string(w.Role) }
	s.role = widget.NewSelect(roles, nil)
	if i := slices.Index(cases.WorkstationRoles, cases.Role(kept("role", role))); i >= 0 {
		s.role.SetSelectedIndex(i)
	}
	s.role.OnChanged = func(string) {
		if i := s.role.SelectedIndex(); i >= 0 {
			edit("role", role)(string(cases.WorkstationRoles[i]))
		}
	}
	language := func(key string, saved func(cases.Workstation) string) *widget.Select {
		sel := widget.NewSelect(langOptions(), nil)
		sel.SetSelected(langNames[locales.Lang(kept(key, saved))])
		sel.OnChanged = func(v string) { edit(key, saved)(string(langFromName(v))) }
		return sel
	}
	s.uiLang = language("ui_lang", func(w cases.Workstation) string { return string(w.UILang) })
	s.callLang = language("call_lang", func(w cases.Workstation) string { return string(w.CallLang) })
	paper := func(w cases.Workstation) string { return w.Paper }
	s.paper = widget.NewSelect([]string{"A4", "Letter"}, nil)
	s.paper.SetSelected(kept("paper", paper))
	s.paper.OnChanged = edit("paper", paper)

	s.playbookDir = entry("playbook_dir", func(w cases.Workstation) string { return w.PlaybookDir }, t.S("settings.playbook.placeholder"))
	browse := widget.NewButtonWithIcon("", theme.FolderOpenIcon(), s.onBrowse)
	s.crmURL = entry("crm_url", func(w cases.Workstation) string { return w.CRMURL }, "https://crm.example.internal:8443")

	hinted := func(item *widget.FormItem, hint string) *widget.FormItem {
		item.HintText = t.S(hint)
		return item
	}
	form := widget.NewForm(
		widget.NewFormItem(t.S("settings.agent.label"), s.agent),
		widget.NewFormItem(t.S("settings.role"), s.role),
		widget.NewFormItem(t.S("settings.company.label"), s.company),
		widget.NewFormItem(t.S("settings.retention.label"), s.retention),
		widget.NewFormItem(t.S("settings.ui_lang"), s.uiLang),
		hinted(widget.NewFormItem(t.S("settings.call_lang.label"), s.callLang), "settings.call_lang.hint"),
		hinted(widget.NewFormItem(t.S("settings.playbook.label"), container.NewBorder(nil, nil, nil, browse, s.playbookDir)), "settings.playbook.hint"),
		hinted(widget.NewFormItem(t.S("settings.crm_url.label"), s.crmURL), "settings.crm_url.hint"),
		widget.NewFormItem(t.S("settings.paper"), s.paper),
	)

	s.save = widget.NewButtonWithIcon(t.S("settings.save"), theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord

	pbInfo := widget.NewLabel(t.D("settings.playbook.loaded", map[string]any{
		"Name": s.a.pb.Say(t.Lang, s.a.pb.Meta.Name), "Version": s.a.pb.Meta.Version,
		"CallTypes": len(s.a.pb.CallTypes), "Templates": len(s.a.pb.Templates),
	}))
	pbInfo.Importance = widget.LowImportance
	pbInfo.Wrapping = fyne.TextWrapWord

	about := widget.NewButtonWithIcon(t.S("about.button"), theme.InfoIcon(), s.onAbout)
	about.Importance = widget.LowImportance
	body := container.NewVBox(
		subheading(t.S("settings.title")),
		widget.NewLabel(t.S("settings.intro")),
		form,
		container.NewHBox(s.save),
		s.status,
		widget.NewSeparator(),
		pbInfo,
	)
	if err := s.a.pbFolderErr; err != nil && s.a.ws.PlaybookDir != "" {
		notice := widget.NewLabel(t.D("settings.playbook.not_in_use", map[string]any{"Dir": s.a.ws.PlaybookDir}) + "\n" + s.a.folderIssue(s.a.ws.PlaybookDir, err))
		notice.Importance = widget.WarningImportance
		notice.Wrapping = fyne.TextWrapWord
		body.Add(notice)
	}
	body.Add(container.NewHBox(about))
	s.body = body
	return container.NewPadded(container.NewVScroll(container.NewCenter(fixedWidth(620, body))))
}

func (s *settingsScreen) onBrowse() {
	dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		s.playbookDir.SetText(u.Path())
	}, s.a.win)
}

// invalidSettingsText says what Workstation.Validate refused, a line a
// field, with the bound of a text too long.
func invalidSettingsText(t *locales.T, errs []*cases.Error) string {
	bounds := map[string]int{cases.FieldAgentText: cases.MaxAgentName, "company": cases.MaxCompany, "retention": cases.MaxRetentionPhone}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = t.D("settings.invalid."+e.Field, map[string]any{"Max": bounds[e.Field]})
	}
	return strings.Join(msgs, "\n")
}

// values reads the form into a Workstation.
func (s *settingsScreen) values() cases.Workstation {
	ws := s.a.ws
	ws.Agent = strings.TrimSpace(s.agent.Text)
	ws.Company = strings.TrimSpace(s.company.Text)
	ws.RetentionPhone = strings.TrimSpace(s.retention.Text)
	if i := s.role.SelectedIndex(); i >= 0 {
		ws.Role = cases.WorkstationRoles[i]
	}
	ws.UILang = langFromName(s.uiLang.Selected)
	ws.CallLang = langFromName(s.callLang.Selected)
	ws.PlaybookDir = strings.TrimSpace(s.playbookDir.Text)
	if ws.PlaybookDir != "" && ws.PlaybookDir != s.a.ws.PlaybookDir {
		// A folder typed relative to where the app runs now is stored as
		// the folder it names: the next start may run from another one.
		if abs, err := filepath.Abs(ws.PlaybookDir); err == nil {
			ws.PlaybookDir = abs
		}
	}
	ws.CRMURL = strings.TrimSpace(s.crmURL.Text)
	ws.Paper = s.paper.Selected
	return ws
}

func (s *settingsScreen) onSave() {
	t := s.a.t
	// What the form changed, over the settings as stored now: agentctl
	// config set may have written others since the form was drawn, and
	// the app goes on with those, not with what it read before.
	stored, err := cases.LoadWorkstation(s.a.ctx, s.a.deps.Settings, s.a.deps.SysLang)
	if err != nil {
		s.setStatus(s.a.errorText(err), true)
		return
	}
	ws := changedOver(s.values(), s.a.ws, stored)
	if errs := ws.Validate(); len(errs) > 0 {
		s.setStatus(invalidSettingsText(t, errs), true)
		return
	}
	pb := s.a.deps.Playbook
	var folderErr error
	switch {
	case ws.PlaybookDir == "":
	case ws.PlaybookDir != s.a.ws.PlaybookDir:
		// Chosen now: its author hears of every mistake in it, and
		// nothing is saved until it loads.
		if msg := s.a.notAFolder(ws.PlaybookDir); msg != "" {
			s.setStatus(msg, true)
			return
		}
		loaded, err := s.a.checkFolder(ws.PlaybookDir)
		if err != nil {
			s.showPlaybookIssues(err)
			return
		}
		pb = loaded
	default:
		// The folder of the settings keeps working as it loads. One that
		// does not load now (a share not mounted, a file edited by hand)
		// is passed over, as at a start, and said under the form: it is
		// no reason to refuse a new name, language or CRM address.
		if loaded, err := s.a.loadFolder(ws.PlaybookDir); err != nil {
			folderErr = err
		} else {
			pb = loaded
		}
	}
	if ws.Role == cases.RoleTrainee && s.a.ws.Role != cases.RoleTrainee && s.a.sess.Case() != nil {
		// A trainee's desk shows no live call: the one on screen ends first.
		s.setStatus(t.S("settings.invalid.trainee_during_call"), true)
		return
	}
	prevRole, prevAgent := s.a.ws.Role, s.a.ws.Agent
	// Through the app, so that sync follows a new CRM address or agent
	// name at once, not at the next start.
	if err := s.a.saveWorkstation(ws); err != nil {
		s.setStatus(s.a.errorText(err), true)
		return
	}
	if err := s.a.carryFavourites(prevAgent, ws.Agent); err != nil {
		s.a.deps.Log.Warn("favourite templates not carried to the new name", "err", err)
	}
	// Saved, nothing is a draft any more.
	s.a.pb, s.a.pbFolderErr = pb, folderErr
	s.drafts = drafts{}
	switch {
	case ws.UILang != t.Lang:
		s.a.setUILang(ws.UILang) // rebuilds this screen in the new language
	case ws.Role != prevRole:
		s.a.render() // the areas a role sees: a trainee's desk has no live call, a supervisor's a team
	default:
		s.onShow() // the fields as saved, and the pack now in use
		// The call on screen's scripts name the company and the agent,
		// and its suggestions come from the pack: drawn again with what
		// was saved, or they would be read out and copied as they were.
		if c := s.a.call; c != nil && c.root != nil {
			c.refresh()
		}
	}
	s.setStatus(s.a.t.S("settings.saved"), false)
}

// changedOver is stored with the fields of form that differ from was,
// the workstation the form was drawn from.
func changedOver(form, was, stored cases.Workstation) cases.Workstation {
	ws := stored
	set := func(dst *string, now, before string) {
		if now != before {
			*dst = now
		}
	}
	set(&ws.Agent, form.Agent, was.Agent)
	set(&ws.Company, form.Company, was.Company)
	set(&ws.RetentionPhone, form.RetentionPhone, was.RetentionPhone)
	set(&ws.PlaybookDir, form.PlaybookDir, was.PlaybookDir)
	set(&ws.CRMURL, form.CRMURL, was.CRMURL)
	set(&ws.Paper, form.Paper, was.Paper)
	if form.Role != was.Role {
		ws.Role = form.Role
	}
	if form.UILang != was.UILang {
		ws.UILang = form.UILang
	}
	if form.CallLang != was.CallLang {
		ws.CallLang = form.CallLang
	}
	return ws
}

func (s *settingsScreen) setStatus(msg string, isErr bool) {
	s.status.SetText(msg)
	if isErr {
		s.status.Importance = widget.DangerImportance
	} else {
		s.status.Importance = widget.SuccessImportance
	}
	s.status.Refresh()
	if s.body != nil {
		s.body.Refresh()
	}
}

// showPlaybookIssues lists a custom pack's problems, translated, with their
// file:line, so the author can fix them all at once.
func (s *settingsScreen) showPlaybookIssues(err error) {
	t := s.a.t
	var ve *playbook.ValidationError
	if !errors.As(err, &ve) {
		s.setStatus(s.a.issueText(err), true)
		return
	}
	s.setStatus(t.N("settings.playbook.invalid", len(ve.Issues), nil)+"\n"+s.a.issueText(err), true)
}

// issueText is what is wrong with a playbook folder: each issue of the
// pack with its file:line, translated, or why the folder could not be read.
func (a *App) issueText(err error) string {
	t := a.t
	var ve *playbook.ValidationError
	if !errors.As(err, &ve) {
		return t.D("settings.playbook.unreadable", map[string]any{"Detail": err.Error()})
	}
	lines := make([]string, 0, len(ve.Issues))
	for _, is := range ve.Issues {
		lines = append(lines, playbook.IssueLine(t, is))
	}
	return strings.Join(lines, "\n")
}

// notAFolder says why dir is no folder to load, in the screen's language
// and naming it: it does not exist, or it is a file; "" when it is a
// folder. Loaded, either read as a folder with no .toml files in it.
func (a *App) notAFolder(dir string) string {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return a.t.D("settings.playbook.missing", map[string]any{"Dir": dir})
	case err == nil && !fi.IsDir():
		return a.t.D("settings.playbook.not_folder", map[string]any{"Dir": dir})
	}
	return ""
}

// folderIssue is why the folder dir in the settings did not load (err),
// as Settings and the templates screen say it.
func (a *App) folderIssue(dir string, err error) string {
	if msg := a.notAFolder(dir); msg != "" {
		return msg
	}
	return a.issueText(err)
}

// onAbout shows the version, the commit it was built from and where the
// data lives: what support asks first.
func (s *settingsScreen) onAbout() {
	t, d := s.a.t, s.a.deps
	version, commit := d.Version, d.Commit
	if version == "" {
		version = "dev"
	}
	if commit == "" {
		commit = "unknown"
	}
	msg := t.D("about.text", map[string]any{"Version": version, "Commit": commit, "DataDir": d.DataDir})
	s.a.inform(t.S("about.title"), msg)
}
