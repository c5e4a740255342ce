package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/sqlite"
	"agentdesk/training"
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
	// Tick refreshes the status bar (2 s); Pull asks crmd for the back
	// office's escalation statuses (15 s); Slow pulls the playbook and
	// uploads training attempts (5 min).
	Tick, Pull, Slow time.Duration
	// Tune adjusts each new worker; tests shorten its delays.
	Tune func(*desksync.Worker)
	// Do hands work to the UI thread: fyne.Do unless a test runs it on
	// its own goroutine.
	Do func(func())
}

// SyncOutbox is what sync needs of the production database (sqlite.DB).
type SyncOutbox interface {
	crm.Outbox
	OutboxConflicts(ctx context.Context) ([]crm.Conflict, error)
	OutboxAside(ctx context.Context) ([]sqlite.AsideItem, error)
	LastSync(ctx context.Context) (time.Time, error)
	ResolveConflict(ctx context.Context, c *cases.Case, localVersion int, ev cases.Event, resend bool) error
}

const (
	// backlogBar is the backlog from which the status bar shows a
	// progress bar while it drains: below it, items go out in seconds.
	backlogBar = 20
	// lookupDelay lets the agent finish typing an account before crmd is
	// asked about it.
	lookupDelay = 400 * time.Millisecond
	// crmPlaybookDir, in the data folder, holds the last good pack crmd
	// published.
	crmPlaybookDir = "crm-playbook"
	packMetaFile   = "pack.json"
	// uploadedPrefix marks, in the training database's settings, the
	// attempts crmd has (the value is when, or why it refused one).
	uploadedPrefix = "crm.uploaded."
)

type probeState int

const (
	probeUnknown probeState = iota
	probeOK
	probeFailed
)

// syncController keeps the desk in step with crmd: it runs the outbox
// worker while a session exists, pulls what comes back, and shows where
// things stand in the status bar. Its fields belong to the UI thread;
// goroutines get copies of what they need and report through post.
type syncController struct {
	a    *App
	deps *SyncDeps
	do   func(func())

	root   context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	url    string
	client *crm.Client
	badURL bool
	gen    int // bumped on every (re)connection: older answers are dropped

	worker   *desksync.Worker
	stopWork context.CancelFunc
	wgen     int // bumped when a worker stops: its last callbacks are dropped

	prog       desksync.Progress
	probe      probeState
	authEnded  bool
	lastSync   time.Time
	peak       int
	pulling    bool
	lastPull   time.Time
	lastSlow   time.Time
	escSince   time.Time
	pbVersion  int
	pbSHA      string
	loggingOut bool

	conflictsOpen bool
	lookupTimer   *time.Timer
	lookupSeq     int

	tickQueued atomic.Bool
	progMu     sync.Mutex
	progNext   desksync.Progress
	progGen    int
	progQueued bool

	// status bar, rebuilt with the interface language
	box                           *fyne.Container
	state, waiting, last, pbLabel *widget.Label
	asideB, conflictsB, in, out   *widget.Button
	progress                      *widget.ProgressBar
}

func newSyncController(a *App) *syncController {
	c := &syncController{a: a, deps: a.deps.Sync, do: fyne.Do}
	if c.deps != nil && c.deps.Do != nil {
		c.do = c.deps.Do
	}
	c.root, c.cancel = context.WithCancel(context.Background())
	return c
}

func (c *syncController) every(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// background runs call off the window's goroutine with a deadline of
// limit, counted in wg so stopping waits for it; call reports back
// through post.
func (c *syncController) background(limit time.Duration, call func(ctx context.Context)) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		ctx, cancel := context.WithTimeout(c.root, limit)
		defer cancel()
		call(ctx)
	}()
}

// post runs fn on the UI thread unless sync has stopped meanwhile.
func (c *syncController) post(fn func()) {
	if c.root.Err() != nil {
		return
	}
	c.do(func() {
		if c.root.Err() == nil {
			fn()
		}
	})
}

// start connects when a CRM address is set and starts the status ticker.
func (c *syncController) start() {
	if c.deps == nil {
		return
	}
	c.connect()
	if dir := c.deps.DataDir; dir != "" {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			pb, m, err := loadSavedPack(dir)
			if err != nil {
				if !errors.Is(err, os.ErrNotExist) {
					c.a.deps.Log.Warn("the playbook kept from the CRM does not load; using the built-in one", "err", err)
				}
				return
			}
			c.post(func() { c.usePlaybook(pb, m) })
		}()
	}
	tick := c.every(c.deps.Tick, 2*time.Second)
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-c.root.Done():
				return
			case <-t.C:
				// One tick waits at a time: a busy UI thread does not
				// get a queue of them.
				if c.tickQueued.CompareAndSwap(false, true) {
					c.post(c.tick)
				}
			}
		}
	}()
	c.tick()
}

// stop ends every background task; called when the app quits.
func (c *syncController) stop() {
	if c.root.Err() != nil {
		return
	}
	c.cancel()
	c.stopWorker()
	if c.lookupTimer != nil && c.lookupTimer.Stop() {
		c.wg.Done()
	}
	done := make(chan struct{})
	go func() { c.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		c.a.deps.Log.Warn("sync did not stop in time; quitting anyway")
	}
}

// connect (re)reads the CRM address and picks up a saved session for it.
func (c *syncController) connect() {
	c.stopWorker()
	c.gen++
	c.url = strings.TrimSpace(c.a.ws.CRMURL)
	c.client, c.badURL, c.authEnded, c.probe = nil, false, false, probeUnknown
	c.prog, c.peak, c.escSince, c.lastPull, c.lastSlow = desksync.Progress{}, 0, time.Time{}, time.Time{}, time.Time{}
	if c.deps == nil || c.deps.Connect == nil || c.url == "" {
		return
	}
	cl, err := c.deps.Connect(c.url)
	if err != nil {
		c.badURL = true
		c.a.deps.Log.Warn("CRM address not usable", "url", c.url, "err", err)
		return
	}
	cl.Lang = string(c.a.t.Lang)
	c.client = cl
	if cl.LoggedIn() {
		c.startWorker()
	}
}

func (c *syncController) loggedIn() bool { return c.client != nil && c.client.LoggedIn() }

func (c *syncController) startWorker() {
	c.stopWorker()
	ctx, cancel := context.WithCancel(c.root)
	wgen := c.wgen
	w := &desksync.Worker{Client: c.client, Outbox: conflictHold{c.deps.Outbox}}
	// Progress arrives after every batch; only the latest matters, so one
	// hand-over to the UI thread waits at a time.
	w.OnProgress = func(p desksync.Progress) {
		c.progMu.Lock()
		c.progNext, c.progGen = p, wgen
		queued := c.progQueued
		c.progQueued = true
		c.progMu.Unlock()
		if queued {
			return
		}
		c.post(func() {
			c.progMu.Lock()
			p, g := c.progNext, c.progGen
			c.progQueued = false
			c.progMu.Unlock()
			if g == c.wgen {
				c.onProgress(p)
			}
		})
	}
	w.OnConflict = func(crm.Conflict) {
		c.post(func() {
			if wgen == c.wgen {
				c.onConflict()
			}
		})
	}
	if c.deps.Tune != nil {
		c.deps.Tune(w)
	}
	c.worker, c.stopWork = w, cancel
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		_ = w.Run(ctx)
	}()
}

// conflictHold is the outbox as the worker reads it: a case whose conflict
// waits for a person sends nothing more until it is resolved. Its later
// versions were built on the refused one, and crmd would take the next of
// them on top of the other desk's version whenever the version numbers
// line up, overwriting it unseen. Resolving the conflict replaces them.
type conflictHold struct{ SyncOutbox }

func (h conflictHold) DueOutbox(ctx context.Context, now time.Time, limit int) ([]crm.OutboxItem, error) {
	conflicts, err := h.OutboxConflicts(ctx)
	if err != nil {
		return nil, err
	}
	if len(conflicts) == 0 {
		return h.SyncOutbox.DueOutbox(ctx, now, limit)
	}
	held := map[string]bool{}
	for _, cf := range conflicts {
		held[cf.CaseID] = true
	}
	// At most one item per case is due, so asking for len(held) more
	// still fills the batch.
	due, err := h.SyncOutbox.DueOutbox(ctx, now, limit+len(held))
	if err != nil {
		return nil, err
	}
	out := due[:0]
	for _, it := range due {
		if it.Kind == "case" && held[it.Ref] {
			continue
		}
		if out = append(out, it); len(out) == limit {
			break
		}
	}
	return out, nil
}

func (c *syncController) stopWorker() {
	if c.stopWork != nil {
		c.stopWork()
	}
	c.worker, c.stopWork = nil, nil
	c.wgen++
}

// tick refreshes the counts, notices a new CRM address and starts the
// periodic pulls.
func (c *syncController) tick() {
	c.tickQueued.Store(false)
	if strings.TrimSpace(c.a.ws.CRMURL) != c.url {
		c.connect()
	}
	c.readCounts()
	if c.loggedIn() && !c.pulling && !c.loggingOut && time.Since(c.lastPull) >= c.every(c.deps.Pull, 15*time.Second) {
		c.launchPull(time.Since(c.lastSlow) >= c.every(c.deps.Slow, 5*time.Minute))
	}
	c.update()
}

func (c *syncController) readCounts() {
	if c.deps == nil || c.deps.Outbox == nil || c.url == "" {
		return
	}
	ctx := c.a.ctx
	pending, aside, conflicts, err := c.deps.Outbox.OutboxStats(ctx)
	if err == nil {
		// A save since the last look goes out now rather than at the
		// worker's next poll; an offline worker keeps its backoff.
		if pending > c.prog.Waiting && c.worker != nil && c.prog.Online {
			c.worker.Wake()
		}
		c.prog.Waiting, c.prog.SetAside, c.prog.Conflicts = pending, aside, conflicts
		c.trackPeak()
	}
	if ls, err := c.deps.Outbox.LastSync(ctx); err == nil && ls.After(c.lastSync) {
		c.lastSync = ls
	}
}

func (c *syncController) trackPeak() {
	if c.prog.Waiting == 0 {
		c.peak = 0
		return
	}
	c.peak = max(c.peak, c.prog.Waiting)
}

func (c *syncController) onProgress(p desksync.Progress) {
	if p.LastSync.After(c.lastSync) {
		c.lastSync = p.LastSync
	}
	if p.AuthRequired && !c.loggedIn() {
		c.authEnded = true
		c.stopWorker()
	}
	c.prog = p
	if p.Online && c.probe == probeFailed {
		c.probe = probeOK
	}
	c.trackPeak()
	c.update()
}

// online says whether crmd answers: the last pull tells while nothing
// waits, the worker's sends tell while items go out.
func (c *syncController) online() (known, on bool) {
	switch {
	case c.probe == probeFailed:
		return true, false
	case c.prog.Waiting > 0 && !c.prog.Online && c.prog.LastError == "offline":
		return true, false
	case c.probe == probeOK || c.prog.Online:
		return true, true
	}
	return false, false
}

// pullResult is what one round of pulls brought back.
type pullResult struct {
	gen      int
	esc      []crm.EscalationStatus
	escErr   error
	slow     bool
	pack     *playbook.Playbook
	packMeta packMeta
	packErr  error
	uploaded int
	upErr    error
}

// launchPull asks crmd, in the background, for the back office's statuses
// and, when slow, for a new playbook, and uploads training attempts.
func (c *syncController) launchPull(slow bool) {
	s, _ := c.client.Session()
	now := time.Now()
	c.pulling, c.lastPull = true, now
	if slow {
		c.lastSlow = now
	}
	client, since, gen := c.client, c.escSince, c.gen
	trainee := s.Role == crm.RoleTrainee
	dataDir, sha := c.deps.DataDir, c.pbSHA
	var tstore training.Store
	var marks cases.Settings
	if ts := c.a.deps.TrainingStore; ts != nil {
		if m, ok := ts.(cases.Settings); ok {
			tstore, marks = ts, m
		}
	}
	who := strings.TrimSpace(c.a.ws.Agent)
	log := c.a.deps.Log
	c.background(time.Minute, func(ctx context.Context) {
		r := pullResult{gen: gen, slow: slow}
		// Trainees' tokens open only the training routes.
		if !trainee {
			r.esc, r.escErr = client.Escalations(ctx, since)
		}
		if slow && (trainee || r.escErr == nil) {
			if dataDir != "" {
				r.pack, r.packMeta, r.packErr = fetchPlaybook(ctx, client, dataDir, sha)
				if r.packErr != nil && ctx.Err() == nil {
					log.Warn("the playbook published on the CRM was not taken", "err", r.packErr)
				}
			}
			if tstore != nil && who != "" {
				r.uploaded, r.upErr = uploadAttempts(ctx, client, tstore, marks, who)
				if r.uploaded > 0 {
					log.Info("training attempts uploaded", "count", r.uploaded)
				}
			}
			if trainee {
				r.escErr = errors.Join(r.packErr, r.upErr)
			}
		}
		c.post(func() { c.pulled(r) })
	})
}

func (c *syncController) pulled(r pullResult) {
	c.pulling = false
	if r.gen != c.gen {
		return
	}
	switch crm.CodeOf(r.escErr) {
	case "":
		c.probe = probeOK
	case crm.CodeLoggedOut:
		if !c.loggedIn() {
			c.authEnded = true
			c.stopWorker()
		}
	case crm.CodeOffline:
		c.probe = probeFailed
	default:
		c.probe = probeOK // crmd answered
	}
	if c.probe == probeOK && !c.prog.Online && c.prog.Waiting > 0 && c.worker != nil {
		// crmd is back before the worker's backoff ran out.
		c.worker.Wake()
	}
	for _, st := range r.esc {
		if st.UpdatedAt.After(c.escSince) {
			c.escSince = st.UpdatedAt
		}
		if err := c.setEscalationStatus(st); err != nil {
			c.a.deps.Log.Warn("back-office status not applied", "case", st.CaseID, "err", err)
		}
	}
	if r.pack != nil {
		c.usePlaybook(r.pack, r.packMeta)
	} else if r.packMeta.SHA256 != "" {
		c.pbSHA = r.packMeta.SHA256
	}
	c.update()
}

// setEscalationStatus records the back office's status on the local case
// through the case service, so the case, its timeline event and its outbox
// row are one transaction. The case on the call screen is updated in place,
// or the screen's copy would be a version behind.
func (c *syncController) setEscalationStatus(st crm.EscalationStatus) error {
	a := c.a
	ev := cases.Event{Kind: "escalation_status", Detail: st.Status, Actor: st.UpdatedBy}
	if cur := a.call.c; cur != nil && cur.ID == st.CaseID {
		if cur.Escalation == nil || cur.Escalation.Status == st.Status {
			return nil
		}
		a.call.flushNotes()
		cur.Escalation.Status = st.Status
		if !a.call.save(ev) {
			return errors.New(a.call.saveErr)
		}
		return nil
	}
	local, err := a.deps.Store.GetCase(a.ctx, st.CaseID)
	if cases.ErrorCode(err) == cases.ENotFound {
		return nil // escalated from another desk
	}
	if err != nil {
		return err
	}
	if local.Escalation == nil || local.Escalation.Status == st.Status {
		return nil
	}
	local.Escalation.Status = st.Status
	return a.svc.Save(a.ctx, local, ev)
}

// ---------------------------------------------------------------- status bar

// bar builds the status bar in the interface language.
func (c *syncController) bar() fyne.CanvasObject {
	t := c.a.t
	c.state = widget.NewLabel("")
	c.waiting = widget.NewLabel("")
	c.last = widget.NewLabel("")
	c.pbLabel = widget.NewLabel("")
	c.pbLabel.Importance = widget.LowImportance
	c.asideB = widget.NewButtonWithIcon("", theme.WarningIcon(), c.showAside)
	c.asideB.Importance = widget.WarningImportance
	c.conflictsB = widget.NewButtonWithIcon("", theme.ErrorIcon(), c.showConflicts)
	c.conflictsB.Importance = widget.DangerImportance
	c.in = widget.NewButtonWithIcon(t.S("sync.login.button"), theme.LoginIcon(), c.showLogin)
	c.in.Importance = widget.HighImportance
	c.out = widget.NewButtonWithIcon(t.S("sync.logout.button"), theme.LogoutIcon(), c.onLogout)
	c.out.Importance = widget.LowImportance
	c.progress = widget.NewProgressBar()
	// The messages scroll sideways rather than widen the window: in
	// Spanish, offline, with a conflict, they are wider than a small one.
	left := container.NewHScroll(container.NewHBox(c.state, c.waiting, c.last, c.asideB, c.conflictsB, fixedWidth(180, c.progress)))
	right := container.NewHBox(c.pbLabel, c.in, c.out)
	c.box = container.NewBorder(widget.NewSeparator(), nil, nil, right, left)
	c.update()
	return c.box
}

// update shows the state in the bar's widgets.
func (c *syncController) update() {
	if c.box == nil {
		return
	}
	t := c.a.t
	for _, o := range []fyne.CanvasObject{c.waiting, c.last, c.asideB, c.conflictsB, c.in, c.out, c.progress, c.pbLabel} {
		o.Hide()
	}
	setState := func(msg string, imp widget.Importance) {
		c.state.SetText(msg)
		c.state.Importance = imp
		c.state.Refresh()
	}
	if c.deps == nil || c.url == "" {
		setState(t.S("sync.state.unconfigured"), widget.LowImportance)
		return
	}
	switch {
	case c.badURL:
		setState(t.S("sync.state.bad_url"), widget.DangerImportance)
	case !c.loggedIn() && c.authEnded:
		setState(t.S("sync.state.session_ended"), widget.WarningImportance)
		c.in.Show()
	case !c.loggedIn():
		setState(t.S("sync.state.logged_out"), widget.MediumImportance)
		c.in.Show()
	default:
		s, _ := c.client.Session()
		switch known, on := c.online(); {
		case !known:
			setState(t.S("sync.state.connecting"), widget.LowImportance)
		case on:
			setState(t.D("sync.state.online", map[string]any{"User": s.Username}), widget.SuccessImportance)
		default:
			setState(t.S("sync.state.offline"), widget.WarningImportance)
		}
		c.out.Show()
		if c.loggingOut {
			c.out.Disable()
		} else {
			c.out.Enable()
		}
	}
	// "Everything synced" only when it is true: nothing waiting, set
	// aside or in conflict, and something synced once.
	switch p := c.prog; {
	case p.Waiting > 0:
		c.waiting.SetText(t.N("sync.waiting", p.Waiting, nil))
		c.waiting.Importance = widget.MediumImportance
		c.waiting.Show()
	case p.SetAside == 0 && p.Conflicts == 0 && !c.lastSync.IsZero():
		c.waiting.SetText(t.S("sync.all_synced"))
		c.waiting.Importance = widget.LowImportance
		c.waiting.Show()
	}
	c.waiting.Refresh()
	switch {
	case !c.lastSync.IsZero():
		c.last.SetText(t.D("sync.last_sync", map[string]any{"When": whenText(t.Lang, c.lastSync)}))
		c.last.Show()
	case c.loggedIn():
		c.last.SetText(t.S("sync.never_synced"))
		c.last.Show()
	}
	c.last.Importance = widget.LowImportance
	c.last.Refresh()
	if n := c.prog.SetAside; n > 0 {
		c.asideB.SetText(t.N("sync.aside_count", n, nil))
		c.asideB.Show()
	}
	if n := c.prog.Conflicts; n > 0 {
		c.conflictsB.SetText(t.N("sync.conflict_count", n, nil))
		c.conflictsB.Show()
	}
	if _, on := c.online(); on && c.peak >= backlogBar && c.prog.Waiting > 0 && c.loggedIn() {
		c.progress.SetValue(float64(c.peak-c.prog.Waiting) / float64(c.peak))
		c.progress.Show()
	}
	if c.pbVersion > 0 {
		c.pbLabel.SetText(t.D("sync.playbook_in_use", map[string]any{"Version": c.pbVersion}))
		c.pbLabel.Show()
	}
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

// ---------------------------------------------------------------- sessions

// showLogin asks for the CRM username and password. The dialog stays open
// on a refusal and says why in words that do not tell which of the two was
// wrong.
func (c *syncController) showLogin() {
	t := c.a.t
	if c.client == nil {
		return
	}
	user := widget.NewEntry()
	if ws := strings.TrimSpace(c.a.ws.Agent); crm.ValidUsername(ws) {
		user.SetText(ws)
	}
	pass := widget.NewPasswordEntry()
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	intro := widget.NewLabel(t.S("sync.login.intro"))
	intro.Wrapping = fyne.TextWrapWord
	where := widget.NewLabel(c.url)
	where.Importance = widget.LowImportance
	var d dialog.Dialog
	submit := widget.NewButtonWithIcon(t.S("sync.login.submit"), theme.LoginIcon(), nil)
	submit.Importance = widget.HighImportance
	cancel := widget.NewButton(t.S("dialog.cancel"), func() { d.Hide() })
	say := func(s string, imp widget.Importance) {
		msg.Importance = imp
		msg.SetText(s)
	}
	gen := c.gen
	login := func() {
		u, p := strings.TrimSpace(user.Text), pass.Text
		if u == "" || p == "" {
			say(t.S("sync.login.err.missing"), widget.DangerImportance)
			return
		}
		submit.Disable()
		say(t.S("sync.login.working"), widget.LowImportance)
		client := c.client
		c.background(30*time.Second, func(ctx context.Context) {
			s, err := client.Login(ctx, u, p)
			c.post(func() {
				if gen != c.gen {
					d.Hide()
					return
				}
				if err != nil {
					c.a.deps.Log.Warn("CRM login refused", "err", err)
					submit.Enable()
					pass.SetText("")
					say(loginErrorText(t, err), widget.DangerImportance)
					return
				}
				d.Hide()
				c.onLoggedIn(s)
			})
		})
	}
	submit.OnTapped = login
	pass.OnSubmitted = func(string) { login() }
	user.OnSubmitted = func(string) { c.a.win.Canvas().Focus(pass) }
	form := widget.NewForm(
		widget.NewFormItem(t.S("sync.login.username"), user),
		widget.NewFormItem(t.S("sync.login.password"), pass),
	)
	content := container.NewVBox(intro, where, form, msg, container.NewHBox(layout.NewSpacer(), cancel, submit))
	d = dialog.NewCustomWithoutButtons(t.S("sync.login.title"), fixedWidth(440, content), c.a.win)
	d.Show()
	if user.Text == "" {
		c.a.win.Canvas().Focus(user)
	} else {
		c.a.win.Canvas().Focus(pass)
	}
}

// loginErrorText says why a login failed without helping a guesser: a
// wrong username and a wrong password read the same.
func loginErrorText(t *locales.T, err error) string {
	switch crm.CodeOf(err) {
	case crm.CodeInsecureURL:
		return t.S("sync.login.err.insecure")
	case crm.CodeUnauthorized, crm.CodeForbidden:
		return t.S("sync.login.err.credentials")
	case crm.CodeRateLimited:
		return t.S("sync.login.err.busy")
	case crm.CodeInternal, crm.CodeUnavailable:
		return t.S("sync.login.err.server")
	case crm.CodeOffline:
		return t.S("sync.login.err.unreachable")
	}
	return t.S("sync.login.err.other")
}

func (c *syncController) onLoggedIn(s crm.Session) {
	c.a.deps.Log.Info("logged in to the CRM", "user", s.Username, "role", s.Role)
	c.authEnded, c.probe, c.lastPull, c.lastSlow = false, probeUnknown, time.Time{}, time.Time{}
	c.startWorker()
	c.tick()
	c.offerUsername(s)
}

// offerUsername offers to save cases under the CRM username: crmd takes
// an agent's cases only in their own name, so "Ana" would be refused for
// "ana". Trainees keep their name: their attempts are filed under it.
func (c *syncController) offerUsername(s crm.Session) {
	t := c.a.t
	ws := c.a.ws
	if s.Role == crm.RoleTrainee || s.Username == "" || ws.Agent == s.Username {
		return
	}
	dialog.ShowConfirm(t.S("sync.name_mismatch.title"),
		t.D("sync.name_mismatch.text", map[string]any{"User": s.Username, "Agent": ws.Agent}),
		func(ok bool) {
			if !ok {
				return
			}
			ws := c.a.ws
			ws.Agent = s.Username
			if err := ws.Save(c.a.ctx, c.a.deps.Settings); err != nil {
				dialog.ShowInformation(t.S("call.cannot"), c.a.errorText(err), c.a.win)
				return
			}
			c.a.ws = ws
			c.a.render()
		}, c.a.win)
}

// onLogout ends the session on crmd and here; saves keep waiting in the
// outbox for the next login.
func (c *syncController) onLogout() {
	if c.client == nil || c.loggingOut {
		return
	}
	c.stopWorker()
	// A pull still in flight would read the ended session as expired.
	c.gen++
	c.loggingOut = true
	client := c.client
	c.background(10*time.Second, func(ctx context.Context) {
		err := client.Logout(ctx)
		c.post(func() {
			c.loggingOut = false
			if err != nil {
				// The session is forgotten here anyway; its tokens expire.
				c.a.deps.Log.Warn("CRM logout did not reach the CRM", "err", err)
			}
			c.authEnded, c.probe = false, probeUnknown
			c.update()
		})
	})
	c.update()
}

// ---------------------------------------------------------------- conflicts

// caseConflict is one case's conflict as shown: crmd's version and the
// case as it now stands on this desk.
type caseConflict struct {
	crm.Conflict
	theirs *cases.Case // nil when crmd has none this agent may see
	mine   *cases.Case
}

func (c *syncController) onConflict() {
	c.readCounts()
	c.update()
	if !c.conflictsOpen {
		c.showConflicts()
	}
}

// conflicts lists the recorded conflicts, one per case: later versions of
// a case conflict for the same reason and are resolved with it.
func (c *syncController) conflicts() []caseConflict {
	if c.deps == nil {
		return nil
	}
	list, err := c.deps.Outbox.OutboxConflicts(c.a.ctx)
	if err != nil {
		c.a.deps.Log.Error("conflicts not read", "err", err)
		return nil
	}
	var out []caseConflict
	seen := map[string]bool{}
	for _, cf := range list {
		if seen[cf.CaseID] {
			continue
		}
		seen[cf.CaseID] = true
		cc := caseConflict{Conflict: cf}
		if len(cf.Server) > 0 {
			var th cases.Case
			if json.Unmarshal(cf.Server, &th) == nil {
				cc.theirs = &th
			}
		}
		if cur := c.a.call.c; cur != nil && cur.ID == cf.CaseID {
			cc.mine = cur
		} else if m, err := c.a.deps.Store.GetCase(c.a.ctx, cf.CaseID); err == nil {
			cc.mine = m
		} else {
			var m cases.Case
			if json.Unmarshal(cf.Local, &m) != nil {
				continue
			}
			cc.mine = &m
		}
		out = append(out, cc)
	}
	return out
}

// showConflicts shows each conflict with both versions side by side and
// the agent's three choices; nothing is decided for them.
func (c *syncController) showConflicts() {
	list := c.conflicts()
	if len(list) == 0 {
		return
	}
	t := c.a.t
	holder := container.NewStack()
	d := dialog.NewCustomWithoutButtons(t.S("sync.conflict.title"), holder, c.a.win)
	var show func(i int)
	show = func(i int) {
		if i >= len(list) {
			d.Hide()
			return
		}
		cc := list[i]
		holder.Objects = []fyne.CanvasObject{c.conflictView(cc, i+1, len(list), func(mine bool) {
			if err := c.resolve(cc, mine); err != nil {
				dialog.ShowInformation(t.S("sync.conflict.title"), c.a.errorText(err), c.a.win)
				return
			}
			show(i + 1)
		}, d.Hide)}
		holder.Refresh()
	}
	show(0)
	c.conflictsOpen = true
	d.SetOnClosed(func() { c.conflictsOpen = false })
	d.Resize(fitIn(c.a.win, fyne.NewSize(920, 620)))
	d.Show()
}

// fitIn is want, made smaller when the window is.
func fitIn(w fyne.Window, want fyne.Size) fyne.Size {
	if have := w.Canvas().Size(); have.Width > 100 && have.Height > 100 {
		want = fyne.NewSize(min(want.Width, have.Width-40), min(want.Height, have.Height-40))
	}
	return want
}

func (c *syncController) conflictView(cc caseConflict, n, total int, choose func(mine bool), later func()) fyne.CanvasObject {
	t := c.a.t
	intro := widget.NewLabel(t.D("sync.conflict.intro", map[string]any{"Case": cc.CaseID, "Customer": cc.mine.Customer.Name}))
	intro.Wrapping = fyne.TextWrapWord
	top := []fyne.CanvasObject{intro}
	if total > 1 {
		counter := widget.NewLabel(t.D("sync.conflict.counter", map[string]any{"N": n, "Total": total}))
		counter.Importance = widget.LowImportance
		top = append([]fyne.CanvasObject{counter}, top...)
	}

	head := func(s string) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	theirsHead := t.S("sync.conflict.no_theirs")
	if cc.theirs != nil {
		theirsHead = t.D("sync.conflict.theirs", map[string]any{"Version": cc.theirs.Version})
	}
	legend := widget.NewLabel("• " + t.S("sync.conflict.differs"))
	legend.Importance = widget.WarningImportance
	header := container.NewBorder(nil, nil, fixedWidth(140, legend), nil,
		container.NewGridWithColumns(2, head(theirsHead), head(t.D("sync.conflict.mine", map[string]any{"Version": cc.mine.Version}))))
	rows := []fyne.CanvasObject{header, widget.NewSeparator()}
	fields := []struct {
		key string
		get func(*cases.Case) string
	}{
		{"status", func(x *cases.Case) string { return t.S("cases.status." + string(x.Status)) }},
		{"notes", func(x *cases.Case) string { return orDash(x.Notes) }},
		{"actions", c.actionsText},
		{"escalation", c.escalationText},
		{"updated", func(x *cases.Case) string { return locales.FormatDateTime(t.Lang, x.UpdatedAt.Local()) }},
	}
	for _, f := range fields {
		mine := f.get(cc.mine)
		theirs := "—"
		if cc.theirs != nil {
			theirs = f.get(cc.theirs)
		}
		differs := theirs != mine
		value := func(s string) fyne.CanvasObject {
			l := widget.NewLabel(s)
			l.Wrapping = fyne.TextWrapWord
			if differs {
				l.Importance = widget.WarningImportance
			}
			return l
		}
		rows = append(rows, c.conflictRow(f.key, value(theirs), value(mine), differs))
	}

	keep := widget.NewButtonWithIcon(t.S("sync.conflict.keep_mine"), theme.UploadIcon(), func() { choose(true) })
	keep.Importance = widget.HighImportance
	take := widget.NewButtonWithIcon(t.S("sync.conflict.take_theirs"), theme.DownloadIcon(), func() { choose(false) })
	if cc.theirs == nil {
		take.Disable()
	}
	later2 := widget.NewButton(t.S("sync.conflict.later"), later)
	hint := widget.NewLabel(t.S("sync.conflict.hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	bottom := container.NewVBox(widget.NewSeparator(), hint, container.NewHBox(layout.NewSpacer(), later2, take, keep))
	return container.NewBorder(container.NewVBox(top...), bottom, nil, nil, container.NewVScroll(container.NewVBox(rows...)))
}

// conflictRow is a field's name, crmd's value and this desk's, the
// differing ones marked in words as well as in colour.
func (c *syncController) conflictRow(key string, theirs, mine fyne.CanvasObject, differs bool) fyne.CanvasObject {
	t := c.a.t
	name := ""
	if key != "" {
		name = t.S("sync.conflict.field." + key)
	}
	if differs {
		name = "• " + name
	}
	label := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: differs})
	label.Wrapping = fyne.TextWrapWord
	if differs {
		label.Importance = widget.WarningImportance
	}
	return container.NewBorder(nil, nil, fixedWidth(140, label), nil, container.NewGridWithColumns(2, theirs, mine))
}

func (c *syncController) actionsText(x *cases.Case) string {
	t, pb := c.a.t, c.a.pb
	if len(x.Actions) == 0 {
		return "—"
	}
	lines := make([]string, 0, len(x.Actions))
	for _, ac := range x.Actions {
		s := ac.ID
		if d := pb.Action(ac.ID); d != nil {
			s = pb.Say(t.Lang, d.Title)
		}
		if ac.Amount != 0 {
			cur := x.Customer.Currency
			if cur == "" {
				cur = c.a.ws.Currency
			}
			s += ": " + calculators.FormatMoney(calculators.FromMinor(ac.Amount, cur), t.Lang)
		}
		lines = append(lines, "• "+s)
	}
	return strings.Join(lines, "\n")
}

func (c *syncController) escalationText(x *cases.Case) string {
	t, pb := c.a.t, c.a.pb
	e := x.Escalation
	if e == nil {
		return "—"
	}
	prio := e.Priority
	if p := pb.Priority(e.Priority); p != nil {
		prio = pb.Say(t.Lang, p.Title)
	}
	return t.D("sync.conflict.escalation", map[string]any{"Ticket": e.Ticket, "Priority": prio, "Status": escalationStatusText(t, e)})
}

// resolve applies the agent's choice. Keep mine sends the case as it now
// stands on this desk as the version after crmd's; take theirs stores
// crmd's version here. Either way the case's outbox rows go in the same
// transaction, and the call screen shows the result.
func (c *syncController) resolve(cc caseConflict, mine bool) error {
	a := c.a
	if cur := a.call.c; cur != nil && cur.ID == cc.CaseID {
		a.call.flushNotes()
	}
	local, err := a.deps.Store.GetCase(a.ctx, cc.CaseID)
	if err != nil {
		return err
	}
	now := a.deps.Now()
	var chosen *cases.Case
	ev := cases.Event{At: now, Kind: "sync_resolved", Actor: a.ws.Agent}
	if mine {
		cp := *local
		cp.Version, cp.UpdatedAt = cc.ServerVersion+1, now
		chosen, ev.Detail = &cp, "kept_mine"
	} else {
		if cc.theirs == nil {
			return cases.Errorf(cases.ENotFound, "crmd has no version of %s", cc.CaseID)
		}
		th := *cc.theirs
		chosen, ev.Detail = &th, "took_theirs"
	}
	if err := c.deps.Outbox.ResolveConflict(a.ctx, chosen, local.Version, ev, mine); err != nil {
		return err
	}
	a.deps.Log.Info("sync conflict resolved", "case", cc.CaseID, "kept_mine", mine, "version", chosen.Version)
	if cur := a.call.c; cur != nil && cur.ID == chosen.ID {
		a.call.c = chosen
		a.call.refresh()
	}
	if mine && c.worker != nil {
		c.worker.Wake()
	}
	c.readCounts()
	c.update()
	return nil
}

// ---------------------------------------------------------------- set aside

// showAside lists what crmd refused for good, with its reason in words.
func (c *syncController) showAside() {
	t := c.a.t
	if c.deps == nil {
		return
	}
	items, err := c.deps.Outbox.OutboxAside(c.a.ctx)
	if err != nil {
		dialog.ShowInformation(t.S("sync.aside.title"), c.a.errorText(err), c.a.win)
		return
	}
	intro := widget.NewLabel(t.S("sync.aside.intro"))
	intro.Wrapping = fyne.TextWrapWord
	rows := []fyne.CanvasObject{}
	for _, it := range items {
		l := widget.NewLabel(t.D("sync.aside.item", map[string]any{"Case": it.CaseID, "Version": it.Version, "Reason": asideReason(t, it.Reason)}))
		l.Wrapping = fyne.TextWrapWord
		rows = append(rows, l)
	}
	content := container.NewBorder(intro, nil, nil, nil, container.NewVScroll(container.NewVBox(rows...)))
	d := dialog.NewCustom(t.S("sync.aside.title"), t.S("sync.aside.close"), content, c.a.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// asideReason is why crmd refused a save, in the interface language.
func asideReason(t *locales.T, reason crm.Code) string {
	if msg := t.S("crm.error." + string(reason)); !strings.HasPrefix(msg, "!") {
		return msg
	}
	return t.S("crm.error.unknown")
}

// ---------------------------------------------------------------- escalations

// escalationStatusText is where the back office stands, in words.
func escalationStatusText(t *locales.T, e *cases.Escalation) string {
	st := e.Status
	if st == "" {
		st = crm.EscSent
	}
	if s := t.S("sync.esc." + st); !strings.HasPrefix(s, "!") {
		return s
	}
	return st
}

// escalationStatusLabel shows the back office's status on a case.
func escalationStatusLabel(t *locales.T, e *cases.Escalation) *widget.Label {
	l := widget.NewLabelWithStyle(escalationStatusText(t, e), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	switch e.Status {
	case crm.EscResolved:
		l.Importance = widget.SuccessImportance
	case crm.EscRejected:
		l.Importance = widget.DangerImportance
	case crm.EscInProgress:
		l.Importance = widget.WarningImportance
	}
	return l
}

// ---------------------------------------------------------------- customers

// lookupCustomer asks crmd for an account the local cache does not have,
// once the agent stops typing. done runs on the UI thread with the profile,
// already kept in the cache for offline use, or with nil. It reports
// whether crmd will be asked.
func (c *syncController) lookupCustomer(account string, done func(*cases.Customer)) bool {
	if c.lookupTimer != nil && c.lookupTimer.Stop() {
		c.wg.Done()
	}
	c.lookupSeq++
	account = strings.TrimSpace(account)
	if !c.loggedIn() || len(account) < 4 || c.root.Err() != nil {
		return false
	}
	if s, _ := c.client.Session(); s.Role == crm.RoleTrainee {
		return false
	}
	seq, client, store := c.lookupSeq, c.client, c.a.deps.Store
	c.wg.Add(1)
	c.lookupTimer = time.AfterFunc(lookupDelay, func() {
		defer c.wg.Done()
		ctx, cancel := context.WithTimeout(c.root, 10*time.Second)
		defer cancel()
		cu, err := client.GetCustomer(ctx, account)
		if err == nil {
			cu.UpdatedAt = time.Now()
			if err := store.UpsertCustomer(ctx, cu); err != nil {
				c.a.deps.Log.Warn("customer from the CRM not cached", "err", err)
			}
		}
		c.post(func() {
			if seq != c.lookupSeq {
				return // the agent typed on
			}
			if err != nil {
				done(nil)
				return
			}
			done(cu)
		})
	})
	return true
}

// ---------------------------------------------------------------- playbook

type packMeta struct {
	Version int    `json:"version"`
	SHA256  string `json:"sha256"`
}

// loadSavedPack loads the last good pack crmd published.
func loadSavedPack(dataDir string) (*playbook.Playbook, packMeta, error) {
	dir := filepath.Join(dataDir, crmPlaybookDir)
	var m packMeta
	b, err := os.ReadFile(filepath.Join(dir, packMetaFile))
	if err != nil {
		return nil, m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, m, err
	}
	pb, err := playbook.Load(os.DirFS(dir), dir)
	return pb, m, err
}

// fetchPlaybook asks crmd for a pack newer than sha. A new one is
// validated with playbook.Load before it replaces the kept one, so a
// broken pack never reaches a call. Version 0 is crmd's built-in pack,
// which the app has built in too: its hash is remembered, nothing else.
func fetchPlaybook(ctx context.Context, client *crm.Client, dataDir, sha string) (*playbook.Playbook, packMeta, error) {
	pack, err := client.Playbook(ctx, sha)
	if err != nil || pack == nil {
		return nil, packMeta{}, err
	}
	m := packMeta{Version: pack.Version, SHA256: pack.SHA256}
	if pack.Version == 0 {
		return nil, m, nil
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, packMeta{}, err
	}
	tmp, err := os.MkdirTemp(dataDir, crmPlaybookDir+".new-")
	if err != nil {
		return nil, packMeta{}, err
	}
	defer os.RemoveAll(tmp)
	for name, text := range pack.Files {
		if filepath.Base(name) != name || !strings.HasSuffix(name, ".toml") {
			return nil, packMeta{}, fmt.Errorf("playbook version %d: file name %q", pack.Version, name)
		}
		if err := os.WriteFile(filepath.Join(tmp, name), []byte(text), 0o600); err != nil {
			return nil, packMeta{}, err
		}
	}
	dir := filepath.Join(dataDir, crmPlaybookDir)
	if _, err := playbook.Load(os.DirFS(tmp), dir); err != nil {
		return nil, packMeta{}, fmt.Errorf("playbook version %d: %w", pack.Version, err)
	}
	b, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(tmp, packMetaFile), b, 0o600); err != nil {
		return nil, packMeta{}, err
	}
	old := dir + ".old"
	_ = os.RemoveAll(old)
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, packMeta{}, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return nil, packMeta{}, err
	}
	_ = os.RemoveAll(old)
	pb, err := playbook.Load(os.DirFS(dir), dir)
	return pb, m, err
}

// usePlaybook makes the CRM's pack the base the app runs on. A playbook
// folder chosen in Settings still wins. The screens are rebuilt unless a
// call is on screen: they pick the pack up after it.
func (c *syncController) usePlaybook(pb *playbook.Playbook, m packMeta) {
	if pb == nil {
		return
	}
	changed := m.Version != c.pbVersion
	c.pbVersion, c.pbSHA = m.Version, m.SHA256
	c.a.deps.Playbook = pb
	if c.a.ws.PlaybookDir != "" || !changed {
		c.update()
		return
	}
	c.a.pb = pb
	c.a.deps.Log.Info("using the playbook published on the CRM", "version", m.Version)
	if c.a.call.c == nil && c.a.tabs != nil {
		c.a.render()
		return
	}
	c.update()
}

// ---------------------------------------------------------------- training

// uploadAttempts sends the trainee's attempts crmd does not have yet, and
// marks each in the training database's settings. An attempt crmd refuses
// for good is marked too, with why, so it is not sent forever.
func uploadAttempts(ctx context.Context, client *crm.Client, store training.Store, marks cases.Settings, trainee string) (int, error) {
	recs, err := store.Attempts(ctx, trainee)
	if err != nil {
		return 0, err
	}
	kv, err := marks.AllSettings(ctx)
	if err != nil {
		return 0, err
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Attempt.Started.Before(recs[j].Attempt.Started) })
	n := 0
	for _, r := range recs {
		id := r.Attempt.ID
		if id == "" || kv[uploadedPrefix+id] != "" {
			continue
		}
		_, err := client.PostAttempt(ctx, crmAttempt(r))
		switch code := crm.CodeOf(err); {
		case err == nil:
			n++
			err = marks.SetSetting(ctx, uploadedPrefix+id, time.Now().UTC().Format(time.RFC3339))
		case code.Permanent():
			err = marks.SetSetting(ctx, uploadedPrefix+id, "refused: "+string(code))
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// crmAttempt is an attempt as supervisors see it on crmd: the score out of
// 100 and the grader's report as the details.
func crmAttempt(r training.Record) crm.TrainingAttempt {
	finished := r.Attempt.Finished
	if finished.IsZero() {
		finished = r.Attempt.Started.Add(time.Duration(r.Report.DurationMS) * time.Millisecond)
	}
	details, _ := json.Marshal(r.Report)
	if len(details) > 60<<10 {
		details = nil
	}
	return crm.TrainingAttempt{
		ID: r.Attempt.ID, Scenario: r.Attempt.Scenario,
		Score: int(math.Round(min(max(r.Report.Total, 0), 100))), MaxScore: 100, Passed: r.Report.Passed,
		StartedAt: r.Attempt.Started.UTC(), FinishedAt: finished.UTC(), Details: details,
	}
}
