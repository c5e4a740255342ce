package playbook

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"

	"agentdesk/internal/precompiled"
)

// The default pack ships twice in the binaries: as the TOML files people
// write and review (assets/playbook), and decoded and validated
// (assets/playbook.gob, written by go generate), which the desktop loads
// at every start in a few milliseconds instead of the ~45 ms of CPU that
// parsing and checking the TOML takes (make bench-app). The compiled form
// carries the digest of the TOML it was made from and of its own Go shape
// (internal/precompiled): when either changes and nobody regenerates it,
// LoadDefault parses the TOML instead. A change in what validation fills
// in (a default) is not in the digest; TestCompiledPackIsCurrent, which
// compiles the TOML again and compares, catches that and the rest in
// make test. The files are embedded, so when playbook.gob is lost, restore
// it from git before go generate can run.

// compiledPack is what playbook.gob holds: the pack's exported content
// after validation (defaults filled in), not the raw files.
type compiledPack struct {
	Digest [sha256.Size]byte
	Meta   Meta
	Pack   doc
}

// errStale says the compiled pack does not match the TOML beside it.
var errStale = errors.New("playbook: the compiled pack is older than its TOML files (go generate ./playbook)")

// Compile loads and validates the pack in fsys (as Load does) and returns
// its compiled form, for LoadCompiled.
func Compile(fsys fs.FS, dir string) ([]byte, error) {
	pb, err := Load(fsys, dir)
	if err != nil {
		return nil, err
	}
	sum, err := packDigest(fsys)
	if err != nil {
		return nil, err
	}
	return pb.encode(sum)
}

// encode writes the pack's exported content, with the digest of the TOML
// it came from.
func (pb *Playbook) encode(sum [sha256.Size]byte) ([]byte, error) {
	c := compiledPack{Digest: sum, Meta: pb.Meta, Pack: pb.elements()}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&c); err != nil {
		return nil, fmt.Errorf("playbook: compiling: %w", err)
	}
	return buf.Bytes(), nil
}

// LoadCompiled returns the pack Compile made from the TOML in fsys. It
// fails when data was made from other files than fsys holds, or is not a
// compiled pack at all; the caller then loads fsys itself.
func LoadCompiled(data []byte, fsys fs.FS) (*Playbook, error) {
	var c compiledPack
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
		return nil, fmt.Errorf("playbook: reading the compiled pack: %w", err)
	}
	sum, err := packDigest(fsys)
	if err != nil {
		return nil, err
	}
	if sum != c.Digest {
		return nil, errStale
	}
	pb := c.Pack.pack()
	pb.Meta = c.Meta
	pb.assignIDs()
	return pb, nil
}

// packDigest is the digest of the *.toml files at the root of fsys, in
// name order, and of the compiled form's shape.
func packDigest(fsys fs.FS) ([sha256.Size]byte, error) {
	names, err := PackFiles(fsys)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return precompiled.Digest(fsys, names, compiledPack{})
}
