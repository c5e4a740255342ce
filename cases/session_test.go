package cases_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

// failingStore fails every save while fail is set: a full disk.
type failingStore struct {
	*sqlite.DB
	fail bool
}

func (f *failingStore) SaveCase(ctx context.Context, c *cases.Case, evs []cases.Event) error {
	if f.fail {
		return errors.New("disk full")
	}
	return f.DB.SaveCase(ctx, c, evs)
}

func newSession(t *testing.T) (*cases.Session, *failingStore, *[]cases.Change) {
	t.Helper()
	db := sqlitetest.Open(t, "", sqlite.Production)
	st := &failingStore{DB: db}
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	s := cases.NewSession(st, func() time.Time { return now }, db)
	var seen []cases.Change
	s.Subscribe(func(ch cases.Change) { seen = append(seen, ch) })
	return s, st, &seen
}

func call() *cases.Case {
	return &cases.Case{Agent: "ana", Role: cases.RoleAgent, CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "1002003004", Name: "Lucía Gómez"},
		Steps:    []cases.StepProgress{{Step: "introduction", State: cases.StepPending}, {Step: "closing", State: cases.StepPending}}}
}

func TestSessionIsTheSavePath(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change)
	}{
		{"start, change, stored with its event", func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change) {
			if err := s.Start(ctx, call()); err != nil {
				t.Fatal(err)
			}
			if err := s.Update(ctx, func(c *cases.Case) ([]cases.Event, error) {
				c.Current = "closing"
				return []cases.Event{{Kind: cases.EventStep, Detail: "closing"}}, nil
			}); err != nil {
				t.Fatal(err)
			}
			got, _ := st.GetCase(ctx, s.Case().ID)
			tl, _ := st.Timeline(ctx, s.Case().ID)
			if got.Version != 2 || got.Current != "closing" || len(tl) != 2 || tl[1].Kind != cases.EventStep {
				t.Fatalf("stored v%d %q, timeline %+v", got.Version, got.Current, tl)
			}
			if len(*seen) != 2 || !(*seen)[1].Saved || (*seen)[1].Case != s.Case() {
				t.Fatalf("told %+v", *seen)
			}
		}},
		{"browsing an open case keeps its place; an ended one is only read", func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change) {
			s.Start(ctx, call())
			if err := s.Browse(ctx, "closing"); err != nil {
				t.Fatal(err)
			}
			if got, _ := st.GetCase(ctx, s.Case().ID); got.Version != 2 || got.Current != "closing" {
				t.Fatalf("open: stored v%d at %q", got.Version, got.Current)
			}
			if err := s.Browse(ctx, "nowhere"); cases.ErrorCode(err) != cases.EInvalid {
				t.Errorf("a step the case does not have: %v", err)
			}
			s.Update(ctx, func(c *cases.Case) ([]cases.Event, error) {
				c.Status = cases.StatusClosed
				return nil, nil
			})
			n := len(*seen)
			s.SetNotes("typed after the close")
			if err := s.Browse(ctx, "introduction"); err != nil || s.Case().Current != "introduction" || len(*seen) != n+1 {
				t.Fatalf("ended: %v, shows %q, told %d", err, s.Case().Current, len(*seen)-n)
			}
			if err := s.FlushNotes(); err != nil {
				t.Fatal(err)
			}
			if got, _ := st.GetCase(ctx, s.Case().ID); got.Version != 3 || got.Current != "closing" || got.Notes != "" {
				t.Errorf("ended: stored v%d at %q, notes %q", got.Version, got.Current, got.Notes)
			}
		}},
		{"a refusal writes nothing", func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change) {
			s.Start(ctx, call())
			refused := cases.Errorf(cases.EInvalid, "no")
			if err := s.Update(ctx, func(c *cases.Case) ([]cases.Event, error) { return nil, refused }); err != refused {
				t.Fatalf("refusal: %v", err)
			}
			if got, _ := st.GetCase(ctx, s.Case().ID); got.Version != 1 || s.Err() != nil {
				t.Fatalf("v%d err %v", got.Version, s.Err())
			}
		}},
		{"a failed save keeps the change for the next one", func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change) {
			s.Start(ctx, call())
			st.fail = true
			err := s.Update(ctx, func(c *cases.Case) ([]cases.Event, error) {
				c.Reason = "billing.promo_expired"
				return nil, nil
			})
			if err == nil || s.Err() != err || s.Case().Version != 1 || s.Case().Reason != "billing.promo_expired" {
				t.Fatalf("err %v, session err %v, v%d %q", err, s.Err(), s.Case().Version, s.Case().Reason)
			}
			if last := (*seen)[len(*seen)-1]; last.Err == nil || last.Saved {
				t.Fatalf("told %+v", last)
			}
			st.fail = false
			if err := s.Update(ctx, func(c *cases.Case) ([]cases.Event, error) { return nil, nil }); err != nil {
				t.Fatal(err)
			}
			if got, _ := st.GetCase(ctx, s.Case().ID); got.Reason != "billing.promo_expired" || s.Err() != nil {
				t.Fatalf("after the retry: %q %v", got.Reason, s.Err())
			}
		}},
		{"typed notes are saved once, before the next change", func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change) {
			s.Start(ctx, call())
			s.SetNotes("llamar el lunes")
			if s.Notes() != "llamar el lunes" || !s.NotesPending() {
				t.Fatal("notes not kept while typing")
			}
			if got, _ := st.GetCase(ctx, s.Case().ID); got.Notes != "" {
				t.Fatal("notes saved on every key")
			}
			n := len(*seen)
			s.Update(ctx, func(c *cases.Case) ([]cases.Event, error) { return []cases.Event{{Kind: cases.EventLang}}, nil })
			tl, _ := st.Timeline(ctx, s.Case().ID)
			if len(tl) != 3 || tl[1].Kind != cases.EventNote || tl[2].Kind != cases.EventLang {
				t.Fatalf("timeline %+v", tl)
			}
			if !(*seen)[n].NotesOnly || (*seen)[n+1].NotesOnly {
				t.Fatalf("told %+v", (*seen)[n:])
			}
			if s.FlushNotes() != nil || len(*seen) != n+2 {
				t.Fatal("flushing nothing wrote")
			}
		}},
		{"notes whose save failed stay pending", func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change) {
			s.Start(ctx, call())
			s.SetNotes("a medias")
			st.fail = true
			if s.FlushNotes() == nil || !s.NotesPending() || s.Notes() != "a medias" {
				t.Fatal("failed notes lost")
			}
			st.fail = false
			if s.FlushNotes() != nil || s.NotesPending() {
				t.Fatal("notes not saved on the retry")
			}
			if got, _ := st.GetCase(ctx, s.Case().ID); got.Notes != "a medias" {
				t.Fatalf("stored notes %q", got.Notes)
			}
		}},
		{"a case with notes that could not be saved is not left", func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change) {
			s.Start(ctx, call())
			first := s.Case()
			s.SetNotes("dictado durante un fallo del disco")
			st.fail = true
			if s.Close() == nil || s.Open(call()) == nil || s.Start(ctx, call()) == nil {
				t.Fatal("the call was left with unsaved notes")
			}
			if s.Case() != first || !s.NotesPending() || s.Notes() != "dictado durante un fallo del disco" {
				t.Fatalf("case %v, pending %v, notes %q", s.Case() == first, s.NotesPending(), s.Notes())
			}
			st.fail = false
			if err := s.Close(); err != nil || s.Case() != nil {
				t.Fatalf("close once the disk is back: %v", err)
			}
			if got, _ := st.GetCase(ctx, first.ID); got.Notes != "dictado durante un fallo del disco" {
				t.Fatalf("stored notes %q", got.Notes)
			}
		}},
		{"apply reaches a case that is not open", func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change) {
			other := call()
			if err := (&cases.Service{Store: st}).Create(ctx, other); err != nil {
				t.Fatal(err)
			}
			s.Start(ctx, call())
			open := s.Case()
			if err := s.Apply(ctx, other.ID, func(c *cases.Case) ([]cases.Event, error) {
				c.Notes = "from sync"
				return []cases.Event{{Kind: cases.EventNote}}, nil
			}); err != nil {
				t.Fatal(err)
			}
			if got, _ := st.GetCase(ctx, other.ID); got.Notes != "from sync" || got.Version != 2 || s.Case() != open {
				t.Fatalf("other case %+v", got)
			}
			if last := (*seen)[len(*seen)-1]; last.Other == nil || last.Other.ID != other.ID {
				t.Fatalf("told %+v", last)
			}
			// The open one changes in place, so the screen's copy is never
			// a version behind; nothing to do writes nothing.
			if err := s.Apply(ctx, open.ID, func(c *cases.Case) ([]cases.Event, error) { return nil, nil }); err != nil || open.Version != 1 {
				t.Fatalf("no-op apply: v%d %v", open.Version, err)
			}
			if err := s.Apply(ctx, open.ID, func(c *cases.Case) ([]cases.Event, error) {
				c.Notes = "also from sync"
				return []cases.Event{{Kind: cases.EventNote}}, nil
			}); err != nil || s.Case().Version != 2 || s.Case().Notes != "also from sync" {
				t.Fatalf("open case: v%d %v", s.Case().Version, err)
			}
			if err := s.Apply(ctx, "C-NONE", func(c *cases.Case) ([]cases.Event, error) { return nil, nil }); cases.ErrorCode(err) != cases.ENotFound {
				t.Fatalf("unknown case: %v", err)
			}
		}},
		{"no open case: update is refused", func(t *testing.T, s *cases.Session, st *failingStore, seen *[]cases.Change) {
			if err := s.Update(ctx, func(c *cases.Case) ([]cases.Event, error) { return nil, nil }); cases.ErrorCode(err) != cases.EInvalid {
				t.Fatalf("update with no call: %v", err)
			}
			s.Start(ctx, call())
			s.Close()
			if s.Case() != nil || (*seen)[len(*seen)-1].Case != nil {
				t.Fatal("close left a case")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, st, seen := newSession(t)
			tc.run(t, s, st, seen)
		})
	}
}

// A call records when it began by the desk's clock (OpenedAt): crmd dates
// the record by its own receipt, hours later for a call taken offline,
// and the supervisor's summary reads the call's opening from this.
func TestStartRecordsWhenTheCallBegan(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newSession(t)
	if err := s.Start(ctx, call()); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	got, err := st.GetCase(ctx, s.Case().ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.OpenedAt.Equal(want) || !s.Case().OpenedAt.Equal(want) {
		t.Errorf("opened at %v (on screen %v), want %v", got.OpenedAt, s.Case().OpenedAt, want)
	}
}
