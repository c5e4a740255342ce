package loadtest

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"agentdesk/crm/crmtest"
)

// The full runs are by hand (make load); without flags the test is the
// short version, so the load test itself cannot rot:
//
//	go test -run TestLoad -v -timeout 30m ./internal/loadtest -args \
//	    -desks 200 -duration 60s -scenarios sqlite,postgres,faults
var (
	desks     = flag.Int("desks", 5, "simulated desks")
	duration  = flag.Duration("duration", 3*time.Second, "how long the desks save, per scenario")
	think     = flag.Duration("think", 200*time.Millisecond, "a desk's pause between two saves (±50%)")
	ramp      = flag.Duration("ramp", 0, "the desks log in spread over this (default: a tenth of -duration)")
	faultPct  = flag.Int("fault-percent", 0, "percent of connections reset, and of answers lost and cut, each, under faults (default 3; 10 in the short run)")
	scenarios = flag.String("scenarios", "sqlite-faults,faults", "comma-separated: sqlite (one crmd on SQLite), sqlite-faults (the same, faults and a restart), "+
		"postgres (two crmd on one PostgreSQL), faults (the same, faults and a restart)")
)

func TestLoad(t *testing.T) {
	short := *desks <= 10 && *duration <= 10*time.Second
	for _, name := range strings.Split(*scenarios, ",") {
		t.Run(name, func(t *testing.T) {
			cfg := Config{Desks: *desks, Duration: *duration, Think: *think, Ramp: *ramp, FaultPercent: *faultPct, Dir: t.TempDir(), Log: os.Stderr, Instances: 1}
			if cfg.Ramp == 0 {
				cfg.Ramp = cfg.Duration / 10
			}
			if short {
				cfg.Log = nil
				if cfg.FaultPercent == 0 {
					// A few seconds of a few desks meet few faults at 3%.
					cfg.FaultPercent = 10
				}
			}
			switch name {
			case "sqlite":
			case "sqlite-faults":
				cfg.Faults, cfg.Restart = true, true
			case "postgres", "faults":
				cfg.Postgres, cfg.Instances = crmtest.PostgresDSN(t), 2
				cfg.Faults, cfg.Restart = name == "faults", name == "faults"
			default:
				t.Fatalf("no scenario %q", name)
			}
			rep, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s\n%s", name, rep)
			if rep.Acked == 0 || rep.Versions != rep.Saves {
				t.Errorf("%d of %d saves acknowledged in the run, %d on crmd", rep.Acked, rep.Saves, rep.Versions)
			}
			if cfg.Restart && rep.Restarts != 1 {
				t.Errorf("%d restarts", rep.Restarts)
			}
			if cfg.Faults && rep.Resets+rep.Lost+rep.Cut == 0 {
				t.Error("no fault was injected")
			}
		})
	}
}

func TestLoopbackOnly(t *testing.T) {
	for dsn, ok := range map[string]bool{
		"postgres://u:p@127.0.0.1:5432/db": true, "postgresql://u@localhost/db": true, "postgres://[::1]:5432/db": true,
		"postgres://u:p@db.example.com/db": false, "postgres://10.0.0.5/db": false, "mysql://127.0.0.1/db": false,
	} {
		if err := loopbackDSN(dsn); (err == nil) != ok {
			t.Errorf("%s: %v", dsn, err)
		}
	}
}
