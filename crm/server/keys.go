package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"agentdesk/internal/atomicfile"
)

// Signing keys live in a folder, one PEM file per key, named by its key ID:
//
//	k20261123T040500Z-1a2b3c4d.pem      the private key that signs (PKCS #8)
//	k20261120T090000Z-5e6f7a8b.pub.pem  the previous key, public half only
//
// A key ID starts with its creation time, so sorting names sorts keys by
// age. Rotation writes a new private key and keeps only the public half of
// the one it replaces: tokens signed before the rotation verify until they
// expire, and no file left behind can sign again.

var kidRE = regexp.MustCompile(`^k[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$`)

// ErrNoKeys is returned when the keys folder holds no signing key.
var ErrNoKeys = errors.New("crm: no signing key in the keys folder (run crmd keys rotate)")

// KeySet is the server's own keys: the one that signs and every public key
// that verifies. It is safe for concurrent use and can be reloaded while
// the server runs, so a rotation reaches every instance sharing the folder.
type KeySet struct {
	dir string

	mu         sync.RWMutex
	kid        string
	priv       ed25519.PrivateKey
	pub        map[string]ed25519.PublicKey
	lastReload time.Time
}

// LoadKeys reads the keys folder.
func LoadKeys(dir string) (*KeySet, error) {
	k := &KeySet{dir: dir}
	if err := k.Reload(); err != nil {
		return nil, err
	}
	return k, nil
}

// EnsureKeys loads the folder, creating it and a first key when it holds
// none, so a first `crmd serve` needs no separate step.
func EnsureKeys(dir string, now time.Time) (*KeySet, bool, error) {
	k, err := LoadKeys(dir)
	if err == nil {
		return k, false, nil
	}
	if !errors.Is(err, ErrNoKeys) {
		return nil, false, err
	}
	if _, err := RotateKeys(dir, now, true); err != nil {
		return nil, false, err
	}
	k, err = LoadKeys(dir)
	return k, err == nil, err
}

// Reload reads the folder again.
func (k *KeySet) Reload() error {
	entries, err := os.ReadDir(k.dir)
	if errors.Is(err, os.ErrNotExist) {
		return ErrNoKeys
	}
	if err != nil {
		return fmt.Errorf("crm: keys: %w", err)
	}
	var privs []string
	pub := map[string]ed25519.PublicKey{}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasSuffix(name, ".pub.pem") && kidRE.MatchString(strings.TrimSuffix(name, ".pub.pem")):
			p, err := readPublic(filepath.Join(k.dir, name))
			if err != nil {
				return err
			}
			pub[strings.TrimSuffix(name, ".pub.pem")] = p
		case strings.HasSuffix(name, ".pem") && kidRE.MatchString(strings.TrimSuffix(name, ".pem")):
			privs = append(privs, strings.TrimSuffix(name, ".pem"))
		}
	}
	if len(privs) == 0 {
		return ErrNoKeys
	}
	sort.Strings(privs)
	var active ed25519.PrivateKey
	for i, kid := range privs {
		p, err := readPrivate(filepath.Join(k.dir, kid+".pem"))
		if err != nil {
			return err
		}
		pub[kid] = p.Public().(ed25519.PublicKey)
		if i == len(privs)-1 {
			active = p
		}
	}
	k.mu.Lock()
	k.kid, k.priv, k.pub, k.lastReload = privs[len(privs)-1], active, pub, time.Now()
	k.mu.Unlock()
	return nil
}

// reloadIfStale reloads when the last reload is older than a few seconds.
// A token with an unknown kid may come from an instance that saw a rotation
// first; the delay keeps made-up kids from turning into folder reads.
func (k *KeySet) reloadIfStale() {
	k.mu.RLock()
	stale := time.Since(k.lastReload) > 5*time.Second
	k.mu.RUnlock()
	if stale {
		_ = k.Reload()
	}
}

// Signer returns the key ID and private key that sign new tokens.
func (k *KeySet) Signer() (string, ed25519.PrivateKey) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.kid, k.priv
}

// Public returns the public key for kid, looked up only among the server's
// own keys.
func (k *KeySet) Public(kid string) (ed25519.PublicKey, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	p, ok := k.pub[kid]
	return p, ok
}

// KIDs lists the key IDs that verify, oldest first.
func (k *KeySet) KIDs() []string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	out := make([]string, 0, len(k.pub))
	for kid := range k.pub {
		out = append(out, kid)
	}
	sort.Strings(out)
	return out
}

// JWK is one public key in a JWKS document (RFC 8037 for Ed25519).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKS is the document served at /v1/auth/jwks.json.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// JWKS returns the public keys for other services that verify crmd tokens.
func (k *KeySet) JWKS() JWKS {
	var out JWKS
	for _, kid := range k.KIDs() {
		p, _ := k.Public(kid)
		out.Keys = append(out.Keys, JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(p), Kid: kid, Alg: "EdDSA", Use: "sig"})
	}
	return out
}

// MarshalJWKS is JWKS as JSON.
func (k *KeySet) MarshalJWKS() []byte {
	b, _ := json.Marshal(k.JWKS())
	return b
}

// ErrRotateTooSoon: rotating again before the tokens of the previous key
// expire would strand them, since only one previous public key is kept.
var ErrRotateTooSoon = errors.New("crm: the current key is younger than an access token's lifetime; rotate later or force it")

// RotateKeys writes a new signing key into dir and keeps the public half of
// the key it replaces; older public keys are removed. Unless force is set,
// it refuses when the current key is younger than MaxAccessTTL plus the
// leeway, since tokens signed by the previous key could still be in use.
func RotateKeys(dir string, now time.Time, force bool) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("crm: keys: %w", err)
	}
	// A folder serve would refuse (a key others may read, a file that
	// is no key) is refused here too: a new key beside it would be said
	// done while serve still fails on the old file.
	old, err := LoadKeys(dir)
	if err != nil && !errors.Is(err, ErrNoKeys) {
		return "", err
	}
	if old != nil && !force {
		kid, _ := old.Signer()
		if t, err := time.Parse("20060102T150405Z", kid[1:17]); err == nil && now.Sub(t) < MaxAccessTTL+Leeway {
			return "", ErrRotateTooSoon
		}
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	kid := "k" + now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(rnd[:])
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", err
	}
	if err := atomicfile.Write(filepath.Join(dir, kid+".pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return "", err
	}
	if old == nil {
		return kid, nil
	}
	// The new private key is on disk before any old one is touched: a crash
	// in between leaves two signing keys, never none.
	oldKid, oldPriv := old.Signer()
	pubDER, err := x509.MarshalPKIXPublicKey(oldPriv.Public())
	if err != nil {
		return "", err
	}
	if err := atomicfile.Write(filepath.Join(dir, oldKid+".pub.pem"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		name := e.Name()
		id := strings.TrimSuffix(strings.TrimSuffix(name, ".pem"), ".pub")
		if !kidRE.MatchString(id) || id == kid || (id == oldKid && strings.HasSuffix(name, ".pub.pem")) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return "", err
		}
	}
	return kid, nil
}

func readPrivate(path string) (ed25519.PrivateKey, error) {
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("crm: %s: a signing key must be readable by its owner only (chmod 600)", path)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("crm: keys: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("crm: %s: not a PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("crm: %s: %w", path, err)
	}
	p, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("crm: %s: not an Ed25519 key", path)
	}
	return p, nil
}

func readPublic(path string) (ed25519.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("crm: keys: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("crm: %s: not a PEM public key", path)
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("crm: %s: %w", path, err)
	}
	p, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("crm: %s: not an Ed25519 key", path)
	}
	return p, nil
}
