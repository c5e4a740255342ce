package playbook_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/assets"
	"agentdesk/playbook"
)

// A supervisor's template is written only once the folder validates with
// it, reads back as it was, and replaces its earlier version by ID.
func TestSaveCustomTemplate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "playbook")
	tp := playbook.Template{ID: "closing.north_goodbye", Category: "closing",
		Title: playbook.Text{ES: "Despedida del equipo \"Norte\"", EN: "North team goodbye"},
		Tags:  []string{"despedida", "goodbye"},
		Text:  playbook.Text{ES: "Gracias por llamar, {{customer_name}}.\nQue tenga buen día.", EN: "Thanks for calling, {{customer_name}}.\nHave a great day."}}
	pb, path, err := playbook.SaveCustomTemplate(assets.Playbook(), assets.PlaybookDir, dir, tp, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := pb.Template(tp.ID); got == nil || got.Text.EN != tp.Text.EN {
		t.Fatalf("the reloaded playbook lacks the template: %+v", got)
	}
	list, err := playbook.ReadCustomTemplates(dir)
	if err != nil || len(list) != 1 || list[0].Title.ES != tp.Title.ES || list[0].Text.ES != tp.Text.ES {
		t.Fatalf("read back %+v %v", list, err)
	}
	tp.Text.EN = "Thank you for calling, {{customer_name}}."
	if _, _, err := playbook.SaveCustomTemplate(assets.Playbook(), assets.PlaybookDir, dir, tp, tp.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := playbook.ReadCustomTemplates(dir); len(list) != 1 || list[0].Text.EN != tp.Text.EN {
		t.Fatalf("replaced: %+v", list)
	}
	before, _ := os.ReadFile(path)
	bad := tp
	bad.ID, bad.Category = "x.bad", "no_such_category"
	if _, _, err := playbook.SaveCustomTemplate(assets.Playbook(), assets.PlaybookDir, dir, bad, ""); err == nil || !strings.Contains(err.Error(), playbook.CustomTemplatesFile) {
		t.Fatalf("an invalid template: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("a refused template changed the file")
	}
	if list, err := playbook.ReadCustomTemplates(t.TempDir()); err != nil || list != nil {
		t.Fatalf("no file: %v %v", list, err)
	}
}
