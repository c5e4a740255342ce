package pdf_test

import (
	"strings"
	"testing"

	"agentdesk/locales"
)

// A customer's name in characters the embedded font lacks (Chinese) is
// not left as empty boxes, nothing on paper: each such character prints
// as a visible mark, and the summary says why, so the reader goes by the
// account. Characters the font has print as they are.
func TestCaseSummaryMarksANameTheFontCannotPrint(t *testing.T) {
	for _, lang := range locales.Langs {
		t.Run(string(lang), func(t *testing.T) {
			note := locales.New(lang).S("pdf.customer.name_unprintable")
			c, tl := richCase(t)
			c.Customer.Name = "王小明 (Wang Xiaoming)"
			got := text(t, summary(t, c, tl, opts(lang)))
			contains(t, got, "\uFFFD\uFFFD\uFFFD (Wang Xiaoming)")
			absent(t, got, "王", "!pdf")
			if flat := strings.Join(strings.Fields(got), " "); !strings.Contains(flat, note) {
				t.Errorf("the summary does not say %q", note)
			}

			c.Customer.Name = "Zoë Ñúñez-Øster"
			got = text(t, summary(t, c, tl, opts(lang)))
			contains(t, got, "Zoë Ñúñez-Øster")
			absent(t, got, "\uFFFD")
			if flat := strings.Join(strings.Fields(got), " "); strings.Contains(flat, note) {
				t.Error("the note on a name every character of which prints")
			}
		})
	}
}
