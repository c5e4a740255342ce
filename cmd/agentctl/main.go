// Command agentctl is AgentDesk without a window: calculators, playbook
// validation, drill grading, PDF export, redaction and reports for
// supervisors, content authors, scripts and CI. main.go only wires; each
// command family lives in its own file of this package.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := NewMain().Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
