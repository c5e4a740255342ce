// Package cliflag is what agentctl and crmd share in reading a command
// line: flags and positional arguments in any order, the way people type
// them ("templates search QUERY --lang es"), which the standard flag
// package stops reading at the first positional.
package cliflag

import "flag"

// Parse reads args into fs and returns the positional arguments in the
// order given. After "--" every argument is positional, flags included. A
// flag error is returned as fs.Parse gave it (flag.ErrHelp for -h), so each
// command line tool decides its own exit code; fs has already printed what
// was wrong.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs stops at a positional, or after a "--" it consumed: then the
		// argument before the rest is that "--".
		if read := len(args) - len(rest); read > 0 && args[read-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
