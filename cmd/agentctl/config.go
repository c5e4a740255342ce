package main

import (
	"context"
	"fmt"
	"sort"
)

func runConfigSet(ctx context.Context, m *Main, args []string) error {
	pos, db, err := m.dbCommand(ctx, m.flagSet("config set"), args, 2, "config set KEY VALUE")
	if err != nil {
		return err
	}
	defer db.Close()
	return db.SetSetting(ctx, pos[0], pos[1])
}

func runConfigShow(ctx context.Context, m *Main, args []string) error {
	_, db, err := m.dbCommand(ctx, m.flagSet("config show"), args, -1, "")
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
