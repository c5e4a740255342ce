package playbook

import (
	"sync"

	"agentdesk/assets"
)

//go:generate go run ./gen ../assets/playbook.gob

var (
	defOnce sync.Once
	defPB   *Playbook
	defErr  error
)

// LoadDefault returns the embedded default pack, loaded once: it is read-only
// after load, so every screen and command can share it. It comes from the
// compiled form when that matches the TOML (see compiled.go), else from the
// TOML.
func LoadDefault() (*Playbook, error) {
	defOnce.Do(func() {
		if pb, err := LoadCompiled(assets.CompiledPlaybook(), assets.Playbook()); err == nil {
			defPB = pb
			return
		}
		defPB, defErr = Load(assets.Playbook(), assets.PlaybookDir)
	})
	return defPB, defErr
}
