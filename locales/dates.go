package locales

import "time"

// Dates and times follow the language shown: day first in Spanish, month
// first in English, with the zone abbreviation where a time may be read in
// another office.

// FormatDate formats a calendar date: 23/11/2026 or 11/23/2026.
func FormatDate(l Lang, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	if l == EN {
		return t.Format("01/02/2006")
	}
	return t.Format("02/01/2006")
}

// FormatDateTime formats a date and a time: 23/11/2026 10:40 or
// 11/23/2026 10:40 AM.
func FormatDateTime(l Lang, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	if l == EN {
		return t.Format("01/02/2006 3:04 PM")
	}
	return t.Format("02/01/2006 15:04")
}

// FormatTime formats a time of day: 10:40 or 10:40 AM.
func FormatTime(l Lang, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	if l == EN {
		return t.Format("3:04 PM")
	}
	return t.Format("15:04")
}

// FormatDateTimeZone adds the zone, for documents that travel.
func FormatDateTimeZone(l Lang, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return FormatDateTime(l, t) + " " + t.Format("MST")
}
