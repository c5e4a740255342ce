package pdf_test

import (
	"fmt"
	"testing"
	"time"

	"agentdesk/pdf"
)

// WeekRange reads the week a person asks a report for ("2026-W47", from
// agentctl's --week or the reports screen): it never panics, and a week it
// takes is the Monday-to-Monday span whose ISO week is the one written.
func FuzzWeekRange(f *testing.F) {
	for _, s := range []string{"2026-W47", "2026-W53", "2020-W53", "0001-W01", "9999-W52", "2026-W00", "2026-w47", "26-W47", "2026-W4", "+026-W47", "2026-W-1"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, week string, local bool) {
		tz := time.UTC
		if local {
			tz = madrid
		}
		from, to, err := pdf.WeekRange(week, tz)
		if err != nil {
			return
		}
		y, w := from.ISOWeek()
		if got := fmt.Sprintf("%04d-W%02d", y, w); got != week {
			t.Fatalf("%q starts on %v, in week %s", week, from, got)
		}
		if from.Weekday() != time.Monday || from.Hour() != 0 || from.Minute() != 0 || !to.Equal(from.AddDate(0, 0, 7)) {
			t.Fatalf("%q: %v to %v is not Monday to Monday", week, from, to)
		}
	})
}
