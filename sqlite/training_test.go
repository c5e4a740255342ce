package sqlite_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/sqlite"
	"agentdesk/training"
)

func TestTrainingStore(t *testing.T) {
	ctx := context.Background()
	db := open(t, sqlite.Training)
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	a := training.Attempt{Scenario: "bill_increase_promo", Seed: 7, Mode: training.Mode("test"), Trainee: "Nuria", Started: start,
		Events: []training.Event{{At: start, Kind: training.EvNote, Text: "tarjeta 4111 1111 1111 1111 y PIN 4321"}}}
	id, err := db.SaveAttempt(ctx, a, training.Report{Total: 86.5, Passed: true})
	if err != nil || !strings.HasPrefix(id, "A-") {
		t.Fatalf("save: %q %v", id, err)
	}
	a2 := a
	a2.Started = start.Add(time.Hour)
	a2.Events = nil
	if _, err := db.SaveAttempt(ctx, a2, training.Report{Total: 60}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveAttempt(ctx, training.Attempt{}, training.Report{}); err != training.ErrNoTrainee {
		t.Fatalf("attempt without trainee: %v", err)
	}
	recs, err := db.Attempts(ctx, "Nuria")
	if err != nil || len(recs) != 2 || recs[0].Report.Total != 86.5 || recs[0].Attempt.ID != id {
		t.Fatalf("attempts = %+v %v", recs, err)
	}
	if n := recs[0].Attempt.Events[0].Text; strings.Contains(n, "4111 1111") || strings.Contains(n, "4321") {
		t.Fatalf("note stored unredacted: %q", n)
	}
	c := training.Certificate{Trainee: "Nuria", Track: "billing_1", Date: start, RubricVersion: "1", Attempts: []string{id}}
	if err := db.SaveCertificate(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.Date = start.Add(48 * time.Hour)
	if err := db.SaveCertificate(ctx, c); err != nil {
		t.Fatal(err)
	}
	certs, err := db.Certificates(ctx, "Nuria")
	if err != nil || len(certs) != 1 || !certs[0].Date.Equal(c.Date) {
		t.Fatalf("certificates = %+v %v", certs, err)
	}
	if who, _ := db.Trainees(ctx); len(who) != 1 || who[0] != "Nuria" {
		t.Fatalf("trainees = %v", who)
	}
	data, _ := os.ReadFile(db.Path)
	wal, _ := os.ReadFile(db.Path + "-wal")
	if strings.Contains(string(data)+string(wal), "4111 1111 1111 1111") {
		t.Fatal("card number on disk")
	}
}

// A trainee's work cannot be written to the production database.
func TestProductionRefusesTrainingRecords(t *testing.T) {
	db := open(t, sqlite.Production)
	_, err := db.SaveAttempt(context.Background(), training.Attempt{Trainee: "Nuria"}, training.Report{})
	if cases.ErrorCode(err) != cases.EForbidden {
		t.Fatalf("attempt into production: %v", err)
	}
	if err := db.SaveCertificate(context.Background(), training.Certificate{Trainee: "Nuria"}); cases.ErrorCode(err) != cases.EForbidden {
		t.Fatalf("certificate into production: %v", err)
	}
}
