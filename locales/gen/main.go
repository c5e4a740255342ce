// Command gen writes locales/compiled/<lang>.gob, each language's messages
// parsed ahead of time, which the programs load instead of parsing the
// TOML at every start. Run by go generate in package locales; a test fails
// when a file is older than the TOML it was made from.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"agentdesk/locales"
)

func main() {
	for _, l := range locales.Langs {
		data, err := locales.Compile(l)
		if err == nil {
			err = os.WriteFile(filepath.Join("compiled", string(l)+".gob"), data, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "locales/gen:", err)
			os.Exit(1)
		}
	}
}
