package locales

import "strconv"

// FormatCount writes a whole count grouped in thousands as the language
// groups them (12,345 in English, 12.345 in Spanish), as the screens write
// every other figure: a count said in a message ("12345 cases match")
// read as a code, not a number.
func FormatCount(l Lang, n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	sep := byte('.')
	if l == EN {
		sep = ','
	}
	b := make([]byte, 0, len(s)+len(s)/3)
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, sep)
		}
		b = append(b, s[i])
	}
	return sign + string(b)
}
