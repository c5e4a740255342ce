package desksync_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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
	pack.Files["flow.toml"] += "\n# " + mark + "\n"
	crmtest.Expect(t, api.Do("PUT", "/v1/playbook", sup, nil, crm.PlaybookUpload{Files: pack.Files}), 201, "publish "+mark)
}

func heldMark(t *testing.T, dataDir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, desksync.PlaybookDir, "flow.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"second", "first"} {
		if strings.Contains(string(b), "# "+m+"\n") {
			return m
		}
	}
	return ""
}

// The kept pack survives a crash at any point of a swap: cut between the
// two renames, the next start puts the kept pack back; a fetch that never
// finished leaves a folder the next fetch clears once it is old.
func TestPackSwapSurvivesACrash(t *testing.T) {
	r, api := start(t)
	d := newDesk(t, r.URL, "ana")
	data := t.TempDir()
	ctx := context.Background()

	publish(t, api, "first")
	if _, m, err := desksync.FetchPlaybook(ctx, d.client, data, ""); err != nil || m.Version != 1 {
		t.Fatalf("first fetch: v%d %v", m.Version, err)
	}
	// The crash: the kept pack moved aside, the new one never in place.
	dir := filepath.Join(data, desksync.PlaybookDir)
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	pb, m, err := desksync.LoadSavedPack(data)
	if err != nil || pb == nil || m.Version != 1 || heldMark(t, data) != "first" {
		t.Fatalf("after the crash: v%d %v", m.Version, err)
	}
	if _, err := os.Stat(dir + ".old"); !os.IsNotExist(err) {
		t.Errorf("the .old folder is still there: %v", err)
	}

	// Leftovers of fetches cut short: an old one goes, a young one (another
	// process may be writing it) stays.
	stale, young := dir+".new-1", dir+".new-2"
	for _, p := range []string{stale, young} {
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	hourAgo := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, hourAgo, hourAgo); err != nil {
		t.Fatal(err)
	}
	publish(t, api, "second")
	if _, m, err := desksync.FetchPlaybook(ctx, d.client, data, m.SHA256); err != nil || m.Version != 2 || heldMark(t, data) != "second" {
		t.Fatalf("second fetch: v%d %v", m.Version, err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a crash's leftover stays: %v", err)
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("a young fetch folder was removed: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(data, "*"))
	if len(left) != 2 {
		t.Errorf("data folder holds %q", left)
	}
}
