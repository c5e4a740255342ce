package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"agentdesk/assets"
	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/desksync"
	"agentdesk/locales"
	"agentdesk/playbook"
	"agentdesk/sqlite"
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
		return nil, "", errNotFolder(dir)
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
		err := m.printIssues(locate(ve.Issues, func(is playbook.Issue) string { return playbook.IssueText(t, is) }), "cli.playbook.invalid")
		// A folder without [meta] is most often one of custom templates,
		// laid over the desk's playbook, whose placeholders it then uses:
		// checked alone, every one of them is unknown.
		if !m.JSON && slices.ContainsFunc(ve.Issues, func(is playbook.Issue) bool { return is.Code == "no_meta" }) {
			fmt.Fprintln(m.Stderr, t.D("cli.playbook.validate.overlay", map[string]any{"Command": "agentctl templates search --playbook " + filepath.Clean(dir)}))
		}
		return err
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
	dir, err := parseDir(fs, args, "playbook show [DIR] [--call-type ID]")
	if err != nil {
		return err
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

// runPlaybookPublish publishes a playbook folder on crmd, where every desk
// takes it at its next sync. The folder is loaded here first exactly as
// crmd and the desks load it, so a broken pack is explained before any
// request; what crmd still refuses (a card number in a text) is listed in
// this language from the codes crmd answers.
func runPlaybookPublish(ctx context.Context, m *Main, args []string) error {
	dir, err := parseDir(m.flagSet("playbook publish"), args, "playbook publish DIR")
	if err != nil {
		return err
	}
	t := m.T()
	if dir == "" {
		return usageErr("%s", t.D("cli.playbook.publish.need_dir", map[string]any{"Usage": "agentctl playbook publish DIR"}))
	}
	pb, err := readPack(dir, playbook.LoadForPublish)
	var ve *playbook.ValidationError
	if errors.As(err, &ve) {
		return m.printIssues(locate(ve.Issues, func(is playbook.Issue) string { return playbook.IssueText(t, is) }), "cli.playbook.invalid")
	}
	if err != nil {
		return err
	}
	// The pack is the folder's *.toml files, read as the loader read them
	// (through the folder, so a name such as "v[1]" is a name, not a
	// pattern matching another folder).
	fsys := os.DirFS(dir)
	names, err := playbook.PackFiles(fsys)
	if err != nil {
		return err
	}
	files := make(map[string]string, len(names))
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return err
		}
		files[n] = string(b)
	}

	// crmd reads a request of at most crm.MaxRequestBytes: a larger pack
	// is said in words, with its size and the limit, before it is sent.
	body, err := json.Marshal(crm.PlaybookUpload{Files: files})
	if err != nil {
		return err
	}
	tooLarge := func() error {
		args := map[string]any{"Files": len(files), "SizeKB": float64((len(body) + 1023) / 1024), "LimitKB": float64(crm.MaxRequestBytes / 1024)}
		playbook.FormatNumbers(m.Lang, args)
		return errors.New(t.D("cli.playbook.publish.too_large", args))
	}
	if len(body) > crm.MaxRequestBytes {
		return tooLarge()
	}

	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	c, _, err := m.loggedIn(ctx, db)
	if err != nil {
		return err
	}
	pack, err := c.PublishPlaybook(ctx, files)
	if crm.CodeOf(err) == crm.CodeTooLarge {
		return tooLarge()
	}
	var ce *crm.Error
	// A pack refused as a whole, or for what it changes that this login
	// may not (a supervisor moving an authority limit), says where.
	if errors.As(err, &ce) && (ce.Code == crm.CodeInvalidPlaybook || ce.Code == crm.CodeForbidden) && len(ce.Problems) > 0 {
		problems := make([]playbook.Issue, len(ce.Problems))
		for i, p := range ce.Problems {
			file := filepath.Join(dir, p.File)
			if p.File == "" {
				file = filepath.Clean(dir)
			}
			problems[i] = playbook.Issue{File: file, Line: p.Line, Code: p.Code, Args: p.Args}
		}
		issues := locate(problems, func(is playbook.Issue) string { return playbook.IssueText(t, is) })
		return m.printSomeIssues(issues, ce.MoreProblems, "cli.playbook.refused")
	}
	if err != nil {
		return m.crmErr(err)
	}
	if m.JSON {
		return m.printJSON(map[string]any{"version": pack.Version, "sha256": pack.SHA256, "files": len(files), "playbook_version": pb.Meta.Version})
	}
	fmt.Fprintln(m.Stdout, t.D("cli.playbook.published", map[string]any{"Version": pack.Version, "Files": len(files)}))
	return nil
}

// deskPack is the playbook this desk works with, as the app loads it
// (desksync.DeskPlaybook: crmd's published pack when the desk holds one,
// the workstation's custom folder over it): what the CLI prints names
// call types, reasons, priorities and limits as the screens do. A part
// that does not load is said on standard error, and the one under it
// used, as the app does.
func (m *Main) deskPack(ctx context.Context, db *sqlite.DB) *playbook.Playbook {
	dataDir, err := m.dataDir()
	if err != nil {
		dataDir = ""
	}
	custom, _ := db.GetSetting(ctx, cases.KeyPlaybookDir)
	pb, problems := desksync.DeskPlaybook(dataDir, strings.TrimSpace(custom))
	t := m.T()
	for _, p := range problems {
		if p.SetAside {
			// The folder is in use: only what the pack below took the
			// IDs of is not, as the templates screen says.
			var ve *playbook.ValidationError
			if errors.As(p.Err, &ve) {
				m.saySetAside(p.Dir, ve.Issues)
			}
			continue
		}
		fmt.Fprintln(m.Stderr, t.D("cli.playbook.not_loaded", map[string]any{"Dir": p.Dir}))
		var ve *playbook.ValidationError
		if errors.As(p.Err, &ve) {
			for _, is := range ve.Issues {
				fmt.Fprintln(m.Stderr, "  "+playbook.IssueLine(t, is))
			}
		} else {
			fmt.Fprintln(m.Stderr, "  "+p.Err.Error())
		}
	}
	return pb
}

// saySetAside tells, on standard error, what of the folder dir was left
// out of a playbook that is otherwise in use (playbook.Playbook.SetAside):
// a custom template a published one took the ID of. Nothing else would
// show that it went missing.
func (m *Main) saySetAside(dir string, issues []playbook.Issue) {
	if len(issues) == 0 {
		return
	}
	t := m.T()
	fmt.Fprintln(m.Stderr, t.D("cli.playbook.set_aside", map[string]any{"Dir": dir}))
	for _, is := range issues {
		fmt.Fprintln(m.Stderr, "  "+playbook.IssueLine(t, is))
	}
}
