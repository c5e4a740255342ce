package playbook_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"agentdesk/assets"
	"agentdesk/playbook"
)

// A supervisor takes back a template they wrote: the file keeps the
// others, the reloaded playbook no longer offers it, and a template the
// file does not hold (the organisation's, or one deleted meanwhile) is
// said as that, with the file untouched.
func TestDeleteCustomTemplate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "playbook")
	mk := func(id, es, en string) playbook.Template {
		return playbook.Template{ID: id, Category: "closing", Title: playbook.Text{ES: es, EN: en},
			Text: playbook.Text{ES: "Gracias por llamar.", EN: "Thanks for calling."}}
	}
	for _, tp := range []playbook.Template{mk("closing.north", "Norte", "North"), mk("closing.south", "Sur", "South")} {
		if _, _, err := playbook.SaveCustomTemplate(assets.Playbook(), assets.PlaybookDir, dir, tp, ""); err != nil {
			t.Fatal(err)
		}
	}
	pb, path, err := playbook.DeleteCustomTemplate(assets.Playbook(), assets.PlaybookDir, dir, "closing.north")
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, playbook.CustomTemplatesFile) {
		t.Errorf("path %q", path)
	}
	if pb.Template("closing.north") != nil || pb.Template("closing.south") == nil {
		t.Errorf("the reloaded playbook: north %v, south %v", pb.Template("closing.north"), pb.Template("closing.south"))
	}
	if list, err := playbook.ReadCustomTemplates(dir); err != nil || len(list) != 1 || list[0].ID != "closing.south" {
		t.Fatalf("the file holds %+v (%v)", list, err)
	}
	before, _ := os.ReadFile(path)
	for _, id := range []string{"closing.north", "opening.warm_welcome", ""} {
		if _, _, err := playbook.DeleteCustomTemplate(assets.Playbook(), assets.PlaybookDir, dir, id); !errors.Is(err, playbook.ErrNotCustomTemplate) {
			t.Errorf("deleting %q: %v", id, err)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a refused delete changed the file")
	}
	// The last one goes too: the folder then holds no template of theirs.
	pb, _, err = playbook.DeleteCustomTemplate(assets.Playbook(), assets.PlaybookDir, dir, "closing.south")
	if err != nil || pb.Template("closing.south") != nil {
		t.Fatalf("the last template: %v", err)
	}
	if list, err := playbook.ReadCustomTemplates(dir); err != nil || len(list) != 0 {
		t.Fatalf("the file holds %+v (%v)", list, err)
	}
}
