package playbook

import (
	"sync"

	"agentdesk/assets"
)

var (
	defOnce sync.Once
	defPB   *Playbook
	defErr  error
)

// LoadDefault returns the embedded default pack, loaded once: it is read-only
// after load, so every screen and command can share it.
func LoadDefault() (*Playbook, error) {
	defOnce.Do(func() { defPB, defErr = Load(assets.Playbook(), assets.PlaybookDir) })
	return defPB, defErr
}
