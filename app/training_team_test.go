package app

import (
	"context"
	"encoding/json"
	"testing"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/locales"
	"agentdesk/training"
)

// A supervisor follows trainees who train at other desks: their calls
// meet on crmd, and the supervisor's Trainees view read only this desk's
// training database, so it said "no trainees" to a supervisor whose
// trainees all trained elsewhere. It now reads crmd's graded attempts
// and says whose trainees it shows.
func TestSupervisorSeesTraineesOfEveryDesk(t *testing.T) {
	env := startCRM(t)
	tia := env.token("tia")
	for _, id := range []string{"every-desk-1", "every-desk-2"} {
		a := crmtest.PlayAttempt(t, id, crmtest.AttemptScenario, nil)
		a.Mode = training.Test
		body, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		crmtest.Expect(t, env.api.Do("POST", "/v1/training/attempts", tia, nil, crm.TrainingAttempt{ID: a.ID, Scenario: a.Scenario, Attempt: body}), 201, "tia's attempt")
	}

	sup := newDesk(t, locales.ES, env.srv.URL, "sup", cases.RoleSupervisor, "sup")
	tr := sup.app.t
	sup.waitFor("logged in", func() bool { return sup.app.sync.st.LoggedIn })
	sup.app.show("training")
	s := sup.training()
	s.tabs.SelectIndex(1)
	sup.waitFor("the trainees from crmd", func() bool { return s.team.state == traineesRead })
	sup.mustHave(crmtest.AttemptTrainee)
	if recs, _ := s.records(crmtest.AttemptTrainee); len(recs) != 2 {
		t.Errorf("%d records of %s, want crmd's two", len(recs), crmtest.AttemptTrainee)
	}
	sup.mustHave(tr.D("training.ui.team.read", map[string]any{"Time": locales.FormatTime(tr.Lang, s.team.at.Local())}))
	sup.noMissingKeys()

	// Logged out, the view says it shows this desk's trainees only: the
	// ones read from crmd go with the session.
	if err := sup.app.sync.s.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	sup.waitFor("logged out", func() bool { return !sup.app.sync.st.LoggedIn })
	s.refresh()
	sup.mustHave(tr.S("training.ui.team.local_only"))
	sup.mustNotHave(crmtest.AttemptTrainee)

	// A desk with no CRM says it shows its own trainees only.
	h := newHarness(t, locales.EN, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor"})
	h.app.show("training")
	h.training().tabs.SelectIndex(1)
	h.mustHave(h.app.t.S("training.ui.team.local_only"))
}
