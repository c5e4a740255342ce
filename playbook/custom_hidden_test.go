package playbook_test

import (
	"os"
	"path/filepath"
	"testing"

	"agentdesk/assets"
	"agentdesk/playbook"
)

// The loader leaves out a folder's hidden files (an editor's lock, a link
// to nowhere; macOS's binary resource forks); a save, which validates the
// folder in a copy, must not stop on them either.
func TestSaveCustomTemplateBesideHiddenFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "playbook")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ana@desk.1234:1700000000", filepath.Join(dir, ".#flows.toml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "._flows.toml"), []byte{0, 5, 22, 7, 0xff}, 0o644); err != nil {
		t.Fatal(err)
	}
	tp := playbook.Template{ID: "closing.north_goodbye", Category: "closing",
		Title: playbook.Text{ES: "Despedida", EN: "Goodbye"},
		Text:  playbook.Text{ES: "Gracias por llamar, {{customer_name}}.", EN: "Thanks for calling, {{customer_name}}."}}
	pb, _, err := playbook.SaveCustomTemplate(assets.Playbook(), assets.PlaybookDir, dir, tp, "")
	if err != nil {
		t.Fatalf("not saved beside hidden files: %v", err)
	}
	if pb.Template(tp.ID) == nil {
		t.Fatal("the reloaded playbook lacks the template")
	}
}
