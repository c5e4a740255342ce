package playbook

import (
	"slices"
	"testing"
)

func TestCheckText(t *testing.T) {
	known := func(n string) bool { return n == "customer_name" || n == "amount" }
	for _, tc := range []struct {
		name   string
		es, en string
		codes  []string
		more   bool
	}{
		{"fine", "Hola, {{customer_name}}.", "Hello, {{ customer_name }}.", nil, true},
		{"no placeholders", "Gracias.", "Thank you.", nil, true},
		{"spanish missing", " ", "Thank you.", []string{"missing_text"}, true},
		{"both missing", "", "", []string{"missing_text", "missing_text"}, true},
		{"unknown stops the rest", "{{who}} {{", "{{amount}}", []string{"unknown_placeholder"}, false},
		{"mismatch", "{{amount}}", "{{customer_name}}", []string{"placeholder_mismatch"}, true},
		{"same names in another order", "{{amount}} {{customer_name}}", "{{customer_name}} {{amount}}", nil, true},
		{"stray braces", "Monto {{amount}", "Amount {{amount}}", []string{"placeholder_mismatch", "bad_placeholder"}, true},
		{"closing only", "Monto}}", "Amount}}", []string{"bad_placeholder"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			issues, more := CheckText("text", tc.es, tc.en, PlaceholdersIn, known)
			var codes []string
			for _, is := range issues {
				codes = append(codes, is.Code)
				if is.AtPlaceholder != (is.Code == "unknown_placeholder") {
					t.Errorf("%s: AtPlaceholder %v", is.Code, is.AtPlaceholder)
				}
			}
			if !slices.Equal(codes, tc.codes) || more != tc.more {
				t.Errorf("got %v more=%v, want %v more=%v", codes, more, tc.codes, tc.more)
			}
		})
	}
}
