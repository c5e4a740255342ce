package training

import (
	"slices"
	"testing"
	"time"
)

func TestMergeRecords(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	rec := func(id, trainee string, hours int, total float64) Record {
		return Record{Attempt: Attempt{ID: id, Trainee: trainee, Started: at.Add(time.Duration(hours) * time.Hour)}, Report: Report{Total: total}}
	}
	local := []Record{rec("a", "Nuria", 2, 90), rec("b", "Nuria", 5, 70)}
	remote := []Record{rec("b", "Nuria", 5, 10), rec("c", "beto", 1, 80), rec("", "nadie", 0, 0), rec("c", "beto", 1, 80), rec("d", "Ana", 9, 60)}
	got := MergeRecords(local, remote)
	var ids []string
	for _, r := range got {
		ids = append(ids, r.Attempt.ID)
	}
	// The desk's own record of b wins over crmd's; c once; the one
	// without an ID is no attempt crmd could have sent.
	if !slices.Equal(ids, []string{"c", "a", "b", "d"}) || got[2].Report.Total != 70 {
		t.Errorf("merged %v (b scored %v)", ids, got[2].Report.Total)
	}
	if names := Trainees(got); !slices.Equal(names, []string{"Ana", "beto", "Nuria"}) {
		t.Errorf("trainees %v", names)
	}
	if MergeRecords(nil, nil) == nil || len(MergeRecords(nil, nil)) != 0 {
		t.Error("no records")
	}
}
