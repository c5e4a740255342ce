package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/sqlite"
)

func runDemoSeed(ctx context.Context, m *Main, args []string) error {
	m.creates = true
	fs := m.flagSet("demo seed")
	agent := fs.String("agent", "demo", m.T().S("cli.demo.seed.flag.agent"))
	team := fs.Bool("team", false, m.T().S("cli.demo.seed.flag.team"))
	if err := m.parseNone(fs, args); err != nil {
		return err
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// Demo data is for a database of its own: in a desk that syncs, its
	// cases would go out to crmd as the agent's real calls, and its
	// escalations sit in a real queue.
	if url, _ := db.GetSetting(ctx, cases.KeyCRMURL); strings.TrimSpace(url) != "" {
		fmt.Fprintln(m.Stderr, m.T().D("cli.demo.seed.syncs", map[string]any{"URL": url}))
		return errFailed
	}
	if *team {
		// The queue as a refresh would leave it, but never refreshed: the
		// team area says so rather than pretend it came from crmd.
		list := cases.DemoTeam(time.Now())
		if err := db.PutTeamCases(ctx, list, time.Time{}); err != nil {
			return err
		}
		if m.JSON {
			return m.printJSON(map[string]any{"db": db.Path, "team_escalations": len(list)})
		}
		fmt.Fprintln(m.Stdout, m.T().N("cli.demo.seed.team_done", len(list), map[string]any{"Path": db.Path}))
		return nil
	}
	customers, demo := cases.DemoData(time.Now(), *agent)
	for _, c := range customers {
		if err := db.UpsertCustomer(ctx, c); err != nil {
			return err
		}
	}
	svc := &cases.Service{Store: db}
	n := 0
	for _, d := range demo {
		if err := svc.Import(ctx, d.Case, d.Events); err != nil {
			return err
		}
		n++
	}
	if m.JSON {
		return m.printJSON(map[string]any{"db": db.Path, "customers": len(customers), "cases": n})
	}
	fmt.Fprintln(m.Stdout, m.T().D("cli.demo.seed.done", map[string]any{"Customers": len(customers), "Cases": n, "Path": db.Path}))
	return nil
}

func runCaseList(ctx context.Context, m *Main, args []string) error {
	fs := m.flagSet("case list")
	var f cases.Filter
	status := fs.String("status", "", m.T().S("cli.case.flag.status"))
	fs.StringVar(&f.Agent, "agent", "", m.T().S("cli.case.flag.agent"))
	fs.StringVar(&f.Text, "search", "", m.T().S("cli.case.flag.search"))
	fs.IntVar(&f.Limit, "limit", 50, m.T().S("cli.case.flag.limit"))
	if err := m.parseNone(fs, args); err != nil {
		return err
	}
	var ok bool
	if f.Status, ok = caseStatus(*status); !ok {
		return usageErr("%s", m.T().D("cli.case.bad_status", map[string]any{"Status": *status}))
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// One more than asked tells a list the limit cut from one that fits.
	limit := f.Limit
	if limit > 0 {
		f.Limit = limit + 1
	}
	list, err := listByAgent(ctx, db, f)
	if err != nil {
		return err
	}
	more := limit > 0 && len(list) > limit
	if more {
		list = list[:limit]
	}
	if m.JSON {
		if list == nil {
			list = []*cases.Case{}
		}
		return m.printJSON(list)
	}
	pb := m.deskPack(ctx, db)
	t := m.T()
	w := tabwriter.NewWriter(m.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.S("cases.col.id"), t.S("cases.col.updated"), t.S("cases.col.status"), t.S("cases.col.customer"), t.S("cases.col.call_type"))
	for _, c := range list {
		ct := c.CallType
		if pb != nil {
			if x := pb.CallType(c.CallType); x != nil {
				ct = pb.Say(m.Lang, x.Title)
			}
		}
		// A call started with the account alone is named by it, as on the
		// cases screen, not by an empty column.
		name := strings.TrimSpace(c.Customer.Name)
		if name == "" {
			name = cases.MaskAccount(c.Customer.Account)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", c.ID, locales.FormatDateTime(m.Lang, c.UpdatedAt.Local()), t.S("cases.status."+string(c.Status)), name, ct)
	}
	w.Flush()
	if more {
		fmt.Fprintln(m.Stderr, t.N("cli.case.count_more", len(list), nil))
	} else {
		fmt.Fprintln(m.Stderr, t.N("cli.case.count", len(list), nil))
	}
	return nil
}

func runCaseShow(ctx context.Context, m *Main, args []string) error {
	pos, db, err := m.dbCommand(ctx, m.flagSet("case show"), args, 1, "case show ID")
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := db.GetCase(ctx, pos[0])
	if err != nil {
		return m.caseErr(err, pos[0])
	}
	tl, err := db.Timeline(ctx, c.ID)
	if err != nil {
		return err
	}
	if m.JSON {
		if tl == nil {
			tl = []cases.Event{}
		}
		return m.printJSON(map[string]any{"case": c, "timeline": tl})
	}
	t := m.T()
	// The pack this desk works with names what the case records by ID,
	// as the cases screen does.
	pb := m.deskPack(ctx, db)
	callType := c.CallType
	if ct := pb.CallType(c.CallType); ct != nil {
		callType = pb.Say(t.Lang, ct.Title)
	}
	customer := strings.TrimSpace(c.Customer.Name)
	if acc := cases.MaskAccount(c.Customer.Account); acc != "" && customer != "" {
		customer += " (" + acc + ")"
	} else if acc != "" {
		customer = acc
	}
	fmt.Fprintf(m.Stdout, "%s  %s  v%d\n%s: %s\n%s: %s\n", c.ID, t.S("cases.status."+string(c.Status)), c.Version,
		t.S("cases.col.customer"), customer, t.S("cases.col.call_type"), callType)
	if e := c.Escalation; e != nil {
		// As the cases screen: the ticket, and where the back office
		// stands, which the case's own status ("escalated") never says.
		prio := e.Priority
		if p := pb.Priority(e.Priority); p != nil {
			prio = pb.Say(t.Lang, p.Title)
		}
		// The date is the answer promised to the customer, said so as
		// the team review does: bare, it read as when it was escalated.
		line := t.S("cases.ticket") + ": " + e.Ticket + " · " + prio
		if !e.ExpectedBy.IsZero() {
			line += " · " + t.S("team.review.promised") + ": " + locales.FormatDateTime(t.Lang, e.ExpectedBy.Local())
		}
		fmt.Fprintf(m.Stdout, "%s\n%s\n", line, cases.EscalationStateText(t, e.Status))
		if strings.TrimSpace(e.Resolution) != "" {
			fmt.Fprintf(m.Stdout, "%s: %s\n", t.S("team.review.resolution"), e.Resolution)
		}
	}
	if c.Notes != "" {
		fmt.Fprintf(m.Stdout, "%s: %s\n", t.S("cases.notes"), c.Notes)
	}
	// Amounts of a customer with no currency of their own are in the
	// desk's, as on the cases screen and in the PDF.
	currency := cases.DefaultCurrency(pb.Meta.Currency, "")
	for _, e := range tl {
		fmt.Fprintf(m.Stdout, "  %s  %s\n", locales.FormatDateTime(t.Lang, e.At.Local()), cases.EventText(t, pb, c, e, currency))
	}
	return nil
}

// caseStatus reads --status: a status by its name ("closed"), or as case
// list writes it in either language ("Cerrado", "closed"), whatever its
// case; "" is every status. A person filters by the word the list showed.
func caseStatus(typed string) (cases.Status, bool) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return "", true
	}
	if st := cases.Status(typed); st.Valid() {
		return st, true
	}
	for _, st := range []cases.Status{cases.StatusOpen, cases.StatusEscalated, cases.StatusClosed} {
		for _, l := range locales.Langs {
			if playbook.Fold(typed) == playbook.Fold(locales.New(l).S("cases.status."+string(st))) {
				return st, true
			}
		}
	}
	return "", false
}

// listByAgent lists the cases of f. --agent is a name as a person types
// it, matched whatever its case, as the reports screen matches it; the
// store matches names exactly, so it is asked for everyone's, and the
// limit counts the cases that matched.
func listByAgent(ctx context.Context, db *sqlite.DB, f cases.Filter) ([]*cases.Case, error) {
	agent := strings.TrimSpace(f.Agent)
	if agent == "" {
		return db.ListCases(ctx, f)
	}
	limit := f.Limit
	f.Agent, f.Limit = "", 0
	list, err := db.ListCases(ctx, f)
	if err != nil {
		return nil, err
	}
	list = slices.DeleteFunc(list, func(c *cases.Case) bool {
		return !strings.EqualFold(strings.TrimSpace(c.Agent), agent)
	})
	if limit > 0 && len(list) > limit {
		list = list[:limit]
	}
	return list, nil
}
