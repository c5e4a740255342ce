//go:build !unix && !windows

package instance

import "os"

// lockFile holds nothing where the system has no file locks to offer
// (the app is not built for such systems; this keeps the package whole).
func lockFile(*os.File) error { return nil }
