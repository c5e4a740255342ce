package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/server"
)

// readPassword reads a new user's password from standard input, never
// from an argument that the shell history and ps would keep: from a
// terminal, asked for twice and not shown as it is typed (on screen or in
// a scrollback it is as good as written down); from a pipe, its first
// line.
func (m *Main) readPassword() (string, error) { return m.readPasswordAs("crmd.user.password_prompt") }

// readPasswordAs is readPassword, asked at a terminal with the message
// prompt.
func (m *Main) readPasswordAs(prompt string) (string, error) {
	if f, ok := m.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		ask := func(key string) ([]byte, error) {
			fmt.Fprint(m.Stderr, m.t().S(key))
			pw, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(m.Stderr) // the Enter the agent typed was not shown either
			return pw, err
		}
		pw, err := ask(prompt)
		if err != nil || len(pw) == 0 {
			return "", errors.New(m.t().S("crmd.user.no_password"))
		}
		again, err := ask("crmd.user.password_again")
		if err != nil || !bytes.Equal(pw, again) {
			return "", errors.New(m.t().S("crmd.user.password_mismatch"))
		}
		return string(pw), nil
	}
	line, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New(m.t().S("crmd.user.no_password"))
	}
	// A file saved as "UTF-8 with BOM" (Windows' Notepad) starts with the
	// mark, which no one typed and no desk sends at login.
	return strings.TrimRight(strings.TrimPrefix(line, "\ufeff"), "\r\n"), nil
}

func runUserAdd(ctx context.Context, m *Main, args []string) error {
	var dsn string
	fs := m.flags("user add", &dsn)
	role := fs.String("role", "agent", m.t().S("crmd.flag.role"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, m.t().S("crmd.cmd_usage.user_add"))
		return errUsage
	}
	// The name and the role are checked before the password is asked
	// for: typed twice at a terminal, it was then refused for the name.
	r, ok := crm.ParseRole(*role)
	if !ok {
		return errors.New(m.t().D("crmd.user.bad_role", map[string]any{"Role": strconv.Quote(*role)}))
	}
	if !crm.ValidNewUsername(pos[0]) {
		return errors.New(m.t().S("crmd.user.bad_username"))
	}
	pw, err := m.readPassword()
	if err != nil {
		return err
	}
	u, err := server.NewUserRecord(pos[0], r, pw, time.Now())
	if e, ok := errors.AsType[*cases.Error](err); ok && (e.Field == "username" || e.Field == "password") {
		// Said without the value: the refused password is not repeated.
		return errors.New(m.t().D("crmd.user.bad_"+e.Field, map[string]any{"Min": server.MinPasswordLen, "Max": server.MaxPasswordLen}))
	} else if err != nil {
		return err
	}
	store, err := m.openOperatorStore(ctx, dsn, true)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.CreateUser(ctx, *u); err != nil {
		return m.userErr(err, u.Username, "crmd.user.exists")
	}
	fmt.Fprintln(m.Stdout, m.t().D("crmd.user.added", map[string]any{"User": u.Username, "Role": string(u.Role)}))
	return nil
}

func runUserDisable(ctx context.Context, m *Main, args []string) error {
	return setUserDisabled(ctx, m, args, true)
}

// runUserEnable undoes a disable: an operator who disabled the wrong
// account needs no API token (which, for the last admin, no one has) to
// turn it back on.
func runUserEnable(ctx context.Context, m *Main, args []string) error {
	return setUserDisabled(ctx, m, args, false)
}

func setUserDisabled(ctx context.Context, m *Main, args []string, disabled bool) error {
	name, msg := "user enable", "crmd.user.enabled"
	if disabled {
		name, msg = "user disable", "crmd.user.disabled"
	}
	var dsn string
	fs := m.flags(name, &dsn)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, m.t().D("crmd.cmd_usage.user_name", map[string]any{"Command": name}))
		return errUsage
	}
	// A name no account can have ("Ana") is said as that, not as an
	// account that does not exist.
	if !crm.ValidUsername(pos[0]) {
		return errors.New(m.t().S("crmd.user.bad_username"))
	}
	store, err := m.openOperatorStore(ctx, dsn, false)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SetUserDisabled(ctx, pos[0], disabled, time.Now()); err != nil {
		return m.userErr(err, pos[0], "crmd.user.last_admin")
	}
	fmt.Fprintln(m.Stdout, m.t().D(msg, map[string]any{"User": pos[0]}))
	return nil
}

// runUserPassword sets a new password for an account, read as user add
// reads one: a user who forgot theirs could otherwise never log in again,
// and their name, which their cases are filed under, could not be given
// to a new account. Every session of the account ends.
func runUserPassword(ctx context.Context, m *Main, args []string) error {
	var dsn string
	fs := m.flags("user password", &dsn)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, m.t().D("crmd.cmd_usage.user_name", map[string]any{"Command": "user password"}))
		return errUsage
	}
	if !crm.ValidUsername(pos[0]) {
		return errors.New(m.t().S("crmd.user.bad_username"))
	}
	pw, err := m.readPasswordAs("crmd.user.new_password_prompt")
	if err != nil {
		return err
	}
	hash, err := server.HashPassword(pw)
	if err != nil {
		// Said without the value: the refused password is not repeated.
		return errors.New(m.t().D("crmd.user.bad_password", map[string]any{"Min": server.MinPasswordLen, "Max": server.MaxPasswordLen}))
	}
	store, err := m.openOperatorStore(ctx, dsn, false)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SetUserPassword(ctx, pos[0], hash, time.Now()); err != nil {
		return m.userErr(err, pos[0], "crmd.user.exists")
	}
	fmt.Fprintln(m.Stdout, m.t().D("crmd.user.password_set", map[string]any{"User": pos[0]}))
	return nil
}

// runUserRole changes an account's role: an agent promoted to supervisor
// needed a new account otherwise, and their cases stayed filed under the
// old name. Every session of the account ends (its tokens name the old
// role); the last enabled admin is not demoted.
func runUserRole(ctx context.Context, m *Main, args []string) error {
	var dsn string
	fs := m.flags("user role", &dsn)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fmt.Fprintln(m.Stderr, m.t().S("crmd.cmd_usage.user_role"))
		return errUsage
	}
	if !crm.ValidUsername(pos[0]) {
		return errors.New(m.t().S("crmd.user.bad_username"))
	}
	r, ok := crm.ParseRole(pos[1])
	if !ok {
		return errors.New(m.t().D("crmd.user.bad_role", map[string]any{"Role": strconv.Quote(pos[1])}))
	}
	store, err := m.openOperatorStore(ctx, dsn, false)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SetUserRole(ctx, pos[0], r, time.Now()); err != nil {
		return m.userErr(err, pos[0], "crmd.user.last_admin")
	}
	fmt.Fprintln(m.Stdout, m.t().D("crmd.user.role_set", map[string]any{"User": pos[0], "Role": string(r)}))
	return nil
}

func runUserList(ctx context.Context, m *Main, args []string) error {
	var dsn string
	fs := m.flags("user list", &dsn)
	asJSON := fs.Bool("json", false, m.t().S("crmd.flag.json"))
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return m.stray(fs, pos)
	}
	store, err := m.openOperatorStore(ctx, dsn, false)
	if err != nil {
		return err
	}
	defer store.Close()
	list, err := allUsers(ctx, store)
	if err != nil {
		return err
	}
	out := make([]crm.User, 0, len(list))
	for _, u := range list {
		out = append(out, crm.User{Username: u.Username, Role: u.Role, Disabled: u.Disabled, CreatedAt: u.CreatedAt})
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	// The table is the operator's language; --json is for scripts.
	t := m.t()
	w := tabwriter.NewWriter(m.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(w, t.S("crmd.user.list.header"))
	for _, u := range out {
		disabled := t.S("crmd.user.list.enabled")
		if u.Disabled {
			disabled = t.S("crmd.user.list.disabled")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.Username, u.Role, disabled, u.CreatedAt.Format(time.RFC3339))
	}
	return w.Flush()
}

// allUsers reads every account, page by page as the store serves them,
// listed by name. An account changed while the pages are read comes again
// on a later page; its last state is kept.
func allUsers(ctx context.Context, store crm.UserStore) ([]crm.UserRecord, error) {
	byName := map[string]crm.UserRecord{}
	var pg crm.Page
	for {
		list, err := store.ListUsers(ctx, crm.UserQuery{Page: pg})
		if err != nil {
			return nil, err
		}
		for _, u := range list {
			byName[u.Username] = u
		}
		if len(list) < pg.PageLimit() {
			break
		}
		last := list[len(list)-1]
		pg.AfterAt, pg.AfterID = last.UpdatedAt, last.Username
	}
	return slices.SortedFunc(maps.Values(byName), func(a, b crm.UserRecord) int { return strings.Compare(a.Username, b.Username) }), nil
}

func runImportCustomers(ctx context.Context, m *Main, args []string) error {
	var dsn string
	fs := m.flags("import customers", &dsn)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, m.t().D("crmd.cmd_usage.import_customers", map[string]any{"Columns": strings.Join(server.CustomerColumns, ",")}))
		return errUsage
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	ci, err := server.ParseCustomersFile(f, time.Now())
	if err != nil {
		return m.importErr(pos[0], err)
	}
	store, err := m.openOperatorStore(ctx, dsn, true)
	if err != nil {
		return err
	}
	defer store.Close()
	if ci.Partial() {
		// The fields of the columns the file has not are kept as crmd
		// holds them, not emptied.
		for _, c := range ci.Customers {
			held, err := store.GetCustomer(ctx, c.Account)
			if cases.ErrorCode(err) == cases.ENotFound {
				continue
			} else if err != nil {
				return err
			}
			ci.KeepAbsent(c, held)
		}
	}
	if err := store.UpsertCustomers(ctx, ci.Customers); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, m.t().N("crmd.import.done", len(ci.Customers), nil))
	return nil
}

func runKeysRotate(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("keys rotate", new(string))
	dir := fs.String("keys", "keys", m.t().S("crmd.flag.keys"))
	force := fs.Bool("force", false, m.t().S("crmd.flag.force"))
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return m.stray(fs, pos)
	}
	// A folder without a key gets a first one, which replaces nothing:
	// said as such, for a mistyped --keys (or none, run from another
	// folder) leaves crmd signing with the key that was to go.
	_, err := server.LoadKeys(*dir)
	first := errors.Is(err, server.ErrNoKeys)
	kid, err := server.RotateKeys(*dir, time.Now(), *force)
	if errors.Is(err, server.ErrRotateTooSoon) {
		return errors.New(m.t().D("crmd.keys.too_soon", map[string]any{"Minutes": int((server.MaxAccessTTL + server.Leeway).Minutes())}))
	}
	if err != nil {
		return err
	}
	msg := "crmd.keys.rotated"
	if first {
		msg = "crmd.keys.first"
	}
	fmt.Fprintln(m.Stdout, m.t().D(msg, map[string]any{"Kid": kid, "Dir": *dir}))
	return nil
}

// userErr says a store's refusal about an account in the operator's
// language (the store's own detail is English): conflict is the message
// of an EConflict, a name taken on add, the last enabled admin on disable
// (crm.UserStore).
func (m *Main) userErr(err error, name, conflict string) error {
	data := map[string]any{"User": name}
	switch cases.ErrorCode(err) {
	case cases.ENotFound:
		return errors.New(m.t().D("crmd.user.not_found", data))
	case cases.EConflict:
		return errors.New(m.t().D(conflict, data))
	}
	return err
}

// importErr is the report of a file that was not imported, each problem
// on a line of its own, in the operator's language.
func (m *Main) importErr(file string, err error) error {
	t := m.t()
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	lines := []string{t.D("crmd.import.nothing", map[string]any{"File": file})}
	for _, e := range errs {
		if ie, ok := errors.AsType[*server.ImportError](e); ok {
			lines = append(lines, ie.Text(t))
		} else {
			lines = append(lines, e.Error())
		}
	}
	return errors.New(strings.Join(lines, "\n"))
}

// openOperatorStore is openStore for a command a person runs: a write or
// read the database gives up for others (a lock held past crmd's
// lock_timeout, a deadlock) is run again as the server runs it, over a
// budget a person can wait (server.OperatorStore), rather than one wait
// failing a whole import.
func (m *Main) openOperatorStore(ctx context.Context, dsn string, creates bool) (crm.Store, error) {
	st, err := m.openStore(ctx, dsn, creates)
	if err != nil {
		return nil, err
	}
	return server.OperatorStore(st), nil
}
