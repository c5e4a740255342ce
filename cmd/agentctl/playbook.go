package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"agentdesk/assets"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// loadPack loads DIR when given, else the embedded default pack.
func loadPack(dir string) (*playbook.Playbook, error) {
	return readPack(dir, playbook.Load)
}

// readPack reads DIR, or the embedded default pack, with load: Load for
// commands that use a pack, Validate (structure and house style) for
// playbook validate.
func readPack(dir string, load func(fs.FS, string) (*playbook.Playbook, error)) (*playbook.Playbook, error) {
	fsys, root, err := folder(dir, assets.Playbook(), assets.PlaybookDir)
	if err != nil {
		return nil, err
	}
	return load(fsys, root)
}

// folder is DIR as a file system and the name its files are reported
// under, or the embedded one when DIR is empty.
func folder(dir string, embedded fs.FS, embeddedDir string) (fs.FS, string, error) {
	if dir == "" {
		return embedded, embeddedDir, nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, "", usageErr("%s: not a folder", dir)
	}
	return os.DirFS(dir), filepath.Clean(dir), nil
}

func runPlaybookValidate(ctx context.Context, m *Main, args []string) error {
	fs := m.flagSet("playbook validate")
	dir, err := parseDir(fs, args, "playbook validate [DIR]")
	if err != nil {
		return err
	}
	pb, err := readPack(dir, playbook.Validate)
	t := m.T()
	var ve *playbook.ValidationError
	if errors.As(err, &ve) {
		issues := make([]located, len(ve.Issues))
		for i, is := range ve.Issues {
			issues[i] = located{File: is.File, Line: is.Line, Code: is.Code, Message: playbook.IssueText(t, is)}
		}
		return m.printIssues(issues, "cli.playbook.invalid")
	}
	if err != nil {
		return err
	}
	counts := map[string]any{
		"Steps": len(pb.Steps), "CallTypes": len(pb.CallTypes), "Templates": len(pb.Templates),
		"ReasonCodes": len(pb.ReasonCodes), "Version": pb.Meta.Version,
	}
	if m.JSON {
		return m.printJSON(map[string]any{"valid": true, "version": pb.Meta.Version, "steps": len(pb.Steps),
			"call_types": len(pb.CallTypes), "templates": len(pb.Templates), "reason_codes": len(pb.ReasonCodes)})
	}
	fmt.Fprintln(m.Stdout, t.D("cli.playbook.valid", counts))
	return nil
}

func runPlaybookShow(ctx context.Context, m *Main, args []string) error {
	fs := m.flagSet("playbook show")
	callType := fs.String("call-type", "", m.T().S("cli.playbook.show.flag.call_type"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	dir := ""
	if len(pos) == 1 {
		dir = pos[0]
	}
	pb, err := loadPack(dir)
	if err != nil {
		return packError(m, err)
	}
	l, t := m.Lang, m.T()
	var ct *playbook.CallType
	if *callType != "" {
		if ct = pb.CallType(*callType); ct == nil {
			return usageErr("%s", t.D("cli.playbook.unknown_call_type", map[string]any{"ID": *callType}))
		}
	}
	if m.JSON {
		return m.printJSON(flowJSON(pb, l, ct))
	}
	w := m.Stdout
	fmt.Fprintf(w, "%s — %s %s\n\n", pb.Say(l, pb.Meta.Name), t.S("cli.playbook.version"), pb.Meta.Version)
	for i, s := range pb.Steps {
		fmt.Fprintf(w, "%d. %s\n   %s\n", i+1, strings.ToUpper(pb.Say(l, s.Title)), pb.Say(l, s.Goal))
		for _, sc := range s.Scripts {
			fmt.Fprintf(w, "   • %s\n", pb.Say(l, sc.Text))
		}
		if ct != nil && s.ID == "exploration" {
			for _, q := range ct.Questions {
				fmt.Fprintf(w, "   ? %s\n", pb.Say(l, q.Text))
			}
			for _, c := range ct.Checks {
				fmt.Fprintf(w, "   ✓ %s\n", pb.Say(l, c.Text))
			}
		}
		if ct != nil && s.ID == "education" {
			for _, sc := range ct.Scripts {
				fmt.Fprintf(w, "   • %s: %s\n", pb.Say(l, sc.Title), pb.Say(l, sc.Text))
			}
		}
		fmt.Fprintln(w)
	}
	if ct == nil {
		fmt.Fprintln(w, t.S("cli.playbook.call_types"))
		for _, c := range pb.CallTypes {
			fmt.Fprintf(w, "  %-22s %s\n", c.ID, pb.Say(l, c.Title))
		}
	}
	return nil
}

func flowJSON(pb *playbook.Playbook, l locales.Lang, ct *playbook.CallType) map[string]any {
	type jscript struct {
		ID    string `json:"id"`
		Title string `json:"title,omitempty"`
		Text  string `json:"text"`
		When  string `json:"when,omitempty"`
	}
	type jstep struct {
		ID      string    `json:"id"`
		Title   string    `json:"title"`
		Goal    string    `json:"goal"`
		Scripts []jscript `json:"scripts"`
	}
	var steps []jstep
	for _, s := range pb.Steps {
		js := jstep{ID: s.ID, Title: pb.Say(l, s.Title), Goal: pb.Say(l, s.Goal), Scripts: []jscript{}}
		for _, sc := range s.Scripts {
			js.Scripts = append(js.Scripts, jscript{ID: sc.ID, Title: pb.Say(l, sc.Title), Text: pb.Say(l, sc.Text), When: sc.When})
		}
		steps = append(steps, js)
	}
	out := map[string]any{"version": pb.Meta.Version, "lang": string(l), "steps": steps}
	cts := []map[string]string{}
	for _, c := range pb.CallTypes {
		cts = append(cts, map[string]string{"id": c.ID, "group": c.Group, "title": pb.Say(l, c.Title)})
	}
	out["call_types"] = cts
	if ct != nil {
		var qs, cs []string
		for _, q := range ct.Questions {
			qs = append(qs, pb.Say(l, q.Text))
		}
		for _, c := range ct.Checks {
			cs = append(cs, pb.Say(l, c.Text))
		}
		var ss []jscript
		for _, sc := range ct.Scripts {
			ss = append(ss, jscript{ID: sc.ID, Title: pb.Say(l, sc.Title), Text: pb.Say(l, sc.Text)})
		}
		out["call_type"] = map[string]any{"id": ct.ID, "title": pb.Say(l, ct.Title), "questions": qs, "checks": cs, "scripts": ss}
	}
	return out
}

// packError prints a broken pack's issues before failing, so a command that
// needs a pack explains why it cannot run.
func packError(m *Main, err error) error {
	var ve *playbook.ValidationError
	if errors.As(err, &ve) {
		t := m.T()
		for _, is := range ve.Issues {
			fmt.Fprintln(m.Stderr, playbook.IssueLine(t, is))
		}
		return errFailed
	}
	return err
}
