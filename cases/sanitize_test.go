package cases

import (
	"agentdesk/calculators"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// sanitizeSecret holds a card number, a security code and a PIN as an agent
// might type them into any field.
const sanitizeSecret = "tarjeta 4111 1111 1111 1111 cvv 123 pin 4321"

// sanitizeExempt are the strings Sanitize leaves alone on purpose: the
// identifiers other records are keyed on.
var sanitizeExempt = map[string]bool{"ID": true, "Agent": true, "Customer.Account": true}

func sanitizeLeaked(s string) bool {
	return strings.Contains(s, "4111 1111 1111 1111") || strings.Contains(s, "123") || strings.Contains(s, "4321")
}

// stringLeaves lists the path of every string a value of type t holds:
// "Steps[].Reason" for a slice element, "Values{}" for a map's values and
// "Values{key}" for its keys.
func stringLeaves(t reflect.Type, path string) []string {
	join := func(a, b string) string {
		if a == "" {
			return b
		}
		return a + "." + b
	}
	switch t.Kind() {
	case reflect.String:
		return []string{path}
	case reflect.Pointer:
		return stringLeaves(t.Elem(), path)
	case reflect.Slice:
		return stringLeaves(t.Elem(), path+"[]")
	case reflect.Map:
		return append(stringLeaves(t.Key(), path+"{key}"), stringLeaves(t.Elem(), path+"{}")...)
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return nil
		}
		var out []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.IsExported() {
				out = append(out, stringLeaves(f.Type, join(path, f.Name))...)
			}
		}
		return out
	}
	return nil
}

// leafSteps splits a leaf path into its steps: a field name, "[]", "{}" or
// "{key}".
func leafSteps(path string) []string {
	var steps []string
	for _, part := range strings.Split(path, ".") {
		for part != "" {
			i := strings.IndexAny(part, "[{")
			switch {
			case i < 0:
				steps, part = append(steps, part), ""
			case i > 0:
				steps, part = append(steps, part[:i]), part[i:]
			default:
				end := strings.IndexAny(part, "]}") + 1
				steps, part = append(steps, part[:end]), part[end:]
			}
		}
	}
	return steps
}

// plant sets the one string at the leaf's path to s, making whatever holds
// it on the way.
func plant(v reflect.Value, steps []string, s string) {
	if len(steps) == 0 {
		v.SetString(s)
		return
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		plant(v.Elem(), steps, s)
		return
	}
	switch steps[0] {
	case "[]":
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		plant(v.Index(0), steps[1:], s)
	case "{key}", "{}":
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		if steps[0] == "{key}" {
			plant(k, steps[1:], s)
		} else {
			k.SetString("figure")
			plant(e, steps[1:], s)
		}
		m.SetMapIndex(k, e)
		v.Set(m)
	default:
		plant(v.FieldByName(steps[0]), steps[1:], s)
	}
}

// read returns every string at the leaf's path.
func read(v reflect.Value, steps []string) []string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		return read(v.Elem(), steps)
	}
	if len(steps) == 0 {
		return []string{v.String()}
	}
	var out []string
	switch steps[0] {
	case "[]":
		for i := 0; i < v.Len(); i++ {
			out = append(out, read(v.Index(i), steps[1:])...)
		}
	case "{key}":
		for _, k := range v.MapKeys() {
			out = append(out, read(k, steps[1:])...)
		}
	case "{}":
		it := v.MapRange()
		for it.Next() {
			out = append(out, read(it.Value(), steps[1:])...)
		}
	default:
		out = read(v.FieldByName(steps[0]), steps[1:])
	}
	return out
}

// Every string of a case is redacted but the three identifiers, field by
// field. A field added to Case (or to what it holds) shows up here as a
// subtest, and fails until Sanitize covers it or it joins the exemptions.
func TestSanitizeEveryField(t *testing.T) {
	leaves := stringLeaves(reflect.TypeFor[Case](), "")
	if len(leaves) < 30 {
		t.Fatalf("found only %d strings in a case: %v", len(leaves), leaves)
	}
	for _, leaf := range leaves {
		t.Run(leaf, func(t *testing.T) {
			var c Case
			steps := leafSteps(leaf)
			plant(reflect.ValueOf(&c).Elem(), steps, sanitizeSecret)
			Sanitize(&c)
			got := read(reflect.ValueOf(&c).Elem(), steps)
			if len(got) != 1 {
				t.Fatalf("after Sanitize the field holds %q", got)
			}
			switch {
			case sanitizeExempt[leaf] && got[0] != sanitizeSecret:
				t.Errorf("an identifier changed: %q", got[0])
			case !sanitizeExempt[leaf] && sanitizeLeaked(got[0]):
				t.Errorf("kept %q", got[0])
			}
		})
	}
}

// Customer profiles, which crmd also stores apart from cases (upserts and
// the CSV import), get the same treatment.
func TestSanitizeCustomerEveryField(t *testing.T) {
	for _, leaf := range stringLeaves(reflect.TypeFor[Customer](), "") {
		t.Run(leaf, func(t *testing.T) {
			var c Customer
			steps := leafSteps(leaf)
			plant(reflect.ValueOf(&c).Elem(), steps, sanitizeSecret)
			SanitizeCustomer(&c)
			got := read(reflect.ValueOf(&c).Elem(), steps)[0]
			if leaf == "Account" {
				if got != sanitizeSecret {
					t.Errorf("the account changed: %q", got)
				}
				return
			}
			if sanitizeLeaked(got) {
				t.Errorf("kept %q", got)
			}
		})
	}
}

// A placeholder whose name carries a card keeps its value under the
// redacted name, and values of other placeholders are redacted in place.
func TestSanitizeValuesKeys(t *testing.T) {
	c := Case{Values: map[string]string{"card 4111111111111111": "x", "amount": "pin 4321"}}
	Sanitize(&c)
	keys := make([]string, 0, len(c.Values))
	for k := range c.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) != 2 || keys[0] != "amount" || keys[1] != "card •••• 1111" || c.Values["amount"] != "pin ****" || c.Values["card •••• 1111"] != "x" {
		t.Errorf("values: %q", c.Values)
	}
	// Text without secrets comes out as it went in.
	c = Case{Notes: "Customer calls about the March bill", Customer: Customer{Name: "  Ana Pérez ", Address: "12 Elm St"}}
	Sanitize(&c)
	if c.Notes != "Customer calls about the March bill" || c.Customer.Name != "Ana Pérez" || c.Customer.Address != "12 Elm St" {
		t.Errorf("clean text changed: %+v", c)
	}
}

// A calculator figure is a number a person typed: typed as a card number
// (a count of visitors, an amount in cents) it is still one, and is kept
// masked. Ordinary figures are kept as they are.
func TestSanitizeCalculatorFigures(t *testing.T) {
	rows := []struct {
		name string
		in   calculators.Figure
		want calculators.Figure
	}{
		{"an amount", calculators.Figure{Key: "k", Kind: calculators.KindMoney, Minor: 1234567, Currency: "USD"},
			calculators.Figure{Key: "k", Kind: calculators.KindMoney, Minor: 1234567, Currency: "USD"}},
		{"a count", calculators.Figure{Key: "k", Kind: calculators.KindNumber, Number: 4111111111111.5},
			calculators.Figure{Key: "k", Kind: calculators.KindNumber, Number: 4111111111111.5}},
		{"a count that is a card", calculators.Figure{Key: "k", Kind: calculators.KindNumber, Number: 4111111111111111},
			calculators.Figure{Key: "k", Kind: calculators.KindText, Text: "•••• 1111"}},
		{"cents that are a card", calculators.Figure{Key: "k", Kind: calculators.KindMoney, Minor: -4111111111111111, Currency: "USD"},
			calculators.Figure{Key: "k", Kind: calculators.KindText, Text: "•••• 1111"}},
		// Computed, not typed: payback of 14,000 at 3,000 a year, an ROI of
		// 7,000 on 19,000; their decimals pass a card's check digit.
		{"years whose decimals pass the card check", calculators.Figure{Key: "k", Kind: calculators.KindYears, Number: 14000.0 / 3000},
			calculators.Figure{Key: "k", Kind: calculators.KindYears, Number: 14000.0 / 3000}},
		{"a negative rate whose decimals pass the card check", calculators.Figure{Key: "k", Kind: calculators.KindPercent, Number: (7000.0 - 19000) / 19000},
			calculators.Figure{Key: "k", Kind: calculators.KindPercent, Number: (7000.0 - 19000) / 19000}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			c := Case{Calcs: []Calculation{{Calculator: "roi", Lines: []calculators.Figure{r.in}}}}
			Sanitize(&c)
			if got := c.Calcs[0].Lines[0]; got != r.want {
				t.Errorf("%+v, want %+v", got, r.want)
			}
		})
	}
}

// A name pasted from a Windows program keeps a carriage return in a
// one-line field (Fyne converts only "\n" when pasting), and crmd stored
// it: the name, plan and phone are one line wherever they are said or
// printed. An address may be written on several lines.
func TestSanitizeCustomerKeepsOneLineFieldsOnOneLine(t *testing.T) {
	c := Customer{Name: " Lucía\r Gómez\t", Plan: "Fibra\r\n300", Phone: "(555)\r0147", Address: "Calle 5\nMonterrey"}
	SanitizeCustomer(&c)
	if c.Name != "Lucía Gómez" || c.Plan != "Fibra 300" || c.Phone != "(555) 0147" || c.Address != "Calle 5\nMonterrey" {
		t.Errorf("sanitized %q %q %q %q", c.Name, c.Plan, c.Phone, c.Address)
	}
}
