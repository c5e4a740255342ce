package desksync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"agentdesk/crm"
	"agentdesk/internal/atomicfile"
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
	dir := recoverPack(dataDir)
	if _, err := os.Stat(filepath.Join(dir, packMetaFile)); err != nil {
		return "", false
	}
	return dir, true
}

// LoadSavedPack loads the last good pack crmd published.
func LoadSavedPack(dataDir string) (*playbook.Playbook, PackMeta, error) {
	dir := recoverPack(dataDir)
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

// recoverPack finishes a swap a crash cut between its two renames (the
// kept pack moved aside, the new one not yet in place) by putting the
// kept pack back, and returns the pack's folder.
func recoverPack(dataDir string) string {
	dir := filepath.Join(dataDir, PlaybookDir)
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(dir+".old", dir); err == nil {
			_ = atomicfile.SyncDir(dataDir)
		}
	}
	return dir
}

// staleAfter is how old a half-written pack folder must be before a fetch
// takes it for a crash's leftover: another process (agentctl, a second
// window) may be writing a young one.
const staleAfter = 10 * time.Minute

// removeStale deletes the folders of fetches that never finished.
func removeStale(dataDir string, now time.Time) {
	left, _ := filepath.Glob(filepath.Join(dataDir, PlaybookDir+".new-*"))
	for _, d := range left {
		if fi, err := os.Lstat(d); err == nil && fi.IsDir() && now.Sub(fi.ModTime()) > staleAfter {
			_ = os.RemoveAll(d)
		}
	}
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
	dir := recoverPack(dataDir)
	removeStale(dataDir, time.Now())
	tmp, err := os.MkdirTemp(dataDir, PlaybookDir+".new-")
	if err != nil {
		return nil, PackMeta{}, err
	}
	defer os.RemoveAll(tmp)
	for name, text := range pack.Files {
		if filepath.Base(name) != name || !strings.HasSuffix(name, ".toml") {
			return nil, PackMeta{}, fmt.Errorf("playbook version %d: file name %q", pack.Version, name)
		}
		// Synced before the swap: after a power cut the pack in place is
		// whole, never files of zero bytes behind a completed rename.
		if err := atomicfile.Write(filepath.Join(tmp, name), []byte(text), 0o600); err != nil {
			return nil, PackMeta{}, err
		}
	}
	if _, err := playbook.Load(os.DirFS(tmp), dir); err != nil {
		return nil, PackMeta{}, fmt.Errorf("playbook version %d: %w", pack.Version, err)
	}
	b, _ := json.Marshal(m)
	if err := atomicfile.Write(filepath.Join(tmp, packMetaFile), b, 0o600); err != nil {
		return nil, PackMeta{}, err
	}
	if err := atomicfile.SyncDir(tmp); err != nil {
		return nil, PackMeta{}, err
	}
	// A crash between the two renames leaves the kept pack at .old, which
	// recoverPack puts back; after the second, the new pack is in place.
	old := dir + ".old"
	_ = os.RemoveAll(old)
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, PackMeta{}, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return nil, PackMeta{}, err
	}
	if err := atomicfile.SyncDir(dataDir); err != nil {
		return nil, PackMeta{}, err
	}
	_ = os.RemoveAll(old)
	pb, err := playbook.Load(os.DirFS(dir), dir)
	return pb, m, err
}
