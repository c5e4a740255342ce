package desksync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"agentdesk/crm"
	"agentdesk/playbook"
)

const (
	// PlaybookDir, in the data folder, holds the last good pack crmd
	// published.
	PlaybookDir  = "crm-playbook"
	packMetaFile = "pack.json"
)

// PackMeta is which published pack a desk holds.
type PackMeta struct {
	Version int    `json:"version"`
	SHA256  string `json:"sha256"`
}

// SavedPackDir is the folder of the last good pack crmd published, when
// this desk holds one: what a folder of custom templates is laid over.
func SavedPackDir(dataDir string) (string, bool) {
	dir := filepath.Join(dataDir, PlaybookDir)
	if _, err := os.Stat(filepath.Join(dir, packMetaFile)); err != nil {
		return "", false
	}
	return dir, true
}

// LoadSavedPack loads the last good pack crmd published.
func LoadSavedPack(dataDir string) (*playbook.Playbook, PackMeta, error) {
	dir := filepath.Join(dataDir, PlaybookDir)
	var m PackMeta
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

// FetchPlaybook asks crmd for a pack newer than sha. A new one is
// validated with playbook.Load before it replaces the kept one, so a
// broken pack never reaches a call. Version 0 is crmd's built-in pack,
// which the app has built in too: its hash is remembered, nothing else.
func FetchPlaybook(ctx context.Context, client *crm.Client, dataDir, sha string) (*playbook.Playbook, PackMeta, error) {
	pack, err := client.Playbook(ctx, sha)
	if err != nil || pack == nil {
		return nil, PackMeta{}, err
	}
	m := PackMeta{Version: pack.Version, SHA256: pack.SHA256}
	if pack.Version == 0 {
		return nil, m, nil
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, PackMeta{}, err
	}
	tmp, err := os.MkdirTemp(dataDir, PlaybookDir+".new-")
	if err != nil {
		return nil, PackMeta{}, err
	}
	defer os.RemoveAll(tmp)
	for name, text := range pack.Files {
		if filepath.Base(name) != name || !strings.HasSuffix(name, ".toml") {
			return nil, PackMeta{}, fmt.Errorf("playbook version %d: file name %q", pack.Version, name)
		}
		if err := os.WriteFile(filepath.Join(tmp, name), []byte(text), 0o600); err != nil {
			return nil, PackMeta{}, err
		}
	}
	dir := filepath.Join(dataDir, PlaybookDir)
	if _, err := playbook.Load(os.DirFS(tmp), dir); err != nil {
		return nil, PackMeta{}, fmt.Errorf("playbook version %d: %w", pack.Version, err)
	}
	b, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(tmp, packMetaFile), b, 0o600); err != nil {
		return nil, PackMeta{}, err
	}
	old := dir + ".old"
	_ = os.RemoveAll(old)
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, PackMeta{}, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return nil, PackMeta{}, err
	}
	_ = os.RemoveAll(old)
	pb, err := playbook.Load(os.DirFS(dir), dir)
	return pb, m, err
}
