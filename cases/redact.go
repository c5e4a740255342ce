package cases

import (
	"iter"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redaction counts what Redact replaced, so callers can tell the agent and
// the audit trail that a note was cleaned without keeping what was in it.
type Redaction struct {
	Cards, SecurityCodes, PINs int
}

// Any reports whether anything was replaced.
func (r Redaction) Any() bool { return r.Cards+r.SecurityCodes+r.PINs > 0 }

func (r *Redaction) add(o Redaction) {
	r.Cards += o.Cards
	r.SecurityCodes += o.SecurityCodes
	r.PINs += o.PINs
}

// The masks carry no words so a note reads the same in Spanish and English.
// Card masks keep the last four digits because agents and customers use them
// to tell cards apart, and PCI DSS allows it; codes and PINs keep nothing,
// not even their length.
const (
	redactCardMask = "••••"
	redactCodeMask = "***"
	redactPINMask  = "****"
)

// Redact replaces card numbers, security codes and PINs in s and reports what it replaced.
//
// Card numbers are 13 to 19 digits that pass the Luhn check, typed in one
// piece or in groups; they become "•••• " and their last four digits.
// Security codes (3 or 4 digits) and PINs (4 to 8 digits) are only
// recognised after a keyword a few words before them ("CVV: 123", "mi pin es
// 4321"), because on their own they are indistinguishable from any other
// short number. Everything else, including bytes that are not valid UTF-8,
// is copied unchanged.
func Redact(s string) (string, Redaction) {
	var total Redaction
	// One pass is designed to leave nothing for a second one, but the IBAN
	// exemption rests on a checksum that a card mask inside the IBAN breaks.
	// Repeating until nothing changes makes idempotence a guarantee instead
	// of an argument; every productive pass removes digits, so it ends, and
	// in practice the second pass is the last.
	for redactHasDigit(s) {
		out, r := redactOnce(s)
		if !r.Any() {
			break
		}
		total.add(r)
		s = out
	}
	return s, total
}

func redactHasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if redactIsDigit(s[i]) {
			return true
		}
	}
	return false
}

func redactOnce(s string) (string, Redaction) {
	var r Redaction
	// Cards first: a keyword pass that ran first could take the first group
	// of "CVV 4111 1111 1111 1111" for a code and leave twelve card digits.
	s, spaced := redactSpacedCards(s)
	s, r.Cards = redactCards(s)
	r.Cards += spaced
	s, r.SecurityCodes, r.PINs = redactSecrets(s)
	return s, r
}

// ---- card numbers ----

// redactSep is how a digit group attaches to the one before it.
type redactSep uint8

const (
	redactSepNone  redactSep = iota // not attached: the groups are separate numbers
	redactSepSpace                  // one space (also the no-break spaces of pasted text)
	redactSepDash
	redactSepDot
	redactSepBreak // one line break, as when a number wraps in the notes box
)

type redactRun struct {
	start, end int // byte offsets of a maximal run of ASCII digits
	sep        redactSep
	// tainted runs belong to something that is not a card (a ticket, an
	// amount, a date, a phone's country code, an existing mask, an IBAN), so
	// no card is assembled from them; a run long enough to be a card on its
	// own is still checked.
	tainted bool
}

func (r redactRun) len() int { return r.end - r.start }

func redactIsDigit(c byte) bool { return '0' <= c && c <= '9' }

// redactIsWordRune reports letters, digits and combining marks: the runes
// that make a token continue.
func redactIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// redactGlue is punctuation that binds digits into one token: "1,234.56",
// "23/11/2026", "10:30", "ESC-20261123-0042", "id_1234".
const redactGlue = "-/._,:"

// redactInvisible reports whether r prints as nothing: a control character
// other than the spacing ones (tab, line breaks, vertical tab, form feed),
// or a format character (zero-width space, joiners, soft hyphen, BOM).
func redactInvisible(r rune) bool {
	return unicode.Is(unicode.Cc, r) && !strings.ContainsRune("\t\n\r\v\f", r) || unicode.Is(unicode.Cf, r)
}

func redactSepBetween(gap string) redactSep {
	// Characters that show as nothing (NUL, ESC, DEL, NEL, zero-width
	// spaces and joiners, a soft hyphen, a byte-order mark) are no gap a
	// reader sees: a printer or a store that drops them would join
	// "4111<NUL>1111<NUL>1111<NUL>1111" into one card number.
	if g := strings.Map(func(r rune) rune {
		if redactInvisible(r) {
			return -1
		}
		return r
	}, gap); g != gap {
		if g == "" {
			return redactSepSpace
		}
		gap = g
	}
	switch gap {
	// A tab, or a vertical tab or form feed from a paste, shows as a space
	// wherever the text is printed.
	case " ", "\u00a0", "\u202f", "\t", "\v", "\f":
		return redactSepSpace
	case "-":
		return redactSepDash
	case ".":
		return redactSepDot
	}
	if len(gap) > 12 {
		return redactSepNone
	}
	// A line break, possibly with the group's dash left at the end of the
	// line or carried to the next ("5500-0000-⏎0000-0004").
	// A lone carriage return (old Mac line ends) is a break too: a PDF or
	// a terminal drops it and prints the groups side by side.
	switch strings.Trim(gap, " \t") {
	case "\n", "\r\n", "\r", "-\n", "-\r\n", "-\r", "\n-", "\r\n-", "\r-":
		return redactSepBreak
	}
	return redactSepNone
}

// redactTaintedBefore looks at what precedes a run that is not attached to
// the run before it.
func redactTaintedBefore(s string, p int) bool {
	if p == 0 {
		return false
	}
	r, w := utf8.DecodeLastRuneInString(s[:p])
	prev, _ := utf8.DecodeLastRuneInString(s[:p-w])
	switch {
	case r == '+': // "+34 612 345 678": the rest is a phone number
		return true
	case r == '•': // "••••••7890" from MaskAccount, or a mask of ours
		return true
	case r == ' ' && prev == '•': // "•••• 1111": the tail of a card mask
		return true
	case strings.ContainsRune(redactGlue, r) && p-w > 0:
		if prev >= '0' && prev <= '9' { // "1,234", "10:30", "23/11"
			return true
		}
		return redactLabelGlued(s, p)
	}
	return false
}

// redactLabelGlued reports a run glued to a word by a hyphen, a slash or an
// underscore: "ESC-20261123", "id_1234" are references. But "tarjeta:4111…"
// or "visa,4111…" is only hasty punctuation.
func redactLabelGlued(s string, p int) bool {
	r, w := utf8.DecodeLastRuneInString(s[:p])
	if p-w == 0 || strings.ContainsRune(",:.", r) || !strings.ContainsRune(redactGlue, r) {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:p-w])
	return redactIsWordRune(prev) && !(prev >= '0' && prev <= '9') // "23/11" is a date's
}

// redactTaintedAfter looks at what follows a run that is not attached to the
// run after it. Letters right after digits do not taint: "…1111cvv 123" is
// how people type in a hurry, and missing a card costs more than masking an
// odd reference.
func redactTaintedAfter(s string, e int) bool {
	if e >= len(s) {
		return false
	}
	r, w := utf8.DecodeRuneInString(s[e:])
	if !strings.ContainsRune(redactGlue, r) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(s[e+w:])
	if r == '-' {
		return unicode.IsLetter(next)
	}
	return next >= '0' && next <= '9'
}

// redactDigitSpans yields the start and end of each maximal run of ASCII
// digits in s, left to right.
func redactDigitSpans(s string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := 0; i < len(s); {
			if !redactIsDigit(s[i]) {
				i++
				continue
			}
			j := i
			for j < len(s) && redactIsDigit(s[j]) {
				j++
			}
			if !yield(i, j) {
				return
			}
			i = j
		}
	}
}

func redactFindRuns(s string) []redactRun {
	var runs []redactRun
	for i, j := range redactDigitSpans(s) {
		r := redactRun{start: i, end: j}
		if n := len(runs); n > 0 {
			r.sep = redactSepBetween(s[runs[n-1].end:i])
		}
		runs = append(runs, r)
	}
	for i := range runs {
		// A label's glue taints a reference ("ESC-20261123-0042"), not the
		// blank-separated groups of a card typed after it ("ACC-4111 1111
		// 1111 1111"): references are not typed in spaced groups.
		spacedOn := i+1 < len(runs) && runs[i+1].sep == redactSepSpace
		if runs[i].sep == redactSepNone && redactTaintedBefore(s, runs[i].start) &&
			!(spacedOn && redactLabelGlued(s, runs[i].start)) {
			runs[i].tainted = true
		}
		if (i+1 == len(runs) || runs[i+1].sep == redactSepNone) && redactTaintedAfter(s, runs[i].end) {
			runs[i].tainted = true
		}
	}
	redactTaintIBANs(s, runs)
	return runs
}

// redactTaintIBANs exempts IBANs ("ES91 2100 0418 4502 0005 1332"), which
// Spanish notes are full of: any four of their groups read as a 16-digit
// number that passes the Luhn check one time in ten. Only a valid mod-97
// checksum counts, so a card typed after something like a country code is
// not let through.
func redactTaintIBANs(s string, runs []redactRun) {
	k := 0 // runs before k end before the IBAN being checked
	for i := 0; i+4 <= len(s); i++ {
		if !redactIsASCIILetter(s[i]) || !redactIsASCIILetter(s[i+1]) ||
			!redactIsDigit(s[i+2]) || !redactIsDigit(s[i+3]) {
			continue
		}
		if i > 0 {
			if r, _ := utf8.DecodeLastRuneInString(s[:i]); redactIsWordRune(r) {
				continue
			}
		}
		end := redactIBANEnd(s, i)
		if end < 0 {
			continue
		}
		for k < len(runs) && runs[k].end <= i {
			k++
		}
		for ; k < len(runs) && runs[k].start < end; k++ {
			runs[k].tainted = true
		}
		i = end - 1
	}
}

func redactIsASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// redactIBANEnd returns where the IBAN starting at i ends, or -1. It takes
// the shortest length, at the end of a group, whose checksum holds, so that
// digits typed after an IBAN are judged on their own.
func redactIBANEnd(s string, i int) int {
	const minLen, maxLen = 15, 34
	m := 0 // the BBAN so far, mod 97
	n := 4 // characters so far, country code and check digits included
	for j := i + 4; j < len(s) && n < maxLen; j++ {
		c := s[j]
		switch {
		case redactIsDigit(c):
			m = (m*10 + int(c-'0')) % 97
		case redactIsASCIILetter(c):
			m = (m*100 + int(c|0x20-'a') + 10) % 97
		case c == ' ' && j+1 < len(s) && redactIsDigitOrLetter(s[j+1]) && redactIsDigitOrLetter(s[j-1]):
			continue
		default:
			return -1
		}
		n++
		atGroupEnd := j+1 == len(s) || !redactIsDigitOrLetter(s[j+1])
		if n >= minLen && atGroupEnd && redactIBANChecksum(m, s[i:i+4]) {
			return j + 1
		}
	}
	return -1
}

func redactIsDigitOrLetter(c byte) bool { return redactIsDigit(c) || redactIsASCIILetter(c) }

// redactIBANChecksum finishes ISO 13616: the country code and check digits
// move after the BBAN and the whole number mod 97 must be 1.
func redactIBANChecksum(m int, head string) bool {
	for i := 0; i < len(head); i++ {
		c := head[i]
		if redactIsDigit(c) {
			m = (m*10 + int(c-'0')) % 97
		} else {
			m = (m*100 + int(c|0x20-'a') + 10) % 97
		}
	}
	return m == 1
}

// redactLuhn checks the digits of runs as one number.
func redactLuhn(s string, runs []redactRun) bool {
	sum, double := 0, false
	for k := len(runs) - 1; k >= 0; k-- {
		for i := runs[k].end - 1; i >= runs[k].start; i-- {
			d := int(s[i] - '0')
			if double {
				d *= 2
				if d > 9 {
					d -= 9
				}
			}
			sum += d
			double = !double
		}
	}
	return sum%10 == 0
}

// redactCardWindows lists, in order of first run, the spans of runs (first
// and last index) that make a card number. A span of several runs must look
// typed as one number: a first group of 4 to 8 digits (phone numbers start
// with shorter ones: "612 345 678", "(555) 123-4567"), middle groups of 4 to
// 8 (so a year or a postcode followed by a phone, "2026 612 345 678", or a
// date, "2026-11-23", never makes a card; the price is the rare 13-digit
// card typed 4-3-3-3) and a last group of at most 8 (a phone after a year,
// "2026 612345678", is not a card). A middle group of four may be read out
// in two pairs, one blank apart ("4111 11 11 1111 1111"). Dots only join
// when every separator is a dot, so amounts never glue to a card.
func redactCardWindows(s string, runs []redactRun) [][2]int {
	var wins [][2]int
	for i, ri := range runs {
		n := ri.len()
		if n >= 13 && n <= 19 && redactLuhn(s, runs[i:i+1]) {
			wins = append(wins, [2]int{i, i})
		}
		if ri.tainted || n < 4 || n > 8 {
			continue
		}
		total, dots, others, short := n, false, false, false
		for j := i + 1; j < len(runs); j++ {
			rj := runs[j]
			if rj.sep == redactSepNone || rj.tainted || rj.len() > 8 || short {
				break
			}
			if total += rj.len(); total > 19 {
				break
			}
			if rj.sep == redactSepDot {
				dots = true
			} else {
				others = true
			}
			if dots && others {
				break
			}
			if total >= 13 && redactLuhn(s, runs[i:j+1]) {
				wins = append(wins, [2]int{i, j})
			}
			short = rj.len() < 4
			if rj.len() == 2 && j+1 < len(runs) {
				if p := runs[j+1]; p.len() == 2 && p.sep == redactSepSpace && !p.tainted {
					if total += 2; total > 19 {
						break
					}
					j++
					if total >= 13 && redactLuhn(s, runs[i:j+1]) {
						wins = append(wins, [2]int{i, j})
					}
					short = false
				}
			}
		}
	}
	return wins
}

// redactWindow is a span of runs to mask, first and last index.
type redactWindow struct {
	a, z int
	// part is a piece of a candidate that crossed a line break: masked,
	// but not counted as a card and with no digits kept.
	part bool
}

// redactKeepBreaks keeps candidates that cross a line break from joining
// cards that stand on their own lines. A candidate across a break is a card
// wrapped by the notes box only when no card on one line shares a group
// with it; otherwise it is the end of one line's card and the start of the
// next line's digits passing the Luhn check by chance ("4111 1111 1111
// 1111⏎5555 5555 5555 4444"), and merging it would make one mask of both
// lines. Then each of its lines' groups that no in-line card masks is
// masked on its own line, so that none of its digits is left in clear and
// the break stays.
func redactKeepBreaks(runs []redactRun, wins [][2]int) []redactWindow {
	crosses := func(w [2]int) bool {
		for k := w[0] + 1; k <= w[1]; k++ {
			if runs[k].sep == redactSepBreak {
				return true
			}
		}
		return false
	}
	var covered []bool
	out := make([]redactWindow, 0, len(wins))
	for _, w := range wins {
		if !crosses(w) {
			out = append(out, redactWindow{a: w[0], z: w[1]})
			continue
		}
		if covered == nil {
			covered = make([]bool, len(runs))
			for _, v := range wins {
				if !crosses(v) {
					for k := v[0]; k <= v[1]; k++ {
						covered[k] = true
					}
				}
			}
		}
		shared := false
		for k := w[0]; k <= w[1]; k++ {
			shared = shared || covered[k]
		}
		if !shared {
			out = append(out, redactWindow{a: w[0], z: w[1]})
			continue
		}
		for a := w[0]; a <= w[1]; {
			z, open := a, !covered[a]
			for z < w[1] && runs[z+1].sep != redactSepBreak {
				z++
				open = open || !covered[z]
			}
			if open {
				out = append(out, redactWindow{a: a, z: z, part: true})
			}
			a = z + 1
		}
	}
	slices.SortStableFunc(out, func(x, y redactWindow) int { return x.a - y.a })
	return out
}

// redactCards masks card numbers. Overlapping candidates merge into one
// mask rather than the longest winning alone: when another number sits
// against a card ("4111 1111 1111 1111 2026"), a candidate that takes part
// of each can pass the Luhn check by chance, and masking only it would leave
// the rest of the card in clear. Over-masking the other number is the
// cheaper mistake.
func redactCards(s string) (string, int) {
	runs := redactFindRuns(s)
	found := redactCardWindows(s, runs)
	if len(found) == 0 {
		return s, 0
	}
	wins := redactKeepBreaks(runs, found)
	var b strings.Builder
	b.Grow(len(s))
	last, count := 0, 0
	flush := func(w redactWindow) {
		b.WriteString(s[last:runs[w.a].start])
		b.WriteString(redactCardMask)
		if !w.part {
			b.WriteByte(' ')
			b.WriteString(redactLast4(s, runs[w.a:w.z+1]))
			count++
		}
		last = runs[w.z].end
	}
	cur := wins[0]
	for _, w := range wins[1:] {
		if w.a <= cur.z {
			cur.z = max(cur.z, w.z)
			cur.part = cur.part && w.part
			continue
		}
		flush(cur)
		cur = w
	}
	flush(cur)
	b.WriteString(s[last:])
	return b.String(), count
}

// redactSpacedRE finds four digit groups (4-4-4-4 or 4-6-5) with wider
// gaps than one blank between them: two or three blanks, or a dash with
// blanks around it, as a person spaces a card number by hand.
var redactSpacedRE = regexp.MustCompile(`(\d{4})([ \t\x{a0}\x{202f}]{2,3}|[ \x{a0}]+-[ \x{a0}]*|[ \x{a0}]*-[ \x{a0}]+)(\d{4,6})([ \t\x{a0}\x{202f}]{2,3}|[ \x{a0}]+-[ \x{a0}]*|[ \x{a0}]*-[ \x{a0}]+)(\d{4,5})(?:([ \t\x{a0}\x{202f}]{2,3}|[ \x{a0}]+-[ \x{a0}]*|[ \x{a0}]*-[ \x{a0}]+)(\d{4}))?`)

// redactSpacedCards masks card numbers spaced by hand, which the one-blank
// rule of the main pass leaves alone. Only the same gap throughout, the
// groups of a card (4-4-4-4 or 4-6-5) and a number that passes the Luhn
// check count, and nothing of a longer sequence (an IBAN's groups, a list
// of amounts): two phone numbers or a date beside an amount are spaced
// unevenly or grouped otherwise and stay as typed.
func redactSpacedCards(s string) (string, int) {
	if !strings.ContainsAny(s, " \t\u00a0\u202f") {
		return s, 0
	}
	count := 0
	var b strings.Builder
	last := 0
	for _, m := range redactSpacedRE.FindAllStringSubmatchIndex(s, -1) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		groups := []string{g(1), g(3), g(5)}
		gaps := []string{g(2), g(4)}
		if g(7) != "" {
			groups, gaps = append(groups, g(7)), append(gaps, g(6))
		}
		shape := ""
		for _, x := range groups {
			shape += strconv.Itoa(len(x))
		}
		if shape != "4444" && shape != "465" {
			continue
		}
		same := true
		for _, x := range gaps[1:] {
			same = same && x == gaps[0]
		}
		start, end := m[0], m[1]
		// Part of a longer sequence: a digit, or a digit group after the
		// same gap, right before or after.
		before, after := s[:start], s[end:]
		longer := endsWithDigit(before) || (strings.HasSuffix(before, gaps[0]) && endsWithDigit(strings.TrimSuffix(before, gaps[0]))) ||
			startsWithDigit(after) || (strings.HasPrefix(after, gaps[0]) && startsWithDigit(after[len(gaps[0]):]))
		if !same || longer {
			continue
		}
		digits := strings.Join(groups, "")
		if !luhnDigits(digits) {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(redactCardMask)
		b.WriteByte(' ')
		b.WriteString(digits[len(digits)-4:])
		last = end
		count++
	}
	if count == 0 {
		return s, 0
	}
	b.WriteString(s[last:])
	return b.String(), count
}

func endsWithDigit(s string) bool   { return s != "" && redactIsDigit(s[len(s)-1]) }
func startsWithDigit(s string) bool { return s != "" && redactIsDigit(s[0]) }

// luhnDigits is the Luhn check of a string of ASCII digits.
func luhnDigits(d string) bool {
	sum, double := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if double {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum, double = sum+n, !double
	}
	return sum%10 == 0
}

func redactLast4(s string, runs []redactRun) string {
	var d [4]byte
	n := 0
	for k := len(runs) - 1; k >= 0 && n < 4; k-- {
		for i := runs[k].end - 1; i >= runs[k].start && n < 4; i-- {
			n++
			d[4-n] = s[i]
		}
	}
	return string(d[4-n:])
}

// ---- security codes and PINs ----

type redactKind uint8

const (
	redactKindCode redactKind = iota
	redactKindPIN
	// redactKindCodeOrPIN is for words that name either ("clave de
	// seguridad"): three digits are a code, four to eight a PIN.
	redactKindCodeOrPIN
)

type redactKeyword struct {
	// text is lower case without accents. A space stands for any run of
	// blanks, hyphens and underscores ("security-code", "security_code"),
	// empty after an abbreviation's dot ("sec.code"); a dot is an
	// abbreviation's, and may be left out ("cód. de seguridad", "cod de
	// seguridad").
	text string
	kind redactKind
	// An acronym may be written with dots ("c.v.v.", "P.I.N."), spelled
	// out with a blank between its letters ("c v v", "P. I. N."), and its
	// trailing digit after a hyphen ("CVV-2").
	acronym bool
	// near keywords take their digits at most one word after them.
	near bool
	// notAfter is a word that makes the keyword part of another name.
	notAfter string
}

// redactKeywords are tried in order, so a keyword comes before any keyword
// that is a prefix of it.
var redactKeywords = []redactKeyword{
	{text: "cvv2", kind: redactKindCode, acronym: true},
	{text: "cvv", kind: redactKindCode, acronym: true},
	{text: "cvc2", kind: redactKindCode, acronym: true},
	{text: "cvc", kind: redactKindCode, acronym: true},
	{text: "cid", kind: redactKindCode, acronym: true},
	// The names other brands and countries give the same code, and the
	// order agents often type CVV in.
	{text: "ccv", kind: redactKindCode, acronym: true},
	{text: "csc", kind: redactKindCode, acronym: true},
	{text: "cvn", kind: redactKindCode, acronym: true},
	{text: "cvd", kind: redactKindCode, acronym: true},
	{text: "cav2", kind: redactKindCode, acronym: true},
	{text: "cv2", kind: redactKindCode, acronym: true},
	{text: "security code", kind: redactKindCode},
	{text: "sec. code", kind: redactKindCode},
	// "Security number" is also the tail of "social security number", and
	// "security no longer…" only starts like "security no.": the digits
	// must come at most a word after these, and never after "social".
	{text: "security number", kind: redactKindCode, near: true, notAfter: "social"},
	{text: "security no.", kind: redactKindCode, near: true, notAfter: "social"},
	{text: "codigo de seguridad", kind: redactKindCode},
	{text: "codigo seguridad", kind: redactKindCode},
	{text: "cod. de seguridad", kind: redactKindCode},
	{text: "cod. seguridad", kind: redactKindCode},
	// "Verificación" alone is not enough: "verificación de domicilio" is
	// followed by a street number.
	{text: "codigo de verificacion", kind: redactKindCode},
	{text: "codigo verificacion", kind: redactKindCode},
	{text: "cod. de verificacion", kind: redactKindCode},
	{text: "cod. verificacion", kind: redactKindCode},
	{text: "numero de verificacion", kind: redactKindCode},
	{text: "verification code", kind: redactKindCode},
	{text: "verification value", kind: redactKindCode},
	{text: "verification number", kind: redactKindCode},
	// The code by its length. "Dígitos" alone is not: "los últimos 4
	// dígitos 4444" are the part of a card that may be kept.
	{text: "codigo de 3 digitos", kind: redactKindCode},
	{text: "codigo de tres digitos", kind: redactKindCode},
	{text: "codigo de 4 digitos", kind: redactKindCode},
	{text: "codigo de cuatro digitos", kind: redactKindCode},
	{text: "digit code", kind: redactKindCode}, // "3-digit code", "three digit code"
	{text: "digitos de seguridad", kind: redactKindCode},
	{text: "digits on the back", kind: redactKindCode},
	{text: "digitos de atras", kind: redactKindCode},
	{text: "digitos del reverso", kind: redactKindCode},
	{text: "digitos de reverso", kind: redactKindCode},
	{text: "numeros de atras", kind: redactKindCode},
	{text: "numero de atras", kind: redactKindCode},
	{text: "numeros del reverso", kind: redactKindCode},
	{text: "numero de seguridad", kind: redactKindCode}, // "social" after it is blocked
	{text: "num. de seguridad", kind: redactKindCode},
	{text: "pin", kind: redactKindPIN, acronym: true},
	{text: "nip", kind: redactKindPIN, acronym: true},
	{text: "clave de seguridad", kind: redactKindCodeOrPIN},
	{text: "clave seguridad", kind: redactKindCodeOrPIN},
	{text: "clave", kind: redactKindPIN},
	{text: "contrasena", kind: redactKindPIN}, // also covers "contraseña numérica"
	{text: "passcode", kind: redactKindPIN},
	{text: "password", kind: redactKindPIN},
	{text: "numero secreto", kind: redactKindPIN},
	{text: "codigo secreto", kind: redactKindPIN},
}

// redactIsKeywordInitial is a cheap filter: every keyword starts with one of
// these ASCII letters, so most positions are rejected without decoding.
func redactIsKeywordInitial(c byte) bool {
	switch c | 0x20 {
	case 'c', 'd', 'n', 'p', 's', 'v':
		return true
	}
	return false
}

// redactBlockedWords end the search for digits after a keyword: the number
// that follows them is something else ("PIN verified, account 12345678",
// "clave de la factura 20261123").
var redactBlockedWords = map[string]bool{
	"account": true, "acct": true, "cuenta": true, "iban": true, "clabe": true,
	"phone": true, "telephone": true, "tel": true, "telefono": true, "movil": true,
	"mobile": true, "cell": true, "celular": true, "callback": true,
	"extension": true, "ext": true,
	"ticket": true, "case": true, "caso": true, "expediente": true, "incidencia": true,
	"amount": true, "importe": true, "monto": true, "total": true, "saldo": true, "balance": true,
	"invoice": true, "factura": true, "recibo": true, "order": true, "pedido": true,
	"postal": true, "zip": true, "cp": true, "dni": true, "nie": true, "nif": true,
	"reference": true, "referencia": true, "ref": true, "date": true, "fecha": true,
	"contract": true, "contrato": true, "policy": true, "poliza": true,
	"social": true, // "número de seguridad social"
}

// Limits of "a few words" between a keyword and its digits: enough for "la
// clave que me dio es 2580", bounded so the scan stays linear.
const (
	redactMaxGapWords = 4
	redactMaxGapBytes = 64
)

// redactGapPunct may sit between a keyword and its digits. Sentence ends
// ('.', '!', '?', ';') may not: "PIN verified. Amount 5000" is two facts.
// Neither may '*' or '•', so a masked value is never searched past and a
// second pass finds nothing new.
const redactGapPunct = ":=,-–—()[]\"'«»“”‘’#>¿¡/"

func redactSecrets(s string) (string, int, int) {
	var b strings.Builder
	last, codes, pins := 0, 0, 0
	for i := 0; i < len(s); {
		if !redactIsKeywordInitial(s[i]) || !redactAtWordStart(s, i) {
			i++
			continue
		}
		end, kw, ok := redactMatchKeyword(s, i)
		if !ok {
			i++
			continue
		}
		kind := kw.kind
		ds, de, ok := redactFindSecret(s, end, kw)
		if !ok {
			// No keyword contains the start of another, so resuming after
			// it skips nothing.
			i = end
			continue
		}
		if kind == redactKindCodeOrPIN {
			kind = redactKindPIN
			if redactCountDigits(s[ds:de]) == 3 {
				kind = redactKindCode
			}
		}
		if last == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:ds])
		if kind == redactKindPIN {
			b.WriteString(redactPINMask)
			pins++
		} else {
			b.WriteString(redactCodeMask)
			codes++
		}
		last, i = de, de
	}
	if codes+pins == 0 {
		return s, 0, 0
	}
	b.WriteString(s[last:])
	return b.String(), codes, pins
}

func redactCountDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if redactIsDigit(s[i]) {
			n++
		}
	}
	return n
}

func redactAtWordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !redactIsWordRune(r)
}

// redactFold maps a rune to lower case without accents, so "CÓDIGO",
// "código" and "codigo" (agents skip accents when typing fast) compare equal.
func redactFold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	switch r = unicode.ToLower(r); r {
	case 'á', 'à', 'â', 'ä', 'ã':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ':
		return 'o'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	case 'ñ':
		return 'n'
	case 'ç':
		return 'c'
	}
	return r
}

// redactDecodeFold decodes the rune at i, folded, with the width of any
// combining marks after it, so decomposed accents ("co\u0301digo") match too.
func redactDecodeFold(s string, i int) (rune, int) {
	r, w := rune(s[i]), 1
	if r >= utf8.RuneSelf {
		r, w = utf8.DecodeRuneInString(s[i:])
	}
	for i+w < len(s) && s[i+w] >= utf8.RuneSelf {
		m, mw := utf8.DecodeRuneInString(s[i+w:])
		if !unicode.Is(unicode.Mn, m) {
			break
		}
		w += mw
	}
	return redactFold(r), w
}

func redactIsBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\u00a0' || r == '\u202f'
}

// redactMatchKeyword matches a keyword at word start i and returns where it
// ends. A letter may not follow ("spinning", "Pinterest", "pinto"), a digit
// may ("CVV123").
func redactMatchKeyword(s string, i int) (int, *redactKeyword, bool) {
	first, w := redactDecodeFold(s, i)
	var second byte // 0 unless the next byte is an ASCII letter: a cheap early reject
	if i+w < len(s) && redactIsASCIILetter(s[i+w]) {
		second = byte(redactFold(rune(s[i+w])))
	}
	for k := range redactKeywords {
		kw := &redactKeywords[k]
		if rune(kw.text[0]) != first || second != 0 && redactIsASCIILetter(kw.text[1]) && second != kw.text[1] {
			continue
		}
		if kw.notAfter != "" && redactWordBefore(s, i) == kw.notAfter {
			continue
		}
		if j, ok := redactMatchKeywordText(s, i, *kw); ok {
			return j, kw, true
		}
	}
	return 0, nil, false
}

// redactWordBefore returns the word before the blanks before i, folded.
func redactWordBefore(s string, i int) string {
	j := i
	for j > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:j])
		if !redactIsBlank(r) {
			break
		}
		j -= w
	}
	k := j
	for k > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:k])
		if !unicode.IsLetter(r) {
			break
		}
		k -= w
	}
	return strings.Map(redactFold, s[k:j])
}

// redactMatchKeywordText matches one keyword at i (see redactKeyword for
// how its text reads) and returns where it ends.
func redactMatchKeywordText(s string, i int, kw redactKeyword) (int, bool) {
	j := i
	dotted := false   // an acronym written with dots
	afterDot := false // the last thing matched was an abbreviation's dot
	spelled := 0      // an acronym's letters: 1 run together, 2 a blank apart
	for k := 0; k < len(kw.text); k++ {
		switch c := kw.text[k]; {
		case c == ' ':
			start := j
			for j < len(s) {
				r, w := utf8.DecodeRuneInString(s[j:])
				if !redactIsBlank(r) && r != '-' && r != '_' {
					break
				}
				j += w
			}
			if j == start && !afterDot {
				return 0, false
			}
			afterDot = false
			continue
		case c == '.':
			if j < len(s) && s[j] == '.' {
				j++
				afterDot = true
			}
			continue
		}
		afterDot = false
		if kw.acronym && k > 0 && j < len(s) && redactIsASCIILetter(kw.text[k]) {
			if s[j] == '.' {
				j++
				dotted = true
			}
			// Every letter a blank apart or none: "c v v" is read out
			// letter by letter, "cv v" is no acronym.
			blank := j+1 < len(s) && s[j] == ' ' && redactIsASCIILetter(s[j+1])
			if blank {
				j++
			}
			if spelled == 0 {
				spelled = 1
				if blank {
					spelled = 2
				}
			} else if blank != (spelled == 2) {
				return 0, false
			}
		} else if kw.acronym && k > 0 && j < len(s) {
			if s[j] == '.' {
				j++
				dotted = true
			} else if s[j] == '-' && redactIsDigit(kw.text[k]) {
				j++
				// "CVV-2" is a name; "CVV-2024" is a CVV (or a CID)
				// after a hyphen, and is all secret.
				if k+1 == len(kw.text) && j+1 < len(s) && redactIsDigit(s[j+1]) {
					return 0, false
				}
			}
		}
		if j >= len(s) {
			return 0, false
		}
		r, w := redactDecodeFold(s, j)
		if r != rune(kw.text[k]) {
			return 0, false
		}
		j += w
	}
	// The dot that closes a dotted acronym ("c.v.v. 123") is part of it,
	// and so is a dot with the digits against it ("pin.1234"); any other dot
	// ends a sentence.
	if kw.acronym && j < len(s) && s[j] == '.' && (dotted || j+1 < len(s) && redactIsDigit(s[j+1])) {
		j++
	}
	if j < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsLetter(r) {
			return 0, false
		}
	}
	return j, true
}

// redactFindSecret looks for the digits a keyword ending at p introduces and
// returns their span.
func redactFindSecret(s string, p int, kw *redactKeyword) (int, int, bool) {
	kind, maxWords := kw.kind, redactMaxGapWords
	if kw.near {
		maxWords = 1
	}
	words, breaks := 0, 0
	clean := p // digits may start here even glued to what is before
	for j := p; j < len(s) && j-p <= redactMaxGapBytes; {
		r, w := utf8.DecodeRuneInString(s[j:])
		switch {
		case r >= '0' && r <= '9':
			if j != clean && !redactCleanStart(s, p, j) {
				return 0, 0, false
			}
			if ds, de, ok := redactSecretDigits(s, j, kind); ok {
				return ds, de, true
			}
			// One or two digits standing alone are the secret's length
			// ("PIN de 4 dígitos: 5678", "CVV (3 digits) 321"), not the
			// secret: read on past them as a word.
			k := j
			for k < len(s) && redactIsDigit(s[k]) {
				k++
			}
			if k-j > 2 || words == maxWords || redactGluedAfter(s, k) {
				return 0, 0, false
			}
			words++
			j = k
			continue
		case unicode.IsLetter(r):
			if words == maxWords {
				return 0, 0, false
			}
			// A nearer keyword owns the digits: "CVV y PIN 1234" is a PIN.
			if _, _, ok := redactMatchKeyword(s, j); ok {
				return 0, 0, false
			}
			k := j
			var word strings.Builder
			for k < len(s) {
				r, w := redactDecodeFold(s, k)
				if !unicode.IsLetter(r) {
					break
				}
				word.WriteRune(r)
				k += w
			}
			if redactBlockedWords[word.String()] {
				return 0, 0, false
			}
			if redactNumberWords[word.String()] {
				k = redactSkipNumberMark(s, k, word.String() == "n")
				clean = k
			}
			words++
			j = k
			continue
		case r == '\n':
			// "PIN:\n1234" is one fact; a line break after other words
			// starts another.
			if words > 0 || breaks > 0 {
				return 0, 0, false
			}
			breaks++
		case redactIsBlank(r), strings.ContainsRune(redactGapPunct, r):
		default:
			return 0, 0, false
		}
		j += w
	}
	return 0, 0, false
}

// redactNumberWords say that a number follows ("PIN no. 5678", "NIP núm.
// 1234", "clave n.º 4321"). Only after a keyword do they matter: on their
// own ("plan no. 5") they make nothing a secret.
var redactNumberWords = map[string]bool{
	"n": true, "nº": true, "no": true, "nr": true, "nro": true, "nbr": true,
	"num": true, "numero": true, "number": true,
}

// redactSkipNumberMark skips what completes a number word ending at k: its
// abbreviation dot ("no.", "núm."), and after a lone "n" an ordinal sign or
// a degree sign standing for one ("n.º", "n°", "n.o"). That dot is not the
// end of a sentence.
func redactSkipNumberMark(s string, k int, n bool) int {
	if k < len(s) && s[k] == '.' {
		k++
	}
	if !n || k >= len(s) {
		return k
	}
	r, w := utf8.DecodeRuneInString(s[k:])
	switch r {
	case 'º', 'ª', '°', '˚', 'o', 'O':
		if k+w < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[k+w:]); unicode.IsLetter(next) {
				return k
			}
		}
		k += w
		if k < len(s) && s[k] == '.' {
			k++
		}
	}
	return k
}

// redactCleanStart rejects digits that are glued to a word, like the
// "F-2026" of an invoice number, unless that word is the keyword itself
// ("CVV123", "PIN-1234").
func redactCleanStart(s string, p, j int) bool {
	if j == p {
		return true
	}
	r, w := utf8.DecodeLastRuneInString(s[:j])
	if redactIsWordRune(r) {
		return false
	}
	if strings.ContainsRune("-/._", r) && j-w > p {
		prev, _ := utf8.DecodeLastRuneInString(s[:j-w])
		return !redactIsWordRune(prev)
	}
	return true
}

// redactSecretDigits takes the digits at j, possibly spaced out ("4 5 6",
// "12 34"), and returns their span if there are as many as kind allows.
func redactSecretDigits(s string, j int, kind redactKind) (int, int, bool) {
	lo, hi := 3, 4
	switch kind {
	case redactKindPIN:
		lo, hi = 4, 8
	case redactKindCodeOrPIN:
		lo, hi = 3, 8
	}
	total, firstEnd, end := 0, -1, j
	for k := j; ; {
		// Counting past hi is pointless and would let a huge digit run make
		// every nearby keyword rescan it.
		for k < len(s) && redactIsDigit(s[k]) && total <= hi {
			k++
			total++
		}
		if firstEnd < 0 {
			firstEnd = k
		}
		end = k
		if total > hi || k+1 >= len(s) || s[k] != ' ' || !redactIsDigit(s[k+1]) {
			break
		}
		k++
	}
	if total >= lo && total <= hi && !redactGluedAfter(s, end) {
		return j, end, true
	}
	// "PIN 1234 5678 9012" is more than a PIN: mask its first group rather
	// than none, when it stands apart.
	if total > hi && firstEnd < len(s) && s[firstEnd] == ' ' {
		if n := firstEnd - j; n >= lo && n <= hi {
			return j, firstEnd, true
		}
	}
	return 0, 0, false
}

// redactGluedAfter reports digits that go on as part of something else: a
// letter ("2580h"), or glue and more digits ("123.45", "2026-11-23", "12/34").
func redactGluedAfter(s string, e int) bool {
	if e >= len(s) {
		return false
	}
	r, w := utf8.DecodeRuneInString(s[e:])
	if unicode.IsLetter(r) {
		return true
	}
	return strings.ContainsRune(redactGlue, r) && e+w < len(s) && redactIsDigit(s[e+w])
}
