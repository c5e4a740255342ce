package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/playbook"
)

func runConfigSet(ctx context.Context, m *Main, args []string) error {
	m.creates = true
	pos, err := parseN(m.flagSet("config set"), args, 2, "config set KEY VALUE")
	if err != nil {
		return err
	}
	key, value := pos[0], pos[1]
	if key == cases.KeyCurrency {
		// Taken and stored, it changed nothing: the pack names the
		// currency of its amounts, and the pack's wins.
		return usageErr("%s", m.T().D("cli.config.currency", map[string]any{"Currency": m.basePackCurrency()}))
	}
	if dir := strings.TrimSpace(value); key == cases.KeyPlaybookDir && dir != "" {
		// A folder given relative to this terminal's folder is stored as
		// the folder it names: the app starts from another one.
		if abs, err := filepath.Abs(dir); err == nil {
			value = abs
		}
	}
	var ce *cases.Error
	err = cases.CheckSetting(key, value)
	if dir := strings.TrimSpace(value); err == nil && key == cases.KeyPlaybookDir && dir != "" {
		// As Settings refuses it: a folder that is not there, or a file,
		// only leaves the app to start without it.
		if fi, serr := os.Stat(dir); serr != nil || !fi.IsDir() {
			err = &cases.Error{Code: cases.EInvalid, Field: key, Detail: value}
		}
	}
	if errors.As(err, &ce) {
		t := m.T()
		if ce.Field == "key" {
			return usageErr("%s", t.D("cli.config.unknown_key", map[string]any{"Key": key, "Keys": strings.Join(cases.WorkstationKeys, ", ")}))
		}
		return usageErr("%s", t.D("cli.config.bad_value", map[string]any{"Key": key, "Value": value,
			"Allowed": t.S("cli.config.allowed." + strings.ReplaceAll(key, ".", "_"))}))
	}
	if dir := strings.TrimSpace(value); key == cases.KeyPlaybookDir && dir != "" {
		if err := m.checkPlaybookDir(dir); err != nil {
			return err
		}
	}
	// Opened only now: a mistyped key or value should not create a database.
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.SetSetting(ctx, key, cases.StoredSetting(key, value))
}

// checkPlaybookDir loads dir over the desk's pack as Settings does with a
// folder being chosen (playbook.CheckOverlay): one the app would start
// without, or would load without one of its templates, is refused with
// each problem at its file and line, and nothing is stored.
func (m *Main) checkPlaybookDir(dir string) error {
	dataDir, err := m.dataDir()
	if err != nil {
		dataDir = ""
	}
	base, baseDir := desksync.PackBase(dataDir)
	_, err = playbook.CheckOverlay(base, baseDir, os.DirFS(dir), dir)
	var ve *playbook.ValidationError
	if errors.As(err, &ve) {
		fmt.Fprintln(m.Stderr, cases.KeyPlaybookDir+": "+m.T().N("settings.playbook.invalid", len(ve.Issues), nil))
	}
	return packError(m, err)
}

// basePackCurrency is the currency of the pack under the desk's folder
// (crmd's last published, else the built-in one), read without opening
// the database: a refused setting makes none.
func (m *Main) basePackCurrency() string {
	dataDir, err := m.dataDir()
	if err != nil {
		dataDir = ""
	}
	pb, _ := desksync.DeskPlaybook(dataDir, "")
	return cases.DefaultCurrency(pb.Meta.Currency, "")
}

func runConfigShow(ctx context.Context, m *Main, args []string) error {
	_, db, err := m.dbCommand(ctx, m.flagSet("config show"), args, 0, "")
	if err != nil {
		return err
	}
	defer db.Close()
	kv, err := db.AllSettings(ctx)
	if err != nil {
		return err
	}
	m.onlySessionsLastSync(kv)
	delete(kv, cases.KeyCurrency) // an earlier release's, never in force
	if m.JSON {
		return m.printJSON(kv)
	}
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(m.Stdout, "%s = %s\n", k, kv[k])
	}
	return nil
}

// oldLastSync is where the outbox kept the time of the last batch sent,
// whoever's it was; a database of an earlier version still holds it.
const oldLastSync = "crm.last_sync"

// onlySessionsLastSync leaves in kv only the last sync of the login in
// this desk's session, as the app's bar shows it: on a shared desk another
// login's is not this one's, and oldLastSync was whoever synced last.
func (m *Main) onlySessionsLastSync(kv map[string]string) {
	delete(kv, oldLastSync)
	user := ""
	if dir, err := m.dataDir(); err == nil {
		// A client of the desk's address: a session kept for another crmd
		// is no login here, as the app does not take it either.
		if c, err := crm.NewClient(kv[cases.KeyCRMURL], dir, nil); err == nil {
			if sess, ok := c.Session(); ok {
				user = sess.Username
			}
		}
	}
	for k := range kv {
		if strings.HasPrefix(k, desksync.LastSyncPrefix) && (user == "" || k != desksync.LastSyncPrefix+user) {
			delete(kv, k)
		}
	}
}
