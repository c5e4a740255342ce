// Package app is AgentDesk's Fyne interface: the main window with its
// navigation, and one struct per screen holding its widgets, its injected
// services and its onXxx handlers. It is the only package that imports
// Fyne widgets; everything it shows comes from the domain packages, and
// everything it says comes from locales.
package app

import (
	"context"
	"errors"
	"image/color"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/assets"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/training"
)

// Deps are the services the app is wired with (cmd/agentdesk does it; tests
// pass their own).
type Deps struct {
	Store    cases.Store
	Settings cases.BatchSettings
	// Playbook is the pack in force at start: the built-in one until crmd
	// has published another (the sync then swaps it).
	Playbook *playbook.Playbook
	// PlaybookBase is the folder of the pack a playbook folder of the
	// settings lays its templates over: the one crmd published last, else
	// the built-in pack (nil: always the built-in). It is asked each time
	// a folder is loaded, so a later publish reaches a desk that has one.
	PlaybookBase func() (fs.FS, string)
	SysLang      locales.Lang
	Now          func() time.Time
	Log          *slog.Logger
	// Version and Commit are shown in the About dialog.
	Version, Commit string
	// DataDir is shown in About so people know where their data is.
	DataDir string
	// ExportDir is where PDFs are written; OpenFile shows one in the
	// system viewer (tests record the path instead).
	ExportDir string
	OpenFile  func(path string) error
	// LoadTraining and TrainingStore serve the training mode; the store
	// is the training database, never the production one. The content is
	// loaded when training is first used, not before the window opens:
	// the call screen does not need it (make bench-app).
	LoadTraining  func() (*training.Content, error)
	TrainingStore training.Store
	// Training marks the training database: cases are flagged as training
	// and the store refuses to put them anywhere else.
	Training bool
	// Sync connects the desk to crmd (statusbar.go); nil works offline.
	Sync *SyncDeps
	// Team keeps the team's escalations for a supervisor's desk (the
	// production database); nil hides the team area.
	Team cases.TeamStore
	// Do hands what background work (sync, printing, the voice) found to
	// the UI thread: fyne.Do unless a test runs it on its own goroutine.
	Do func(func())
	// NotesPause is how long typing in the notes pauses before they are
	// saved; 700 ms unless set. Tests that save the notes themselves set
	// it long: the test driver runs the pause's save on the timer's own
	// goroutine, beside the test's.
	NotesPause time.Duration
	// OpenCase is the ID of a case to show on the call screen at start.
	// Given here rather than opened after New, the call screen is built
	// once, with the case, instead of a start form that is thrown away.
	OpenCase string
	// Window, when set, is the main window, opened by the caller before
	// the data was ready (cmd/agentdesk starts the window system and
	// loads the stores at the same time); New opens one otherwise.
	Window fyne.Window
}

// App is the main window and the screens in it.
type App struct {
	fy   fyne.App
	win  fyne.Window
	deps Deps
	ctx  context.Context

	ws cases.Workstation
	t  *locales.T
	pb *playbook.Playbook
	// pbFolderErr is why the playbook folder of the settings is not in
	// use (it did not load at the start or over a pack published since);
	// nil when it is, or there is none. Settings says so.
	pbFolderErr error
	// sess owns the call on screen and is the only writer of the desk's
	// cases (cases.Session).
	sess *cases.Session

	call *callScreen
	sync *syncBar
	// closeAnyway: the close button was pressed once over notes that could
	// not be saved; the next press leaves without them.
	closeAnyway bool
	// stopping is set once the window is closing: sync's last reports
	// are dropped instead of drawn.
	stopping bool

	trainPack       *training.Content // see trainingContent
	trainPackLoaded bool

	settleTmr *time.Timer // see settle

	tabs    *navBar         // the areas, down the leading edge
	content *fyne.Container // the selected area's box
	screens []screen
	visible []screen          // the screens the role may use, in tab order
	boxes   []*fyne.Container // each visible screen's tab content, empty until first shown
}

// screen is one area of the window. build makes its widgets with the current
// language; it is called again when the interface language changes, so a
// screen keeps its state in fields, not only in widgets.
type screen interface {
	key() string
	icon() fyne.Resource
	build() fyne.CanvasObject
}

// New builds the main window. It loads the workstation settings and the
// playbook they name; a broken custom playbook falls back to the default
// pack and says so on the settings screen.
func New(fy fyne.App, deps Deps) (*App, error) {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	useDeskTheme(fy) // in place already when OpenWindow made the window
	a := &App{fy: fy, deps: deps, ctx: context.Background(), pb: deps.Playbook}
	var resolver cases.ConflictResolver
	if deps.Sync != nil && deps.Sync.Outbox != nil {
		resolver = deps.Sync.Outbox
	}
	a.sess = cases.NewSession(deps.Store, deps.Now, resolver)
	ws, err := cases.LoadWorkstation(a.ctx, deps.Settings, deps.SysLang)
	if err != nil {
		return nil, err
	}
	a.ws = ws
	a.t = locales.New(ws.UILang)
	if ws.PlaybookDir != "" {
		if pb, err := a.loadFolder(ws.PlaybookDir); err == nil {
			a.pb = pb
		} else {
			a.pbFolderErr = err
			deps.Log.Warn("custom playbook not loaded; using the default pack", "dir", ws.PlaybookDir, "err", err)
		}
	}
	a.win = deps.Window
	if a.win == nil {
		a.win = OpenWindow(fy)
	}
	a.call = newCallScreen(a)
	a.sync = newSyncBar(a)
	a.sess.Subscribe(a.onCaseChange)
	a.screens = []screen{
		a.call,
		newTemplatesScreen(a),
		newCalcScreen(a),
		newCasesScreen(a),
		newReportsScreen(a),
		newTeamScreen(a),
		newTrainingScreen(a),
		newSettingsScreen(a),
	}
	for _, b := range a.call.shortcuts() {
		fn := b.fn
		a.win.Canvas().AddShortcut(b.sc, func(fyne.Shortcut) { fn() })
	}
	a.win.SetCloseIntercept(a.onCloseRequest)
	if deps.OpenCase != "" {
		if c, err := deps.Store.GetCase(a.ctx, deps.OpenCase); err == nil {
			_ = a.sess.Open(c) // nothing on screen yet to save; drawn when the screen is built, just below
		} else {
			deps.Log.Warn("could not open the case asked for at start", "id", deps.OpenCase, "err", err)
		}
	}
	if ws.Configured() {
		a.render()
	} else {
		a.showWelcome()
	}
	a.sync.start()
	return a, nil
}

// trainingContent is the training pack, loaded on first use; nil when
// there is none or it failed to load (logged once), which disables
// training rather than the app.
func (a *App) trainingContent() *training.Content {
	if !a.trainPackLoaded && a.deps.LoadTraining != nil {
		a.trainPackLoaded = true
		tc, err := a.deps.LoadTraining()
		if err != nil {
			a.deps.Log.Error("training content not loaded", "err", err)
		}
		a.trainPack = tc
	}
	return a.trainPack
}

// Window is the main window.
func (a *App) Window() fyne.Window { return a.win }

// T is the interface translator.
func (a *App) T() *locales.T { return a.t }

// render (re)builds the navigation in the interface language, keeping the
// selected area. Only that area's screen is built now; the others are
// built the first time they are shown, so the window opens with one
// screen's widgets rather than all of them (make bench-app: the call
// screen alone is most of the start-up work).
func (a *App) render() {
	// The screen on show stays on show, by what it is: a change of role
	// adds or removes areas before it.
	shownKey := a.shownKey()
	a.visible = a.visible[:0]
	sel := 0
	for _, s := range a.screens {
		if a.allowed(s.key()) {
			if s.key() == shownKey {
				sel = len(a.visible)
			}
			a.visible = append(a.visible, s)
		}
	}
	items := make([]navItem, len(a.visible))
	a.boxes = make([]*fyne.Container, len(a.visible))
	for i, s := range a.visible {
		a.boxes[i] = container.NewStack()
		items[i] = navItem{label: a.t.S("nav." + s.key()), icon: s.icon()}
	}
	if sel < 0 || sel >= len(items) {
		sel = 0
	}
	// The selected screen is built before the window lays it out, once.
	a.ensureBuilt(sel)
	a.content = container.NewStack(a.boxes[sel])
	a.tabs = newNavBar(items, sel)
	a.tabs.OnSelected = func(i int) {
		a.ensureBuilt(i)
		a.content.Objects = []fyne.CanvasObject{a.boxes[i]}
		a.content.Refresh()
		a.shown(i)
	}
	a.win.SetTitle(a.t.S("app.name"))
	// The column is not in a scroll, which cost 40 ms before the first
	// frame (make bench-app A/B); its seven areas need ~580 px, and the
	// window ~620 (TestNavigationLayout keeps that under 640).
	a.win.SetContent(container.NewBorder(nil, a.sync.view(), a.tabs, nil, a.content))
	a.shown(sel)
}

// shownKey is the key of the screen in view ("" before the first).
func (a *App) shownKey() string {
	if a.tabs != nil {
		if i := a.tabs.SelectedIndex(); i >= 0 && i < len(a.visible) {
			return a.visible[i].key()
		}
	}
	return ""
}

// shown tells screen i it is now the one in view (the cases list reloads,
// the calculators recompute).
func (a *App) shown(i int) {
	defer a.settle()
	if sh, ok := a.visible[i].(interface{ onShow() }); ok {
		sh.onShow()
	}
}

// settle gives the memory a burst of drawing left behind back to the
// system once the window has been quiet for a second. Building a screen
// or redrawing the call view allocates megabytes that are garbage as soon
// as the frame is drawn; Go would keep that memory for later, but an app
// that sits beside the agent all shift should hold what it uses, not its
// peak: 8 MB less after a demo call and a tour of the screens (make
// bench-app). The collection runs on the timer's goroutine, off the
// window's.
func (a *App) settle() {
	if a.settleTmr == nil {
		a.settleTmr = time.AfterFunc(time.Second, debug.FreeOSMemory)
		return
	}
	a.settleTmr.Reset(time.Second)
}

// ensureBuilt builds the screen of tab i if it has not been built in the
// current language.
func (a *App) ensureBuilt(i int) {
	if i < 0 || i >= len(a.boxes) || len(a.boxes[i].Objects) > 0 {
		return
	}
	a.boxes[i].Objects = []fyne.CanvasObject{a.visible[i].build()}
	a.boxes[i].Refresh()
}

// allowed says whether the workstation's role may use an area. A trainee
// works only in training (and the reference screens): the live call,
// the cases and the reports are production data.
func (a *App) allowed(key string) bool {
	if a.role() == cases.RoleTrainee {
		switch key {
		case "call", "cases", "reports", "team":
			return false
		}
	}
	if key == "team" {
		// The team's escalations are the back office's work.
		return a.role() == cases.RoleSupervisor && a.deps.Team != nil
	}
	return true
}

// role is what this desk may do: the role chosen in Settings, held down to
// the one crmd gives the user logged in. crmd decides by its own role in
// any case; a desk claiming more would show an agent approvals and areas
// crmd does not grant (an adjustment "approved" on the screen, pending on
// crmd).
func (a *App) role() cases.Role {
	r := a.ws.Role
	if a.sync == nil {
		return r
	}
	// After crmd ended the session, what is done meanwhile goes out under
	// the same user when they log in again: held to that user's role, or
	// an amount shown approved here waits on crmd for a decision.
	crmd := a.sync.st.Role
	switch {
	case a.sync.st.LoggedIn:
	case a.sync.st.SessionEnded && a.sync.st.EndedRole != "":
		crmd = a.sync.st.EndedRole
	default:
		return r
	}
	// An admin outranks a supervisor: logged in at a supervisor's desk,
	// they work the team queue, approving up to their own limit
	// (deciderRole).
	rank := map[cases.Role]int{cases.RoleTrainee: 0, cases.RoleAgent: 1, cases.RoleSupervisor: 2, cases.RoleAdmin: 3}
	if cr, ok := rank[crmd]; ok && cr < rank[r] {
		return crmd
	}
	return r
}

// actor is who acts at this desk: the workstation's name for the history,
// and the crmd user logged in, under whom sync sends the action; after
// crmd ended the session, still its user (the same person logs in again).
func (a *App) actor() desksync.Actor {
	by := desksync.Actor{Name: a.ws.Agent}
	if a.sync == nil {
		return by
	}
	switch st := a.sync.st; {
	case st.LoggedIn:
		by.User = st.User
	case st.SessionEnded:
		by.User = st.EndedUser
	}
	return by
}

// teamScreen is the team area's screen, when the role has it.
func (a *App) teamScreen() *teamScreen {
	for _, s := range a.screens {
		if ts, ok := s.(*teamScreen); ok {
			return ts
		}
	}
	return nil
}

// show selects an area by key.
func (a *App) show(key string) {
	for i, s := range a.visible {
		if s.key() == key {
			a.tabs.SelectIndex(i)
			return
		}
	}
}

// setUILang switches the interface language in the open window.
func (a *App) setUILang(l locales.Lang) {
	if l == a.t.Lang {
		return
	}
	a.t = locales.New(l)
	a.render()
}

const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

func (a *App) saveSize() {
	s := a.win.Canvas().Size()
	if s.Width < 100 || s.Height < 100 {
		return
	}
	p := a.fy.Preferences()
	p.SetFloat(prefWidth, float64(s.Width))
	p.SetFloat(prefHeight, float64(s.Height))
}

// errorText is what a person reads for an error: translated by its code;
// the detail goes to the log.
func (a *App) errorText(err error) string {
	code := cases.ErrorCode(err)
	a.deps.Log.Error("operation failed", "code", code, "err", err)
	return a.t.S("error." + code)
}

// openFile opens a file the app wrote in the system's viewer.
func (a *App) openFile(path string) {
	open := a.deps.OpenFile
	if open == nil {
		open = func(p string) error {
			u, err := url.Parse(storage.NewFileURI(p).String())
			if err != nil {
				return err
			}
			return a.fy.OpenURL(u)
		}
	}
	if err := open(path); err != nil {
		a.deps.Log.Warn("could not open the exported file", "path", path, "err", err)
	}
}

// OpenCaseByID shows a stored case on the call screen. errNotOpened: the
// call on screen stayed, its notes not saved (the screen has said why).
func (a *App) OpenCaseByID(id string) error {
	c, err := a.deps.Store.GetCase(a.ctx, id)
	if err != nil {
		return err
	}
	if !a.openCase(c) {
		return errNotOpened
	}
	return nil
}

// errNotOpened is a case not opened because the call on screen could not
// be left; the call screen has already said why.
var errNotOpened = errors.New("app: the call on screen stays")

// openCase continues a case on the call screen; the call on screen stays
// when its notes cannot be saved (the screen says why), and it reports
// false.
func (a *App) openCase(c *cases.Case) bool {
	// A case already on the call screen is only shown: the session's copy
	// is the newer one (a change whose save failed is only there), and
	// what the agent was typing on it stays.
	if cur := a.sess.Case(); (cur == nil || cur.ID != c.ID) && !a.call.open(c) {
		return false
	}
	// A notice about the case is read once the case is open, however it
	// was opened (its notice, the cases screen).
	a.call.dismiss(c.ID)
	a.show("call")
	return true
}

// currentCase is a case as it stands on this desk now: the one on the call
// screen when it is that one, else the store's.
func (a *App) currentCase(id string) (*cases.Case, error) {
	if c := a.sess.Case(); c != nil && c.ID == id {
		return c, nil
	}
	return a.deps.Store.GetCase(a.ctx, id)
}

// defaultCurrency is the currency of amounts outside a case.
func (a *App) defaultCurrency() string {
	return cases.DefaultCurrency(a.pb.Meta.Currency, a.ws.Currency)
}

// caseCurrency is the currency of a case's amounts (nil: no case).
func (a *App) caseCurrency(c *cases.Case) string { return c.Currency(a.defaultCurrency()) }

// saveWorkstation stores the settings changed from those in force and
// tells those who follow them; the others stay as stored, agentctl config
// set may have changed them while the app runs.
func (a *App) saveWorkstation(ws cases.Workstation) error {
	return a.saveWorkstationOver(ws, a.ws)
}

// saveWorkstationOver stores the settings of ws that differ from was.
func (a *App) saveWorkstationOver(ws, was cases.Workstation) error {
	if err := ws.SaveOver(a.ctx, a.deps.Settings, was); err != nil {
		return err
	}
	newCallLang := ws.CallLang != a.ws.CallLang
	newAgent := ws.Agent != a.ws.Agent
	a.ws = ws
	if newAgent && a.call != nil {
		a.call.clearNotices()
	}
	if newCallLang {
		// A new default is the language the next call and the next drill
		// start in, over a pick the forms still hold from before.
		if a.call != nil {
			a.call.startLang, a.call.startLangPicked = ws.CallLang, false
			if a.call.root != nil && a.call.cur() == nil {
				a.call.refresh() // the start form shows it
			}
		}
		if ts := a.trainingScreen(); ts != nil && ts.sess == nil {
			ts.lang = ws.CallLang // a drill under way keeps its language
		}
	}
	a.sync.workstationChanged(ws)
	return nil
}

// do runs f on the UI thread (Deps.Do).
func (a *App) do(f func()) {
	if a.deps.Do != nil {
		a.deps.Do(f)
		return
	}
	fyne.Do(f)
}

// onCaseChange follows every change of the session: a save goes to sync
// at once, and the call screen redraws the open case.
func (a *App) onCaseChange(ch cases.Change) {
	if ch.Saved {
		a.sync.saved()
	}
	a.call.onSessionChange(ch)
}

// applyEscalations records what the back office did on the desk's cases
// (state, comments, decisions, each move in the timeline) through the
// session, so the case, its events and its outbox row are one transaction
// and the call screen shows it at once; the agent gets a notice for each
// case that changed.
func (a *App) applyEscalations(list []crm.EscalationStatus) {
	for _, st := range list {
		var evs []cases.Event
		var customer string
		err := a.sess.Apply(a.ctx, st.CaseID, func(c *cases.Case) ([]cases.Event, error) {
			evs, customer = c.ApplyBackOffice(st.BackOffice()), c.Customer.Name
			return evs, nil
		})
		if cases.ErrorCode(err) == cases.ENotFound {
			continue // escalated from another desk
		}
		if err != nil {
			a.deps.Log.Warn("back-office status not applied", "case", st.CaseID, "err", err)
			if a.sync.s != nil {
				a.sync.s.Undelivered([]crm.EscalationStatus{st})
			}
			continue
		}
		n := caseNotice{caseID: st.CaseID, ticket: st.Ticket, customer: customer, status: st.Status}
		news := false
		for _, e := range evs {
			switch e.Kind {
			case cases.EventDecision:
				n.decisions = append(n.decisions, e)
				news = true
			case cases.EventEscalationStatus:
				news = news || e.Actor != ""
				if _, comment, ok := strings.Cut(e.Detail, " — "); ok {
					n.comment = comment
				}
			}
		}
		if news && st.Agent == a.ws.Agent {
			a.call.notify(n)
		}
		// The case may be the one the cases screen shows: it reads the
		// store again, as when it is shown.
		if cs := a.casesScreen(); cs != nil && cs.selected != nil && cs.selected.ID == st.CaseID {
			cs.onShow()
		}
	}
}

// casesScreen is the cases area's screen, once built.
func (a *App) casesScreen() *casesScreen {
	for _, s := range a.screens {
		if cs, ok := s.(*casesScreen); ok && cs.list != nil {
			return cs
		}
	}
	return nil
}

// usePublishedPlaybook makes the CRM's pack the base the app runs on. A
// playbook folder chosen in Settings still wins: a whole pack of its own
// stands alone, and a folder of templates (the template editor's) is laid
// over the new pack. The screens are rebuilt unless a call is on screen:
// they pick the pack up after it.
func (a *App) usePublishedPlaybook(pb *playbook.Playbook, changed bool) {
	a.deps.Playbook = pb
	if !changed {
		a.sync.refresh()
		return
	}
	if dir := a.ws.PlaybookDir; dir != "" {
		// A folder that does not load over the new pack is passed over,
		// and the pack used as published: as at a start, and as agentctl
		// reads this desk (desksync.DeskPlaybook).
		over, err := a.loadFolder(dir)
		a.pbFolderErr = err
		if err == nil {
			pb = over
		} else {
			a.deps.Log.Warn("the playbook folder does not load over the published pack; using the pack as published", "dir", dir, "err", err)
		}
	}
	a.pb = pb
	a.deps.Log.Info("using the playbook published on the CRM")
	if a.sess.Case() == nil && a.tabs != nil {
		a.render()
		return
	}
	a.sync.refresh()
}

// loadFolder loads a playbook folder of the settings over the pack in
// force (Deps.PlaybookBase).
func (a *App) loadFolder(dir string) (*playbook.Playbook, error) {
	base, baseDir := a.playbookBase()
	return playbook.LoadWithOverlay(base, baseDir, os.DirFS(dir), dir)
}

// checkFolder loads a folder being chosen in the settings: a template in
// it that names what the pack lacks is refused with its other problems
// (playbook.CheckOverlay), where loadFolder would set it aside.
func (a *App) checkFolder(dir string) (*playbook.Playbook, error) {
	base, baseDir := a.playbookBase()
	return playbook.CheckOverlay(base, baseDir, os.DirFS(dir), dir)
}

func (a *App) playbookBase() (fs.FS, string) {
	if a.deps.PlaybookBase != nil {
		return a.deps.PlaybookBase()
	}
	return assets.Playbook(), assets.PlaybookDir
}

// canvasBox is the soft background of a card.
func canvasBox() fyne.CanvasObject {
	r := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	r.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	return r
}

// fixedWidth gives a column a readable width (forms and prose do not
// stretch across a wide screen) while its height follows the content.
func fixedWidth(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	strut := canvas.NewRectangle(color.Transparent) // not nil: a software painter paints it
	strut.SetMinSize(fyne.NewSize(w, 0))
	return container.NewStack(strut, o)
}

// wrapped is a label whose lines wrap: in a pane narrower than its text
// it grows down, not past the pane's right edge.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// heading is a bold section title.
func heading(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return l
}

// subheading is a screen's or a record's title: bold, a size up, the same
// on every screen.
func subheading(s string) *widget.Label {
	l := heading(s)
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// onCloseRequest is the window's close button. Notes typed on the call
// that cannot be saved (a full disk) would go with the window: the first
// close keeps it open and says so, the notes still on the call to copy;
// a second close leaves without them, so nobody is kept in.
func (a *App) onCloseRequest() {
	if err := a.call.flushNotes(); err != nil && !a.closeAnyway {
		a.closeAnyway = true
		a.inform(a.t.S("app.close.unsaved.title"), a.call.errorMessage(err)+"\n\n"+a.t.S("app.close.unsaved.body"))
		return
	}
	a.shutdown()
	a.win.Close()
}

// Quit closes the window as the close button does, remembering its size.
func (a *App) Quit() {
	a.shutdown()
	a.fy.Quit()
}

// shutdown is what closing the window does before it goes: the size is
// remembered, typed notes are saved, a training call under way is kept,
// sync stops.
func (a *App) shutdown() {
	a.saveSize()
	if err := a.call.flushNotes(); err != nil {
		// Closed all the same (a second close, a signal): the log says
		// the last notes were lost, never what they said.
		a.deps.Log.Error("notes typed on the call not saved at close", "err", err)
	}
	if ts := a.trainingScreen(); ts != nil {
		ts.onWindowClose()
	}
	a.stopping = true
	a.sync.stop()
}
