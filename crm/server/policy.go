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

// packPolicy is the published playbook as the case-write rules read it.
type packPolicy struct{ pb *playbook.Playbook }

func (p packPolicy) AuthorityMinor(role string) int64 { return p.pb.AuthorityMinor(role) }

func (p packPolicy) ResponseHours(priority string) (int, bool) {
	if pr := p.pb.Priority(priority); pr != nil {
		return pr.ResponseHours, true
	}
	return 0, false
}

// policyCache holds the pack in force, as this instance last loaded it,
// and when the store last said it still was.
type policyCache struct {
	mu      sync.Mutex
	sha     string
	pol     crm.Policy
	checked time.Time
	// forgotten counts forget's calls: an answer of the store asked for
	// before the last one may name the pack the publish replaced, and
	// does not make the instance trust it for another interval.
	forgotten int
}

// forget makes the next write ask the store which pack is in force: this
// instance has just published one.
func (c *policyCache) forget() {
	c.mu.Lock()
	c.checked = time.Time{}
	c.forgotten++
	c.mu.Unlock()
}

// CheckPlaybook loads the pack in force as a case write would, and says
// why it does not load: a pack published under an earlier release whose
// rules this one made stricter. crmd's start logs it, for until a fixed
// pack is published no case write or decision is taken (each is answered
// as a failure the desk sends again, never as a refusal for good).
func (s *Server) CheckPlaybook(ctx context.Context) error {
	_, err := s.policy(ctx)
	return err
}

// policy is the authority and escalation policy of the playbook in force:
// the one supervisors published, else the built-in pack. Several instances
// share one database, and a pack published through any of them must judge
// the next amounts on all of them: the store is asked which pack is in
// force (its hash alone, not its files) once per Config.PolicyRecheck, and
// the files are read and loaded again only when the hash moved. Asking at
// every write would hold a publish to the very next write but cost every
// write a round trip to the database (a quarter to a third of the case
// upserts a 2-core PostgreSQL takes, BenchmarkCaseUpsert), for a window
// of a second after a publish, which desks reach minutes later anyway.
func (s *Server) policy(ctx context.Context) (crm.Policy, error) {
	c := &s.pol
	c.mu.Lock()
	if c.pol != nil && time.Since(c.checked) < s.cfg.PolicyRecheck {
		defer c.mu.Unlock()
		return c.pol, nil
	}
	forgotten := c.forgotten
	c.mu.Unlock()
	asked := time.Now()
	sha, err := s.store.CurrentPlaybookSHA(ctx)
	if cases.ErrorCode(err) == cases.ENotFound {
		var pack *crm.PlaybookPack
		if pack, err = s.builtinPack(); err == nil {
			sha = pack.SHA256
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		if c.pol != nil {
			return c.pol, nil // the database hiccuped: the last known pack still holds
		}
		return nil, err
	}
	// A publish through this instance since the store was asked: its
	// answer may be the pack before, and is not trusted for an interval.
	if c.forgotten != forgotten {
		asked = time.Time{}
	}
	if c.pol != nil && c.sha == sha {
		c.checked = asked
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
	pol, err := s.packPolicy(pack)
	if err != nil {
		return nil, err
	}
	c.pol, c.sha, c.checked = pol, pack.SHA256, asked
	return c.pol, nil
}

// packPolicy is the policy of pack, loaded as the desks load it.
func (s *Server) packPolicy(pack *crm.PlaybookPack) (crm.Policy, error) {
	var pb *playbook.Playbook
	var err error
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
	return packPolicy{pb}, nil
}

// inForce is the version of the pack in force (0: none published, the
// built-in one) and its policy, read from the store now.
func (s *Server) inForce(ctx context.Context) (int, crm.Policy, error) {
	pack, err := s.store.CurrentPlaybook(ctx)
	if cases.ErrorCode(err) == cases.ENotFound {
		pack, err = s.builtinPack()
	}
	if err != nil {
		return 0, nil, err
	}
	pol, err := s.packPolicy(pack)
	return pack.Version, pol, err
}
