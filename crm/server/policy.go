package server

import (
	"context"
	"sync"
	"testing/fstest"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/playbook"
)

// packPolicy is the published playbook as the case-write rules read it.
type packPolicy struct{ pb *playbook.Playbook }

func (p packPolicy) AuthorityMinor(role string) int64 { return p.pb.AuthorityMinor(role) }

func (p packPolicy) ResponseHours(priority string) (int, bool) {
	if pr := p.pb.Priority(priority); pr != nil {
		return pr.ResponseHours, true
	}
	return 0, false
}

// policyCache holds the pack in force, as this instance last loaded it.
type policyCache struct {
	mu  sync.Mutex
	sha string
	pol crm.Policy
}

// policy is the authority and escalation policy of the playbook in force:
// the one supervisors published, else the built-in pack. Every call asks
// the store which pack that is (its hash alone, not its files): several
// instances share one database, and a pack published through any of them
// judges the next amount on all of them, not one a cache of this
// instance's still holds. The files are read and loaded again only when
// the hash moved.
func (s *Server) policy(ctx context.Context) (crm.Policy, error) {
	sha, err := s.store.CurrentPlaybookSHA(ctx)
	if cases.ErrorCode(err) == cases.ENotFound {
		var pack *crm.PlaybookPack
		if pack, err = s.builtinPack(); err == nil {
			sha = pack.SHA256
		}
	}
	c := &s.pol
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		if c.pol != nil {
			return c.pol, nil // the database hiccuped: the last known pack still holds
		}
		return nil, err
	}
	if c.pol != nil && c.sha == sha {
		return c.pol, nil
	}
	pack, err := s.store.CurrentPlaybook(ctx)
	if cases.ErrorCode(err) == cases.ENotFound {
		pack, err = s.builtinPack()
	}
	if err != nil {
		if c.pol != nil {
			return c.pol, nil
		}
		return nil, err
	}
	var pb *playbook.Playbook
	if pack.Version == 0 && s.cfg.DefaultPlaybook == nil {
		// The embedded pack, as the desks load it (compiled, fast).
		pb, err = playbook.LoadDefault()
	} else {
		// A published pack, or the one crmd was configured to serve
		// as version 0: the authority checked is the one served.
		mem := fstest.MapFS{}
		for name, text := range pack.Files {
			mem[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o444}
		}
		pb, err = playbook.Load(mem, "published")
	}
	if err != nil {
		return nil, err
	}
	c.pol, c.sha = packPolicy{pb}, pack.SHA256
	return c.pol, nil
}
