package locales

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/gob"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"agentdesk/internal/precompiled"
)

// The message files are parsed ahead of time too: compiled/<lang>.gob
// holds each language's messages as go-i18n parsed them from the TOML (go
// generate ./locales), with the digest of those files and of the compiled
// form's Go shape (internal/precompiled). Parsing the TOML took ~25 ms of
// CPU at every start, beside GLFW's start (perf); the compiled messages
// load in a few milliseconds. When the TOML or the shape changes and
// nobody regenerates, the digest differs and the TOML is parsed, and
// TestCompiledMessagesAreCurrent fails in make test. The files are
// embedded: when one is lost, restore it from git before go generate can
// run.

//go:generate go run ./gen

//go:embed compiled/*.gob
var compiledFS embed.FS

// compiledLang is what compiled/<lang>.gob holds.
type compiledLang struct {
	Digest   [sha256.Size]byte
	Messages []*i18n.Message
}

var errStale = errors.New("locales: the compiled messages are older than the TOML (go generate ./locales)")

var unmarshalers = map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal}

// Compile parses lang's message files as go-i18n does and returns their
// compiled form, for compiled/<lang>.gob.
func Compile(lang Lang) ([]byte, error) {
	var c compiledLang
	for _, name := range Files()[lang] {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		mf, err := i18n.ParseMessageFileBytes(data, name, unmarshalers)
		if err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
		c.Messages = append(c.Messages, mf.Messages...)
	}
	if len(c.Messages) == 0 {
		return nil, fmt.Errorf("locales: no messages in %q", lang)
	}
	// go-i18n returns a file's messages in map order: sorted, the same
	// files always compile to the same bytes.
	slices.SortFunc(c.Messages, func(a, b *i18n.Message) int { return strings.Compare(a.ID, b.ID) })
	sum, err := filesDigest(lang)
	if err != nil {
		return nil, err
	}
	c.Digest = sum
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// compiledMessages returns lang's compiled messages, if they were made
// from the message files embedded beside them.
func compiledMessages(lang Lang, data []byte) ([]*i18n.Message, error) {
	var c compiledLang
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
		return nil, fmt.Errorf("locales: reading the compiled %s messages: %w", lang, err)
	}
	sum, err := filesDigest(lang)
	if err != nil {
		return nil, err
	}
	if sum != c.Digest {
		return nil, errStale
	}
	return c.Messages, nil
}

// filesDigest is the digest of lang's message files and of the compiled
// form's shape.
func filesDigest(lang Lang) ([sha256.Size]byte, error) {
	return precompiled.Digest(files, Files()[lang], compiledLang{})
}
