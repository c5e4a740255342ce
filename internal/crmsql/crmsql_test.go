package crmsql

import (
	"reflect"
	"testing"
)

func TestBindNumbersPlaceholdersInOrder(t *testing.T) {
	q := `UPDATE t SET a = ?, b = CASE WHEN ? <> '' THEN ? ELSE b END WHERE id = ?`
	if got := (&Dialect{}).bind(q); got != q {
		t.Errorf("? dialect: %q", got)
	}
	want := `UPDATE t SET a = $1, b = CASE WHEN $2 <> '' THEN $3 ELSE b END WHERE id = $4`
	if got := (&Dialect{Numbered: true}).bind(q); got != want {
		t.Errorf("numbered: %q, want %q", got, want)
	}
}

func TestInIsOneArrayOrOnePlaceholderEach(t *testing.T) {
	ids := []string{"C-1", "C-2", "C-3"}
	cond, args := (&Dialect{}).in("case_id", ids)
	if cond != "case_id IN (?,?,?)" || !reflect.DeepEqual(args, []any{"C-1", "C-2", "C-3"}) {
		t.Errorf("list: %q %v", cond, args)
	}
	cond, args = (&Dialect{Arrays: true}).in("case_id", ids)
	if cond != "case_id = ANY(?)" || !reflect.DeepEqual(args, []any{ids}) {
		t.Errorf("array: %q %v", cond, args)
	}
}
