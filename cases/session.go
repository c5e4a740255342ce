package cases

import (
	"context"
	"errors"
	"time"
)

// ConflictResolver ends a case's sync conflicts with the version a person
// chose (sqlite.DB): the case row, its event and its outbox rows in one
// transaction.
type ConflictResolver interface {
	ResolveConflict(ctx context.Context, c *Case, localVersion int, ev Event, resend bool) error
}

// Session owns the call on screen: the open case, the only path that writes
// it, and who is told when it changes. Screens change the case through
// Update; sync applies what crmd sent through Apply and Resolve; nothing
// else writes a case of the desk. A Session is used from one goroutine (a
// window's): background work hands its changes to that goroutine.
type Session struct {
	svc      *Service
	resolver ConflictResolver
	now      func() time.Time

	c       *Case
	notes   string // typed since the last save
	dirty   bool   // notes holds words not on disk yet
	savedAt time.Time
	err     error // the last save's failure, nil after a success

	subs []func(Change)
}

// Change is what a subscriber is told.
type Change struct {
	Case *Case // the case now open, nil when none
	// Saved is set when the change was written (not for an open or a
	// close, which write nothing).
	Saved bool
	// NotesOnly is set when only typed notes were written: a screen
	// need not redraw what the agent is typing into.
	NotesOnly bool
	// Other is set when another case than the open one was written.
	Other *Case
	Err   error
}

// NewSession returns a session over store with no case open; now is the
// clock (time.Now when nil). resolver may be nil on a desk that does not
// sync.
func NewSession(store Store, now func() time.Time, resolver ConflictResolver) *Session {
	if now == nil {
		now = time.Now
	}
	return &Session{svc: &Service{Store: store, Now: now}, resolver: resolver, now: now}
}

// Subscribe calls fn after every change, on the session's goroutine.
func (s *Session) Subscribe(fn func(Change)) { s.subs = append(s.subs, fn) }

func (s *Session) tell(ch Change) {
	ch.Case = s.c
	for _, fn := range s.subs {
		fn(ch)
	}
}

// Case is the open case, nil when there is none. It is the session's:
// read it, change it only inside Update.
func (s *Session) Case() *Case { return s.c }

// Open shows an existing case. Notes typed on the previous case are saved
// first; when they cannot be, that case stays open with them and the
// error is returned: nothing typed is dropped without a word.
func (s *Session) Open(c *Case) error {
	if err := s.FlushNotes(); err != nil {
		return err
	}
	s.c, s.err, s.savedAt = c, nil, time.Time{}
	s.notes, s.dirty = "", false
	s.tell(Change{})
	return nil
}

// Close leaves no case on screen (a new call is about to start), once the
// notes typed on it are saved; when they cannot be, as Open.
func (s *Session) Close() error {
	if err := s.FlushNotes(); err != nil {
		return err
	}
	s.c, s.err = nil, nil
	s.tell(Change{})
	return nil
}

// Start creates c (a new call) and opens it, once the notes typed on the
// case on screen are saved; when they cannot be, as Open.
func (s *Session) Start(ctx context.Context, c *Case) error {
	if err := s.FlushNotes(); err != nil {
		return err
	}
	if err := s.svc.Create(ctx, c); err != nil {
		s.err = err
		return err
	}
	s.c, s.err, s.savedAt = c, nil, s.now()
	s.notes, s.dirty = "", false
	s.tell(Change{Saved: true})
	return nil
}

// SavedAt is when the open case was last written by this session.
func (s *Session) SavedAt() time.Time { return s.savedAt }

// Err is why the last save failed, nil when it did not.
func (s *Session) Err() error { return s.err }

// Notes are the open case's notes as typed, saved or not.
func (s *Session) Notes() string {
	if s.dirty {
		return s.notes
	}
	if s.c == nil {
		return ""
	}
	return s.c.Notes
}

// SetNotes keeps notes as they are typed; FlushNotes (or the next change)
// writes them. Typing saves on a pause, not on every key.
func (s *Session) SetNotes(text string) {
	if s.c == nil {
		return
	}
	s.notes, s.dirty = text, true
}

// NotesPending says whether typed notes wait to be saved.
func (s *Session) NotesPending() bool { return s.dirty }

// FlushNotes saves notes typed since the last save, with a "note" event.
// A failed save keeps them pending, so the next save tries again; notes
// over MaxNotes are refused (EInvalid, field "notes") and kept pending.
func (s *Session) FlushNotes() error {
	// An ended case's notes are its record: nothing typed is written over
	// them until it is reopened (the screen does not take typing then).
	if !s.dirty || s.c == nil || s.c.Ended() {
		return nil
	}
	notes := s.notes
	// Notes over the bound are never written: crmd would refuse the case
	// for good. They stay pending, as typed, for the agent to shorten.
	if err := CheckNotes(notes); err != nil {
		return err
	}
	s.dirty = false
	err := s.write(context.Background(), true, func(c *Case) ([]Event, error) {
		c.Notes = notes
		return []Event{{Kind: EventNote}}, nil
	})
	if err != nil {
		s.notes, s.dirty = notes, true
	}
	return err
}

// Browse shows step of the open case. An ended case is only read, so the
// step shown is not written: every look would be a new version sent to
// crmd, racing the back office's own writes on an escalated case. An open
// one keeps its place (saved), to be taken up where it was left.
func (s *Session) Browse(ctx context.Context, step string) error {
	if s.c == nil {
		return &Error{Code: EInvalid, Field: "call", Detail: "no call open"}
	}
	if s.c.stepIndex(step) < 0 {
		return &Error{Code: EInvalid, Field: "step", Detail: step}
	}
	if s.c.Ended() {
		s.c.Current = step
		s.tell(Change{})
		return nil
	}
	return s.Update(ctx, func(c *Case) ([]Event, error) {
		c.Current = step
		return nil, nil
	})
}

// Update changes the open case with change and saves it with the events
// change returns, in one transaction. Notes typed and not yet saved are
// saved first. When change refuses (a domain rule), nothing is written and
// its error is returned; when the save fails, the case keeps the change in
// memory, so the next save writes it, and the error is returned.
func (s *Session) Update(ctx context.Context, change func(c *Case) ([]Event, error)) error {
	if s.c == nil {
		return &Error{Code: EInvalid, Field: "call", Detail: "no call open"}
	}
	if err := s.FlushNotes(); err != nil {
		return err
	}
	return s.write(ctx, false, change)
}

func (s *Session) write(ctx context.Context, notesOnly bool, change func(c *Case) ([]Event, error)) error {
	evs, err := change(s.c)
	if err != nil {
		return err
	}
	if err := s.svc.Save(ctx, s.c, evs...); err != nil {
		s.err = err
		s.tell(Change{Err: err, NotesOnly: notesOnly})
		return err
	}
	s.err, s.savedAt = nil, s.now()
	s.tell(Change{Saved: true, NotesOnly: notesOnly})
	return nil
}

// errNothing stops a write that has nothing to write.
var errNothing = errors.New("cases: nothing to write")

// Apply changes the case with the given ID, open or not, and saves it: the
// open one through Update, so the screen's copy never falls a version
// behind; another is read from the store, changed and saved. A change that
// returns no events and no error is taken to mean "nothing to do".
func (s *Session) Apply(ctx context.Context, id string, change func(c *Case) ([]Event, error)) error {
	if s.c != nil && s.c.ID == id {
		// Notes over the bound wait for the agent to shorten them, still
		// pending; crmd's word need not wait with them (it never ends a
		// call, so the draft is not left on an ended case).
		if err := s.FlushNotes(); err != nil && !notesTooLong(err) {
			return err
		}
		var evs []Event
		if err := s.write(ctx, false, func(c *Case) ([]Event, error) {
			var err error
			evs, err = change(c)
			if err == nil && len(evs) == 0 {
				err = errNothing
			}
			return evs, err
		}); err != nil && err != errNothing {
			return err
		}
		return nil
	}
	c, err := s.svc.Store.GetCase(ctx, id)
	if err != nil {
		return err
	}
	evs, err := change(c)
	if err != nil || len(evs) == 0 {
		return err
	}
	if err := s.svc.Save(ctx, c, evs...); err != nil {
		return err
	}
	s.tell(Change{Saved: true, Other: c})
	return nil
}

// Resolve ends a case's sync conflicts with chosen, which the store holds
// afterwards at chosen.Version, and shows it if that case is open. It
// fails with EConflict when the case changed since localVersion was read.
func (s *Session) Resolve(ctx context.Context, chosen *Case, localVersion int, ev Event, resend bool) error {
	if s.resolver == nil {
		return Errorf(EForbidden, "this desk does not sync")
	}
	open := s.c != nil && s.c.ID == chosen.ID
	if open {
		if err := s.FlushNotes(); err != nil {
			return err
		}
	}
	// Written as every save is: crmd's copy may come from a release that
	// did not know every form of a card number, and it goes to the
	// desk's database and, kept again, back out to crmd.
	Sanitize(chosen)
	ev.Detail = Scrub(ev.Detail)
	if err := s.resolver.ResolveConflict(ctx, chosen, localVersion, ev, resend); err != nil {
		return err
	}
	if open {
		s.c, s.err, s.savedAt = chosen, nil, s.now()
		s.tell(Change{Saved: true})
		return nil
	}
	s.tell(Change{Saved: true, Other: chosen})
	return nil
}
