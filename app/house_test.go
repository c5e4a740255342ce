package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// houseFiles parses the non-test Go files of the app and of the desk's
// sync.
func houseFiles(t *testing.T) map[string]*ast.File {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string]*ast.File{}
	for _, dir := range []string{".", "../desksync"} {
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if strings.HasSuffix(n, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, n, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			out[n] = f
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d files parsed", len(out))
	}
	return out
}

// The call session (cases.Session) is the only writer of the desk's cases:
// no screen and no sync code holds a cases.Service or calls a store's
// case writes, and nothing assigns to the open case outside the change
// function the session runs. A second save path would let the screen's
// copy fall a version behind the store, or skip the outbox row.
func TestTheSessionIsTheOnlyWriter(t *testing.T) {
	writes := map[string]bool{"SaveCase": true, "CreateCase": true, "ResolveConflict": true, "Import": true}
	readers := map[string]bool{"Case": true, "cur": true, "current": true}
	for name, f := range houseFiles(t) {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && id.Name == "cases" && n.Sel.Name == "Service" {
					t.Errorf("%s holds a cases.Service: write through the session", name)
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && writes[sel.Sel.Name] {
					t.Errorf("%s calls %s: only the session writes cases", name, sel.Sel.Name)
				}
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if root := rootCall(lhs); root != "" && readers[root] {
						t.Errorf("%s assigns to the open case outside the session's change function", name)
					}
				}
			}
			return true
		})
	}
}

// rootCall is the method name of the call a selector chain starts from
// (s.cur().Notes -> "cur"), or "".
func rootCall(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
				return sel.Sel.Name
			}
			return ""
		default:
			return ""
		}
	}
}

// A screen stays small enough to hold in one's head: the drawing of one
// area, its handlers, and nothing that is not drawing.
func TestAppFilesStaySmall(t *testing.T) {
	for name := range houseFiles(t) {
		if filepath.Dir(name) != "." {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "\n"); n > 800 {
			t.Errorf("%s has %d lines; split it by concern and move what is not drawing below app/", name, n)
		}
	}
}
