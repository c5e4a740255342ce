package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/sqlite"
	"agentdesk/sqlite/sqlitetest"
)

func open(t *testing.T, kind sqlite.Kind) *sqlite.DB {
	t.Helper()
	db := sqlitetest.Open(t, "", kind)
	return db
}

func newCase() *cases.Case {
	return &cases.Case{
		Agent: "ana", Role: "agent", CallType: "bill_increase", CallLang: locales.ES,
		Customer: cases.Customer{Account: "1002003004", Name: "Lucía Gómez"},
	}
}

// Both stores open in WAL mode with synchronous=FULL and foreign keys on,
// and wait for each other's writes rather than fail: the desk 5 s, crmd,
// with many requests at once, 10 s.
func TestPragmas(t *testing.T) {
	ctx := context.Background()
	server, err := sqlite.OpenServer(ctx, filepath.Join(t.TempDir(), "crmd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	for _, tc := range []struct {
		name string
		db   *sql.DB
		busy int
	}{
		{"desk", open(t, sqlite.Production).SQL(), 5000},
		{"crmd", server.SQL(), 10000},
	} {
		var mode string
		var sync, fk, busy int
		tc.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
		tc.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync)
		tc.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
		tc.db.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
		if mode != "wal" || sync != 2 || fk != 1 || busy != tc.busy {
			t.Errorf("%s: journal_mode=%s synchronous=%d foreign_keys=%d busy_timeout=%d, want wal 2 (FULL) 1 %d",
				tc.name, mode, sync, fk, busy, tc.busy)
		}
	}
}

func TestCaseLifecycle(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	svc := &cases.Service{Store: db}
	c := newCase()
	original := "Cliente pagó con tarjeta 4111 1111 1111 1111, todo bien"
	c.Notes = original
	if err := svc.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || got.Customer.Name != "Lucía Gómez" {
		t.Fatalf("got %+v", got)
	}
	if got.Notes == original || !strings.Contains(got.Notes, "1111") || strings.Contains(got.Notes, "4111") {
		t.Fatalf("notes not redacted: %q", got.Notes)
	}

	c.Status = cases.StatusEscalated
	c.Escalation = &cases.Escalation{Ticket: "ESC-20261123-0001", Priority: "high"}
	if err := svc.Save(ctx, c, cases.Event{Kind: "escalated", Detail: "ESC-20261123-0001"}); err != nil {
		t.Fatal(err)
	}
	if c.Version != 2 {
		t.Fatalf("version = %d", c.Version)
	}

	// A save based on a stale copy is refused and changes nothing.
	stale := *got
	stale.Notes = "otra cosa"
	err = svc.Save(ctx, &stale)
	if cases.ErrorCode(err) != cases.EConflict {
		t.Fatalf("stale save err = %v, want conflict", err)
	}
	if stale.Version != 1 {
		t.Fatalf("a failed save must leave the version alone, got %d", stale.Version)
	}

	tl, err := db.Timeline(ctx, c.ID)
	if err != nil || len(tl) != 2 || tl[0].Kind != "created" || tl[1].Kind != "escalated" {
		t.Fatalf("timeline = %+v, %v", tl, err)
	}
	for _, f := range []cases.Filter{{Text: "ESC-20261123"}, {Text: "lucía"}, {Account: "1002003004"}, {Status: cases.StatusEscalated}, {Agent: "ana"}} {
		l, err := db.ListCases(ctx, f)
		if err != nil || len(l) != 1 {
			t.Errorf("filter %+v: %d cases, %v", f, len(l), err)
		}
	}
	if l, _ := db.ListCases(ctx, cases.Filter{Agent: "someone-else"}); len(l) != 0 {
		t.Errorf("another agent's filter found %d", len(l))
	}
	pending, _, err := db.OutboxCount(ctx)
	if err != nil || pending != 2 {
		t.Errorf("outbox pending = %d, %v; want one row per saved version", pending, err)
	}
	if ok, err := db.IntegrityCheck(ctx); ok != "ok" || err != nil {
		t.Errorf("integrity_check = %s %v", ok, err)
	}
}

func TestNotFound(t *testing.T) {
	db := open(t, sqlite.Production)
	_, err := db.GetCase(context.Background(), "C-nope")
	if cases.ErrorCode(err) != cases.ENotFound {
		t.Fatalf("err = %v", err)
	}
	c := newCase()
	c.ID, c.Version = "C-missing", 1
	if err := (&cases.Service{Store: db}).Save(context.Background(), c); cases.ErrorCode(err) != cases.ENotFound {
		t.Fatalf("save of a missing case err = %v", err)
	}
}

// A case ID is read aloud and typed back (agentctl case show, case pdf,
// --open-case): in small letters, or pasted with a space around it, it is
// still that case, since IDs are made in capitals. Another ID is not
// found all the same.
func TestGetCaseByTheIDAsTyped(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	c := newCase()
	c.ID = cases.NewID(time.Now())
	if err := db.CreateCase(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{c.ID, strings.ToLower(c.ID), " " + c.ID + "\n", "\t" + strings.ToLower(c.ID)} {
		got, err := db.GetCase(ctx, typed)
		if err != nil || got.ID != c.ID {
			t.Errorf("%q: %v %v", typed, got, err)
		}
	}
	if _, err := db.GetCase(ctx, strings.ToLower(c.ID)+"x"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("another ID: %v", err)
	}
}

func TestTrainingAndProductionAreSeparate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	prod, err := sqlite.Open(ctx, filepath.Join(dir, "agentdesk.db"), sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	prod.Close()
	// The production file cannot be opened as the training database, and
	// the reverse.
	if _, err := sqlite.Open(ctx, filepath.Join(dir, "agentdesk.db"), sqlite.Training); !errors.Is(err, sqlite.ErrWrongKind) {
		t.Fatalf("opening production as training: %v", err)
	}
	tr, err := sqlite.Open(ctx, filepath.Join(dir, "training.db"), sqlite.Training)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if _, err := sqlite.Open(ctx, filepath.Join(dir, "training.db"), sqlite.Production); !errors.Is(err, sqlite.ErrWrongKind) {
		t.Fatalf("opening training as production: %v", err)
	}
	c := newCase()
	c.Training = true
	if err := (&cases.Service{Store: tr}).Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	// Training never queues anything for the CRM.
	if p, _, _ := tr.OutboxCount(ctx); p != 0 {
		t.Fatalf("training outbox = %d", p)
	}
	// A training case offered to production is refused.
	prod, err = sqlite.Open(ctx, filepath.Join(dir, "agentdesk.db"), sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	defer prod.Close()
	c2 := newCase()
	c2.Training = true
	if err := (&cases.Service{Store: prod}).Create(ctx, c2); cases.ErrorCode(err) != cases.EForbidden {
		t.Fatalf("training case into production: %v", err)
	}
}

// A card number typed into a new customer's name or address on the start
// form never reaches the desk's customer cache: the store redacts what it
// keeps, as crmd's stores do.
func TestCustomerCacheKeepsNoCardNumber(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	cu := &cases.Customer{Account: "556", Name: "Ana 4111 1111 1111 1111", Address: "Calle 5 4111111111111111"}
	if err := db.UpsertCustomer(ctx, cu); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetCustomer(ctx, "556")
	if err != nil || strings.Contains(got.Name+got.Address, "4111 1111 1111 1111") || strings.Contains(got.Address, "4111111111111111") {
		t.Errorf("cached %+v %v", got, err)
	}
	if l, _ := db.SearchCustomers(ctx, "4111", 10); len(l) != 0 {
		t.Errorf("found by the card's digits: %+v", l)
	}
}

func TestCustomersSettingsSequences(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	cu := &cases.Customer{Account: "555", Name: "Peter Hall", Since: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC), Balance: 12345}
	if err := db.UpsertCustomer(ctx, cu); err != nil {
		t.Fatal(err)
	}
	cu.Plan = "Fibra 600"
	if err := db.UpsertCustomer(ctx, cu); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetCustomer(ctx, "555")
	if err != nil || got.Plan != "Fibra 600" || got.Balance != 12345 {
		t.Fatalf("got %+v %v", got, err)
	}
	if l, _ := db.SearchCustomers(ctx, "peter", 10); len(l) != 1 {
		t.Errorf("search by name: %d", len(l))
	}
	if err := db.UpsertCustomer(ctx, &cases.Customer{}); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("empty account: %v", err)
	}
	if err := db.SetSetting(ctx, "company", "Telco Norte"); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.GetSetting(ctx, "company"); v != "Telco Norte" {
		t.Errorf("company = %q", v)
	}
	if err := db.SetSetting(ctx, "db.kind", "training"); err == nil {
		t.Error("db.kind must not be writable")
	}
}

// A range holds at the second: a case created a quarter second into it is
// in, one three quarters of a second before it is out, and the list is in
// time order within one second.
func TestListCasesRangeToTheSubsecond(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	from := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, x := range []struct {
		id string
		at time.Time
	}{{"C-IN", from.Add(250 * time.Millisecond)}, {"C-OUT", from.Add(-750 * time.Millisecond)}, {"C-EDGE", from}} {
		c := newCase()
		c.ID, c.CreatedAt, c.UpdatedAt = x.id, x.at, x.at
		if err := db.CreateCase(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	l, err := db.ListCases(ctx, cases.Filter{From: from, To: from.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range l {
		ids = append(ids, c.ID)
	}
	if strings.Join(ids, ",") != "C-IN,C-EDGE" {
		t.Errorf("in the range, latest first: %v", ids)
	}
}

// The desk's searches fold case for every letter, and accents as agents
// type without them: "GÓMEZ", "lucia gomez" and a decomposed "ó" find
// "Lucía Gómez" among the customers and among the cases.
func TestSearchesFoldCaseBeyondASCII(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	c := newCase()
	if err := db.CreateCase(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertCustomer(ctx, &c.Customer); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"GÓMEZ", "lucía gó", "lucia gomez", "LUCIA", "Go\u0301mez"} {
		if got, err := db.SearchCustomers(ctx, q, 10); err != nil || len(got) != 1 {
			t.Errorf("customers %q: %d %v", q, len(got), err)
		}
		if got, err := db.ListCases(ctx, cases.Filter{Text: q}); err != nil || len(got) != 1 {
			t.Errorf("cases %q: %d %v", q, len(got), err)
		}
	}
}

// A name is found however the spaces in it were typed or pasted: two
// spaces where one was meant, or the no-break space a web page or an
// e-mail puts between the words, on either side of the search.
func TestSearchesTakeAnySpacesAsOne(t *testing.T) {
	db := open(t, sqlite.Production)
	ctx := context.Background()
	for _, tc := range []struct{ stored, typed string }{
		{"Lucía Gómez", "lucia  gomez"},
		{"Lucía Gómez", "Lucía\u00a0Gómez"},
		{"Lucía Gómez", "lucía \u202f gómez"},
		{"María  José Pérez", "maria jose perez"},
		{"María\u00a0José Pérez", "maria jose"},
	} {
		c := newCase()
		c.Customer.Account = ""
		c.Customer.Name = tc.stored
		c.ID = cases.NewID(time.Now())
		if err := db.CreateCase(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
		got, err := db.ListCases(ctx, cases.Filter{Text: tc.typed})
		found := false
		for _, g := range got {
			found = found || g.ID == c.ID
		}
		if err != nil || !found {
			t.Errorf("cases: %q does not find %q (%v)", tc.typed, tc.stored, err)
		}
		cu := &cases.Customer{Account: c.ID, Name: tc.stored}
		if err := db.UpsertCustomer(ctx, cu); err != nil {
			t.Fatal(err)
		}
		found = false
		list, err := db.SearchCustomers(ctx, tc.typed, 50)
		for _, g := range list {
			found = found || g.Account == c.ID
		}
		if err != nil || !found {
			t.Errorf("customers: %q does not find %q (%v)", tc.typed, tc.stored, err)
		}
	}
}

// A path with the characters a SQLite URI reads ("#", "?", "%") is the
// file opened, not a shorter one beside it.
func TestOpenPathWithURICharacters(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"Team #2", "a?x", "d%20e", "100% ok"} {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "agentdesk.db")
		db, err := sqlite.Open(ctx, path, sqlite.Production)
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if err := db.SetSetting(ctx, "company", "Telco"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%q: the database is not where it was asked: %v", name, err)
		}
	}
}
