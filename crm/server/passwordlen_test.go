package server_test

import (
	"strings"
	"testing"

	"agentdesk/crm/server"
)

// A password's length is counted in characters, as the message refusing
// one says ("10 to 1024 characters"): 600 accented letters were refused
// as too long, being 1,200 bytes, and one of 1,025 letters that takes
// the bytes of a multi-byte character is still too long.
func TestPasswordLengthIsInCharacters(t *testing.T) {
	for pw, ok := range map[string]bool{
		strings.Repeat("ñ", 600):                          true,
		strings.Repeat("ñ", server.MaxPasswordLen):        true,
		strings.Repeat("ñ", server.MaxPasswordLen+1):      false,
		strings.Repeat("a", server.MaxPasswordLen+1):      false,
		strings.Repeat("𝄞", server.MaxPasswordLen):        true,
		strings.Repeat("é", server.MinPasswordLen-1) + "": false,
	} {
		h, err := server.HashPassword(pw)
		if (err == nil) != ok {
			t.Errorf("%d characters of %q: %v, want taken %v", len([]rune(pw)), pw[:4], err, ok)
			continue
		}
		if ok {
			if same, err := server.CheckPassword(h, pw); !same || err != nil {
				t.Errorf("%d characters of %q: the password set does not log in (%v)", len([]rune(pw)), pw[:4], err)
			}
		}
	}
}
