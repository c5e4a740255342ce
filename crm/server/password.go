package server

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Passwords are hashed with Argon2id at OWASP's recommended minimum (19 MiB,
// two passes, one lane) and kept as a PHC string, so the parameters can be
// raised later without invalidating existing hashes.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// MaxPasswordLen, in characters, keeps a login from asking Argon2 to
// hash a megabyte.
const MaxPasswordLen = 1024

// ErrWeakPassword is returned for a password too short or too long.
var ErrWeakPassword = fmt.Errorf("crm: a password needs %d to %d characters", MinPasswordLen, MaxPasswordLen)

// HashPassword returns the PHC string of password.
func HashPassword(password string) (string, error) {
	if n := utf8.RuneCountInString(password); n < MinPasswordLen || n > MaxPasswordLen {
		return "", ErrWeakPassword
	}
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("crm: unreadable password hash")

// CheckPassword reports whether password matches the PHC string, in time
// that does not depend on where they differ.
func CheckPassword(phc, password string) (bool, error) {
	// Characters, as HashPassword counts them; the bytes first, so a
	// megabyte is not counted through.
	if len(password) > utf8.UTFMax*MaxPasswordLen || utf8.RuneCountInString(password) > MaxPasswordLen {
		return false, nil
	}
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<21 || t == 0 || t > 16 || p == 0 {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when the username is unknown, so a login
// takes as long whether or not the account exists.
// It is made on first use: the desktop app links this package and should
// not pay for a hash at start-up.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not-a-real-password-ever")
	return h
})
