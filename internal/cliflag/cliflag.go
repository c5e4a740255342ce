// Package cliflag is what agentctl and crmd share in reading a command
// line: flags and positional arguments in any order, the way people type
// them ("templates search QUERY --lang es"), which the standard flag
// package stops reading at the first positional.
package cliflag

import "flag"

// Parse reads args into fs and returns the positional arguments in the
// order given. A flag error is returned as fs.Parse gave it (flag.ErrHelp
// for -h), so each command line tool decides its own exit code; fs has
// already printed what was wrong.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
