package desksync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"agentdesk/assets"
	"agentdesk/crm"
	"agentdesk/internal/atomicfile"
	"agentdesk/playbook"
)

// The packs crmd published, as a desk keeps them: each in a folder of its
// own under PacksDir, and a small file, current, naming the one in force.
// A new pack is written and synced in a folder nobody reads, then current
// is replaced in one rename: a reader (the app laying custom templates
// over the pack, a second window) always finds a whole pack, during a swap
// and after a crash at any point of one. The pack in force before stays
// one swap longer, for a reader that read current just before it changed.
const (
	// PacksDir, in the data folder, holds the packs crmd published.
	PacksDir     = "crm-packs"
	currentFile  = "current"
	packMetaFile = "pack.json"
	// legacyDir is where desks of earlier releases kept their one pack:
	// still read until the first pack fetched replaces it.
	legacyDir = "crm-playbook"
)

// PackMeta is which published pack a desk holds.
type PackMeta struct {
	Version int    `json:"version"`
	SHA256  string `json:"sha256"`
}

// packName is a kept pack's folder name, and what current may hold.
var packName = regexp.MustCompile(`^v[0-9]{1,9}-[0-9a-f]{12}$`)

// SavedPackDir is the folder of the last good pack crmd published, when
// this desk holds one: what a folder of custom templates is laid over.
func SavedPackDir(dataDir string) (string, bool) {
	if name, ok := currentPack(dataDir); ok {
		return filepath.Join(dataDir, PacksDir, name), true
	}
	// An earlier release's pack; ".old" when its swap was cut short.
	for _, d := range []string{legacyDir, legacyDir + ".old"} {
		dir := filepath.Join(dataDir, d)
		if _, err := os.Stat(filepath.Join(dir, packMetaFile)); err == nil {
			return dir, true
		}
	}
	return "", false
}

// currentPack is the folder current names, when it holds a pack.
func currentPack(dataDir string) (string, bool) {
	b, err := os.ReadFile(filepath.Join(dataDir, PacksDir, currentFile))
	if err != nil {
		return "", false
	}
	name := strings.TrimSpace(string(b))
	if !packName.MatchString(name) {
		return "", false
	}
	if _, err := os.Stat(filepath.Join(dataDir, PacksDir, name, packMetaFile)); err != nil {
		return "", false
	}
	return name, true
}

// LoadSavedPack loads the last good pack crmd published (an error that is
// os.ErrNotExist when the desk holds none).
func LoadSavedPack(dataDir string) (*playbook.Playbook, PackMeta, error) {
	var m PackMeta
	dir, ok := SavedPackDir(dataDir)
	if !ok {
		return nil, m, fmt.Errorf("no playbook kept from the CRM: %w", os.ErrNotExist)
	}
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

// staleAfter is how old a half-written pack folder must be before a fetch
// takes it for a crash's leftover: another process (a second window on the
// same data folder) may be writing a young one.
const staleAfter = 10 * time.Minute

// FetchPlaybook asks crmd for a pack newer than sha. A new one is
// validated with playbook.Load before it is put in force, so a broken
// pack never reaches a call. Version 0 is crmd's built-in pack, which the
// app has built in too: its hash is remembered, nothing else.
func FetchPlaybook(ctx context.Context, client *crm.Client, dataDir, sha string) (*playbook.Playbook, PackMeta, error) {
	pack, err := client.Playbook(ctx, sha)
	if err != nil || pack == nil {
		return nil, PackMeta{}, err
	}
	m := PackMeta{Version: pack.Version, SHA256: pack.SHA256}
	if pack.Version == 0 {
		// crmd has published nothing (its database is new, or the desk
		// now points at another crmd) and judges cases by its built-in
		// pack: a pack kept from before is left, or the desk would work
		// by its limits and call types for good.
		if _, kept := SavedPackDir(dataDir); !kept {
			return nil, m, nil
		}
		if err := leaveKept(dataDir); err != nil {
			return nil, PackMeta{}, err
		}
		pb, err := playbook.LoadDefault()
		if err != nil {
			return nil, PackMeta{}, err
		}
		return pb, m, nil
	}
	name := fmt.Sprintf("v%d-%s", pack.Version, strings.ToLower(pack.SHA256))
	if len(pack.SHA256) >= 12 {
		name = fmt.Sprintf("v%d-%s", pack.Version, strings.ToLower(pack.SHA256[:12]))
	}
	if !packName.MatchString(name) {
		return nil, PackMeta{}, fmt.Errorf("playbook version %d: digest %q", pack.Version, pack.SHA256)
	}
	packs := filepath.Join(dataDir, PacksDir)
	if err := os.MkdirAll(packs, 0o700); err != nil {
		return nil, PackMeta{}, err
	}
	removeStale(packs, time.Now())
	dir := filepath.Join(packs, name)
	if _, err := os.Stat(filepath.Join(dir, packMetaFile)); err != nil {
		if err := writePack(packs, dir, pack, m); err != nil {
			return nil, PackMeta{}, err
		}
	}
	pb, err := playbook.Load(os.DirFS(dir), dir)
	if err != nil {
		return nil, PackMeta{}, fmt.Errorf("playbook version %d: %w", pack.Version, err)
	}
	before, _ := currentPack(dataDir)
	// The switch: one rename of a synced file, then the folder synced.
	if err := atomicfile.Write(filepath.Join(packs, currentFile), []byte(name+"\n"), 0o600); err != nil {
		return nil, PackMeta{}, err
	}
	if err := atomicfile.SyncDir(packs); err != nil {
		return nil, PackMeta{}, err
	}
	prune(dataDir, name, before)
	return pb, m, nil
}

// SyncPlaybook brings the pack crmd publishes into dataDir as the desk's
// Syncer does (FetchPlaybook), for a sync with no Syncer running (agentctl
// sync): asked for one newer than the pack kept there when that one loads,
// so a broken kept pack is fetched again rather than answered "not
// modified". It returns the version in force after it (0: the built-in
// one, which is not kept) and whether this call brought a new pack.
func SyncPlaybook(ctx context.Context, client *crm.Client, dataDir string) (version int, fetched bool, err error) {
	sha := ""
	if _, m, err := LoadSavedPack(dataDir); err == nil {
		sha, version = m.SHA256, m.Version
	}
	pb, m, err := FetchPlaybook(ctx, client, dataDir, sha)
	if err != nil {
		return version, false, err
	}
	if pb == nil {
		if m.SHA256 != "" { // crmd's built-in pack is in force
			version = m.Version
		}
		return version, false, nil
	}
	return m.Version, true, nil
}

// leaveKept puts the built-in pack back in force on the desk: current is
// removed (one unlink, then the folder synced), then the folders it
// named, and an earlier release's pack.
func leaveKept(dataDir string) error {
	packs := filepath.Join(dataDir, PacksDir)
	if err := os.Remove(filepath.Join(packs, currentFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := atomicfile.SyncDir(packs); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	prune(dataDir, "", "")
	for _, d := range []string{legacyDir, legacyDir + ".old"} {
		if err := os.RemoveAll(filepath.Join(dataDir, d)); err != nil {
			return err
		}
	}
	return nil
}

// writePack writes the pack's files in a folder of their own, validates
// them, and moves the folder to dir, every file synced first: after a
// power cut a pack in place is whole, never files of zero bytes.
func writePack(packs, dir string, pack *crm.PlaybookPack, m PackMeta) error {
	tmp, err := os.MkdirTemp(packs, ".new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for name, text := range pack.Files {
		if filepath.Base(name) != name || !strings.HasSuffix(name, ".toml") {
			return fmt.Errorf("playbook version %d: file name %q", pack.Version, name)
		}
		if err := atomicfile.Write(filepath.Join(tmp, name), []byte(text), 0o600); err != nil {
			return err
		}
	}
	if _, err := playbook.Load(os.DirFS(tmp), dir); err != nil {
		return fmt.Errorf("playbook version %d: %w", pack.Version, err)
	}
	b, _ := json.Marshal(m)
	if err := atomicfile.Write(filepath.Join(tmp, packMetaFile), b, 0o600); err != nil {
		return err
	}
	if err := atomicfile.SyncDir(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another fetch put the same pack there first: it is whole (its
		// pack.json is written last).
		if _, serr := os.Stat(filepath.Join(dir, packMetaFile)); serr == nil {
			return nil
		}
		return err
	}
	return atomicfile.SyncDir(packs)
}

// prune removes the packs neither in force nor in force just before (a
// reader may have read current just before it changed), and, once that
// one is of this layout too, the folder of an earlier release's pack.
// Failures only leave a folder for next time.
func prune(dataDir, current, before string) {
	entries, _ := os.ReadDir(filepath.Join(dataDir, PacksDir))
	for _, e := range entries {
		if n := e.Name(); e.IsDir() && packName.MatchString(n) && n != current && n != before {
			_ = os.RemoveAll(filepath.Join(dataDir, PacksDir, n))
		}
	}
	if before == "" {
		return
	}
	for _, d := range []string{legacyDir, legacyDir + ".old"} {
		_ = os.RemoveAll(filepath.Join(dataDir, d))
	}
	left, _ := filepath.Glob(filepath.Join(dataDir, legacyDir+".new-*"))
	for _, d := range left {
		_ = os.RemoveAll(d)
	}
}

// removeStale deletes the folders of fetches that never finished.
func removeStale(packs string, now time.Time) {
	entries, _ := os.ReadDir(packs)
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), ".new-") {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > staleAfter {
			_ = os.RemoveAll(filepath.Join(packs, e.Name()))
		}
	}
}

// PackBase is what a desk's playbook is laid over: the pack crmd published
// when this desk holds one, else the built-in one.
func PackBase(dataDir string) (fs.FS, string) {
	if dataDir == "" {
		return assets.Playbook(), assets.PlaybookDir
	}
	if dir, ok := SavedPackDir(dataDir); ok {
		return os.DirFS(dir), dir
	}
	return assets.Playbook(), assets.PlaybookDir
}

// PackProblem is a part of a desk's playbook that did not load: its
// folder, and why (a *playbook.ValidationError when its content is at
// fault).
type PackProblem struct {
	Dir string
	Err error
	// SetAside: the folder is in use without parts of it (Err, a
	// *playbook.ValidationError, lists them: Playbook.SetAside).
	SetAside bool
}

// DeskPlaybook is the playbook a desk works with, as the app loads it:
// the workstation's custom folder (customDir, when set) laid over
// PackBase. A part that does not load is passed over, as the app passes
// it over, and said in problems: the custom folder, then the kept pack
// (the built-in pack is checked by the tests). So is what of the custom
// folder was left out while the rest of it is in use (SetAside), which
// the templates screen says too.
func DeskPlaybook(dataDir, customDir string) (pb *playbook.Playbook, problems []PackProblem) {
	base, baseDir := PackBase(dataDir)
	if customDir != "" {
		pb, err := playbook.LoadWithOverlay(base, baseDir, os.DirFS(customDir), customDir)
		if err == nil {
			// In use without what the pack below took the IDs of (a
			// template published with a custom one's ID): nothing else
			// would show that one went missing.
			if aside := pb.SetAside(); len(aside) > 0 {
				problems = append(problems, PackProblem{Dir: customDir, Err: &playbook.ValidationError{Issues: aside}, SetAside: true})
			}
			return pb, problems
		}
		problems = append(problems, PackProblem{Dir: customDir, Err: err})
	}
	if baseDir != assets.PlaybookDir {
		pb, err := playbook.Load(base, baseDir)
		if err == nil {
			return pb, problems
		}
		problems = append(problems, PackProblem{Dir: baseDir, Err: err})
	}
	pb, err := playbook.LoadDefault()
	if err != nil {
		problems = append(problems, PackProblem{Dir: assets.PlaybookDir, Err: err})
	}
	return pb, problems
}
