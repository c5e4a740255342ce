// Package precompiled names the source a file of content decoded ahead of
// time was made from. The playbook and the interface messages ship both as
// TOML and as gob files made by go generate, which load in a fraction of
// the time; a compiled file records the Digest of its source, and a
// program uses it only while the source it embeds has the same digest.
package precompiled

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io/fs"
	"reflect"
)

// Digest hashes the named files of fsys (names and contents, in the order
// given) and the shape of the Go type the compiled form decodes into, the
// type of format: field names, types and tags, all the way down. gob
// fills a field it does not find with zero and drops one it does not
// know, so a file made before such a type changed would decode without an
// error into something else; with the shape in the digest it is refused.
func Digest(fsys fs.FS, names []string, format any) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	h := sha256.New()
	writeType(h, reflect.TypeOf(format), map[reflect.Type]bool{})
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return sum, err
		}
		fmt.Fprintf(h, "\x00%s\x00%d\x00", name, len(data))
		h.Write(data)
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// writeType writes t's shape; a type met again is written by name only,
// so recursive types end.
func writeType(h hash.Hash, t reflect.Type, seen map[reflect.Type]bool) {
	fmt.Fprintf(h, "%s:%s(", t.Kind(), t.String())
	if seen[t] {
		h.Write([]byte(")"))
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue // gob does not carry it
			}
			fmt.Fprintf(h, "%s %q ", f.Name, f.Tag)
			writeType(h, f.Type, seen)
		}
	case reflect.Pointer, reflect.Slice, reflect.Array:
		writeType(h, t.Elem(), seen)
	case reflect.Map:
		writeType(h, t.Key(), seen)
		writeType(h, t.Elem(), seen)
	}
	h.Write([]byte(")"))
}
