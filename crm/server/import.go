package server

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
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
// repeats the value: the file is customer data.
type ImportError struct {
	Line   int
	Column string
	Reason string
}

func (e *ImportError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Reason)
}

// ParseCustomersCSV reads customer profiles. It reads the whole file before
// anything is stored, so a bad line leaves the database as it was; every
// bad line is reported, up to 50.
func ParseCustomersCSV(r io.Reader, now time.Time) ([]*cases.Customer, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, &ImportError{Line: 1, Reason: "no header"}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "" {
			return nil, &ImportError{Line: 1, Reason: fmt.Sprintf("column %d has no name", i+1)}
		}
		// A column named twice (account,name,Account) would be read from
		// one and the other dropped without a word; which one is nowhere
		// said, so neither is guessed.
		if first, dup := col[h]; dup {
			return nil, &ImportError{Line: 1, Column: h, Reason: fmt.Sprintf("repeated (columns %d and %d)", first+1, i+1)}
		}
		col[h] = i
	}
	for _, req := range []string{"account", "name"} {
		if _, ok := col[req]; !ok {
			return nil, &ImportError{Line: 1, Column: req, Reason: "missing column"}
		}
	}
	for h := range col {
		known := false
		for _, c := range CustomerColumns {
			known = known || c == h
		}
		if !known {
			return nil, &ImportError{Line: 1, Column: h, Reason: "unknown column"}
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
			line, reason := 0, "not valid CSV"
			if pe, ok := errors.AsType[*csv.ParseError](err); ok {
				line = pe.StartLine
			}
			// A missing or extra comma is the usual mistake in a file
			// edited by hand, and the counts point at it.
			if errors.Is(err, csv.ErrFieldCount) {
				reason = fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))
				if len(rec) == 1 {
					reason = fmt.Sprintf("1 field, the header has %d", len(header))
				}
			}
			errs = append(errs, &ImportError{Line: line, Reason: reason})
			if len(errs) >= 50 {
				break
			}
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
		bad := func(column, reason string) {
			errs = append(errs, &ImportError{Line: line, Column: column, Reason: reason})
		}
		if c.Account == "" || !cases.ValidAccount(c.Account) {
			bad("account", "required, at most 64 characters")
		} else if cases.AccountIsCard(c.Account) {
			// The account is the profile's key: redaction cannot take the
			// number out of it, and the store would refuse the whole file
			// without a line to point at.
			bad("account", "holds a card number")
		} else if prev, dup := seen[c.Account]; dup {
			bad("account", fmt.Sprintf("repeats line %d", prev))
		}
		seen[c.Account] = line
		if c.Name == "" {
			bad("name", "required")
		}
		// Bounded fields keep a profile a few kilobytes, so a search page
		// of them stays small.
		for _, f := range []struct {
			column string
			value  string
			max    int
		}{{"name", c.Name, 200}, {"plan", c.Plan, 200}, {"services", c.Services, 500}, {"address", c.Address, 500}, {"phone", c.Phone, 64}} {
			if n := utf8.RuneCountInString(f.value); n > f.max {
				bad(f.column, fmt.Sprintf("at most %d characters", f.max))
			}
		}
		// No currency leaves it to the desk, which uses its pack's or its
		// own (cases.DefaultCurrency); a code must be one, so a typo or a
		// word ("euros") is reported rather than shown on every amount.
		if c.Currency != "" && !calculators.ValidCurrency(c.Currency) {
			bad("currency", "a three-letter ISO 4217 code")
		}
		if v := get("lang"); v != "" {
			l, ok := locales.ParseLang(v)
			if !ok {
				bad("lang", "es or en")
			}
			c.Lang = l
		}
		if v := get("vip"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				bad("vip", "true or false")
			}
			c.VIP = b
		}
		for name, dst := range map[string]*int64{"balance": &c.Balance, "past_due": &c.PastDue, "monthly": &c.Monthly} {
			if v := get(name); v != "" {
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					bad(name, "an integer in minor units")
				}
				*dst = n
			}
		}
		for name, dst := range map[string]*time.Time{"since": &c.Since, "due_date": &c.DueDate} {
			if v := get(name); v != "" {
				t, err := time.Parse("2006-01-02", v)
				if err != nil {
					bad(name, "a date as 2006-01-02")
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
	return out, nil
}
