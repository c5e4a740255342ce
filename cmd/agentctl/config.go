package main

import (
	"agentdesk/cases"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

func runConfigSet(ctx context.Context, m *Main, args []string) error {
	m.creates = true
	pos, err := parseN(m.flagSet("config set"), args, 2, "config set KEY VALUE")
	if err != nil {
		return err
	}
	key, value := pos[0], pos[1]
	var ce *cases.Error
	if err := cases.CheckSetting(key, value); errors.As(err, &ce) {
		t := m.T()
		if ce.Field == "key" {
			return usageErr("%s", t.D("cli.config.unknown_key", map[string]any{"Key": key, "Keys": strings.Join(cases.WorkstationKeys, ", ")}))
		}
		return usageErr("%s", t.D("cli.config.bad_value", map[string]any{"Key": key, "Value": value,
			"Allowed": t.S("cli.config.allowed." + strings.ReplaceAll(key, ".", "_"))}))
	}
	// Opened only now: a mistyped key or value should not create a database.
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.SetSetting(ctx, key, strings.TrimSpace(value))
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
