package pdf

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// CaseWithTimeline is one case of a batch.
type CaseWithTimeline struct {
	Case     *cases.Case
	Timeline []cases.Event
	// Waiting: a move or a decision made on the case at this desk still
	// waits to reach the CRM.
	Waiting bool
}

// CaseSummary writes the summary of one case, the document a supervisor
// reviews and signs.
func CaseSummary(w io.Writer, c *cases.Case, timeline []cases.Event, opt Options) error {
	return caseFile(w, CaseWithTimeline{Case: c, Timeline: timeline}, opt)
}

// CaseSummaryOf writes the summary of one case as CaseSummary does, with
// what the item says beside the case: a move or a decision made at this
// desk that waits to reach the CRM.
func CaseSummaryOf(w io.Writer, it CaseWithTimeline, opt Options) error { return caseFile(w, it, opt) }

// caseFile writes the summary of one case of a batch as a document of its
// own.
func caseFile(w io.Writer, it CaseWithTimeline, opt Options) error {
	if it.Case == nil {
		return errors.New("pdf: no case")
	}
	d, err := newDoc(opt)
	if err != nil {
		return err
	}
	d.f.SetTitle(clean(d.t.S("pdf.case.title")+" "+it.Case.ID), true)
	d.caseSummary(it.Case, it.Timeline, it.Waiting)
	return d.output(w)
}

// CaseBatch writes the summaries of many cases into one PDF, each starting
// on a new page with its own "Page x of y", so the printed stack splits into
// signable documents. progress, if set, is called after each case; when it
// returns false the batch stops with ErrCanceled and nothing is written.
func CaseBatch(w io.Writer, items []CaseWithTimeline, opt Options, progress func(done, total int) bool) error {
	d, err := newDoc(opt)
	if err != nil {
		return err
	}
	d.f.SetTitle(d.t.S("pdf.batch.title"), true)
	for i, it := range items {
		if it.Case == nil {
			return fmt.Errorf("pdf: batch item %d has no case", i)
		}
		d.caseSummary(it.Case, it.Timeline, it.Waiting)
		if err := d.f.Error(); err != nil {
			return fmt.Errorf("pdf: case %s: %w", it.Case.ID, err)
		}
		if progress != nil && !progress(i+1, len(items)) {
			return ErrCanceled
		}
	}
	if len(items) == 0 {
		// An empty PDF is invalid; one page says why it is empty.
		d.beginDocument(d.t.S("pdf.batch.title"), "")
		d.title(d.t.S("pdf.batch.title"), "")
		d.muted(d.t.S("pdf.batch.empty"))
		d.endDocument()
	}
	return d.output(w)
}

// WriteCaseFiles writes one summary per case into dir as ID.pdf and returns
// the paths written. Each file appears whole or not at all (it is written
// beside its final name and renamed), and a canceled or failed run takes
// back the files it added, and the folder when it made it: a person who
// canceled finds no half export to print from. (A file of an earlier
// export it rewrote stays, rewritten.)
func WriteCaseFiles(dir string, items []CaseWithTimeline, opt Options, progress func(done, total int) bool) (paths []string, err error) {
	_, statErr := os.Stat(dir)
	made := errors.Is(statErr, os.ErrNotExist)
	replaced := map[string]bool{}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	defer func() {
		if err == nil {
			return
		}
		for _, p := range paths {
			if !replaced[p] {
				_ = os.Remove(p)
			}
		}
		paths = nil
		if made {
			_ = os.Remove(dir) // only if empty: nothing of anyone else's goes
		}
	}()
	if opt.Generated.IsZero() {
		opt.Generated = time.Now() // one timestamp for the whole run
	}
	// IDs that differ only in characters fileName replaces, or only in
	// letter case (one file on Windows and macOS), would share a file and
	// one replace the other: a name taken in this run gets a suffix.
	taken := map[string]bool{}
	for i, it := range items {
		if it.Case == nil {
			return paths, fmt.Errorf("pdf: batch item %d has no case", i)
		}
		base := fileName(it.Case.ID)
		name := base
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		taken[strings.ToLower(name)] = true
		path := filepath.Join(dir, name+".pdf")
		if _, err := os.Lstat(path); err == nil {
			replaced[path] = true // an earlier export's: kept, now up to date
		}
		if err := writeFileAtomic(path, func(w io.Writer) error {
			return caseFile(w, it, opt)
		}); err != nil {
			return paths, err
		}
		paths = append(paths, path)
		if progress != nil && !progress(i+1, len(items)) {
			return paths, ErrCanceled
		}
	}
	return paths, nil
}

// fileName keeps an ID safe as a file name on every desktop OS.
func fileName(id string) string {
	b := []byte(id)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
		if !ok {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "case"
	}
	return string(b)
}

func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".agentdesk-*.pdf")
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename this finds nothing
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// ---- the summary ----

func (d *doc) caseSummary(c *cases.Case, tl []cases.Event, waiting bool) {
	t := d.t
	d.beginDocument(
		d.joinNonEmpty(" · ", d.opt.Company, t.D("pdf.case.continued", map[string]any{"ID": c.ID})),
		t.D("pdf.footer.case", map[string]any{"ID": c.ID}))

	d.title(t.S("pdf.case.title"), d.joinNonEmpty(" · ", d.callType(c.CallType), redact(c.Customer.Name)))
	ticket := t.S("pdf.no_ticket")
	if c.Escalation != nil && c.Escalation.Ticket != "" {
		ticket = c.Escalation.Ticket
	}
	closed := dash
	if !c.ClosedAt.IsZero() {
		closed = d.dateTimeZone(c.ClosedAt)
	}
	d.fields([]field{
		{t.S("pdf.field.case_id"), c.ID},
		{t.S("pdf.field.ticket"), ticket},
		{t.S("pdf.field.status"), d.status(c.Status)},
		{t.S("pdf.field.opened"), d.dateTimeZone(c.Opened())},
		{t.S("pdf.field.closed"), closed},
		{t.S("pdf.field.duration"), d.duration(c, tl)},
		{t.S("pdf.field.agent"), d.or(redact(c.Agent), t.S("pdf.unknown"))},
		{t.S("pdf.field.call_lang"), d.language(c.CallLang)},
	}, 3, true)

	d.customer(c)
	d.reason(c)
	d.flow(c, tl)
	d.checks(c)
	d.actions(c)
	d.adjustments(c)
	d.calcs(c)
	d.escalation(c, waiting)
	d.notes(c)
	d.signatures(c)
	d.endDocument()
}

func (d *doc) customer(c *cases.Case) {
	t := d.t
	d.section(t.S("pdf.section.customer"), 2*lhBody+lhSmall+3)
	cu := c.Customer
	account := t.S("pdf.unknown")
	if strings.TrimSpace(cu.Account) != "" {
		account = cases.MaskAccount(cu.Account)
	}
	vip := t.S("pdf.no")
	if cu.VIP {
		vip = t.S("pdf.yes")
	}
	d.fields([]field{
		{t.S("pdf.field.name"), d.or(redact(cu.Name), t.S("pdf.unknown"))},
		{t.S("pdf.field.account"), account},
		{t.S("pdf.field.tenure"), d.tenure(cu, c.Opened())},
		{t.S("pdf.field.vip"), vip},
		{t.S("pdf.field.plan"), d.or(redact(cu.Plan), t.S("pdf.unknown"))},
	}, 3, false)
	if strings.ContainsFunc(cu.Name, func(r rune) bool { return !inFont(r) && !unicode.IsControl(r) }) {
		// Marked where the font lacks a character: said why, so the
		// reader goes by the account rather than a name they cannot read.
		d.muted(t.S("pdf.customer.name_unprintable"))
	}
}

func (d *doc) reason(c *cases.Case) {
	t := d.t
	d.section(t.S("pdf.section.reason"), 2*lhBody+lhSmall+3)
	code := t.S("pdf.reason.none")
	if c.Reason != "" {
		code = d.reasonCode(c.Reason)
	}
	fs := []field{
		{t.S("pdf.field.call_type"), d.callType(c.CallType)},
		{t.S("pdf.field.reason_code"), code},
	}
	if c.Retention {
		fs = append(fs, field{t.S("pdf.field.retention"), t.S("pdf.yes")})
	}
	d.fields(fs, 3, false)
}

// flow lists the call-flow steps in the playbook's order, with the time
// each was settled; the timeline fills times the case record lacks.
func (d *doc) flow(c *cases.Case, tl []cases.Event) {
	t := d.t
	times := map[string]time.Time{}
	for _, e := range tl {
		if e.Kind == "step" {
			if id, _, _, ok := cases.StepDetail(e.Detail); ok {
				times[id] = e.At
			}
		}
	}
	rows := make([][]string, 0, len(c.Steps))
	for _, s := range c.Steps {
		at := s.At
		if at.IsZero() && s.State != cases.StepPending {
			at = times[s.Step]
		}
		when := dash
		if !at.IsZero() {
			when = d.callClock(c, at)
		}
		var remarks []string
		if s.Reason != "" {
			remarks = append(remarks, t.D("pdf.step.reason", map[string]any{"Reason": redact(s.Reason)}))
		}
		if s.Step == "authentication" {
			switch {
			case c.Auth.Skipped:
				remarks = append(remarks, t.D("pdf.auth.skipped", map[string]any{"Reason": d.or(redact(c.Auth.Reason), dash)}))
			case c.Auth.Method != "":
				remarks = append(remarks, t.D("pdf.auth.method", map[string]any{"Method": d.authMethod(c.Auth.Method)}))
			}
		}
		rows = append(rows, []string{when, d.step(s.Step), d.stepState(s.State), strings.Join(remarks, "\n")})
	}
	d.tableSection(t.S("pdf.section.flow"), []column{
		{t.S("pdf.col.time"), 0.14, "L"},
		{t.S("pdf.col.step"), 0.22, "L"},
		{t.S("pdf.col.state"), 0.17, "L"},
		{t.S("pdf.col.remarks"), 0.47, "L"},
	}, rows, t.S("pdf.flow.none"))
}

func (d *doc) checks(c *cases.Case) {
	t := d.t
	rows := make([][]string, 0, len(c.Checks))
	for _, ch := range c.Checks {
		rows = append(rows, []string{d.callClock(c, ch.At), d.check(c.CallType, ch.ID)})
	}
	d.tableSection(t.S("pdf.section.checks"), []column{
		{t.S("pdf.col.time"), 0.14, "L"},
		{t.S("pdf.col.check"), 0.86, "L"},
	}, rows, t.S("pdf.checks.none"))
}

func (d *doc) actions(c *cases.Case) {
	t := d.t
	rows := make([][]string, 0, len(c.Actions))
	for _, a := range c.Actions {
		amount := ""
		if a.Amount != 0 {
			amount = d.money(c, a.Amount)
		}
		detail := redact(strings.TrimSpace(a.Reason))
		if n := redact(strings.TrimSpace(a.Note)); n != "" {
			detail = d.joinNonEmpty("\n", detail, n)
		}
		rows = append(rows, []string{d.callClock(c, a.At), d.action(a.ID), amount, detail})
	}
	d.tableSection(t.S("pdf.section.actions"), []column{
		{t.S("pdf.col.time"), 0.14, "L"},
		{t.S("pdf.col.action"), 0.30, "L"},
		{t.S("pdf.col.amount"), 0.16, "R"},
		{t.S("pdf.col.detail"), 0.40, "L"},
	}, rows, t.S("pdf.actions.none"))
}

// adjustments shows each amount against the authority of whoever granted
// it: what a supervisor signs for. The authority is per case, so the role
// an amount needs is the one whose limit covers it together with what the
// case had been granted within authority before it. An amount above that
// is decided by a supervisor or an admin against their own authority,
// which the agent's grants do not spend (cases.ApprovalRefusal, as the
// team review and crmd judge it): it needs the least of those roles whose
// limit covers it, or a printed "Administrator" contradicts the review
// that let a supervisor approve it.
func (d *doc) adjustments(c *cases.Case) {
	t := d.t
	var rows [][]string
	var granted int64
	for _, a := range c.Actions {
		if a.Amount == 0 {
			continue
		}
		needs := granted + abs(a.Amount)
		if a.Approved {
			// Approved when it was granted: an amount crmd approved before
			// the authority counted per case stays what it was.
			needs = abs(a.Amount)
			granted += abs(a.Amount)
		}
		role, limit := a.Role, a.Limit
		if role == "" {
			role, limit = c.Role, d.pb.AuthorityMinor(string(c.Role))
		}
		var outcome string
		switch {
		case a.Decision != nil && a.Decision.Approved:
			outcome = t.D("pdf.adj.decided_approved", map[string]any{"By": redact(a.Decision.By), "When": d.dateTimeZone(a.Decision.At)})
		case a.Decision != nil:
			outcome = t.D("pdf.adj.decided_denied", map[string]any{"By": redact(a.Decision.By), "When": d.dateTimeZone(a.Decision.At)})
		case a.Approved:
			outcome = t.S("pdf.adj.approved")
		case a.Pending && c.Escalation != nil && c.Escalation.Ticket != "":
			outcome = t.D("pdf.adj.pending_ticket", map[string]any{"Ticket": c.Escalation.Ticket})
		case a.Pending:
			outcome = t.S("pdf.adj.pending")
		case needs > limit:
			outcome = t.S("pdf.adj.over")
		default:
			outcome = t.S("pdf.adj.approved")
		}
		needed := d.neededRole(needs)
		if a.Pending {
			needed = t.S("pdf.adj.beyond")
			if deciders := cases.DecidersFor(d.pb, abs(a.Amount)); len(deciders) > 0 {
				needed = d.role(deciders[0])
			}
		}
		rows = append(rows, []string{
			d.action(a.ID),
			d.money(c, a.Amount),
			t.D("pdf.adj.limit", map[string]any{"Role": d.role(role), "Limit": d.money(c, limit)}),
			needed,
			outcome,
		})
	}
	d.tableSection(t.S("pdf.section.adjustments"), []column{
		{t.S("pdf.col.action"), 0.21, "L"},
		// Wide enough for "1.234,56 US$" on one line; a larger amount
		// breaks before its currency (wrap), never inside it.
		{t.S("pdf.col.amount"), 0.145, "R"},
		{t.S("pdf.col.limit"), 0.25, "L"},
		{t.S("pdf.col.needed"), 0.125, "L"},
		{t.S("pdf.col.outcome"), 0.27, "L"},
	}, rows, t.S("pdf.adj.none"))
}

func (d *doc) calcs(c *cases.Case) {
	t := d.t
	rows := make([][]string, 0, len(c.Calcs))
	for _, k := range c.Calcs {
		// The summary is quoted as the agent said it, in the call
		// language; the figures are written in the document's.
		result := redact(k.Summary)
		for _, f := range k.Lines {
			l, v := calculators.FigureText(f, t)
			result = d.joinNonEmpty("\n", result, redact(l)+": "+redact(v))
		}
		if len(k.Lines) > 0 {
			k.Figures = nil // the same figures, written in the call language
		}
		for _, key := range slices.Sorted(maps.Keys(k.Figures)) {
			label := key
			if t.Has(key) {
				label = t.S(key)
			}
			result = d.joinNonEmpty("\n", result, redact(label)+": "+redact(k.Figures[key]))
		}
		rows = append(rows, []string{d.callClock(c, k.At), d.calculator(k.Calculator), result})
	}
	d.tableSection(t.S("pdf.section.calcs"), []column{
		{t.S("pdf.col.time"), 0.14, "L"},
		{t.S("pdf.col.calculator"), 0.28, "L"},
		{t.S("pdf.col.result"), 0.58, "L"},
	}, rows, t.S("pdf.calcs.none"))
}

func (d *doc) escalation(c *cases.Case, waiting bool) {
	t := d.t
	d.section(t.S("pdf.section.escalation"), 2*lhBody+lhSmall+3)
	e := c.Escalation
	if e == nil {
		d.muted(t.S("pdf.escalation.none"))
		return
	}
	status := e.Status
	if d.opt.BackOfficeStatus != nil && e.Ticket != "" {
		if s := d.opt.BackOfficeStatus(e.Ticket); s != "" {
			status = s
		}
	}
	priority, expected := dash, dash
	by := e.ExpectedBy
	if p := d.pb.Priority(e.Priority); p != nil {
		priority = d.pb.Say(d.lang, p.Title)
		if by.IsZero() && !e.At.IsZero() {
			by = e.At.Add(time.Duration(p.ResponseHours) * time.Hour)
		}
		// The hours promised on the call, not the priority's hours now: a
		// playbook published since may have changed them.
		hours := e.PromisedHours()
		if hours == 0 {
			hours = p.ResponseHours
		}
		if !by.IsZero() {
			expected = t.N("pdf.expected", hours, map[string]any{"When": d.dateTimeZone(by)})
		}
	} else {
		priority = d.or(redact(e.Priority), dash)
		if !by.IsZero() {
			expected = t.D("pdf.expected_by", map[string]any{"When": d.dateTimeZone(by)})
		}
	}
	fs := []field{
		{t.S("pdf.field.ticket"), d.or(e.Ticket, dash)},
		{t.S("pdf.field.escalated_at"), d.dateTimeZone(e.At)},
		{t.S("pdf.field.priority"), priority},
		{t.S("pdf.field.expected"), expected},
		{t.S("pdf.field.backoffice"), d.backOffice(status)},
	}
	if e.Dispute != 0 {
		fs = append(fs, field{t.S("pdf.field.dispute"), d.money(c, e.Dispute)})
	}
	d.fields(fs, 2, false)
	crit := make([]string, 0, len(e.Criteria))
	for _, id := range e.Criteria {
		crit = append(crit, "•  "+d.criterion(id))
	}
	if len(crit) == 0 {
		crit = append(crit, dash)
	}
	d.fields([]field{{t.S("pdf.field.criteria"), strings.Join(crit, "\n")}}, 1, false)
	if r := strings.TrimSpace(e.Reason); r != "" {
		d.fields([]field{{t.S("pdf.field.escalation_reason"), redact(r)}}, 1, false)
	}
	if r := strings.TrimSpace(e.Resolution); r != "" {
		d.fields([]field{{t.S("pdf.field.resolution"), redact(r)}}, 1, false)
	}
	d.backOfficeHistory(c)
	if waiting {
		d.muted(t.S("pdf.history.waiting"))
	}
}

// backOfficeHistory lists every move of the escalation and every decision
// on an amount, each with who and when: what the back office did, signed.
func (d *doc) backOfficeHistory(c *cases.Case) {
	t := d.t
	type entry struct {
		at  time.Time
		row []string
	}
	var list []entry
	for _, h := range c.Escalation.History {
		what := d.backOffice(h.From) + " → " + d.backOffice(h.To)
		var notes []string
		if s := strings.TrimSpace(h.Comment); s != "" {
			notes = append(notes, redact(s))
		}
		if s := strings.TrimSpace(h.Resolution); s != "" {
			notes = append(notes, t.D("pdf.history.resolution", map[string]any{"Resolution": redact(s)}))
		}
		list = append(list, entry{h.At, []string{d.dateTimeZone(h.At), redact(h.By), what, d.or(strings.Join(notes, " "), dash)}})
	}
	for _, a := range c.Actions {
		if a.Decision == nil {
			continue
		}
		key := "pdf.history.denied"
		if a.Decision.Approved {
			key = "pdf.history.approved"
		}
		what := t.D(key, map[string]any{"Action": d.action(a.ID), "Amount": d.money(c, a.Amount)})
		list = append(list, entry{a.Decision.At, []string{d.dateTimeZone(a.Decision.At), redact(a.Decision.By), what, d.or(redact(strings.TrimSpace(a.Decision.Comment)), dash)}})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].at.Before(list[j].at) })
	rows := make([][]string, len(list))
	for i, e := range list {
		rows[i] = e.row
	}
	d.tableSection(t.S("pdf.section.history"), []column{
		{t.S("pdf.col.when"), 0.22, "L"},
		{t.S("pdf.col.who"), 0.13, "L"},
		{t.S("pdf.col.what"), 0.33, "L"},
		{t.S("pdf.col.comment"), 0.32, "L"},
	}, rows, t.S("pdf.history.none"))
}

func (d *doc) notes(c *cases.Case) {
	t := d.t
	d.section(t.S("pdf.section.notes"), 2*lhBody)
	notes := strings.TrimSpace(c.Notes)
	if notes == "" {
		d.muted(t.S("pdf.notes.none"))
		return
	}
	notes, r := cases.Redact(notes)
	d.para(notes, false, ptBody, lhBody, colText)
	if r.Any() || strings.Contains(notes, "••••") || strings.Contains(notes, "***") {
		d.y += 1.5
		d.para(t.S("pdf.notes.redacted"), false, ptSmall, lhSmall, colMuted)
	}
	d.y += 2
}

// signatures keeps the statement and the three lines together: a signature
// on a page of its own, away from what it approves, is worth little.
func (d *doc) signatures(c *cases.Case) {
	t := d.t
	// The supervisor signs to approve what still waits on a decision; an
	// amount already decided (approved or denied) is not approved here.
	pending := c.UndecidedAmount() > 0
	statement := t.S("pdf.sign.statement")
	if pending {
		statement = t.S("pdf.sign.statement_pending")
	}
	d.font(false, ptBody)
	stmt := d.wrap(statement, d.cw)
	const gap, space = 8.0, 16.0
	block := float64(len(stmt))*lhBody + 4 + space + 2*lhSmall + 2
	d.section(t.S("pdf.section.signatures"), block)
	d.para(statement, false, ptBody, lhBody, colText)
	d.y += 4 + space
	w := (d.cw - 2*gap) / 3
	labels := []string{t.S("pdf.sign.agent"), t.S("pdf.sign.supervisor"), t.S("pdf.sign.date")}
	below := []string{
		t.D("pdf.sign.name", map[string]any{"Name": d.or(redact(c.Agent), "")}),
		t.S("pdf.sign.name_blank"),
		"",
	}
	d.draw(colText)
	d.f.SetLineWidth(0.3)
	for i := range labels {
		x := marginLeft + float64(i)*(w+gap)
		d.f.Line(x, d.y, x+w, d.y)
		d.font(true, ptSmall)
		d.color(colText)
		d.textAt(x, d.y+1, lhSmall, d.ellipsis(labels[i], w), "L", w)
		if below[i] != "" {
			d.font(false, ptSmall)
			d.color(colMuted)
			d.textAt(x, d.y+1+lhSmall, lhSmall, d.ellipsis(below[i], w), "L", w)
		}
	}
	d.y += 2*lhSmall + 2
}

// tableSection writes a heading and its table, or the heading and a remark
// when there is nothing to list, so an empty section says so instead of
// leaving the reader to wonder.
func (d *doc) tableSection(title string, cols []column, rows [][]string, none string) {
	if len(rows) == 0 {
		d.section(title, lhBody)
		d.muted(none)
		return
	}
	d.section(title, d.tableKeep(cols, rows))
	d.table(cols, rows, false)
}

// ---- words ----

func (d *doc) or(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

func (d *doc) joinNonEmpty(sep string, parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// humanize is the last resort for an ID the playbook does not know (a case
// recorded under an older pack): words are better than snake_case.
func humanize(id string) string {
	if i := strings.LastIndexByte(id, '.'); i >= 0 {
		id = id[i+1:]
	}
	s := clean(strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(id)))
	if s == "" {
		return dash
	}
	// The first letter, not the first byte: "énfasis" is "Énfasis".
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func (d *doc) callType(id string) string {
	if id == "" {
		return ""
	}
	if ct := d.pb.CallType(id); ct != nil {
		return d.pb.Say(d.lang, ct.Title)
	}
	return humanize(id)
}

func (d *doc) reasonCode(id string) string {
	if id == "" {
		return d.t.S("pdf.report.code_none")
	}
	if r := d.pb.ReasonCode(id); r != nil {
		return d.pb.Say(d.lang, r.Title)
	}
	return humanize(id)
}

func (d *doc) step(id string) string {
	if s := d.pb.Step(id); s != nil {
		return d.pb.Say(d.lang, s.Title)
	}
	return humanize(id)
}

func (d *doc) action(id string) string {
	if a := d.pb.Action(id); a != nil {
		return d.pb.Say(d.lang, a.Title)
	}
	return humanize(id)
}

func (d *doc) criterion(id string) string {
	if c := d.pb.Criterion(id); c != nil {
		return d.pb.Say(d.lang, c.Text)
	}
	return humanize(id)
}

// check looks in the case's call type first: a check ID is only unique
// within its call type in packs that do not prefix them.
func (d *doc) check(callType, id string) string {
	if ct := d.pb.CallType(callType); ct != nil {
		for _, it := range ct.Checks {
			if it.ID == id {
				return d.pb.Say(d.lang, it.Text)
			}
		}
	}
	for i := range d.pb.CallTypes {
		for _, it := range d.pb.CallTypes[i].Checks {
			if it.ID == id {
				return d.pb.Say(d.lang, it.Text)
			}
		}
	}
	return humanize(id)
}

// lookup translates id under prefix, or humanizes it: content recorded by
// a newer version may carry values this one has no words for.
func (d *doc) lookup(prefix, id string) string {
	key := prefix + strings.ReplaceAll(id, "-", "_")
	if id != "" && d.t.Has(key) {
		return d.t.S(key)
	}
	return humanize(id)
}

func (d *doc) calculator(id string) string { return d.lookup("pdf.calc.", id) }
func (d *doc) role(r cases.Role) string    { return d.lookup("pdf.role.", string(r)) }
func (d *doc) stepState(s cases.StepState) string {
	return d.lookup("pdf.step.", string(s))
}
func (d *doc) status(s cases.Status) string { return d.lookup("pdf.status.", string(s)) }
func (d *doc) backOffice(s cases.EscalationState) string {
	if s == "" {
		// Received, as the team screen, agentctl and crmd read an
		// escalation recorded before the back office had states.
		s = cases.EscReceived
	}
	return d.lookup("pdf.backoffice.", string(s))
}
func (d *doc) authMethod(s string) string { return d.lookup("pdf.auth.", s) }

func (d *doc) language(l locales.Lang) string {
	if l == "" {
		return dash
	}
	return d.lookup("pdf.lang.", string(l))
}

// neededRole is the least senior role whose limit covers amount.
func (d *doc) neededRole(amount int64) string {
	roles := slices.Clone(d.pb.Authority)
	slices.SortStableFunc(roles, func(a, b playbook.Authority) int {
		return cmpFloat(a.Limit, b.Limit)
	})
	for _, a := range roles {
		if d.pb.AuthorityMinor(a.Role) >= amount {
			return d.role(cases.Role(a.Role))
		}
	}
	return d.t.S("pdf.adj.beyond")
}

func (d *doc) money(c *cases.Case, minor int64) string {
	// As the screens and the CLI write the case's amounts: the
	// customer's currency, else the pack's, else the workstation's.
	return c.FormatMoney(minor, cases.DefaultCurrency(d.pb.Meta.Currency, d.opt.Currency), d.lang)
}

// tenure is measured at the call, not at printing: the document records
// what the agent saw.
func (d *doc) tenure(cu cases.Customer, at time.Time) string {
	if cu.Since.IsZero() {
		return d.t.S("pdf.unknown")
	}
	if at.IsZero() {
		at = d.opt.Generated
	}
	var s string
	if y := cu.TenureYears(at); y > 0 {
		s = d.t.N("pdf.tenure.years", y, nil)
	} else {
		m := (at.Year()-cu.Since.Year())*12 + int(at.Month()-cu.Since.Month())
		if at.Day() < cu.Since.Day() {
			m--
		}
		if m > 0 {
			s = d.t.N("pdf.tenure.months", m, nil)
		} else {
			s = d.t.S("pdf.tenure.new")
		}
	}
	return d.t.D("pdf.tenure.since", map[string]any{"Tenure": s, "Date": d.calendarDate(cu.Since)})
}

// duration runs from the call's opening to its closing, or to the last
// thing that happened on an open case, all by the desk's clock (Opened).
func (d *doc) duration(c *cases.Case, tl []cases.Event) string {
	end := c.ClosedAt
	if end.IsZero() {
		end = c.UpdatedAt
		for _, e := range tl {
			if e.At.After(end) {
				end = e.At
			}
		}
	}
	opened := c.Opened()
	if opened.IsZero() || end.IsZero() || end.Before(opened) {
		return dash
	}
	m := int(end.Sub(opened).Round(time.Minute) / time.Minute)
	switch {
	case m < 1:
		return d.t.S("pdf.duration.under_minute")
	case m < 60:
		return d.t.N("pdf.duration.minutes", m, nil)
	}
	return d.t.D("pdf.duration.hours", map[string]any{"Hours": m / 60, "Minutes": fmt.Sprintf("%02d", m%60)})
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
