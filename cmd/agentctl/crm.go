package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/pdf"
	"agentdesk/playbook"
	"agentdesk/sqlite"
)

// The desk's side of crmd without a window: log in, sync once, and a
// supervisor's team commands. They work on the same data folder as the app
// (the session is kept beside the database, like the app's), so a script
// and the app share one login and one outbox.

// dataDir is the folder of the database in use, as the app decides it: its
// session, the packs crmd published and its log are kept there.
func (m *Main) dataDir() (string, error) {
	return desksync.DeskDir(m.DBPath, sqlite.DataDir)
}

// client connects to the CRM the settings name (or url), with the session
// kept in the data folder.
func (m *Main) client(ctx context.Context, db *sqlite.DB, url string) (*crm.Client, error) {
	if url == "" {
		v, err := db.GetSetting(ctx, cases.KeyCRMURL)
		if err != nil {
			return nil, err
		}
		url = v
	}
	if strings.TrimSpace(url) == "" {
		return nil, usageErr("%s", m.T().S("cli.crm.no_url"))
	}
	dir, err := m.dataDir()
	if err != nil {
		return nil, err
	}
	c, err := crm.NewClient(url, dir, nil)
	if err != nil {
		return nil, m.crmErr(err)
	}
	c.SetLang(string(m.Lang))
	return c, nil
}

// loggedIn is the client of the CRM session this desk keeps, and the
// session; a usage error when nobody is logged in.
func (m *Main) loggedIn(ctx context.Context, db *sqlite.DB) (*crm.Client, crm.Session, error) {
	c, err := m.client(ctx, db, "")
	if err != nil {
		return nil, crm.Session{}, err
	}
	sess, ok := c.Session()
	if !ok {
		return nil, crm.Session{}, usageErr("%s", m.T().S("cli.crm.not_logged_in"))
	}
	return c, sess, nil
}

// crmErr says a CRM failure in words, by its code.
func (m *Main) crmErr(err error) error {
	code := crm.CodeOf(err)
	msg := m.T().S("crm.error." + string(code))
	if strings.HasPrefix(msg, "!") {
		msg = m.T().S("crm.error.unknown")
	}
	return fmt.Errorf("%s", msg)
}

func runCRMLogin(ctx context.Context, m *Main, args []string) error {
	m.creates = true // a first login sets up the desk, as config set does
	fs := m.flagSet("crm login")
	url := fs.String("url", "", m.T().S("cli.crm.flag.url"))
	user := fs.String("user", "", m.T().S("cli.crm.flag.user"))
	if err := m.parseNone(fs, args); err != nil {
		return err
	}
	t := m.T()
	if *user == "" {
		return usageErr("%s", t.S("cli.crm.need_user"))
	}
	// The rule config set crm.url applies: an address with no scheme
	// (crm.example.com) is a mistake in the command, not a CRM out of reach.
	if *url != "" && cases.CheckSetting(cases.KeyCRMURL, *url) != nil {
		return usageErr("%s", t.S("settings.invalid.crm_url"))
	}
	// The password comes on standard input, never as an argument: the
	// command line of a process is readable by every user of the machine.
	line, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	password := strings.TrimRight(line, "\r\n")
	if password == "" {
		return usageErr("%s", t.S("cli.crm.need_password"))
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := m.client(ctx, db, *url)
	if err != nil {
		return err
	}
	sess, err := c.Login(ctx, *user, password)
	if err != nil {
		// As the app's login dialog says it: a wrong password read
		// "authentication required", as if none had been given.
		return fmt.Errorf("%s", t.S(desksync.LoginErrorKey(err)))
	}
	settings := map[string]string{cases.KeyCRMURL: sess.BaseURL}
	if sess.Role != crm.RoleTrainee {
		// crmd takes an agent's cases only in their own name.
		settings[cases.KeyAgent] = sess.Username
	}
	if err := db.SetSettings(ctx, settings); err != nil {
		return err
	}
	if m.JSON {
		return m.printJSON(map[string]any{"user": sess.Username, "role": sess.Role, "url": sess.BaseURL})
	}
	fmt.Fprintln(m.Stdout, t.D("cli.crm.logged_in", map[string]any{"User": sess.Username, "Role": t.S("role." + string(sess.Role)), "URL": sess.BaseURL}))
	return nil
}

func runCRMLogout(ctx context.Context, m *Main, args []string) error {
	if err := m.parseNone(m.flagSet("crm logout"), args); err != nil {
		return err
	}
	dir, err := m.dataDir()
	if err != nil {
		return err
	}
	// The session is ended on the crmd it came from, not on the one the
	// settings name now: after config set crm.url, a client of the new
	// address finds no session of its own, and the refresh token stayed
	// on disk and its family alive on the first crmd, while this said
	// the desk was logged out.
	file := filepath.Join(dir, crm.SessionFile)
	sess, err := crm.StoredSession(dir)
	if err == nil {
		var c *crm.Client
		if c, err = crm.NewClient(sess.BaseURL, dir, nil); err == nil {
			c.SetLang(string(m.Lang))
			err = c.Logout(ctx)
		}
	}
	switch {
	case err == nil, errors.Is(err, os.ErrNotExist):
	case sess.BaseURL == "":
		// Not a session a client can read (a damaged file): there is no
		// crmd to tell, and nothing to keep.
		if rerr := os.Remove(file); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			return m.fileErr(file, rerr)
		}
	default:
		// Forgotten here all the same: kept because its crmd is out of
		// reach, it would stay a login on this desk.
		if rerr := os.Remove(file); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			return m.fileErr(file, rerr)
		}
		return &exitError{code: 1, err: errors.New(m.T().D("cli.crm.logged_out_here", map[string]any{
			"URL": sess.BaseURL, "Reason": m.crmErr(err).Error()}))}
	}
	if m.JSON {
		return m.printJSON(map[string]any{"logged_out": true})
	}
	fmt.Fprintln(m.Stdout, m.T().S("cli.crm.logged_out"))
	return nil
}

// syncReport is what one sync did.
type syncReport struct {
	Sent        int      `json:"sent"`
	Waiting     int      `json:"waiting"`
	Others      int      `json:"waiting_for_others"`
	SetAside    int      `json:"set_aside"`
	Conflicts   int      `json:"conflicts"`
	Escalations int      `json:"escalations_updated"`
	Team        int      `json:"team_escalations"`
	Offline     bool     `json:"offline"`
	LastError   crm.Code `json:"last_error,omitempty"`
	// PlaybookVersion is the version crmd published that the desk holds
	// after the sync (0: the built-in pack).
	PlaybookVersion int `json:"playbook_version"`
}

// syncOnce pushes the outbox until nothing more goes, pulls the back
// office's statuses onto the desk's cases (through the session, as the
// app does), and the team queue of those who decide (cases.DeciderRoles).
func (m *Main) syncOnce(ctx context.Context, db *sqlite.DB) (syncReport, error) {
	var rep syncReport
	c, sess, err := m.loggedIn(ctx, db)
	if err != nil {
		return rep, err
	}
	// The desktop's hold on a case whose conflict waits for a person: its
	// later versions must not go out on top of the other desk's. The counts
	// before are read through it too, as the worker's after are: it leaves
	// out another login's refusals and conflicts of saves without an owner,
	// which would otherwise count as sent.
	box := desksync.HoldConflicts(db)
	n, err := box.OutboxStats(ctx, sess.Username)
	if err != nil {
		return rep, err
	}
	before, asideBefore, conflictsBefore := n.Pending, n.Aside, n.Conflicts
	w := &desksync.Worker{Client: c, Outbox: box, BaseDelay: 50 * time.Millisecond, MaxDelay: time.Second, SendNow: true}
	// Passes while they move the outbox on (a pass sends a batch; a
	// case's next version goes in the next): one that leaves as much
	// waiting as before means what is left is retrying, and retrying it
	// at once would only hammer crmd. It waits for the next sync.
	waiting := before
	for i := 0; i < 100; i++ {
		w.Pass(ctx)
		p := w.Progress()
		if p.Waiting == 0 || !p.Online || p.Waiting >= waiting {
			break
		}
		waiting = p.Waiting
	}
	p := w.Progress()
	rep.Waiting, rep.Others, rep.SetAside, rep.Conflicts, rep.LastError = p.Waiting, p.Others, p.SetAside, p.Conflicts, p.LastError
	// Sent: what left the outbox, less what was set aside or held for a
	// conflict by this run (not before it).
	rep.Sent = max(before-p.Waiting-(p.SetAside-asideBefore)-(p.Conflicts-conflictsBefore), 0)
	if p.LastError == crm.CodeOffline {
		rep.Offline = true
		return rep, nil
	}
	// The playbook crmd publishes, kept in the data folder as the desk's
	// sync keeps it: what team approve judges authority by (deskPack),
	// and what crmd judges it by. Without it a terminal judged by the
	// pack the desk last fetched, or the built-in one, and queued what
	// crmd would refuse. A pack not taken is no reason to stop the sync:
	// the one kept still holds, as on the desk.
	if dir, err := m.dataDir(); err == nil {
		v, _, err := desksync.SyncPlaybook(ctx, c, dir)
		if err != nil && ctx.Err() == nil {
			m.logDetail("the playbook published on the CRM was not taken", err)
		}
		rep.PlaybookVersion = v
	}
	var list []crm.EscalationStatus
	switch sess.Role {
	case crm.RoleTrainee:
		return rep, nil
	case crm.RoleAdmin:
		// crmd keeps no cases of an admin's own and refuses them the
		// statuses route: asked anyway, every admin's sync ended in that
		// refusal. The desk's sync does not ask either (desksync).
	default:
		if list, err = c.Escalations(ctx, time.Time{}); err != nil {
			return rep, m.crmErr(err)
		}
	}
	s := cases.NewSession(db, nil, db)
	for _, st := range list {
		changed := false
		err := s.Apply(ctx, st.CaseID, func(cs *cases.Case) ([]cases.Event, error) {
			evs := cs.ApplyBackOffice(st.BackOffice())
			changed = len(evs) > 0
			return evs, nil
		})
		switch {
		case err == nil:
			if changed { // what crmd says and the case already had is no update
				rep.Escalations++
			}
		case cases.ErrorCode(err) != cases.ENotFound:
			return rep, err
		}
	}
	// Whoever decides amounts above authority works the team's queue: an
	// admin too, whose limit covers amounts a supervisor's does not.
	if slices.Contains(cases.DeciderRoles, sess.Role) {
		if _, err := desksync.PullTeam(ctx, c, db, time.Time{}); err != nil {
			return rep, m.crmErr(err)
		}
		rows, err := db.TeamQueue(ctx, cases.TeamFilter{})
		if err != nil {
			return rep, err
		}
		rep.Team = len(rows)
	}
	return rep, nil
}

func runSync(ctx context.Context, m *Main, args []string) error {
	_, db, err := m.dbCommand(ctx, m.flagSet("sync"), args, 0, "")
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := m.syncOnce(ctx, db)
	if err != nil {
		return err
	}
	if m.JSON {
		return m.printJSON(rep)
	}
	t := m.T()
	if rep.Offline {
		fmt.Fprintln(m.Stdout, t.N("cli.sync.offline", rep.Waiting, nil))
		return nil
	}
	fmt.Fprintln(m.Stdout, t.D("cli.sync.done", map[string]any{"Sent": rep.Sent, "Waiting": rep.Waiting, "Aside": rep.SetAside,
		"Conflicts": rep.Conflicts, "Escalations": rep.Escalations}))
	if rep.Others > 0 {
		fmt.Fprintln(m.Stdout, t.N("cli.sync.others", rep.Others, nil))
	}
	if rep.Team > 0 {
		fmt.Fprintln(m.Stdout, t.N("cli.sync.team", rep.Team, nil))
	}
	return nil
}

// teamRowJSON is a queue row as --json prints it.
type teamRowJSON struct {
	CaseID     string    `json:"case_id"`
	Ticket     string    `json:"ticket"`
	Agent      string    `json:"agent"`
	Customer   string    `json:"customer"`
	Account    string    `json:"account"`
	Priority   string    `json:"priority"`
	CallType   string    `json:"call_type"`
	ReasonCode string    `json:"reason_code,omitempty"`
	Status     string    `json:"status"`
	ReceivedAt time.Time `json:"received_at,omitzero"`
	DueAt      time.Time `json:"due_at,omitzero"`
	Overdue    bool      `json:"overdue"`
	Undecided  int       `json:"undecided"`
	Pending    bool      `json:"pending"`
}

func runTeamList(ctx context.Context, m *Main, args []string) error {
	fs := m.flagSet("team escalations")
	status := fs.String("status", "", m.T().S("cli.team.flag.status"))
	priority := fs.String("priority", "", m.T().S("cli.team.flag.priority"))
	agent := fs.String("agent", "", m.T().S("cli.team.flag.agent"))
	if err := m.parseNone(fs, args); err != nil {
		return err
	}
	t := m.T()
	f, err := m.teamFilter(*status)
	if err != nil {
		return err
	}
	f.Agent = *agent
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	names := m.teamNames(ctx, db)
	if strings.TrimSpace(*priority) != "" {
		var ok bool
		if f.Priority, ok = names.priorityOf(*priority); !ok {
			titles := make([]string, len(names.pb.Priorities))
			for i, p := range names.pb.Priorities {
				titles[i] = names.pb.Say(t.Lang, p.Title)
			}
			return usageErr("%s", t.D("cli.team.bad_priority", map[string]any{"Priority": *priority, "Priorities": strings.Join(titles, ", ")}))
		}
	}
	rows, err := db.TeamQueue(ctx, f)
	if err != nil {
		return err
	}
	now := time.Now()
	if m.JSON {
		out := make([]teamRowJSON, len(rows))
		for i, r := range rows {
			out[i] = teamRowJSON{CaseID: r.CaseID, Ticket: r.Ticket, Agent: r.Agent, Customer: r.Customer, Account: r.Account,
				Priority: r.Priority, CallType: r.CallType, ReasonCode: r.ReasonCode, Status: string(r.Status),
				ReceivedAt: r.ReceivedAt, DueAt: r.DueAt, Overdue: r.Overdue(now), Undecided: r.Undecided, Pending: r.Pending}
		}
		return m.printJSON(map[string]any{"escalations": out})
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, t.S("cli.team.header"))
	for _, r := range rows {
		due := locales.FormatDateTime(m.Lang, r.DueAt.Local())
		if r.Overdue(now) {
			due += " !"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.CaseID, r.Ticket, r.Agent, names.priority(r.Priority), names.state(r.Status), due, r.Customer)
	}
	return tw.Flush()
}

func runTeamShow(ctx context.Context, m *Main, args []string) error {
	pos, db, err := m.dbCommand(ctx, m.flagSet("team show"), args, 1, "team show ID")
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := db.TeamCase(ctx, pos[0])
	if err != nil {
		return m.caseErr(err, pos[0])
	}
	if m.JSON {
		return m.printJSON(c)
	}
	t := m.T()
	e := c.Escalation
	when := func(at time.Time) string { return locales.FormatDateTime(m.Lang, at.Local()) }
	names := m.teamNames(ctx, db)
	// Amounts of a customer with no currency of their own are in the
	// desk's, as on the team screen and in the PDF.
	currency := cases.DefaultCurrency(names.pb.Meta.Currency, "")
	state, prio := names.state, names.priority(e.Priority)
	fmt.Fprintf(m.Stdout, "%s  %s  %s  %s\n", c.ID, e.Ticket, c.Agent, c.Customer.Name)
	fmt.Fprintln(m.Stdout, t.D("cli.team.show.state", map[string]any{"Status": state(e.Status),
		"Priority": prio, "Due": when(e.DueAt)}))
	// What the back office decides on, as the team screen's review shows
	// it: why the agent escalated, the amount in dispute, and the answer.
	if r := strings.TrimSpace(e.Reason); r != "" {
		fmt.Fprintln(m.Stdout, t.D("cli.team.show.reason", map[string]any{"Reason": r}))
	}
	if e.Dispute != 0 {
		fmt.Fprintln(m.Stdout, t.D("cli.team.show.dispute", map[string]any{"Amount": c.FormatMoney(e.Dispute, currency, m.Lang)}))
	}
	if r := strings.TrimSpace(e.Resolution); r != "" {
		fmt.Fprintln(m.Stdout, t.D("cli.team.show.resolution", map[string]any{"Resolution": r}))
	}
	for _, h := range e.History {
		line := fmt.Sprintf("  %s  %-10s %s -> %s", when(h.At), h.By, state(h.From), state(h.To))
		if h.Comment != "" {
			line += "  " + h.Comment
		}
		// How the move resolved it, as the team screen's review says:
		// once reopened, the history is the only place it stays.
		if h.Resolution != "" {
			line += " — " + t.D("team.review.resolved_as", map[string]any{"Resolution": h.Resolution})
		}
		fmt.Fprintln(m.Stdout, line)
	}
	for i, a := range c.Actions {
		if a.Amount == 0 {
			continue
		}
		var st string
		switch {
		case a.Decision != nil && a.Decision.Approved:
			st = t.D("team.review.approved_by", map[string]any{"By": a.Decision.By, "When": when(a.Decision.At)})
		case a.Decision != nil:
			st = t.D("team.review.denied_by", map[string]any{"By": a.Decision.By, "When": when(a.Decision.At)})
		case a.Pending:
			st = t.D("team.review.needs_approval", map[string]any{"Role": t.S("role.noun." + string(a.Role)),
				"Limit": c.FormatMoney(a.Limit, currency, m.Lang)})
		default:
			st = t.D("team.review.within", map[string]any{"Role": t.S("role.noun." + string(a.Role))})
		}
		// Why it was approved or denied, as the team screen's review says.
		if a.Decision != nil && a.Decision.Comment != "" {
			st += " — " + a.Decision.Comment
		}
		name := a.ID
		if x := names.pb.Action(a.ID); x != nil {
			name = names.pb.Say(m.Lang, x.Title)
		}
		fmt.Fprintf(m.Stdout, "  [%d] %s  %s  %s\n", i, name, c.FormatMoney(a.Amount, currency, m.Lang), st)
	}
	if c.Notes != "" {
		fmt.Fprintln(m.Stdout, c.Notes)
	}
	return nil
}

// teamNames says priorities and states as the desk's screens do: the
// playbook's titles and the state names, in the language shown.
type teamNames struct {
	t  *locales.T
	pb *playbook.Playbook
}

func (m *Main) teamNames(ctx context.Context, db *sqlite.DB) teamNames {
	return teamNames{t: m.T(), pb: m.deskPack(ctx, db)}
}

func (n teamNames) priority(id string) string {
	if n.pb != nil {
		if p := n.pb.Priority(id); p != nil {
			return n.pb.Say(n.t.Lang, p.Title)
		}
	}
	return id
}

// priorityOf reads --priority: a priority of the desk's pack by its ID,
// or by its title in either language as the list writes it ("Alta"),
// whatever its case.
func (n teamNames) priorityOf(typed string) (string, bool) {
	typed = strings.TrimSpace(typed)
	if n.pb == nil {
		return typed, true
	}
	for _, p := range n.pb.Priorities {
		if strings.EqualFold(p.ID, typed) || strings.EqualFold(n.pb.Say(locales.ES, p.Title), typed) ||
			strings.EqualFold(n.pb.Say(locales.EN, p.Title), typed) {
			return p.ID, true
		}
	}
	return "", false
}

func (n teamNames) state(st cases.EscalationState) string {
	if st == "" {
		st = cases.EscReceived
	}
	return n.t.S("team.state." + string(st))
}

// teamAct records a decider's action (a supervisor's or an admin's), then
// tries to send it at once; crmd out of reach, it waits in the outbox for
// the next sync.
// explain, when not nil, may say a refusal better than its code alone
// ("" leaves it to the code).
func (m *Main) teamAct(ctx context.Context, db *sqlite.DB, id string, act func(by desksync.Actor) (*cases.Case, error), explain func(crm.Code) string) error {
	_, sess, err := m.loggedIn(ctx, db)
	if err != nil {
		return err
	}
	// The roles crmd lets move escalations on and decide amounts.
	if !slices.Contains(cases.DeciderRoles, sess.Role) {
		return fmt.Errorf("%s", m.T().S("crm.error.forbidden"))
	}
	// What crmd refused before this command is not its answer: only an
	// item set aside now, for this case, is.
	before, err := db.OutboxAside(ctx)
	if err != nil {
		return err
	}
	tc, err := act(desksync.Actor{Name: sess.Username, User: sess.Username})
	var ce *cases.Error
	if errors.As(err, &ce) && ce.Field != "" && m.T().Has("team.invalid."+ce.Field) {
		// Why, as the team screen says it (a resolution missing, an amount
		// still undecided), not only that something is invalid.
		return &exitError{code: 1, err: errors.New(m.T().S("team.invalid." + ce.Field))}
	}
	if errors.As(err, &ce) && ce.Code == cases.EConflict {
		// The amount was decided (here or on crmd) since the desk read it:
		// the desktop's conflict words speak of a screen this has not.
		return &exitError{code: 1, err: errors.New(m.T().D("cli.team.decided", map[string]any{"Case": id}))}
	}
	if err != nil {
		return m.caseErr(err, id)
	}
	rep, err := m.syncOnce(ctx, db)
	if err != nil {
		return err
	}
	refused, err := refusedNow(ctx, db, before, tc.ID)
	if err != nil {
		return err
	}
	if m.JSON {
		out := map[string]any{"case_id": tc.ID, "status": tc.Escalation.Status, "sent": refused == "" && !rep.Offline && rep.Waiting == 0, "sync": rep}
		if refused != "" {
			out["refused"] = refused
		}
		if err := m.printJSON(out); err != nil {
			return err
		}
	}
	if refused != "" {
		// crmd said no for good (no such case, a state it cannot move to,
		// already decided by someone else): the change is not on the CRM.
		reason := m.crmErr(&crm.Error{Code: refused}).Error()
		if explain != nil {
			if more := explain(refused); more != "" {
				reason += " " + more
			}
		}
		return fmt.Errorf("%s", m.T().D("cli.team.refused", map[string]any{"Case": tc.ID, "Reason": reason}))
	}
	if m.JSON {
		return nil
	}
	t := m.T()
	if rep.Offline || rep.Waiting > 0 {
		fmt.Fprintln(m.Stdout, t.D("cli.team.queued", map[string]any{"Case": tc.ID}))
	} else {
		fmt.Fprintln(m.Stdout, t.D("cli.team.recorded", map[string]any{"Case": tc.ID, "Status": m.teamNames(ctx, db).state(tc.Escalation.Status)}))
	}
	return nil
}

// refusedNow is why crmd refused the outbox item of case id that is set
// aside and was not among before; "" when none was.
func refusedNow(ctx context.Context, db *sqlite.DB, before []crm.AsideItem, id string) (crm.Code, error) {
	after, err := db.OutboxAside(ctx)
	if err != nil {
		return "", err
	}
	for _, it := range after {
		if it.CaseID == id && !slices.ContainsFunc(before, func(b crm.AsideItem) bool { return b.ID == it.ID }) {
			return it.Reason, nil
		}
	}
	return "", nil
}

func runTeamStatus(ctx context.Context, m *Main, args []string) error {
	fs := m.flagSet("team status")
	set := fs.String("set", "", m.T().S("cli.team.flag.set"))
	comment := fs.String("comment", "", m.T().S("cli.team.flag.comment"))
	resolution := fs.String("resolution", "", m.T().S("cli.team.flag.resolution"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *set == "" {
		return usageErr("team status ID --set STATE [--comment TEXT] [--resolution TEXT]")
	}
	to, ok := escalationStateOf(*set)
	if !ok {
		return usageErr("%s", m.T().D("cli.team.bad_status", map[string]any{"Status": *set}))
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return m.teamAct(ctx, db, pos[0], func(by desksync.Actor) (*cases.Case, error) {
		return desksync.QueueMove(ctx, db, pos[0], to, *comment, *resolution, by, time.Now())
	}, nil)
}

func runTeamApprove(ctx context.Context, m *Main, args []string) error {
	fs := m.flagSet("team approve")
	action := fs.Int("action", -1, m.T().S("cli.team.flag.action"))
	deny := fs.Bool("deny", false, m.T().S("cli.team.flag.deny"))
	comment := fs.String("comment", "", m.T().S("cli.team.flag.comment"))
	pos, err := parseN(fs, args, 1, "team approve ID [--action N] [--deny] [--comment TEXT]")
	if err != nil {
		return err
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "action" })
	if given && *action < 0 {
		return usageErr("%s", m.T().S("cli.team.bad_action"))
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if !given {
		// One amount waiting: that one; otherwise say which.
		c, err := db.TeamCase(ctx, pos[0])
		if err != nil {
			return m.caseErr(err, pos[0])
		}
		var waiting []string
		for i, a := range c.Actions {
			if !a.Settled() {
				waiting = append(waiting, strconv.Itoa(i))
			}
		}
		if len(waiting) == 0 {
			return fmt.Errorf("%s", m.T().D("cli.team.none_waiting", map[string]any{"Case": pos[0]}))
		}
		if len(waiting) != 1 {
			return usageErr("%s", m.T().D("cli.team.which_action", map[string]any{"Actions": strings.Join(waiting, ", ")}))
		}
		*action, _ = strconv.Atoi(waiting[0])
	}
	if !*deny {
		if err := m.checkOwnAuthority(ctx, db, pos[0], *action); err != nil {
			return err
		}
	}
	return m.teamAct(ctx, db, pos[0], func(by desksync.Actor) (*cases.Case, error) {
		return desksync.QueueDecision(ctx, db, pos[0], *action, !*deny, *comment, by, time.Now())
	}, func(code crm.Code) string {
		if code != crm.CodeOverAuthority {
			return ""
		}
		return m.whoCanApprove(ctx, db, pos[0], *action)
	})
}

// whoCanApprove says who can approve the amount at position i of team
// case id that crmd refused as over the approver's authority, by the pack
// in force on this desk ("" when the desk cannot tell).
func (m *Main) whoCanApprove(ctx context.Context, db *sqlite.DB, id string, i int) string {
	_, sess, err := m.loggedIn(ctx, db)
	if err != nil {
		return ""
	}
	c, err := db.TeamCase(ctx, id)
	if err != nil || i < 0 || i >= len(c.Actions) {
		return ""
	}
	return whoCanApproveText(m.T(), desksync.WhoCanApprove(m.deskPack(ctx, db), c.Actions[i].Amount, sess.Role))
}

// whoCanApproveText names the roles that can approve an amount, or says
// nobody's authority covers it.
func whoCanApproveText(t *locales.T, roles []cases.Role) string {
	if len(roles) == 0 {
		return t.S("team.over_authority.nobody")
	}
	names := make([]string, len(roles))
	for j, r := range roles {
		names[j] = t.S("role.noun." + string(r))
	}
	return t.D("team.over_authority.who", map[string]any{"Roles": strings.Join(names, ", ")})
}

// checkOwnAuthority refuses, before it is queued, an approval crmd would
// only set aside: one that takes what the approver approved on the case
// past their own authority (cases.CheckApproval), judged with the desk's
// playbook and the role of the session crmd judges by. It says their
// limit and who can approve it. Someone who does not decide at all is
// teamAct's to refuse.
func (m *Main) checkOwnAuthority(ctx context.Context, db *sqlite.DB, id string, i int) error {
	_, sess, err := m.loggedIn(ctx, db)
	if err != nil || !slices.Contains(cases.DeciderRoles, sess.Role) {
		return err
	}
	c, err := db.TeamCase(ctx, id)
	if err != nil {
		return m.caseErr(err, id)
	}
	pb := m.deskPack(ctx, db)
	// agentctl records its decisions under the session's user name, as
	// crmd does; the app on this desk records those waiting to be sent
	// under the desk's agent name, which crmd counts under the login once
	// they arrive. Both names count, as the app counts them.
	by := []string{sess.Username}
	if name, err := db.GetSetting(ctx, cases.KeyAgent); err == nil && strings.TrimSpace(name) != "" {
		by = append(by, name)
	}
	r := c.ApprovalRefusal(i, sess.Role, pb, by...)
	if r == nil {
		return nil
	}
	t := m.T()
	currency := cases.DefaultCurrency(pb.Meta.Currency, "")
	money := func(minor int64) string { return c.FormatMoney(minor, currency, m.Lang) }
	names := make([]string, len(r.Deciders))
	for j, d := range r.Deciders {
		names[j] = t.S("role.noun." + string(d))
	}
	msg, data := "cli.team."+r.Key(), map[string]any{"Case": id, "Amount": money(r.Amount), "Limit": money(r.Limit), "Before": money(r.Before),
		"Role": t.S("role.noun." + string(sess.Role)), "Roles": strings.Join(names, ", ")}
	return &exitError{code: 1, err: errors.New(t.D(msg, data))}
}

// teamFilter reads --status of the team commands: all, open, or one state
// of an escalation; anything else is a usage mistake, not an empty list.
func (m *Main) teamFilter(status string) (cases.TeamFilter, error) {
	var f cases.TeamFilter
	switch status {
	case "", "all":
	case "open":
		f.Open = true
	default:
		st, ok := escalationStateOf(status)
		if !ok {
			return f, usageErr("%s", m.T().D("cli.team.bad_status", map[string]any{"Status": status}))
		}
		f.Status = st
	}
	return f, nil
}

// escalationStateOf reads a state typed by its name ("in_progress") or
// as the team commands write it in either language ("En curso"),
// whatever its case.
func escalationStateOf(typed string) (cases.EscalationState, bool) {
	typed = strings.TrimSpace(typed)
	for _, st := range cases.EscalationStates {
		if strings.EqualFold(string(st), typed) {
			return st, true
		}
		for _, l := range []locales.Lang{locales.ES, locales.EN} {
			if strings.EqualFold(locales.New(l).S("team.state."+string(st)), typed) {
				return st, true
			}
		}
	}
	return "", false
}

func runTeamPDF(ctx context.Context, m *Main, args []string) error {
	fs, p := m.pdfFlagSet("team pdf")
	id := fs.String("id", "", m.T().S("cli.pdf.flag.id"))
	status := fs.String("status", "", m.T().S("cli.team.flag.status"))
	perCase := fs.Bool("per-case", false, m.T().S("cli.team.flag.per_case"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	// The case as case pdf takes it, "team pdf ID": read as nothing, it
	// printed the whole queue. Every mistake here is found before the
	// database is opened, so a typo creates none.
	t := m.T()
	switch {
	case len(pos) > 1, len(pos) == 1 && *id != "":
		return usageErr("%s", t.S("cli.team.pdf.one_id"))
	case len(pos) == 1:
		*id = pos[0]
	}
	if *id != "" && *status != "" {
		return usageErr("%s", t.S("cli.team.pdf.id_or_status"))
	}
	f, err := m.teamFilter(*status)
	if err != nil {
		return err
	}
	opt, db, err := m.pdfOpen(ctx, p)
	if err != nil {
		return err
	}
	defer db.Close()
	var ids []string
	// What the desk did and crmd has not yet taken prints as done: the
	// summary says it waits, as the app's print and the queue's row do.
	waiting := map[string]bool{}
	if *id != "" {
		ids = []string{*id}
		f = cases.TeamFilter{} // the case's row, wherever the queue has it
	}
	rows, err := db.TeamQueue(ctx, f)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if *id == "" {
			ids = append(ids, r.CaseID)
		}
		waiting[r.CaseID] = r.Pending
	}
	if len(ids) == 0 {
		// No file rather than a document with no page worth printing.
		return fmt.Errorf("%s", m.T().S("cli.team.pdf.none"))
	}
	var items []pdf.CaseWithTimeline
	for _, cid := range ids {
		c, err := db.TeamCase(ctx, cid)
		if err != nil {
			return m.caseErr(err, cid)
		}
		items = append(items, pdf.CaseWithTimeline{Case: c, Waiting: waiting[cid]})
	}
	if *perCase {
		paths, err := pdf.WriteCaseFiles(p.out, items, opt, nil)
		if isFileErr(err) {
			// The file that failed, not the folder asked for.
			return m.fileErr(failedPath(err, p.out), err)
		}
		if err != nil {
			return err
		}
		if m.JSON {
			return m.printJSON(map[string]any{"folder": p.out, "files": paths, "cases": len(items)})
		}
		fmt.Fprintln(m.Stdout, m.T().N("cli.team.pdf.files", len(paths), map[string]any{"Dir": p.out}))
		return nil
	}
	if err := m.writePDF(p.out, func(w io.Writer) error {
		if len(items) == 1 {
			return pdf.CaseSummaryOf(w, items[0], opt)
		}
		return pdf.CaseBatch(w, items, opt, nil)
	}); err != nil {
		return err
	}
	if m.JSON {
		return m.printJSON(map[string]any{"path": p.out, "cases": len(items)})
	}
	fmt.Fprintln(m.Stdout, m.T().N("cli.team.pdf.written", len(items), map[string]any{"Path": p.out}))
	return nil
}
