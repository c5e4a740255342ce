package cases

import (
	"slices"
	"testing"
)

func TestWithOthers(t *testing.T) {
	c := func(id, agent string) *Case { return &Case{ID: id, Agent: agent} }
	got := WithOthers([]*Case{c("A", "desk"), c("B", "desk")}, []*Case{c("B", "crmd"), c("C", "crmd"), c("C", "crmd")})
	var ids []string
	for _, x := range got {
		ids = append(ids, x.ID+"/"+x.Agent)
	}
	if !slices.Equal(ids, []string{"A/desk", "B/desk", "C/crmd"}) {
		t.Errorf("merged %v", ids)
	}
}
