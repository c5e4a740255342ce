package playbook_test

import (
	"os"
	"testing"
	"testing/fstest"

	"agentdesk/playbook"
)

// Files whose names start with a dot are not the author's: an editor's
// lock (".#flow.toml", a link to nowhere), macOS's resource forks on a
// copied folder ("._flow.toml", binary). They matched *.toml and the
// whole pack failed to load on them.
func TestPackFilesLeaveHiddenFilesOut(t *testing.T) {
	mem := fstest.MapFS{
		".#flow.toml": &fstest.MapFile{Data: []byte("ana@desk.1234:1701234567"), Mode: 0o644},
		"._pack.toml": &fstest.MapFile{Data: []byte("\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X"), Mode: 0o644},
	}
	for _, name := range []string{"flow.toml", "pack.toml"} {
		b, err := os.ReadFile("testdata/minimal/" + name)
		if err != nil {
			t.Fatal(err)
		}
		mem[name] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	names, err := playbook.PackFiles(mem)
	if err != nil || len(names) != 2 || names[0] != "flow.toml" || names[1] != "pack.toml" {
		t.Fatalf("pack files %q, %v", names, err)
	}
	if _, err := playbook.Load(mem, "minimal"); err != nil {
		t.Fatalf("a pack with hidden files beside it: %v", err)
	}
}
