package locales

import (
	"fmt"
	"strings"
	"time"
)

// Dates and times follow the language shown: day first in Spanish, month
// first in English, with the zone abbreviation where a time may be read in
// another office.

// FormatDate formats a calendar date: 23/11/2026 or 11/23/2026.
func FormatDate(l Lang, t time.Time) string {
	return format(l, t, "01/02/2006", "02/01/2006")
}

// FormatDateTime formats a date and a time: 23/11/2026 10:40 or
// 11/23/2026 10:40 AM.
func FormatDateTime(l Lang, t time.Time) string {
	return format(l, t, "01/02/2006 3:04 PM", "02/01/2006 15:04")
}

// FormatTime formats a time of day: 10:40 or 10:40 AM.
func FormatTime(l Lang, t time.Time) string {
	return format(l, t, "3:04 PM", "15:04")
}

// format writes t with the English or the Spanish layout, or a dash for
// no time at all.
func format(l Lang, t time.Time, en, es string) string {
	if t.IsZero() {
		return "—"
	}
	if l == EN {
		return t.Format(en)
	}
	return t.Format(es)
}

// FormatDateTimeZone adds the zone, for documents that travel.
func FormatDateTimeZone(l Lang, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return FormatDateTime(l, t) + " " + t.Format("MST")
}

// The years a typed date may fall in. The dates people type here are a
// customer's "since", a due date, a report's range: year 1 is Go's zero
// time, which every screen writes as "—" (the date read back as none),
// and "0219" typed for "2019" made a customer of eighteen centuries.
const (
	MinDateYear = 1900
	MaxDateYear = 2199
)

// ParseDate reads a date as a person of that language types it
// (23/11/2026 or 11/23/2026; also 23-11-2026) or in ISO form (2026-11-23),
// from MinDateYear to MaxDateYear.
func ParseDate(l Lang, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	layouts := []string{"2/1/2006", "02/01/2006", "2/1/06"}
	if l == EN {
		layouts = []string{"1/2/2006", "01/02/2006", "1/2/06"}
	}
	slashed := strings.NewReplacer("-", "/", ".", "/").Replace(s)
	t, err := time.Parse("2006-01-02", s)
	for _, lay := range layouts {
		if err == nil {
			break
		}
		t, err = time.Parse(lay, slashed)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("locales: %q is not a date", s)
	}
	if y := t.Year(); y < MinDateYear || y > MaxDateYear {
		return time.Time{}, fmt.Errorf("locales: %q is not a date from %d to %d", s, MinDateYear, MaxDateYear)
	}
	return t, nil
}
