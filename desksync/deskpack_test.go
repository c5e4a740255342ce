package desksync_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"agentdesk/desksync"
	"agentdesk/playbook"
)

// customClash is a custom templates file with one template whose ID the
// pack below it uses too ("opening.warm_welcome", built in) and one of
// the supervisor's own.
const customClash = `[[template]]
id = "opening.warm_welcome"
category = "opening"
title = { es = "Mi bienvenida", en = "My welcome" }
tags = ["mia"]
text = { es = "Hola.", en = "Hello." }

[[template]]
id = "closing.team_goodbye"
category = "closing"
title = { es = "Adiós del equipo", en = "Team goodbye" }
tags = ["adios"]
text = { es = "Adiós.", en = "Goodbye." }
`

// A custom template the pack in force took the ID of is set aside while
// the rest of the folder loads; DeskPlaybook says so, as the templates
// screen does, with the folder and the template, for agentctl to print.
func TestDeskPlaybookReportsACustomTemplateSetAside(t *testing.T) {
	custom := t.TempDir()
	if err := os.WriteFile(filepath.Join(custom, playbook.CustomTemplatesFile), []byte(customClash), 0o644); err != nil {
		t.Fatal(err)
	}
	pb, problems := desksync.DeskPlaybook("", custom)
	if pb == nil || pb.Template("closing.team_goodbye") == nil {
		t.Fatal("the rest of the custom folder is not in use")
	}
	var ve *playbook.ValidationError
	if len(problems) != 1 || !problems[0].SetAside || problems[0].Dir != custom || !errors.As(problems[0].Err, &ve) ||
		len(ve.Issues) != 1 || ve.Issues[0].Args["ID"] != "opening.warm_welcome" {
		t.Fatalf("problems %+v, want the template set aside in %s", problems, custom)
	}
}
