package locales

import (
	"strings"
	"testing"
)

func TestFormatCountGroupsThousandsAsTheLanguageDoes(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		n    int
		want string
	}{
		{EN, 0, "0"}, {EN, 999, "999"}, {EN, 1000, "1,000"}, {EN, 12345, "12,345"}, {EN, 1234567, "1,234,567"},
		{ES, 1000, "1.000"}, {ES, 12345, "12.345"}, {ES, -4500, "-4.500"}, {ES, 7, "7"},
	} {
		if got := FormatCount(c.l, c.n); got != c.want {
			t.Errorf("FormatCount(%s, %d) = %q, want %q", c.l, c.n, got, c.want)
		}
	}
}

// A count a message says is grouped in the language shown, in the plural
// form its number takes.
func TestCountsInMessagesAreGrouped(t *testing.T) {
	for l, want := range map[Lang]string{EN: "12,345", ES: "12.345"} {
		if got := New(l).N("cases.count", 12345, nil); !strings.Contains(got, want) {
			t.Errorf("%s: %q does not say %s", l, got, want)
		}
	}
}
