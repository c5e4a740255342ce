package desksync_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/desksync"
)

// publish puts a new version of crmd's pack, marked so a test can tell
// which one a desk holds.
func publish(t *testing.T, api *crmtest.API, mark string) {
	t.Helper()
	sup := api.Login("sup", crmtest.Password).AccessToken
	r := api.Do("GET", "/v1/playbook", sup, nil, nil)
	crmtest.Expect(t, r, 200, "pack")
	var pack crm.PlaybookPack
	r.JSON(t, &pack)
	pack.Files["flow.toml"] += "\n# mark " + mark + "\n"
	crmtest.Expect(t, api.Do("PUT", "/v1/playbook", sup, nil, crm.PlaybookUpload{Files: pack.Files}), 201, "publish "+mark)
}

// heldMark is the mark of the last publish the pack a desk holds carries.
func heldMark(t *testing.T, dataDir string) string {
	t.Helper()
	dir, ok := desksync.SavedPackDir(dataDir)
	if !ok {
		return "(none)"
	}
	b, err := os.ReadFile(filepath.Join(dir, "flow.toml"))
	if err != nil {
		t.Fatal(err)
	}
	marks := strings.Split(string(b), "\n# mark ")
	last := marks[len(marks)-1]
	return strings.TrimSpace(last[:strings.Index(last+"\n", "\n")])
}

func packFolders(t *testing.T, dataDir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dataDir, desksync.PacksDir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// A desk keeps the pack in force and the one before it; older ones go. A
// fetch that never finished leaves a folder the next fetch clears once it
// is old (a young one may be another process's).
func TestPackFoldersKeptAndCleared(t *testing.T) {
	r, api := start(t)
	d := newDesk(t, r.URL, "ana")
	data := t.TempDir()
	ctx := context.Background()

	sha := ""
	for _, mark := range []string{"one", "two", "three"} {
		publish(t, api, mark)
		_, m, err := desksync.FetchPlaybook(ctx, d.client, data, sha)
		if err != nil || heldMark(t, data) != mark {
			t.Fatalf("fetch %s: v%d %v; holds %q", mark, m.Version, err, heldMark(t, data))
		}
		sha = m.SHA256
	}
	if got := packFolders(t, data); len(got) != 2 || !strings.HasPrefix(got[0], "v2-") || !strings.HasPrefix(got[1], "v3-") {
		t.Errorf("pack folders %q, want versions 2 and 3", got)
	}
	pb, m, err := desksync.LoadSavedPack(data)
	if err != nil || pb == nil || m.Version != 3 {
		t.Errorf("saved pack: v%d %v", m.Version, err)
	}

	packs := filepath.Join(data, desksync.PacksDir)
	stale, young := filepath.Join(packs, ".new-1"), filepath.Join(packs, ".new-2")
	for _, p := range []string{stale, young} {
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	hourAgo := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, hourAgo, hourAgo); err != nil {
		t.Fatal(err)
	}
	publish(t, api, "four")
	if _, _, err := desksync.FetchPlaybook(ctx, d.client, data, sha); err != nil || heldMark(t, data) != "four" {
		t.Fatalf("fourth fetch: %v", err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a crash's leftover stays: %v", err)
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("a young fetch folder was removed: %v", err)
	}

	// A current file that names nothing usable: the desk holds no pack
	// rather than reading outside its folder.
	for _, bad := range []string{"../../etc", "v4-zzzzzzzzzzzz", ""} {
		if err := os.WriteFile(filepath.Join(packs, "current"), []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if dir, ok := desksync.SavedPackDir(data); ok {
			t.Errorf("current %q: pack at %s", bad, dir)
		}
	}
}

// A desk of an earlier release kept its pack in crm-playbook (or, when a
// swap was cut short, in crm-playbook.old): it is used until a fetch puts
// a pack in force, and removed once that one has a successor.
func TestPackOfAnEarlierRelease(t *testing.T) {
	r, api := start(t)
	d := newDesk(t, r.URL, "ana")
	ctx := context.Background()
	publish(t, api, "old")
	src := t.TempDir()
	_, m, err := desksync.FetchPlaybook(ctx, d.client, src, "")
	if err != nil {
		t.Fatal(err)
	}
	held, _ := desksync.SavedPackDir(src)

	for _, legacy := range []string{"crm-playbook", "crm-playbook.old"} {
		data := t.TempDir()
		if err := os.CopyFS(filepath.Join(data, legacy), os.DirFS(held)); err != nil {
			t.Fatal(err)
		}
		if pb, got, err := desksync.LoadSavedPack(data); err != nil || pb == nil || got != m || heldMark(t, data) != "old" {
			t.Fatalf("%s: %+v %v", legacy, got, err)
		}
		publish(t, api, "new-"+legacy)
		if _, _, err := desksync.FetchPlaybook(ctx, d.client, data, m.SHA256); err != nil || heldMark(t, data) != "new-"+legacy {
			t.Fatalf("%s: fetch %v, holds %q", legacy, err, heldMark(t, data))
		}
		publish(t, api, "next-"+legacy)
		if _, _, err := desksync.FetchPlaybook(ctx, d.client, data, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(data, legacy)); !os.IsNotExist(err) {
			t.Errorf("%s stays: %v", legacy, err)
		}
	}
	if _, _, err := desksync.LoadSavedPack(t.TempDir()); !os.IsNotExist(err) && !strings.Contains(err.Error(), "no playbook") {
		t.Errorf("no pack: %v", err)
	}
}

// Readers (the app laying custom templates over the pack) always find a
// whole pack while fetches swap it: no fetch fails, no read comes back
// empty.
func TestPackReadersDuringSwaps(t *testing.T) {
	r, api := start(t)
	d := newDesk(t, r.URL, "ana")
	data := t.TempDir()
	ctx := context.Background()
	publish(t, api, "0")
	if _, _, err := desksync.FetchPlaybook(ctx, d.client, data, ""); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var missing, broken atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			dir, ok := desksync.SavedPackDir(data)
			if !ok {
				missing.Add(1)
				continue
			}
			if _, err := os.ReadFile(filepath.Join(dir, "flow.toml")); err != nil {
				broken.Add(1)
			}
		}
	}()
	for i := 1; i <= 8; i++ {
		publish(t, api, string(rune('a'+i)))
		if _, _, err := desksync.FetchPlaybook(ctx, d.client, data, ""); err != nil {
			t.Errorf("fetch %d: %v", i, err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if missing.Load() > 0 || broken.Load() > 0 {
		t.Errorf("a reader found no pack %d times and a pack without its files %d times", missing.Load(), broken.Load())
	}
}

func mustPackDir(t *testing.T, dataDir string) string {
	t.Helper()
	dir, ok := desksync.SavedPackDir(dataDir)
	if !ok {
		t.Fatalf("no pack kept in %s", dataDir)
	}
	return dir
}

// A desk that holds a pack another crmd published (its address changed to
// a crmd that has published nothing, or crmd's database was replaced)
// goes back to the built-in pack that crmd judges its cases by: it kept
// the old pack, with its limits and call types, for good.
func TestPackOfACrmdThatPublishedNothingIsLeft(t *testing.T) {
	r, api := start(t)
	data := t.TempDir()
	ctx := context.Background()
	publish(t, api, "old")
	_, m, err := desksync.FetchPlaybook(ctx, newDesk(t, r.URL, "ana").client, data, "")
	if err != nil || heldMark(t, data) != "old" {
		t.Fatalf("fetch: %v, holds %q", err, heldMark(t, data))
	}

	other, _ := start(t)
	pb, m2, err := desksync.FetchPlaybook(ctx, newDesk(t, other.URL, "ana").client, data, m.SHA256)
	if err != nil || pb == nil || m2.Version != 0 {
		t.Fatalf("from a crmd that published nothing: %v, v%d, %v", pb != nil, m2.Version, err)
	}
	if _, kept := desksync.SavedPackDir(data); kept {
		t.Errorf("the desk still keeps the other crmd's pack (%q)", heldMark(t, data))
	}
	if _, _, err := desksync.LoadSavedPack(data); !os.IsNotExist(err) && !strings.Contains(err.Error(), "no playbook kept") {
		t.Errorf("a start would load: %v", err)
	}
	// Asked again, with the built-in pack's hash: nothing new.
	if pb, _, err := desksync.FetchPlaybook(ctx, newDesk(t, other.URL, "ana").client, data, m2.SHA256); err != nil || pb != nil {
		t.Errorf("asked again: %v %v", pb != nil, err)
	}
}
