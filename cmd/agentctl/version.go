package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Set at build time with -ldflags "-X main.version=... -X main.commit=...",
// the same flags the Makefile gives agentdesk, so a supervisor can tell
// from either program which build a workstation runs.
var (
	version = "dev"
	commit  = "unknown"
)

// versionInfo is the --json form; scripts compare it with the desktop app's
// `agentdesk --version`.
type versionInfo struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
}

func runVersion(_ context.Context, m *Main, args []string) error {
	fs := m.flagSet("version")
	if _, err := parseN(fs, args, 0, "version [--json]"); err != nil {
		return err
	}
	v := versionInfo{Version: version, Commit: buildCommit()}
	if m.JSON {
		return m.printJSON(v)
	}
	fmt.Fprintf(m.Stdout, "agentctl %s (%s)\n", v.Version, v.Commit)
	return nil
}

// buildCommit falls back to the revision the go command stamps when the
// binary was built without the Makefile (go install, go build with VCS
// stamping on), so such a build still says where it came from.
func buildCommit() string {
	if commit != "unknown" {
		return commit
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return commit
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return commit
	}
	if len(rev) > 7 {
		rev = rev[:7]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}
