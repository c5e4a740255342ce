package desksync

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/playbook"
	"agentdesk/training"
)

// Outbox is what the desk's sync needs of the production database
// (sqlite.DB): the outbox the worker drains, and what a person is shown of
// it.
type Outbox interface {
	crm.Outbox
	OutboxConflicts(ctx context.Context) ([]crm.Conflict, error)
	OutboxAside(ctx context.Context) ([]crm.AsideItem, error)
	// OutboxAsideOf is OutboxAside of what owner is shown: its own and
	// those no login owns (every one for owner "").
	OutboxAsideOf(ctx context.Context, owner string) ([]crm.AsideItem, error)
}

// CustomerCache keeps a profile crmd sent for the next call offline.
type CustomerCache interface {
	UpsertCustomer(ctx context.Context, c *cases.Customer) error
}

// Attempts is the training database as the upload reads it: the attempts,
// and settings in which each one crmd has is marked.
type Attempts interface {
	training.Store
	cases.Settings
}

// Config wires a Syncer. The callbacks are called from sync's own
// goroutines, never with a lock held: a window hands them to its thread.
type Config struct {
	// Connect returns a client for the CRM at url that keeps its session
	// in the data folder (crm.NewClient).
	Connect func(url string) (*crm.Client, error)
	Outbox  Outbox
	// Customers caches what a lookup found; nil caches nothing.
	Customers CustomerCache
	// Attempts, when set, are uploaded for supervisors to see.
	Attempts Attempts
	// Settings, when set, keeps each login's last sync (LastSyncPrefix
	// and the username), so a restart shows it; nil keeps it for the run.
	Settings cases.Settings
	// DataDir keeps the last good playbook crmd published, so a desk
	// starts with it offline; empty keeps none.
	DataDir string
	Log     *slog.Logger

	// Pull asks crmd for the back office's statuses (15 s); Slow pulls
	// the playbook and uploads training attempts (5 min).
	Pull, Slow time.Duration
	// Tune adjusts each new worker; tests shorten its delays.
	Tune func(*Worker)

	// OnChange: Status has changed.
	OnChange func()
	// OnConflict: crmd refused a save because it holds another version;
	// a person must choose.
	OnConflict func()
	// OnEscalations receives the back office's statuses changed since the
	// last pull, to record on the desk's cases.
	OnEscalations func([]crm.EscalationStatus)
	// OnPlaybook receives a pack crmd published, already validated and
	// kept in DataDir; changed is false when it is the version in use.
	OnPlaybook func(pb *playbook.Playbook, version int, changed bool)
	// Team, when set, keeps the team's escalations for a supervisor's
	// desk: refreshed at every pull while a supervisor is logged in.
	Team cases.TeamStore
	// OnTeam: the team's queue was refreshed.
	OnTeam func()
}

// LastSyncPrefix, followed by a crmd username, is the setting that keeps
// when that login last sent something to crmd.
const LastSyncPrefix = "sync.last_sync."

// Status is where the desk stands with crmd, for a status bar or a CLI.
type Status struct {
	// Configured: a CRM address is set. BadURL: it cannot be used.
	Configured, BadURL bool
	URL                string
	LoggedIn           bool
	User               string
	Role               crm.Role
	// SessionEnded: crmd ended the session (expired, revoked); a person
	// must log in again. EndedUser is whose it was: what is done at the
	// desk meanwhile is theirs, done with no more than EndedRole allows.
	SessionEnded bool
	EndedUser    string
	EndedRole    crm.Role
	LoggingOut   bool
	// Known says whether Online means anything yet.
	Known, Online bool
	Waiting       int // saves still to send under this login
	// Others counts saves waiting for another user to log in here: a
	// desk shared by several people sends each one's under their own.
	Others    int
	SetAside  int // saves crmd refused for good
	Conflicts int // conflicts waiting for a person
	// Peak is the largest backlog since it was last empty: how far a
	// drain has come is Peak-Waiting of Peak.
	Peak int
	// LastSync is when the login shown (User, or EndedUser) last sent
	// something to crmd: on a desk several people share, each one's own.
	LastSync time.Time
	// PlaybookVersion is the version crmd published that the desk holds;
	// 0 for the built-in pack.
	PlaybookVersion int
	LastError       crm.Code
	// AttemptsNotRecorded counts the training attempts made under this
	// login that crmd does not record for its role (crm.AttemptRoles):
	// kept on the desk, never sent.
	AttemptsNotRecorded int
}

type probeState int

const (
	probeUnknown probeState = iota
	probeOK
	probeFailed
)

// Syncer keeps a desk in step with crmd: it runs the outbox worker while a
// session exists, pulls what comes back, keeps the published playbook and
// uploads training attempts. Its methods may be called from any goroutine.
type Syncer struct {
	cfg Config

	root   context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	wake   chan struct{} // asks the pull loop to pull now

	bgMu    sync.Mutex // guards stopped and every wg.Add
	stopped bool

	mu        sync.Mutex
	url       string
	client    *crm.Client
	badURL    bool
	gen       int // bumped on every (re)connection: older answers are dropped
	worker    *Worker
	stopWork  context.CancelFunc
	wgen      int // bumped when a worker stops: its last reports are dropped
	prog      Progress
	probe     probeState
	authEnded bool
	// lastSyncs is when each login last sent something: the outbox's
	// own last-sync time is the desk's, whoever's saves went.
	lastSyncs map[string]time.Time
	peak      int
	lastPull  time.Time
	lastSlow  time.Time
	esc       escCursor
	redo      []crm.EscalationStatus // delivered, not recorded: handed again at the next pull
	handed    map[string]time.Time   // case → the status last handed over, for Undelivered
	pbVersion int
	pbSHA     string
	// notRecorded counts notRecordedUser's attempts crmd does not record
	// for their role (Status.AttemptsNotRecorded).
	notRecorded     int
	notRecordedUser string
	teamSince       time.Time // crmd's time of the last team change read
	// teamKnown: teamSince is this connection's; until then a pull starts
	// from the cursor the team store kept for this address.
	teamKnown bool
	// teamResets counts the times the team cursor was set back (a move
	// refused): a pull begun before one does not store its cursor.
	teamResets int
	// teamMu orders the writes of the kept team cursor: a reset's zero is
	// never overwritten by a pull begun before it.
	teamMu sync.Mutex
	// lastUser is the user of the session last seen: kept when crmd ends
	// the session (the same person is at the desk and logs in again),
	// dropped at a logout.
	lastUser string
	// lastRole is that session's role: after crmd ends the session the
	// desk still holds what it does down to it (Status.EndedRole).
	lastRole crm.Role
	out      bool // logging out
	agent    string
	lang     string // Accept-Language for every client made
	counting bool
	recount  bool

	lookupMu    sync.Mutex
	lookupTimer *time.Timer
	lookupSeq   int

	// an account's history (AccountContacts), asked as a lookup is
	contactsMu    sync.Mutex
	contactsTimer *time.Timer
	contactsSeq   int
}

// New returns a Syncer that does nothing until Start.
func New(cfg Config) *Syncer {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Pull <= 0 {
		cfg.Pull = 15 * time.Second
	}
	if cfg.Slow <= 0 {
		cfg.Slow = 5 * time.Minute
	}
	s := &Syncer{cfg: cfg, wake: make(chan struct{}, 1)}
	s.root, s.cancel = context.WithCancel(context.Background())
	return s
}

// Start connects to the CRM at url (none when empty), loads the playbook
// kept from an earlier run and starts the pulls.
func (s *Syncer) Start(url, agent string) {
	s.mu.Lock()
	s.agent = strings.TrimSpace(agent)
	s.mu.Unlock()
	s.SetURL(url)
	if dir := s.cfg.DataDir; dir != "" {
		s.goBackground(func(ctx context.Context) {
			pb, m, err := LoadSavedPack(dir)
			if err != nil {
				if !errors.Is(err, os.ErrNotExist) {
					s.cfg.Log.Warn("the playbook kept from the CRM does not load; using the built-in one", "err", err)
				}
				return
			}
			s.usePlaybook(pb, m)
		})
	}
	s.goBackground(s.pullLoop)
	s.refreshCounts()
}

// Stop ends every background task, waiting up to 3 s for them.
func (s *Syncer) Stop() {
	if s.root.Err() != nil {
		return
	}
	s.bgMu.Lock()
	s.stopped = true
	s.bgMu.Unlock()
	s.cancel()
	s.mu.Lock()
	s.stopWorkerLocked()
	s.mu.Unlock()
	s.lookupMu.Lock()
	if s.lookupTimer != nil && s.lookupTimer.Stop() {
		s.wg.Done()
	}
	s.lookupMu.Unlock()
	s.contactsMu.Lock()
	if s.contactsTimer != nil && s.contactsTimer.Stop() {
		s.wg.Done()
	}
	s.contactsMu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		s.cfg.Log.Warn("sync did not stop in time; quitting anyway")
	}
}

// goBackground runs fn on a goroutine that Stop waits for; after Stop it
// runs nothing.
func (s *Syncer) goBackground(fn func(ctx context.Context)) {
	s.bgMu.Lock()
	defer s.bgMu.Unlock()
	if s.stopped {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		fn(s.root)
	}()
}

// Background runs fn off the caller's goroutine with a deadline of limit:
// a window runs its logins and logouts there. Stop cancels fn's context
// and waits for it.
func (s *Syncer) Background(limit time.Duration, fn func(ctx context.Context)) {
	s.goBackground(func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, limit)
		defer cancel()
		fn(ctx)
	})
}

func (s *Syncer) changed() {
	if s.cfg.OnChange != nil && s.root.Err() == nil {
		s.cfg.OnChange()
	}
}

// SetAgent is the workstation's agent, whose training attempts are
// uploaded.
func (s *Syncer) SetAgent(name string) {
	s.mu.Lock()
	s.agent = strings.TrimSpace(name)
	s.mu.Unlock()
}

// SetURL (re)connects when the CRM address changed, picking up the session
// saved for it.
func (s *Syncer) SetURL(url string) {
	url = strings.TrimSpace(url)
	s.mu.Lock()
	if url == s.url && s.gen > 0 {
		s.mu.Unlock()
		return
	}
	s.stopWorkerLocked()
	s.gen++
	s.url = url
	s.client, s.badURL, s.authEnded, s.probe = nil, false, false, probeUnknown
	s.prog, s.peak, s.esc, s.redo, s.handed, s.lastPull, s.lastSlow = Progress{}, 0, escCursor{}, nil, nil, time.Time{}, time.Time{}
	s.teamSince, s.teamKnown, s.lastUser, s.lastRole = time.Time{}, false, "", ""
	if url != "" && s.cfg.Connect != nil {
		cl, err := s.cfg.Connect(url)
		if err != nil {
			s.badURL = true
			s.cfg.Log.Warn("CRM address not usable", "url", url, "err", err)
		} else {
			s.client = cl
			cl.SetLang(s.lang)
			if cl.LoggedIn() {
				s.startWorkerLocked()
			}
		}
	}
	s.mu.Unlock()
	s.refreshCounts()
	s.pullNow()
}

// SetLang is the language crmd's error messages come back in.
func (s *Syncer) SetLang(lang string) {
	s.mu.Lock()
	s.lang = lang
	if s.client != nil {
		s.client.SetLang(lang)
	}
	s.mu.Unlock()
}

// Client is the connection to crmd, nil when no usable address is set.
func (s *Syncer) Client() *crm.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client
}

// Session is the login in use.
func (s *Syncer) Session() (crm.Session, bool) {
	if c := s.Client(); c != nil {
		return c.Session()
	}
	return crm.Session{}, false
}

func (s *Syncer) startWorkerLocked() {
	s.stopWorkerLocked()
	ctx, cancel := context.WithCancel(s.root)
	wgen := s.wgen
	w := &Worker{Client: s.client, Outbox: HoldConflicts(s.cfg.Outbox), Log: s.cfg.Log}
	// A move or decision crmd refused (another supervisor got there
	// first) left the desk's copy of the case showing it, and the team
	// pulls, which skipped the case while it waited, have moved past
	// crmd's state of it: read the queue from the start again.
	w.OnBackOfficeRefused = func(crm.OutboxItem) { s.readTeamAgain(wgen) }
	if s.cfg.Team != nil {
		w.OnBackOffice = func(_ crm.OutboxItem, st crm.EscalationStatus) {
			// crmd has the move and the outbox no longer holds it: the
			// team case is brought up to the answer even when the desk is
			// stopping (Stop waits for this), or it would show the move as
			// waiting until crmd changed the case again.
			if err := SettleTeam(context.WithoutCancel(s.root), s.cfg.Team, st); err != nil {
				s.cfg.Log.Warn("the team case was not brought up to crmd's answer", "case", st.CaseID, "err", err)
				// The same stale case as after a refusal, with the
				// same cure.
				s.readTeamAgain(wgen)
				return
			}
			if s.cfg.OnTeam != nil {
				s.cfg.OnTeam()
			}
		}
	}
	w.OnProgress = func(p Progress) { s.onProgress(wgen, p) }
	w.OnConflict = func(crm.Conflict) {
		s.mu.Lock()
		current := wgen == s.wgen
		s.mu.Unlock()
		if current {
			s.refreshCounts()
			if s.cfg.OnConflict != nil {
				s.cfg.OnConflict()
			}
		}
	}
	if s.cfg.Tune != nil {
		s.cfg.Tune(w)
	}
	s.worker, s.stopWork = w, cancel
	s.goBackground(func(context.Context) { _ = w.Run(ctx) })
}

func (s *Syncer) stopWorkerLocked() {
	if s.stopWork != nil {
		s.stopWork()
	}
	s.worker, s.stopWork = nil, nil
	s.wgen++
}

func (s *Syncer) loggedInLocked() bool { return s.client != nil && s.client.LoggedIn() }

func (s *Syncer) onProgress(wgen int, p Progress) {
	s.mu.Lock()
	if wgen != s.wgen {
		s.mu.Unlock()
		return
	}
	// The worker of wgen sends under the login it started with: a new
	// login starts a new worker, and this one's reports were dropped above.
	user := s.userLocked()
	keep := user != "" && s.noteLastSyncLocked(user, p.LastSync)
	if p.AuthRequired && !s.loggedInLocked() {
		s.authEnded = true
		s.peak = 0
		s.stopWorkerLocked()
	}
	s.prog = p
	if p.Online && s.probe == probeFailed {
		s.probe = probeOK
	}
	s.trackPeakLocked()
	s.mu.Unlock()
	if keep && s.cfg.Settings != nil {
		if err := s.cfg.Settings.SetSetting(context.WithoutCancel(s.root), LastSyncPrefix+user, p.LastSync.UTC().Format(time.RFC3339Nano)); err != nil {
			s.cfg.Log.Warn("sync: the last sync time was not kept", "err", err)
		}
	}
	s.changed()
}

// noteLastSyncLocked records at as user's last sync when it is later
// than the one known, and says whether it was.
func (s *Syncer) noteLastSyncLocked(user string, at time.Time) bool {
	if !at.After(s.lastSyncs[user]) {
		return false
	}
	if s.lastSyncs == nil {
		s.lastSyncs = map[string]time.Time{}
	}
	s.lastSyncs[user] = at
	return true
}

// keptLastSync is owner's last sync as Settings kept it (zero when none).
func (s *Syncer) keptLastSync(ctx context.Context, owner string) time.Time {
	if owner == "" || s.cfg.Settings == nil {
		return time.Time{}
	}
	v, err := s.cfg.Settings.GetSetting(ctx, LastSyncPrefix+owner)
	if err != nil || v == "" {
		return time.Time{}
	}
	at, _ := time.Parse(time.RFC3339Nano, v)
	return at
}

func (s *Syncer) trackPeakLocked() {
	if s.prog.Waiting == 0 {
		s.peak = 0
		return
	}
	s.peak = max(s.peak, s.prog.Waiting)
}

// Saved tells sync a save put something in the outbox: it goes out now
// rather than at the worker's next poll (an offline worker keeps its
// backoff), and the counts follow.
func (s *Syncer) Saved() {
	s.mu.Lock()
	// Only a worker known to be offline keeps its backoff: one that has
	// sent nothing yet under this login is not offline.
	if s.worker != nil && (s.prog.Online || s.prog.LastError != crm.CodeOffline) {
		s.worker.Wake()
	}
	s.mu.Unlock()
	s.refreshCounts()
}

// refreshCounts reads the outbox's counts off the caller's goroutine; a
// call while one runs asks for one more run after it, not for a queue.
func (s *Syncer) refreshCounts() {
	if s.cfg.Outbox == nil {
		return
	}
	s.mu.Lock()
	if s.counting {
		s.recount = true
		s.mu.Unlock()
		return
	}
	s.counting = true
	s.mu.Unlock()
	s.goBackground(func(ctx context.Context) {
		for {
			owner := s.user()
			n, err := s.cfg.Outbox.OutboxStats(ctx, owner)
			last := s.keptLastSync(ctx, owner)
			s.mu.Lock()
			// Counted for a login that has changed since (a login, a
			// logout, a session ended): split by the wrong user, and
			// counted again rather than shown.
			stale := owner != s.userLocked()
			if err == nil && !stale {
				s.prog.Waiting, s.prog.Others, s.prog.SetAside, s.prog.Conflicts = n.Pending, n.Others, n.Aside, n.Conflicts
				s.trackPeakLocked()
			}
			if !stale && owner != "" {
				s.noteLastSyncLocked(owner, last)
			}
			again := (s.recount || stale) && ctx.Err() == nil
			s.recount = false
			s.counting = again
			s.mu.Unlock()
			if err != nil && ctx.Err() == nil {
				s.cfg.Log.Error("sync: outbox counts not read", "err", err)
			}
			s.changed()
			if !again {
				return
			}
		}
	})
}

// user is the crmd user logged in, "" when nobody is.
func (s *Syncer) user() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userLocked()
}

func (s *Syncer) userLocked() string {
	if s.client == nil {
		return ""
	}
	sess, _ := s.client.Session()
	return sess.Username
}

// Status is where the desk stands now.
func (s *Syncer) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Status{
		Configured: s.url != "", BadURL: s.badURL, URL: s.url, SessionEnded: s.authEnded, LoggingOut: s.out,
		Waiting: s.prog.Waiting, Others: s.prog.Others, SetAside: s.prog.SetAside, Conflicts: s.prog.Conflicts, Peak: s.peak,
		PlaybookVersion: s.pbVersion, LastError: s.prog.LastError,
	}
	if s.client != nil {
		if sess, ok := s.client.Session(); ok {
			st.LoggedIn, st.User, st.Role = true, sess.Username, sess.Role
			s.lastUser, s.lastRole = sess.Username, sess.Role
			if s.notRecordedUser == sess.Username {
				st.AttemptsNotRecorded = s.notRecorded
			}
			st.LastSync = s.lastSyncs[sess.Username]
		}
	}
	if st.SessionEnded {
		st.EndedUser, st.EndedRole = s.lastUser, s.lastRole
		st.LastSync = s.lastSyncs[s.lastUser]
	}
	// crmd answers or not: the last pull tells while nothing waits, the
	// worker's sends tell while items go out.
	switch {
	case s.probe == probeFailed:
		st.Known = true
	case s.prog.Waiting > 0 && !s.prog.Online && s.prog.LastError == crm.CodeOffline:
		st.Known = true
	case s.probe == probeOK || s.prog.Online:
		st.Known, st.Online = true, true
	}
	return st
}

// LoginErrorKey is the message key of why a login failed, for the app's
// login dialog and agentctl crm login alike. It does not help a guesser:
// a wrong username and a wrong password read the same.
func LoginErrorKey(err error) string {
	switch crm.CodeOf(err) {
	case crm.CodeInsecureURL:
		return "sync.login.err.insecure"
	case crm.CodeUnauthorized, crm.CodeForbidden:
		return "sync.login.err.credentials"
	case crm.CodeRateLimited:
		return "sync.login.err.busy"
	case crm.CodeInternal, crm.CodeUnavailable:
		return "sync.login.err.server"
	case crm.CodeOffline:
		return "sync.login.err.unreachable"
	}
	return "sync.login.err.other"
}

// Login starts a session with crmd and the worker with it. It blocks on
// the network: call it off a window's thread.
func (s *Syncer) Login(ctx context.Context, username, password string) (crm.Session, error) {
	s.mu.Lock()
	client, gen := s.client, s.gen
	s.mu.Unlock()
	if client == nil {
		return crm.Session{}, crm.ErrLoggedOut
	}
	sess, err := client.Login(ctx, username, password)
	if err != nil {
		return sess, err
	}
	s.mu.Lock()
	if gen == s.gen {
		s.authEnded, s.probe, s.lastPull, s.lastSlow = false, probeUnknown, time.Time{}, time.Time{}
		// Another user, or the same after a while: what crmd shows them is
		// read from the start again (a status already on a case adds
		// nothing to it). The team's queue is the same for every
		// supervisor: it reads on from the cursor kept.
		s.esc, s.redo, s.handed, s.teamSince, s.teamKnown = escCursor{}, nil, nil, time.Time{}, false
		// The backlog is this user's now: the progress bar starts over.
		s.peak, s.lastUser, s.lastRole = 0, sess.Username, sess.Role
		s.startWorkerLocked()
	}
	s.mu.Unlock()
	s.cfg.Log.Info("logged in to the CRM", "user", sess.Username, "role", sess.Role)
	s.refreshCounts()
	s.pullNow()
	return sess, nil
}

// Logout ends the session on crmd and here; saves keep waiting in the
// outbox for the next login. It blocks on the network.
func (s *Syncer) Logout(ctx context.Context) error {
	s.mu.Lock()
	client := s.client
	if client == nil || s.out {
		s.mu.Unlock()
		return nil
	}
	s.stopWorkerLocked()
	// A pull still in flight would read the ended session as expired.
	s.gen++
	s.out = true
	s.mu.Unlock()
	s.changed()
	err := client.Logout(ctx)
	s.mu.Lock()
	s.out = false
	s.authEnded, s.probe = false, probeUnknown
	s.peak, s.lastUser, s.lastRole = 0, "", ""
	s.mu.Unlock()
	if err != nil {
		// The session is forgotten here anyway; its tokens expire.
		s.cfg.Log.Warn("CRM logout did not reach the CRM", "err", err)
	}
	// Nobody is logged in now: every save waiting is simply pending.
	s.refreshCounts()
	s.changed()
	return err
}

// Undelivered hands back statuses the desk could not record (a save that
// failed): the next pull delivers them again. Only the statuses last
// handed over count: one from before a login or an address change, or one
// a newer status of its case has replaced, is dropped.
func (s *Syncer) Undelivered(list []crm.EscalationStatus) {
	s.mu.Lock()
	for _, st := range list {
		if at, ok := s.handed[st.CaseID]; ok && at.Equal(st.UpdatedAt) {
			s.redo = append(s.redo, st)
		}
	}
	s.mu.Unlock()
}

// handOverLocked is what a pull delivers: the statuses handed back first, each
// left out where the pull brings a newer one of its case.
func (s *Syncer) handOverLocked(fresh []crm.EscalationStatus) []crm.EscalationStatus {
	newest := map[string]time.Time{}
	for _, st := range fresh {
		if st.UpdatedAt.After(newest[st.CaseID]) {
			newest[st.CaseID] = st.UpdatedAt
		}
	}
	var out []crm.EscalationStatus
	for _, st := range s.redo {
		if at, ok := newest[st.CaseID]; !ok || st.UpdatedAt.After(at) {
			out = append(out, st)
		}
	}
	out = append(out, fresh...)
	s.redo = nil
	if s.handed == nil {
		s.handed = map[string]time.Time{}
	}
	// Kept from pull to pull (the app records a status later, on its own
	// thread), one time per case, until a login or an address change.
	for _, st := range out {
		if at, ok := s.handed[st.CaseID]; !ok || st.UpdatedAt.After(at) {
			s.handed[st.CaseID] = st.UpdatedAt
		}
	}
	return out
}

// Conflicts lists the conflicts of the login in use, oldest first: its
// own (a save without an owner becomes the login's it went under, with
// its conflict) and those of saves no login owns (all of them while
// nobody is logged in, as OutboxStats counts them). On a shared desk
// another agent's waits for that agent's login: deciding it here ("take
// theirs") would throw their version away without them ever seeing it.
// The outbox still holds every case in conflict back, whoever's it is
// (HoldConflicts).
func (s *Syncer) Conflicts(ctx context.Context) ([]crm.Conflict, error) {
	all, err := s.cfg.Outbox.OutboxConflicts(ctx)
	if err != nil {
		return nil, err
	}
	sess, ok := s.Session()
	if !ok || sess.Username == "" {
		return all, nil // nobody logged in: every conflict, as every item waiting
	}
	return slices.DeleteFunc(all, func(c crm.Conflict) bool { return c.Owner != "" && c.Owner != sess.Username }), nil
}

// Aside lists what crmd refused for good of the login in use: its own and
// those of saves no login owns (all of them while nobody is logged in),
// as Conflicts does and OutboxStats counts them. On a shared desk another
// agent's refusal is theirs to read at their login, not the next
// person's. The outbox still holds every refused case back, whoever's it
// is (HoldConflicts).
func (s *Syncer) Aside(ctx context.Context) ([]crm.AsideItem, error) {
	return s.cfg.Outbox.OutboxAsideOf(ctx, s.user())
}

// Resolved tells sync a person resolved a conflict: a kept version goes
// out now.
func (s *Syncer) Resolved() { s.Saved() }

// RefreshNow asks crmd for what changed (the back office's statuses, the
// team's queue) without waiting for the next pull.
func (s *Syncer) RefreshNow() {
	s.mu.Lock()
	s.lastPull = time.Time{}
	s.mu.Unlock()
	s.pullNow()
}

// pullNow asks the pull loop for a round now.
func (s *Syncer) pullNow() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// pullLoop asks crmd for the back office's statuses every Pull and, every
// Slow, for a new playbook, and uploads training attempts.
func (s *Syncer) pullLoop(ctx context.Context) {
	t := time.NewTicker(s.cfg.Pull)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
		s.pull(ctx)
	}
}

func (s *Syncer) pull(ctx context.Context) {
	s.mu.Lock()
	if s.endedLocked() {
		s.mu.Unlock()
		s.refreshCounts()
		s.changed()
		return
	}
	if !s.loggedInLocked() || s.out || time.Since(s.lastPull) < s.cfg.Pull/2 {
		s.mu.Unlock()
		return
	}
	now := time.Now()
	slow := now.Sub(s.lastSlow) >= s.cfg.Slow
	s.lastPull = now
	if slow {
		s.lastSlow = now
	}
	client, since, gen, sha, agent, teamSince, teamResets := s.client, s.esc.since(), s.gen, s.pbSHA, s.agent, s.teamSince, s.teamResets
	url, teamKnown := s.url, s.teamKnown
	s.mu.Unlock()
	sess, _ := client.Session()
	// What is pulled and uploaded is this user's: a login meanwhile ends
	// the round rather than carry it on under another token.
	ctx = crm.AsUser(ctx, sess.Username)
	if sess.Username != "" {
		s.mu.Lock()
		if gen == s.gen {
			s.lastUser, s.lastRole = sess.Username, sess.Role
		}
		s.mu.Unlock()
	}
	trainee := sess.Role == crm.RoleTrainee
	team := false
	var teamErr error
	// Whoever decides amounts above authority works the team's queue: an
	// admin too, whose limit covers amounts a supervisor's does not.
	if s.cfg.Team != nil && slices.Contains(cases.DeciderRoles, sess.Role) {
		// The team's queue first: it is what a supervisor's screen shows.
		var err error
		if !teamKnown {
			// A restart reads on from where the last run stopped, not the
			// centre's whole history again.
			if u, at, err := s.cfg.Team.TeamCursor(ctx); err == nil && u == url {
				teamSince = at
			}
		}
		if teamSince, err = PullTeam(ctx, client, s.cfg.Team, sinceWithOverlap(teamSince)); err == nil {
			team = true
		} else if ctx.Err() == nil {
			s.cfg.Log.Warn("the team's escalations were not refreshed", "err", err)
		}
		teamErr = err
	}

	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var esc []crm.EscalationStatus
	var escErr error
	switch {
	case trainee:
		// Trainees' tokens open only the training routes.
	case sess.Role == crm.RoleAdmin:
		// crmd keeps no cases of an admin's own and refuses them the
		// statuses route; asked anyway, the refusal held back the
		// playbook, whose limits the team review judges approvals by.
		// The team queue is the round's word from crmd.
		escErr = teamErr
	default:
		esc, escErr = client.Escalations(ctx, since)
	}
	var pack *playbook.Playbook
	var meta PackMeta
	if slow && (trainee || escErr == nil) {
		var packErr, upErr error
		if s.cfg.DataDir != "" {
			pack, meta, packErr = FetchPlaybook(ctx, client, s.cfg.DataDir, sha)
			if packErr != nil && ctx.Err() == nil {
				s.cfg.Log.Warn("the playbook published on the CRM was not taken", "err", packErr)
			}
		}
		if s.cfg.Attempts != nil && agent != "" {
			held, err := AttemptsNotRecorded(ctx, s.cfg.Attempts, agent, sess.Username, sess.Role)
			if err == nil {
				s.mu.Lock()
				if gen == s.gen {
					s.notRecorded, s.notRecordedUser = held, sess.Username
				}
				s.mu.Unlock()
			}
			n, err := UploadAttempts(ctx, client, s.cfg.Attempts, agent)
			if n > 0 {
				s.cfg.Log.Info("training attempts uploaded", "count", n)
			}
			if err != nil && ctx.Err() == nil {
				s.cfg.Log.Warn("training attempts not uploaded", "err", err)
			}
			upErr = err
		}
		if trainee {
			escErr = errors.Join(packErr, upErr)
		}
	}
	if s.root.Err() != nil {
		return
	}
	if team {
		s.keepTeamCursor(ctx, gen, teamResets, url, teamSince)
	}

	s.mu.Lock()
	if gen != s.gen {
		s.mu.Unlock()
		return
	}
	switch code := crm.CodeOf(escErr); {
	case code == "":
		s.probe = probeOK
	case code == crm.CodeLoggedOut:
		// Ended or another login meanwhile: endedLocked below tells.
	case unreachable(escErr):
		// A proxy answering for crmd down behind it, too.
		s.probe = probeFailed
	default:
		s.probe = probeOK // crmd answered
	}
	// Not only the statuses' request finds the session over: the round's
	// playbook fetch or upload may be the one whose refresh crmd refused.
	recount := s.endedLocked()
	if s.probe == probeOK && !s.prog.Online && s.prog.Waiting > 0 && s.worker != nil {
		// crmd is back before the worker's backoff ran out.
		s.worker.Wake()
	}
	esc = s.handOverLocked(s.esc.take(esc))
	if pack == nil && meta.SHA256 != "" {
		s.pbSHA = meta.SHA256
	}
	s.mu.Unlock()
	if recount {
		s.refreshCounts()
	}
	if team && s.cfg.OnTeam != nil {
		s.cfg.OnTeam()
	}
	if len(esc) > 0 && s.cfg.OnEscalations != nil {
		s.cfg.OnEscalations(esc)
	}
	if pack != nil {
		s.usePlaybook(pack, meta)
	}
	s.changed()
}

// endedLocked records that crmd ended the session, when the client has
// forgotten it (a refresh crmd refused, whichever request made it: a
// pull's, the worker's, a customer lookup's) while the desk had a login
// (lastUser) and no logout of its own is under way (Logout clears lastUser
// as it ends). It says whether it did: nobody's saves are told apart now,
// and the counts are read again.
func (s *Syncer) endedLocked() bool {
	if s.client == nil || s.loggedInLocked() || s.out || s.authEnded || s.lastUser == "" {
		return false
	}
	s.authEnded = true
	s.peak = 0
	s.stopWorkerLocked()
	return true
}

// readTeamAgain sets the team cursor back to the start, here and in the
// team store, when the worker of connection wgen left a team case showing
// the desk's own action that crmd refused or took: the refreshes skipped
// the case while the action waited and may be past crmd's change of it.
func (s *Syncer) readTeamAgain(wgen int) {
	s.teamMu.Lock()
	defer s.teamMu.Unlock()
	s.mu.Lock()
	current, url := wgen == s.wgen, s.url
	if current {
		s.teamSince, s.teamKnown, s.teamResets = time.Time{}, true, s.teamResets+1
	}
	s.mu.Unlock()
	if current && s.cfg.Team != nil {
		if err := s.cfg.Team.SetTeamCursor(context.WithoutCancel(s.root), url, time.Time{}); err != nil {
			s.cfg.Log.Warn("the team queue's cursor was not set back", "err", err)
		}
	}
}

// keepTeamCursor moves the team cursor on to at after a refresh, here and
// in the team store, unless the connection changed or a refused move set
// it back meanwhile.
func (s *Syncer) keepTeamCursor(ctx context.Context, gen, resets int, url string, at time.Time) {
	s.teamMu.Lock()
	defer s.teamMu.Unlock()
	s.mu.Lock()
	if gen != s.gen || resets != s.teamResets {
		s.mu.Unlock()
		return
	}
	if at.After(s.teamSince) {
		s.teamSince = at
	}
	s.teamKnown = true
	at = s.teamSince
	s.mu.Unlock()
	if err := s.cfg.Team.SetTeamCursor(ctx, url, at); err != nil && ctx.Err() == nil {
		s.cfg.Log.Warn("the team queue's cursor was not kept", "err", err)
	}
}

// usePlaybook records the pack crmd published and hands it on.
func (s *Syncer) usePlaybook(pb *playbook.Playbook, m PackMeta) {
	s.mu.Lock()
	changed := m.Version != s.pbVersion
	s.pbVersion, s.pbSHA = m.Version, m.SHA256
	s.mu.Unlock()
	if changed {
		s.cfg.Log.Info("playbook published on the CRM in hand", "version", m.Version)
	}
	if s.cfg.OnPlaybook != nil && s.root.Err() == nil {
		s.cfg.OnPlaybook(pb, m.Version, changed)
	}
	s.changed()
}

// conflictHold is the outbox as the worker reads it: a case whose conflict
// waits for a person sends nothing more until it is resolved. Its later
// versions were built on the refused one, and crmd would take the next of
// them on top of the other desk's version whenever the version numbers
// line up, overwriting it unseen. Resolving the conflict replaces them.
// A version that follows one crmd set aside for good is in the same spot
// (its base never reached crmd): it is marked AfterRefusal, and the worker
// sets it beside crmd's copy as a conflict instead of sending it.
type conflictHold struct{ Outbox }

// HoldConflicts is o as every worker must read it (the desktop's and
// agentctl sync's): a case whose conflict waits sends nothing more.
func HoldConflicts(o Outbox) Outbox { return conflictHold{o} }

func (h conflictHold) DueOutbox(ctx context.Context, owner string, now time.Time, limit int) ([]crm.OutboxItem, error) {
	return h.DueOutboxExcept(ctx, owner, now, limit, nil, nil)
}

// DueOutboxExcept is DueOutbox less the items skip and the case versions
// of the cases also, left out by the store's query when it can
// (sqlite.DB.DueOutboxExcept) with those of the cases held.
func (h conflictHold) DueOutboxExcept(ctx context.Context, owner string, now time.Time, limit int, skip []int64, also []string) ([]crm.OutboxItem, error) {
	held, refused, err := h.holds(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range also {
		held[id] = true
	}
	due, err := h.due(ctx, owner, now, limit, skip, held)
	if err != nil || len(refused) == 0 {
		return due, err
	}
	for i, it := range due {
		due[i].AfterRefusal = it.Kind == crm.OutboxCase && refused[it.Ref][it.Version-1]
	}
	return due, nil
}

// holdReader is an outbox that says which cases are held without the
// bodies of their conflicts (sqlite.DB).
type holdReader interface {
	OutboxHolds(ctx context.Context) (conflicted []string, refused map[string][]int, err error)
}

// holds is the cases whose conflict waits for a person, and the versions
// of cases crmd refused for good. They are read before every batch: a
// store that can gives only the case IDs and versions, not both versions
// of every conflict (after crmd's database was replaced, hundreds).
func (h conflictHold) holds(ctx context.Context) (held map[string]bool, refused map[string]map[int]bool, err error) {
	held, refused = map[string]bool{}, map[string]map[int]bool{}
	refuse := func(id string, v int) {
		if refused[id] == nil {
			refused[id] = map[int]bool{}
		}
		refused[id][v] = true
	}
	if o, ok := h.Outbox.(holdReader); ok {
		conflicted, versions, err := o.OutboxHolds(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range conflicted {
			held[id] = true
		}
		for id, vs := range versions {
			for _, v := range vs {
				refuse(id, v)
			}
		}
		return held, refused, nil
	}
	conflicts, err := h.OutboxConflicts(ctx)
	if err != nil {
		return nil, nil, err
	}
	aside, err := h.OutboxAside(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range aside {
		if a.Kind == crm.OutboxCase {
			refuse(a.CaseID, a.Version)
		}
	}
	for _, cf := range conflicts {
		held[cf.CaseID] = true
	}
	return held, refused, nil
}

// due is the store's DueOutbox less skip and the case versions of the
// cases held: in its query when it can, else read along and dropped here.
func (h conflictHold) due(ctx context.Context, owner string, now time.Time, limit int, skip []int64, held map[string]bool) ([]crm.OutboxItem, error) {
	if o, ok := h.Outbox.(dueExcepter); ok {
		var cases []string
		for id := range held {
			cases = append(cases, id)
		}
		return o.DueOutboxExcept(ctx, owner, now, limit, skip, cases)
	}
	if len(skip) == 0 && len(held) == 0 {
		return h.Outbox.DueOutbox(ctx, owner, now, limit)
	}
	// At most one item per case is due, so asking for len(held) more
	// still fills the batch.
	due, err := h.Outbox.DueOutbox(ctx, owner, now, limit+len(skip)+len(held))
	if err != nil {
		return nil, err
	}
	left := make(map[int64]bool, len(skip))
	for _, id := range skip {
		left[id] = true
	}
	out := due[:0]
	for _, it := range due {
		if !left[it.ID] && !(it.Kind == crm.OutboxCase && held[it.Ref]) && len(out) < limit {
			out = append(out, it)
		}
	}
	return out, nil
}
