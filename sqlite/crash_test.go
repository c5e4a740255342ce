package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/sqlite"
)

const crashEnv = "AGENTDESK_CRASH_DB"

// TestCrashChild is the child of TestKillNineLosesNothingAcknowledged: it
// saves notes in a loop and prints "ack N" after each save it was told
// succeeded. Run alone it does nothing.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestKillNineLosesNothingAcknowledged")
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Production)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	svc := &cases.Service{Store: db}
	list, err := db.ListCases(ctx, cases.Filter{})
	if err != nil {
		os.Exit(3)
	}
	var c *cases.Case
	n := 0
	if len(list) == 0 {
		c = &cases.Case{Agent: "ana", Role: "agent", CallType: "bill_increase", CallLang: locales.ES, Customer: cases.Customer{Name: "Prueba", Account: "1"}}
		if err := svc.Create(ctx, c); err != nil {
			os.Exit(3)
		}
	} else {
		c = list[0]
		n, _ = strconv.Atoi(strings.TrimPrefix(c.Notes, "note "))
	}
	for {
		n++
		c.Notes = fmt.Sprintf("note %d", n)
		if err := svc.Save(ctx, c, cases.Event{Kind: "note", Detail: strconv.Itoa(n)}); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		// Written straight to the pipe, unbuffered: what the parent reads
		// is exactly what was acknowledged.
		os.Stdout.WriteString("ack " + strconv.Itoa(n) + "\n")
	}
}

// A child process saves notes in a loop; the parent kills it with SIGKILL
// at random moments, over and over. Every save the child reported as done
// must be in the database afterwards, and the file must stay consistent.
func TestKillNineLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process 200 times")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	const rounds = 210
	acked := 0
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a random number of acknowledged saves (0 kills it
		// while it is still opening the database).
		killAfter := rng.IntN(25)
		lines := bufio.NewScanner(out)
		seen := 0
		killed := false
		for lines.Scan() {
			f := strings.Fields(lines.Text())
			if len(f) == 2 && f[0] == "ack" {
				v, _ := strconv.Atoi(f[1])
				acked = max(acked, v)
				seen++
			} else if len(f) > 0 && f[0] == "error" {
				t.Fatalf("round %d: child: %s", round, lines.Text())
			}
			if seen >= killAfter {
				// A random pause, so the kill lands anywhere in a write.
				time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
				cmd.Process.Signal(syscall.SIGKILL)
				killed = true
				break
			}
		}
		if !killed {
			cmd.Process.Signal(syscall.SIGKILL)
		}
		// Drain what the child printed before it died: those saves were
		// acknowledged too.
		for lines.Scan() {
			if f := strings.Fields(lines.Text()); len(f) == 2 && f[0] == "ack" {
				v, _ := strconv.Atoi(f[1])
				acked = max(acked, v)
			}
		}
		cmd.Wait()

		db, err := sqlite.Open(context.Background(), path, sqlite.Production)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		list, err := db.ListCases(context.Background(), cases.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if acked > 0 {
			if len(list) != 1 {
				t.Fatalf("round %d: %d cases", round, len(list))
			}
			got, _ := strconv.Atoi(strings.TrimPrefix(list[0].Notes, "note "))
			if got < acked {
				t.Fatalf("round %d: acknowledged save %d lost; the database has %d", round, acked, got)
			}
			tl, _ := db.Timeline(context.Background(), list[0].ID)
			notes := 0
			for _, e := range tl {
				if e.Kind == "note" {
					notes++
				}
			}
			if notes < acked {
				t.Fatalf("round %d: %d note events for %d acknowledged saves", round, notes, acked)
			}
			pending, _, _ := db.OutboxCount(context.Background())
			if pending < acked {
				t.Fatalf("round %d: %d outbox rows for %d acknowledged saves", round, pending, acked)
			}
		}
		if round%50 == 0 || round == rounds-1 {
			if ok, err := db.IntegrityCheck(context.Background()); ok != "ok" || err != nil {
				t.Fatalf("round %d: integrity_check = %q %v", round, ok, err)
			}
		}
		db.Close()
	}
	if acked < rounds {
		t.Fatalf("only %d saves acknowledged over %d rounds: the child barely ran", acked, rounds)
	}
	t.Logf("%d kills, %d acknowledged saves, none lost", rounds, acked)
}
