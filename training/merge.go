package training

import (
	"slices"
	"strings"
)

// MergeRecords is local's records with those of remote that no local
// record has (by attempt ID), in the order the calls were started: a
// supervisor's desk holds its own trainees' calls with everything the
// desk recorded, and reads the others' from crmd.
func MergeRecords(local, remote []Record) []Record {
	have := make(map[string]bool, len(local))
	out := make([]Record, 0, len(local)+len(remote))
	for _, r := range local {
		if r.Attempt.ID != "" {
			have[r.Attempt.ID] = true
		}
		out = append(out, r)
	}
	for _, r := range remote {
		if r.Attempt.ID == "" || have[r.Attempt.ID] {
			continue
		}
		have[r.Attempt.ID] = true
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Record) int { return a.Attempt.Started.Compare(b.Attempt.Started) })
	return out
}

// Trainees is the trainee names of recs, each once, in the order of
// names as a list shows them.
func Trainees(recs []Record) []string {
	var out []string
	for _, r := range recs {
		if n := strings.TrimSpace(r.Attempt.Trainee); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out
}
