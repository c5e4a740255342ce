package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/cases"
	"agentdesk/sqlite"
)

// config set currency was taken and did nothing: every playbook names the
// currency of its amounts, and the pack's wins (cases.DefaultCurrency).
// It is refused saying whose the currency is, in the person's language,
// and nothing is stored; one stored by an earlier release is not shown as
// if it were in force.
func TestConfigSetCurrencySaysThePlaybookOwnsIt(t *testing.T) {
	t.Setenv("AGENTDESK_DATA_DIR", t.TempDir())
	dbPath := filepath.Join(t.TempDir(), "agentdesk.db")
	for _, c := range []struct{ lang, want string }{
		{"en", "the playbook in force, USD"},
		{"es", "la guía en uso, USD"},
	} {
		code, _, errs := runEnv(t, "", c.lang, "config", "set", "currency", "EUR", "--db", dbPath)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("%s: config set currency EUR: exit %d, %q; want a refusal naming %q", c.lang, code, errs, c.want)
		}
	}
	code, _, errs := runEnv(t, "", "en", "config", "set", "nonsense", "x", "--db", dbPath)
	if code == 0 || strings.Contains(errs, "currency") {
		t.Errorf("the keys offered for a mistyped one still name currency: %q", errs)
	}

	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath, sqlite.Production)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := db.GetSetting(ctx, cases.KeyCurrency); v != "" {
		t.Errorf("currency stored: %q", v)
	}
	err = db.SetSetting(ctx, cases.KeyCurrency, "EUR") // an earlier release's
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runEnv(t, "", "en", "config", "show", "--db", dbPath)
	if code != 0 {
		t.Fatalf("config show: exit %d: %s", code, errs)
	}
	if strings.Contains(out, "currency") {
		t.Errorf("config show lists a currency not in force:\n%s", out)
	}
}
