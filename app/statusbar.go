package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// SyncDeps wire the app to crmd. Without them, or without a crm.url
// setting, the app works offline and the status bar says so.
type SyncDeps struct {
	// Connect returns a client for the CRM at url that keeps its session
	// in the user's data folder (crm.NewClient does, mode 0600).
	Connect func(url string) (*crm.Client, error)
	// Outbox is the production database: the worker drains it, the
	// status bar counts it, conflicts are resolved in it.
	Outbox SyncOutbox
	// DataDir is where the last good playbook published on crmd is kept,
	// so the app starts with it offline.
	DataDir string
	// Pull asks crmd for the back office's statuses (15 s); Slow pulls
	// the playbook and uploads training attempts (5 min).
	Pull, Slow time.Duration
	// Tune adjusts each new worker; tests shorten its delays.
	Tune func(*desksync.Worker)
	// Do hands work to the UI thread: fyne.Do unless a test runs it on
	// its own goroutine.
	Do func(func())
}

// SyncOutbox is what sync needs of the production database (sqlite.DB).
type SyncOutbox interface {
	desksync.Outbox
	cases.ConflictResolver
}

// backlogBar is the backlog from which the status bar shows a progress
// bar while it drains: below it, items go out in seconds.
const backlogBar = 20

// syncBar is the status bar: where the desk stands with crmd, and the
// login, conflicts and set-aside dialogs it opens. The sync itself runs in
// desksync; everything here runs on the UI thread.
type syncBar struct {
	a    *App
	deps *SyncDeps
	do   func(func())
	s    *desksync.Syncer // nil without SyncDeps

	st            desksync.Status
	conflictsOpen bool
	// toldNotRecorded holds the logins told that their training attempts
	// are not recorded on crmd (tellNotRecorded).
	toldNotRecorded map[string]bool

	// widgets, rebuilt with the interface language
	box                           *fyne.Container
	row                           *fyne.Container // the messages, left
	state, waiting, last, pbLabel *widget.Label
	failing                       *widget.Label // crmd fails the saves waiting
	asideB, conflictsB, in, out   *widget.Button
	progress                      *widget.ProgressBar
}

func newSyncBar(a *App) *syncBar {
	b := &syncBar{a: a, deps: a.deps.Sync, do: a.do}
	if b.deps == nil {
		return b
	}
	if b.deps.Do != nil {
		b.do = b.deps.Do
	}
	var attempts desksync.Attempts
	if ts, ok := a.deps.TrainingStore.(desksync.Attempts); ok {
		attempts = ts
	}
	b.s = desksync.New(desksync.Config{
		Connect: b.deps.Connect, Outbox: b.deps.Outbox, Customers: a.deps.Store, Attempts: attempts, Settings: a.deps.Settings,
		DataDir: b.deps.DataDir, Log: a.deps.Log, Pull: b.deps.Pull, Slow: b.deps.Slow, Tune: b.deps.Tune,
		OnChange:   func() { b.post(b.refresh) },
		OnConflict: func() { b.post(b.onConflict) },
		OnEscalations: func(list []crm.EscalationStatus) {
			b.post(func() { a.applyEscalations(list) })
		},
		OnPlaybook: func(pb *playbook.Playbook, version int, changed bool) {
			b.post(func() { a.usePublishedPlaybook(pb, changed) })
		},
		Team: a.deps.Team,
		OnTeam: func() {
			b.post(func() {
				if ts := a.teamScreen(); ts != nil {
					ts.teamChanged()
				}
			})
		},
	})
	return b
}

// post runs fn on the UI thread unless sync has stopped meanwhile.
func (b *syncBar) post(fn func()) {
	b.do(func() {
		if !b.stopped() {
			fn()
		}
	})
}

func (b *syncBar) stopped() bool { return b.a.stopping }

func (b *syncBar) start() {
	if b.s == nil {
		return
	}
	b.s.SetLang(string(b.a.t.Lang)) // first, so the first requests carry it
	b.s.Start(b.a.ws.CRMURL, b.a.ws.Agent)
	b.refresh()
}

func (b *syncBar) stop() {
	if b.s != nil {
		b.s.Stop()
	}
}

// refreshNow asks crmd for what changed without waiting for the next
// pull.
func (b *syncBar) refreshNow() {
	if b.s != nil {
		b.s.RefreshNow()
	}
}

// saved tells sync a case was saved: it goes out now.
func (b *syncBar) saved() {
	if b.s != nil {
		b.s.Saved()
	}
}

// workstationChanged follows a new CRM address or agent name.
func (b *syncBar) workstationChanged(ws cases.Workstation) {
	if b.s == nil {
		return
	}
	b.s.SetAgent(ws.Agent)
	b.s.SetURL(ws.CRMURL)
	b.refresh()
}

// refresh reads where sync stands and shows it.
func (b *syncBar) refresh() {
	before := b.a.role()
	if b.s != nil {
		b.st = b.s.Status()
		b.tellNotRecorded()
	}
	if b.a.role() != before && b.a.tabs != nil {
		// A login (or logout) changed what this desk may do: its areas
		// follow (App.role).
		b.a.render()
		return
	}
	b.update()
	if ts := b.a.teamScreen(); ts != nil {
		ts.syncChanged()
	}
	if b.a.call != nil {
		b.a.call.syncChanged()
	}
}

// view builds the status bar in the interface language.
func (b *syncBar) view() fyne.CanvasObject {
	t := b.a.t
	b.state = widget.NewLabel("")
	b.waiting = widget.NewLabel("")
	b.failing = widget.NewLabel("")
	b.failing.Importance = widget.WarningImportance
	b.last = widget.NewLabel("")
	b.pbLabel = widget.NewLabel("")
	b.pbLabel.Importance = widget.LowImportance
	b.asideB = widget.NewButtonWithIcon("", theme.WarningIcon(), b.showAside)
	b.asideB.Importance = widget.WarningImportance
	b.conflictsB = widget.NewButtonWithIcon("", theme.ErrorIcon(), b.showConflicts)
	b.conflictsB.Importance = widget.DangerImportance
	b.in = widget.NewButtonWithIcon(t.S("sync.login.button"), theme.LoginIcon(), b.showLogin)
	b.in.Importance = widget.HighImportance
	b.out = widget.NewButtonWithIcon(t.S("sync.logout.button"), theme.LogoutIcon(), b.onLogout)
	b.out.Importance = widget.LowImportance
	b.progress = widget.NewProgressBar()
	// The messages scroll sideways rather than widen the window: in
	// Spanish, offline, with a conflict, they are wider than a small one.
	b.row = container.NewHBox(b.state, b.waiting, b.failing, b.last, b.asideB, b.conflictsB, fixedWidth(180, b.progress))
	left := container.NewHScroll(b.row)
	right := container.NewHBox(b.pbLabel, b.in, b.out)
	b.box = container.NewBorder(widget.NewSeparator(), nil, nil, right, left)
	if b.s != nil {
		b.s.SetLang(string(t.Lang))
	}
	b.update()
	return b.box
}

// update shows b.st in the bar's widgets.
func (b *syncBar) update() {
	if b.box == nil {
		return
	}
	// Messages change width and come and go: the row is laid out again
	// once they are set, or a longer one is drawn over its neighbour.
	defer b.row.Refresh()
	t, st := b.a.t, b.st
	for _, o := range []fyne.CanvasObject{b.waiting, b.failing, b.last, b.asideB, b.conflictsB, b.in, b.out, b.progress, b.pbLabel} {
		o.Hide()
	}
	setState := func(msg string, imp widget.Importance) {
		b.state.SetText(msg)
		b.state.Importance = imp
		b.state.Refresh()
	}
	if b.s == nil || !st.Configured {
		setState(t.S("sync.state.unconfigured"), widget.LowImportance)
		return
	}
	switch {
	case st.BadURL:
		setState(t.S("sync.state.bad_url"), widget.DangerImportance)
	case !st.LoggedIn && st.SessionEnded:
		setState(t.S("sync.state.session_ended"), widget.WarningImportance)
		b.in.Show()
	case !st.LoggedIn:
		setState(t.S("sync.state.logged_out"), widget.MediumImportance)
		b.in.Show()
	default:
		switch {
		case !st.Known:
			setState(t.S("sync.state.connecting"), widget.LowImportance)
		case st.Online:
			setState(t.D("sync.state.online", map[string]any{"User": st.User}), widget.SuccessImportance)
		default:
			setState(t.S("sync.state.offline"), widget.WarningImportance)
		}
		b.out.Show()
		if st.LoggingOut {
			b.out.Disable()
		} else {
			b.out.Enable()
		}
	}
	// "Everything synced" only when it is true: nothing waiting, set
	// aside or in conflict, and something synced once.
	switch {
	case st.Waiting > 0:
		b.waiting.SetText(t.N("sync.waiting", st.Waiting, nil))
		b.waiting.Importance = widget.MediumImportance
		b.waiting.Show()
	case st.Others > 0:
		// Another agent's saves on a shared desk: they go at that
		// agent's next login here, never under this one's.
		b.waiting.SetText(t.N("sync.others", st.Others, nil))
		b.waiting.Importance = widget.MediumImportance
		b.waiting.Show()
	case st.SetAside == 0 && st.Conflicts == 0 && !st.LastSync.IsZero():
		b.waiting.SetText(t.S("sync.all_synced"))
		b.waiting.Importance = widget.LowImportance
		b.waiting.Show()
	}
	b.waiting.Refresh()
	switch {
	case st.LoggedIn && st.LastError == desksync.CodeDeskStore:
		// The desk's own disk or database, which the agent or IT can
		// see to; the CRM is not failing anything.
		b.failing.SetText(t.S("sync.desk_store"))
		b.failing.Show()
	case st.LoggedIn && st.Online && st.Waiting > 0 && crmFailsSaves(st.LastError):
		// Without it, saves crmd keeps failing read as saves about to go.
		b.failing.SetText(t.S("sync.failing"))
		b.failing.Show()
	}
	switch {
	case !st.LastSync.IsZero():
		b.last.SetText(t.D("sync.last_sync", map[string]any{"When": whenText(t.Lang, st.LastSync)}))
		b.last.Show()
	case st.LoggedIn:
		b.last.SetText(t.S("sync.never_synced"))
		b.last.Show()
	}
	b.last.Importance = widget.LowImportance
	b.last.Refresh()
	if n := st.SetAside; n > 0 {
		b.asideB.SetText(t.N("sync.aside_count", n, nil))
		b.asideB.Show()
	}
	if n := st.Conflicts; n > 0 {
		b.conflictsB.SetText(t.N("sync.conflict_count", n, nil))
		b.conflictsB.Show()
	}
	if st.Online && st.LoggedIn && st.Peak >= backlogBar && st.Waiting > 0 {
		b.progress.SetValue(float64(st.Peak-st.Waiting) / float64(st.Peak))
		b.progress.Show()
	}
	if st.PlaybookVersion > 0 {
		b.pbLabel.SetText(t.D("sync.playbook_in_use", map[string]any{"Version": st.PlaybookVersion}))
		b.pbLabel.Show()
	}
}

// crmFailsSaves says whether code, the last reason a save did not go, is
// crmd failing it for now (it stays waiting and is sent again), rather
// than the line down, a conflict or a refusal, which the bar tells apart.
func crmFailsSaves(code crm.Code) bool {
	switch code {
	case crm.CodeInternal, crm.CodeUnavailable, crm.CodeConflict, crm.CodeRateLimited:
		return true
	}
	return false
}

// whenText is a time of today, or a date and time, in the language shown.
func whenText(l locales.Lang, at time.Time) string {
	at = at.Local()
	now := time.Now()
	if y, m, d := at.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return locales.FormatTime(l, at)
	}
	return locales.FormatDateTime(l, at)
}

// lookupCustomer asks crmd for an account the local cache lacks; done runs
// on the UI thread. It reports whether crmd will be asked.
func (b *syncBar) lookupCustomer(account string, done func(*cases.Customer)) bool {
	if b.s == nil {
		return false
	}
	return b.s.LookupCustomer(account, func(cu *cases.Customer) { b.post(func() { done(cu) }) })
}

// escalationStatusText is where the back office stands, in words.
func escalationStatusText(t *locales.T, e *cases.Escalation) string {
	return cases.EscalationStateText(t, e.Status)
}

// escalationStatusLabel shows the back office's status on a case.
func escalationStatusLabel(t *locales.T, e *cases.Escalation) *widget.Label {
	l := widget.NewLabelWithStyle(escalationStatusText(t, e), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	switch e.Status {
	case cases.EscResolved:
		l.Importance = widget.SuccessImportance
	case cases.EscRejected:
		l.Importance = widget.DangerImportance
	case cases.EscInProgress:
		l.Importance = widget.WarningImportance
	}
	return l
}

// tellNotRecorded tells the person logged in, once per login while the app
// runs, that crmd does not record training attempts under their role (an
// admin's; crm.AttemptRoles): the desk keeps them and never sends them,
// so certification would otherwise wait for them in silence. Sent, each
// was refused for good.
func (b *syncBar) tellNotRecorded() {
	st := b.st
	if !st.LoggedIn || st.AttemptsNotRecorded == 0 || b.toldNotRecorded[st.User] {
		return
	}
	if b.toldNotRecorded == nil {
		b.toldNotRecorded = map[string]bool{}
	}
	b.toldNotRecorded[st.User] = true
	t := b.a.t
	b.a.inform(t.S("sync.attempts_not_recorded.title"), t.D("sync.attempts_not_recorded.body", map[string]any{"Role": t.S("role.noun." + string(st.Role))}))
}
