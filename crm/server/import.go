package server

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"agentdesk/calculators"
	"agentdesk/cases"
	"agentdesk/locales"
)

// CustomerColumns are the columns `crmd import customers` reads, by header
// name; account and name are required, the others optional. Money columns
// are integers in minor units; dates are 2006-01-02.
var CustomerColumns = []string{"account", "name", "since", "vip", "plan", "services", "lang", "currency",
	"balance", "past_due", "monthly", "due_date", "address", "phone"}

// ImportError points at the line of a CSV file that is wrong. It never
// repeats the value: the file is customer data. Its reason is a message
// (crmd.import.reason.<Reason>, with Data), so the operator reads the
// report in their language (Text); Error is the English.
type ImportError struct {
	Line   int
	Column string
	Reason string
	Data   map[string]any
}

func (e *ImportError) Error() string { return e.Text(locales.New(locales.EN)) }

// Text is the problem said in t's language.
func (e *ImportError) Text(t *locales.T) string {
	id := "crmd.import.reason." + e.Reason
	var reason string
	if n, ok := e.Data["Count"].(int); ok {
		reason = t.N(id, n, maps.Clone(e.Data))
	} else {
		reason = t.D(id, e.Data)
	}
	if e.Column == "" {
		return t.D("crmd.import.at_line", map[string]any{"Line": e.Line, "Reason": reason})
	}
	return t.D("crmd.import.at_column", map[string]any{"Line": e.Line, "Column": e.Column, "Reason": reason})
}

// ParseCustomersCSV reads customer profiles. It reads the whole file before
// anything is stored, so a bad line leaves the database as it was; every
// bad line is reported, up to 50.
func ParseCustomersCSV(r io.Reader, now time.Time) ([]*cases.Customer, error) {
	ci, err := ParseCustomersFile(r, now)
	if err != nil {
		return nil, err
	}
	return ci.Customers, nil
}

// CustomerImport is a customers file as read: its profiles, and which of
// CustomerColumns it has.
type CustomerImport struct {
	Customers []*cases.Customer
	columns   map[string]int
}

// Partial reports whether the file lacks some of CustomerColumns: its
// profiles then say nothing of those fields (KeepAbsent).
func (ci *CustomerImport) Partial() bool { return len(ci.columns) < len(CustomerColumns) }

// KeepAbsent gives c, a profile of the file, what held (the one crmd holds
// for the same account) has in the columns the file does not have: an
// export of balances alone updates the balances, and does not leave every
// customer without a plan, an address or a phone. A column the file has
// but leaves empty on a line does empty the field.
func (ci *CustomerImport) KeepAbsent(c, held *cases.Customer) {
	absent := func(col string) bool { _, ok := ci.columns[col]; return !ok }
	for col, keep := range map[string]func(){
		"since": func() { c.Since = held.Since }, "vip": func() { c.VIP = held.VIP }, "plan": func() { c.Plan = held.Plan },
		"services": func() { c.Services = held.Services }, "lang": func() { c.Lang = held.Lang },
		"currency": func() { c.Currency = held.Currency }, "balance": func() { c.Balance = held.Balance },
		"past_due": func() { c.PastDue = held.PastDue }, "monthly": func() { c.Monthly = held.Monthly },
		"due_date": func() { c.DueDate = held.DueDate }, "address": func() { c.Address = held.Address },
		"phone": func() { c.Phone = held.Phone },
	} {
		if absent(col) {
			keep()
		}
	}
}

// ParseCustomersFile is ParseCustomersCSV, with the columns the file has.
func ParseCustomersFile(r io.Reader, now time.Time) (*CustomerImport, error) {
	// A byte-order mark is dropped before the CSV reader sees it: in
	// front of a quoted header ("\ufeff\"account\"", as PowerShell and
	// some spreadsheets write) it makes the first field a bare quote.
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); string(bom) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &ImportError{Line: 1, Reason: "no_header"}
	}
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		return nil, &ImportError{Line: pe.StartLine, Reason: "not_csv"}
	}
	if err != nil {
		// The file could not be read (a folder given for it, a disk
		// error): said as it is, not as a file without a header.
		return nil, err
	}
	// Text that is not UTF-8 (a spreadsheet's Windows-1252 "CSV", a
	// UTF-16 file) would be stored with every accented letter replaced;
	// it is refused with how to save the file instead.
	for _, h := range header {
		if !utf8.ValidString(h) {
			return nil, &ImportError{Line: 1, Reason: "encoding"}
		}
	}
	// A spreadsheet in a language with decimal commas saves its "CSV"
	// with semicolons: one column named "account;name;…", which was
	// reported as a missing account column.
	if len(header) == 1 && strings.Contains(header[0], ";") {
		return nil, &ImportError{Line: 1, Reason: "semicolons"}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "" {
			return nil, &ImportError{Line: 1, Reason: "unnamed_column", Data: map[string]any{"N": i + 1}}
		}
		// A column named twice (account,name,Account) would be read from
		// one and the other dropped without a word; which one is nowhere
		// said, so neither is guessed.
		if first, dup := col[h]; dup {
			return nil, &ImportError{Line: 1, Column: h, Reason: "repeated", Data: map[string]any{"First": first + 1, "Second": i + 1}}
		}
		col[h] = i
	}
	for _, req := range []string{"account", "name"} {
		if _, ok := col[req]; !ok {
			return nil, &ImportError{Line: 1, Column: req, Reason: "missing_column"}
		}
	}
	for h := range col {
		known := false
		for _, c := range CustomerColumns {
			known = known || c == h
		}
		if !known {
			return nil, &ImportError{Line: 1, Column: h, Reason: "unknown_column"}
		}
	}
	var out []*cases.Customer
	var errs []error
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A row that does not parse has no field positions to ask
			// (FieldPos panics): the parse error knows its line.
			e := &ImportError{Reason: "not_csv"}
			if pe, ok := errors.AsType[*csv.ParseError](err); ok {
				e.Line = pe.StartLine
			}
			// A missing or extra comma is the usual mistake in a file
			// edited by hand, and the counts point at it.
			if errors.Is(err, csv.ErrFieldCount) {
				e.Reason, e.Data = "field_count", map[string]any{"Count": len(rec), "Want": len(header)}
			}
			errs = append(errs, e)
			if len(errs) >= 50 {
				break
			}
			continue
		}
		// A row of empty fields holds no customer: a spreadsheet writes
		// its formatted but empty rows so (",,,,"), and it is passed over
		// as an empty line is.
		if !slices.ContainsFunc(rec, func(f string) bool { return strings.TrimSpace(f) != "" }) {
			continue
		}
		line, _ := cr.FieldPos(0)
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := &cases.Customer{Account: get("account"), Name: get("name"), Plan: get("plan"), Services: get("services"),
			Currency: strings.ToUpper(get("currency")), Address: get("address"), Phone: get("phone"), UpdatedAt: now}
		bad := func(column, reason string, data ...any) {
			e := &ImportError{Line: line, Column: column, Reason: reason}
			if len(data) == 2 {
				e.Data = map[string]any{data[0].(string): data[1]}
			}
			errs = append(errs, e)
		}
		for _, name := range CustomerColumns {
			if i, ok := col[name]; ok && i < len(rec) && !utf8.ValidString(rec[i]) {
				bad(name, "encoding")
			}
		}
		if c.Account == "" || !cases.ValidAccount(c.Account) {
			bad("account", "account")
		} else if cases.AccountIsCard(c.Account) {
			// The account is the profile's key: redaction cannot take the
			// number out of it, and the store would refuse the whole file
			// without a line to point at.
			bad("account", "card")
		} else if prev, dup := seen[c.Account]; dup {
			bad("account", "repeats_line", "Line", prev)
		}
		seen[c.Account] = line
		if c.Name == "" {
			bad("name", "required")
		}
		// Bounded fields keep a profile a few kilobytes, so a search page
		// of them stays small; the bounds are the call's own, so any
		// profile crmd holds can start a call on a desk.
		for _, f := range []struct {
			column string
			value  string
			max    int
		}{
			{"name", c.Name, cases.MaxCustomerName}, {"plan", c.Plan, cases.MaxCustomerPlan},
			{"services", c.Services, cases.MaxCustomerServices}, {"address", c.Address, cases.MaxCustomerAddress},
			{"phone", c.Phone, cases.MaxCustomerPhone},
		} {
			if n := utf8.RuneCountInString(f.value); n > f.max {
				bad(f.column, "max_chars", "Max", f.max)
			}
		}
		// A control character (an escape sequence, a bell) would reach
		// every terminal agentctl prints the customer on, and a line
		// break would split a one-line field in its tables and PDFs; an
		// address and the services may run over lines.
		for _, f := range []struct {
			column string
			lines  bool
		}{{"name", false}, {"plan", false}, {"phone", false}, {"services", true}, {"address", true}} {
			if strings.ContainsFunc(get(f.column), func(r rune) bool {
				return unicode.IsControl(r) && !(f.lines && (r == '\n' || r == '\r' || r == '\t'))
			}) {
				bad(f.column, "control")
			}
		}
		// No currency leaves it to the desk, which uses its pack's or its
		// own (cases.DefaultCurrency); a code must be one, so a typo or a
		// word ("euros") is reported rather than shown on every amount.
		if c.Currency != "" && !calculators.ValidCurrency(c.Currency) {
			bad("currency", "currency")
		}
		if v := get("lang"); v != "" {
			l, ok := locales.ParseLang(v)
			if !ok {
				bad("lang", "lang")
			}
			c.Lang = l
		}
		if v := get("vip"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				bad("vip", "vip")
			}
			c.VIP = b
		}
		for name, dst := range map[string]*int64{"balance": &c.Balance, "past_due": &c.PastDue, "monthly": &c.Monthly} {
			if v := get(name); v != "" {
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					bad(name, "integer")
				}
				*dst = n
			}
		}
		for name, dst := range map[string]*time.Time{"since": &c.Since, "due_date": &c.DueDate} {
			if v := get(name); v != "" {
				t, err := time.Parse("2006-01-02", v)
				if err != nil {
					bad(name, "date")
				}
				*dst = t
			}
		}
		cases.SanitizeCustomer(c)
		out = append(out, c)
		if len(errs) >= 50 {
			break
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &CustomerImport{Customers: out, columns: col}, nil
}
