// Command gen writes assets/playbook.gob, the default pack decoded and
// validated, which the programs load instead of parsing the TOML at every
// start. Run by go generate in package playbook; a test fails when the
// file is older than the TOML it was made from.
package main

import (
	"fmt"
	"os"

	"agentdesk/assets"
	"agentdesk/playbook"
)

func main() {
	out := "../assets/playbook.gob"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	data, err := playbook.Compile(assets.Playbook(), assets.PlaybookDir)
	if err == nil {
		err = os.WriteFile(out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "playbook/gen:", err)
		os.Exit(1)
	}
}
