package pdf_test

import (
	"io"
	"strings"
	"testing"

	"agentdesk/assets"
	"agentdesk/locales"
	"agentdesk/pdf"

	"github.com/jung-kurt/gofpdf"
)

// BenchmarkCaseSummary is one signed-off summary, fonts and all: what a
// supervisor waits for after pressing "Export".
func BenchmarkCaseSummary(b *testing.B) {
	c, tl := richCase(b)
	opt := opts(locales.ES)
	b.ReportAllocs()
	for b.Loop() {
		if err := pdf.CaseSummary(io.Discard, c, tl, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareGofpdf prints the same text in the same fonts with plain
// MultiCell, no layout: the floor CaseSummary's own work sits on.
func BenchmarkBareGofpdf(b *testing.B) {
	c, tl := richCase(b)
	out := poppler(b, summary(b, c, tl, opts(locales.ES)), "pdftotext", "-layout", thePDF, "-")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	regular, bold := assets.Font("DejaVuSans.ttf"), assets.Font("DejaVuSans-Bold.ttf")
	b.ReportAllocs()
	for b.Loop() {
		f := gofpdf.New("P", "mm", "A4", "")
		f.AddUTF8FontFromBytes("dejavu", "", regular)
		f.AddUTF8FontFromBytes("dejavu", "B", bold)
		f.AddPage()
		f.SetFont("dejavu", "", 9.5)
		for _, l := range lines {
			f.MultiCell(0, 4.7, strings.TrimSpace(l), "", "L", false)
		}
		if err := f.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBatch1000 exports 1,000 summaries into one PDF per operation,
// the month-end export of a busy team.
func BenchmarkBatch1000(b *testing.B) {
	var items []pdf.CaseWithTimeline
	rich, rtl := richCase(b)
	dc := demo(b)
	for i := 0; len(items) < 1000; i++ {
		if i%4 == 0 {
			items = append(items, pdf.CaseWithTimeline{Case: rich, Timeline: rtl})
			continue
		}
		d := dc[i%len(dc)]
		items = append(items, pdf.CaseWithTimeline{Case: d.Case, Timeline: d.Events})
	}
	opt := opts(locales.ES)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		var cw countWriter
		if err := pdf.CaseBatch(&cw, items, opt, nil); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size)/(1<<20), "MB/pdf")
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
