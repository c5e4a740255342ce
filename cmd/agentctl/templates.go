package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"agentdesk/cases"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// templatesPack is the pack the templates screen searches: the desk's
// (deskPack: the one crmd published and the desk keeps, else the built-in
// one, with the workstation's custom folder over it). Given dir
// (--playbook), dir is laid over the same pack under it instead of the
// desk's folder, so a supervisor checks from a script exactly what agents
// will find once the folder is in use; a folder that does not load is an
// error here, not passed over, since checking it is what was asked.
// Set-aside custom templates are said on standard error either way.
//
// agent is the desk's agent, whose personal templates are theirs alone
// (Template.VisibleTo), as the Templates area shows them; "" for a folder
// given to check, where a supervisor sees every one.
func (m *Main) templatesPack(ctx context.Context, dir string) (pb *playbook.Playbook, agent string, err error) {
	if dir == "" {
		db, err := m.openDB(ctx)
		if err != nil {
			return nil, "", err
		}
		defer db.Close()
		agent, err := db.GetSetting(ctx, cases.KeyAgent)
		if err != nil {
			return nil, "", err
		}
		return m.deskPack(ctx, db), agent, nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, "", errNotFolder(dir)
	}
	dir = filepath.Clean(dir)
	dataDir, err := m.dataDir()
	if err != nil {
		dataDir = ""
	}
	base, baseDir := desksync.PackBase(dataDir)
	pb, err = playbook.LoadWithOverlay(base, baseDir, os.DirFS(dir), dir)
	if err != nil {
		return nil, "", packError(m, err)
	}
	m.saySetAside(dir, pb.SetAside())
	return pb, "", nil
}

// templateText is the template in lang as a person reads it on a terminal:
// the text, or each COST part after its stage label. Placeholders stay as
// {{name}}: there is no call to fill them from.
func templateText(pb *playbook.Playbook, t *locales.T, tp *playbook.Template, l locales.Lang) string {
	if len(tp.Parts) == 0 {
		return pb.Say(l, tp.Text)
	}
	lines := make([]string, len(tp.Parts))
	for i, p := range tp.Parts {
		lines[i] = t.S("templates.stage."+p.Stage) + ": " + pb.Say(l, p.Text)
	}
	return strings.Join(lines, "\n")
}

func runTemplatesSearch(ctx context.Context, m *Main, args []string) error {
	fs := m.flagSet("templates search")
	tr := m.T()
	category := fs.String("category", "", tr.S("cli.templates.flag.category"))
	stage := fs.String("stage", "", tr.S("cli.templates.flag.stage"))
	dir := fs.String("playbook", "", tr.S("cli.templates.flag.playbook"))
	limit := fs.Int("limit", 20, tr.S("cli.templates.flag.limit"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageErr("templates search QUERY [--lang es|en] [--category C] [--stage S] [--json]")
	}
	if *category != "" && !slices.Contains(playbook.Categories, *category) {
		return usageErr("--category %q: %s", *category, strings.Join(playbook.Categories, "|"))
	}
	if *stage != "" && !slices.Contains(playbook.Stages, *stage) {
		return usageErr("--stage %q: %s", *stage, strings.Join(playbook.Stages, "|"))
	}
	pb, agent, err := m.templatesPack(ctx, *dir)
	if err != nil {
		return err
	}
	l, t := m.Lang, m.T()
	hits := pb.SearchTemplates(strings.Join(pos, " "), playbook.SearchOptions{
		Lang: l, Category: *category, Stage: *stage, Agent: agent, Limit: max(*limit, 0),
	})
	if m.JSON {
		type jhit struct {
			ID       string  `json:"id"`
			Category string  `json:"category"`
			Title    string  `json:"title"`
			Text     string  `json:"text"`
			Score    float64 `json:"score"`
		}
		out := make([]jhit, len(hits))
		for i, h := range hits {
			tp := h.Template
			out[i] = jhit{tp.ID, tp.Category, pb.Say(l, tp.Title), templateText(pb, t, tp, l), math.Round(h.Score*1000) / 1000}
		}
		return m.printJSON(out)
	}
	if len(hits) == 0 {
		fmt.Fprintln(m.Stdout, t.S("templates.none"))
		return nil
	}
	w := m.Stdout
	for i, h := range hits {
		tp := h.Template
		fmt.Fprintf(w, "%2d. %s  [%s · %s]\n", i+1, pb.Say(l, tp.Title), tp.ID, t.S("templates.category."+tp.Category))
		for _, line := range strings.Split(templateText(pb, t, tp, l), "\n") {
			fmt.Fprintf(w, "    %s\n", clipLine(line, 110))
		}
	}
	fmt.Fprintln(w, t.N("cli.templates.count", len(hits), nil))
	return nil
}

// clipLine shortens s to n characters on a word boundary, for one-line
// previews.
func clipLine(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := strings.LastIndex(string(r[:n]), " ")
	if cut <= 0 {
		cut = len(string(r[:n]))
	}
	return string(r)[:cut] + "…"
}

func runTemplatesShow(ctx context.Context, m *Main, args []string) error {
	fs := m.flagSet("templates show")
	dir := fs.String("playbook", "", m.T().S("cli.templates.flag.playbook"))
	pos, err := parseN(fs, args, 1, "templates show ID [--lang es|en] [--json]")
	if err != nil {
		return err
	}
	pb, agent, err := m.templatesPack(ctx, *dir)
	if err != nil {
		return err
	}
	l, t := m.Lang, m.T()
	tp := pb.Template(pos[0])
	if tp == nil || !tp.VisibleTo(agent) {
		fmt.Fprintln(m.Stderr, t.D("cli.templates.unknown", map[string]any{"ID": pos[0]}))
		return errFailed
	}
	type jph struct {
		Name     string `json:"name"`
		Label    string `json:"label"`
		Required bool   `json:"required"`
		Source   string `json:"source"`
		Kind     string `json:"kind"`
	}
	var phs []jph
	for _, n := range templatePlaceholders(tp) {
		p := jph{Name: n, Label: n, Required: !slices.Contains(tp.Optional, n)}
		if def := pb.Placeholder(n); def != nil {
			p.Label, p.Source, p.Kind = pb.Say(l, def.Label), def.Source, def.Kind
		}
		phs = append(phs, p)
	}
	callTypes := make([]string, len(tp.CallTypes))
	for i, id := range tp.CallTypes {
		callTypes[i] = id
		if ct := pb.CallType(id); ct != nil {
			callTypes[i] = pb.Say(l, ct.Title)
		}
	}
	steps := make([]string, len(tp.Steps))
	for i, id := range tp.Steps {
		steps[i] = id
		if st := pb.Step(id); st != nil {
			steps[i] = pb.Say(l, st.Title)
		}
	}
	if m.JSON {
		type jpart struct {
			Stage string `json:"stage"`
			Label string `json:"label"`
			Text  string `json:"text"`
		}
		parts := []jpart{}
		for _, p := range tp.Parts {
			parts = append(parts, jpart{p.Stage, t.S("templates.stage." + p.Stage), pb.Say(l, p.Text)})
		}
		if phs == nil {
			phs = []jph{}
		}
		out := map[string]any{
			"id": tp.ID, "category": tp.Category, "scope": tp.Scope, "owner": tp.Owner, "lang": string(l),
			"title": pb.Say(l, tp.Title), "tags": nonNil(tp.Tags), "call_types": nonNil(tp.CallTypes), "steps": nonNil(tp.Steps),
			"parts": parts, "placeholders": phs,
		}
		if len(tp.Parts) == 0 {
			out["text"] = pb.Say(l, tp.Text)
		} else {
			out["text"] = templateText(pb, t, tp, l)
		}
		return m.printJSON(out)
	}
	w := m.Stdout
	anywhere := t.S("cli.templates.anywhere")
	join := func(xs []string) string {
		if len(xs) == 0 {
			return anywhere
		}
		return strings.Join(xs, ", ")
	}
	fmt.Fprintf(w, "%s  (%s)\n", pb.Say(l, tp.Title), tp.ID)
	fmt.Fprintf(w, "%s: %s · %s: %s", t.S("templates.filter.category"), t.S("templates.category."+tp.Category), t.S("templates.scope.label"), t.S("templates.scope."+tp.Scope))
	if tp.Owner != "" {
		fmt.Fprintf(w, " (%s)", tp.Owner)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s: %s\n", t.S("templates.tags"), join(tp.Tags))
	fmt.Fprintf(w, "%s: %s\n", t.S("cli.templates.call_types"), join(callTypes))
	fmt.Fprintf(w, "%s: %s\n\n", t.S("cli.templates.steps"), join(steps))
	if len(tp.Parts) == 0 {
		fmt.Fprintf(w, "%s\n", pb.Say(l, tp.Text))
	}
	for _, p := range tp.Parts {
		fmt.Fprintf(w, "%s\n  %s\n", strings.ToUpper(t.S("templates.stage."+p.Stage)), pb.Say(l, p.Text))
	}
	fmt.Fprintf(w, "\n%s:\n", t.S("templates.placeholders.title"))
	if len(phs) == 0 {
		fmt.Fprintf(w, "  %s\n", t.S("templates.placeholders.none"))
	}
	for _, p := range phs {
		need := t.S("templates.required")
		if !p.Required {
			need = t.S("templates.optional")
		}
		fmt.Fprintf(w, "  {{%s}}  %s — %s\n", p.Name, p.Label, need)
	}
	return nil
}

// templatePlaceholders lists the placeholders a template uses in either
// language, in order of first use.
func templatePlaceholders(tp *playbook.Template) []string {
	var all []string
	add := func(s string) {
		for _, n := range playbook.PlaceholdersIn(s) {
			if !slices.Contains(all, n) {
				all = append(all, n)
			}
		}
	}
	add(tp.Text.ES)
	add(tp.Text.EN)
	for _, p := range tp.Parts {
		add(p.Text.ES)
		add(p.Text.EN)
	}
	return all
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
