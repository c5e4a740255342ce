package app

import (
	"context"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/training"
)

// Every screen renders as recorded in app/testdata/screens, in both
// languages, on the demo data at the tests' fixed time: a change to what a
// screen draws (a text, a widget, a layout) shows here as a diff of the
// rendered tree, for a reviewer to read. When a screen changes on purpose,
// read the new tree Fyne writes under app/testdata/failed/screens and copy
// it over the recorded one (README, "Tests").
func TestScreensRenderAsRecorded(t *testing.T) {
	size := fyne.NewSize(1280, 800)
	for _, l := range locales.Langs {
		agent := map[string]string{cases.KeyAgent: "Ana", cases.KeyCompany: "Telco Norte", cases.KeyUILang: string(l), cases.KeyCallLang: string(l)}
		shot := func(h *harness, name string) {
			t.Helper()
			h.app.Window().Resize(size)
			test.AssertRendersToMarkup(t, "screens/"+name+"-"+string(l)+".xml", h.app.Window().Canvas())
		}
		t.Run(string(l), func(t *testing.T) {
			h := newHarness(t, l, false, nil)
			shot(h, "welcome")

			h = newHarness(t, l, false, agent)
			seedDemoWithFixedIDs(t, h)
			h.app.show("call")
			shot(h, "call-start")
			// Before a call is started: its case's ID is random, and the
			// cases screen would list it.
			for _, key := range []string{"templates", "calculators", "cases", "reports", "settings"} {
				h.app.show(key)
				shot(h, key)
			}
			search := map[locales.Lang]string{locales.ES: "aumento fact", locales.EN: "bill incr"}[l]
			h.startCall("4417001234", search)
			h.toExploration()
			shot(h, "call-exploration")

			h = newHarness(t, l, true, map[string]string{cases.KeyAgent: "Nuria", cases.KeyRole: "trainee", cases.KeyUILang: string(l), cases.KeyCallLang: string(l)})
			h.app.show("training")
			shot(h, "training")
			tc := h.app.trainingContent()
			tr := tc.Tracks[0]
			h.pickScenario(tr.ID, tr.Scenarios[0], training.Test, l)
			h.tap(h.app.t.S("training.ui.start"))
			shot(h, "training-call")

			h = newHarness(t, l, false, map[string]string{cases.KeyAgent: "Marta", cases.KeyRole: "supervisor", cases.KeyUILang: string(l), cases.KeyCallLang: string(l)})
			seedDemoWithFixedIDs(t, h)
			h.app.show("team")
			shot(h, "team")
		})
	}
}

// seedDemoWithFixedIDs puts the demo data on h's desk as newHarness does,
// with case IDs that do not change from run to run (NewID's are random),
// as the cases and the team screens show them.
func seedDemoWithFixedIDs(t *testing.T, h *harness) {
	t.Helper()
	customers, demo := cases.DemoData(fixedNow, "Ana")
	for _, c := range customers {
		if err := h.db.UpsertCustomer(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	svc := &cases.Service{Store: h.db}
	for i, d := range demo {
		d.Case.ID = fmt.Sprintf("C-%s-DEMO%06d", d.Case.CreatedAt.Format("20060102"), i)
		for j := range d.Events {
			d.Events[j].CaseID = d.Case.ID
		}
		if err := svc.Import(context.Background(), d.Case, d.Events); err != nil {
			t.Fatal(err)
		}
	}
}
