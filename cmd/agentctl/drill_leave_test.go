package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agentdesk/training"
)

// Quitting a test call that has begun leaves it, as closing it on the desk
// does: the attempt records the leave and is graded as a call cut short
// (hung up, failed), so drill play, the desk and crmd agree on it: the
// desk counted it failed while drill play's report called it merely
// incomplete, a fresh draw away from a retake. A practice call, or a test
// nobody has spoken in, just ends.
func TestDrillPlayQuittingABegunTestLeavesIt(t *testing.T) {
	for _, tc := range []struct {
		mode, stdin string
		left        bool
	}{
		{"test", "Gracias por llamar a la compañía, le atiende su agente. ¿Con quién tengo el gusto?\nq\n", true},
		{"test", "Gracias por llamar a la compañía, le atiende su agente. ¿Con quién tengo el gusto?\n", true}, // end of input
		{"practice", "Gracias por llamar a la compañía, le atiende su agente. ¿Con quién tengo el gusto?\nq\n", false},
	} {
		out := filepath.Join(t.TempDir(), "a.json")
		code, stdout, errs := runDrill(t, tc.stdin, "play", "--scenario", "refund_request", "--seed", "3", "--lang", "es",
			"--mode", tc.mode, "--out", out, "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.mode, code, errs)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		a, err := training.ParseAttempt(data)
		if err != nil {
			t.Fatal(err)
		}
		left := false
		for _, e := range a.Events {
			left = left || e.Kind == training.EvLeave
		}
		var got struct {
			Report struct {
				HungUp bool `json:"hung_up"`
			} `json:"report"`
		}
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("%v\n%s", err, stdout)
		}
		if left != tc.left || got.Report.HungUp != tc.left {
			t.Errorf("%s %q: leave recorded %v, hung up %v; want %v", tc.mode, strings.SplitN(tc.stdin, "\n", 2)[0], left, got.Report.HungUp, tc.left)
		}
	}
}
