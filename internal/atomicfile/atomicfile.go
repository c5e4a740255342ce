// Package atomicfile writes a file so that a reader never sees half of it:
// crmd's key files (another instance reloads the folder every 30 s) and the
// desk's CRM session (read at every start) are both replaced this way.
package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
)

// Write writes data to path through a temporary file in the same folder,
// synced before the rename that puts it in place.
func Write(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	// Windows has no Unix modes; the file inherits the folder's ACL.
	if err := f.Chmod(perm); err != nil && runtime.GOOS != "windows" {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// SyncDir makes a folder's entries durable: the files created in it and
// the renames into it. Windows cannot sync a folder (NTFS keeps its
// metadata journaled): there it does nothing.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
