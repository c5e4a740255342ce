package server

import (
	"context"
	"sync"
	"testing/fstest"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/playbook"
)

// policyTTL is how long an instance trusts the playbook it loaded before
// asking the store which pack is published: another instance's publish
// reaches it within this time (this instance's own, at once).
const policyTTL = 30 * time.Second

// packPolicy is the published playbook as the case-write rules read it.
type packPolicy struct{ pb *playbook.Playbook }

func (p packPolicy) AuthorityMinor(role string) int64 { return p.pb.AuthorityMinor(role) }

func (p packPolicy) ResponseHours(priority string) (int, bool) {
	if pr := p.pb.Priority(priority); pr != nil {
		return pr.ResponseHours, true
	}
	return 0, false
}

// policyCache holds the pack in force.
type policyCache struct {
	mu      sync.Mutex
	sha     string
	pol     crm.Policy
	checked time.Time
}

// policy is the authority and escalation policy of the playbook in force:
// the one supervisors published, else the built-in pack.
func (s *Server) policy(ctx context.Context) (crm.Policy, error) {
	c := &s.pol
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pol != nil && time.Since(c.checked) < policyTTL {
		return c.pol, nil
	}
	pack, err := s.store.CurrentPlaybook(ctx)
	if cases.ErrorCode(err) == cases.ENotFound {
		pack, err = s.builtinPack()
	}
	if err != nil {
		if c.pol != nil {
			return c.pol, nil // the database hiccuped: the last known pack still holds
		}
		return nil, err
	}
	if c.pol == nil || pack.SHA256 != c.sha {
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
	}
	c.checked = time.Now()
	return c.pol, nil
}

// forgetPolicy makes the next write read the published pack again.
func (s *Server) forgetPolicy() {
	s.pol.mu.Lock()
	s.pol.checked = time.Time{}
	s.pol.mu.Unlock()
}
