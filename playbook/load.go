package playbook

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"agentdesk/internal/tomlpos"
	"agentdesk/locales"
)

// Playbook is a loaded, validated pack.
type Playbook struct {
	Meta         Meta
	Steps        []Step
	CallTypes    []CallType
	Actions      []Action
	ReasonCodes  []ReasonCode
	Criteria     []Criterion
	Priorities   []Priority
	Authority    []Authority
	Compensation []CompensationLevel
	Placeholders []Placeholder
	Templates    []Template
	Guides       []Guide

	// setAside says what of an overlay folder was left out while the
	// rest of it loaded (LoadWithOverlay).
	setAside []Issue
	// metaPos is where [meta] was read (EachTextAt).
	metaPos Pos
}

// SetAside lists the parts of the overlay folder that were left out of
// the pack while the rest of the folder loaded: a template whose ID the
// pack below it now uses too, a file past MaxCustomFileSize. The person who keeps the folder is to be
// told; none for a pack loaded without an overlay.
func (pb *Playbook) SetAside() []Issue { return pb.setAside }

// doc is the shape of one TOML file; a pack is the union of its files.
type doc struct {
	Meta         *Meta               `toml:"meta"`
	Steps        []Step              `toml:"step"`
	CallTypes    []CallType          `toml:"call_type"`
	Actions      []Action            `toml:"action"`
	ReasonCodes  []ReasonCode        `toml:"reason_code"`
	Criteria     []Criterion         `toml:"escalation_criterion"`
	Priorities   []Priority          `toml:"priority"`
	Authority    []Authority         `toml:"authority"`
	Compensation []CompensationLevel `toml:"compensation"`
	Placeholders []Placeholder       `toml:"placeholder"`
	Templates    []Template          `toml:"template"`
	Guides       []Guide             `toml:"guide"`
}

// Issue is one problem in playbook content, at a file and line. Code selects
// the translated message (locales: playbook.err.<code>); Args fill it.
type Issue = tomlpos.Issue

// ValidationError lists every issue of a pack, in file and line order.
type ValidationError struct{ Issues []Issue }

func (e *ValidationError) Error() string { return tomlpos.Describe("playbook", e.Issues) }

// Load reads every *.toml file at the root of fsys as one pack. dir names the
// folder in issue locations.
func Load(fsys fs.FS, dir string) (*Playbook, error) {
	l := &loader{dir: dir}
	if err := l.readAll(fsys); err != nil {
		return nil, err
	}
	return l.finish()
}

// LoadForPublish loads the pack in fsys as Load does, and also holds it to
// the rules a pack must meet to be published (authority limits that do not
// fall from one role to the next). Those are not Load's: a pack published
// before a release added one stays in force on crmd and on every desk
// (crmd judges every amount by its limits, and could take no case write
// without them) until a fixed one is published.
func LoadForPublish(fsys fs.FS, dir string) (*Playbook, error) {
	l := &loader{dir: dir, publish: true}
	if err := l.readAll(fsys); err != nil {
		return nil, err
	}
	return l.finish()
}

// Validate loads the pack in fsys as LoadForPublish does, and also holds
// every text to the house style: no variant the glossary says to avoid
// (DefaultGlossary) and no fixed plural beside a count (FixedPlurals).
// Search keywords are exempt. agentctl playbook validate runs it on the
// packs people write; the app loads with Load, so a supervisor's custom
// template with a regional word still loads and works.
func Validate(fsys fs.FS, dir string) (*Playbook, error) {
	g, err := DefaultGlossary()
	if err != nil {
		return nil, err
	}
	l := &loader{dir: dir, glossary: g, publish: true}
	if err := l.readAll(fsys); err != nil {
		return nil, err
	}
	return l.finish()
}

// LoadWithOverlay loads the base pack and adds what the overlay folder holds
// (custom templates, extra call types). An overlay with its own [meta]
// replaces the base entirely: it is a whole pack.
//
// A template of the overlay whose ID the base uses too is set aside
// (Playbook.SetAside) and the base's kept: the base is the pack the
// content team publishes, which can take an ID after an agent chose it
// for a template of their own. Refusing the folder for that would cost
// the agent every other template they keep, for a change they did not
// make; and the published one wins because the team's wording (and
// what their call types and steps point at) is the reference on every
// desk. The agent's template stays in its file, to be saved again under
// another ID.
func LoadWithOverlay(base fs.FS, baseDir string, overlay fs.FS, overlayDir string) (*Playbook, error) {
	return loadWithOverlay(base, baseDir, overlay, overlayDir, true)
}

// CheckOverlay loads as LoadWithOverlay does, for a folder someone is
// choosing now (Settings): a template that names a call type, a step or
// a placeholder neither pack has is one of the folder's problems, said
// with the others, not set aside. Setting it aside is for a folder that
// was fine until a publish dropped what it names; chosen with the
// mistake in it, the folder would be taken and the template never shown,
// with nothing said.
func CheckOverlay(base fs.FS, baseDir string, overlay fs.FS, overlayDir string) (*Playbook, error) {
	return loadWithOverlay(base, baseDir, overlay, overlayDir, false)
}

func loadWithOverlay(base fs.FS, baseDir string, overlay fs.FS, overlayDir string, asideDangling bool) (*Playbook, error) {
	ol := &loader{dir: overlayDir, bounded: true}
	if err := ol.readAll(overlay); err != nil {
		return nil, err
	}
	if ol.merged.Meta != nil {
		pb, err := ol.finish()
		if err != nil {
			return nil, err
		}
		pb.setAside = ol.setAside
		return pb, nil
	}
	l := &loader{dir: baseDir}
	if err := l.readAll(base); err != nil {
		return nil, err
	}
	aside := append(ol.setAside, ol.setAsideClashes(l)...)
	if asideDangling {
		aside = append(aside, ol.setAsideDangling(l)...)
	}
	l.addFrom(ol)
	pb, err := l.finish()
	if err != nil {
		return nil, err
	}
	pb.setAside = aside
	return pb, nil
}

// setAsideClashes takes out of the overlay's templates those whose ID one
// of base holds, and says each at its "id" line.
func (o *loader) setAsideClashes(base *loader) []Issue {
	first := make(map[string]Pos, len(base.merged.Templates))
	for _, tp := range base.merged.Templates {
		if _, dup := first[tp.ID]; !dup {
			first[tp.ID] = base.field(tp.pos, "id")
		}
	}
	var aside []Issue
	kept := o.merged.Templates[:0:0]
	for _, tp := range o.merged.Templates {
		b, clash := first[tp.ID]
		if !clash || strings.TrimSpace(tp.ID) == "" {
			kept = append(kept, tp)
			continue
		}
		at := o.field(tp.pos, "id")
		aside = append(aside, Issue{File: at.File, Line: at.Line, Code: "template_set_aside",
			Args: map[string]any{"ID": tp.ID, "First": b.File + ":" + strconv.Itoa(b.Line)}})
	}
	o.merged.Templates = kept
	SortIssues(aside)
	return aside
}

// setAsideDangling takes out of the overlay's templates those that name
// a call type, a step or a placeholder neither base nor the overlay
// has, and says each at the key that names it. It is what a publish that
// drops one does to a person's own template: as with a clash, that one
// template is left out, not their whole folder.
func (o *loader) setAsideDangling(base *loader) []Issue {
	known := map[string]bool{}
	for _, d := range []*doc{&base.merged, &o.merged} {
		for _, c := range d.CallTypes {
			known["call_type\x00"+c.ID] = true
		}
		for _, s := range d.Steps {
			known["step\x00"+s.ID] = true
		}
		for _, p := range d.Placeholders {
			known["placeholder\x00"+p.ID] = true
		}
	}
	var aside []Issue
	kept := o.merged.Templates[:0:0]
	for _, tp := range o.merged.Templates {
		key, kind, ref := "", "", ""
		name := func(k, kd string, ids []string) {
			for _, id := range ids {
				if key == "" && !known[kd+"\x00"+id] {
					key, kind, ref = k, kd, id
				}
			}
		}
		name("call_types", "call_type", tp.CallTypes)
		name("steps", "step", tp.Steps)
		texts := tp.Text.ES + tp.Text.EN
		for _, p := range tp.Parts {
			texts += p.Text.ES + p.Text.EN
		}
		name("id", "placeholder", PlaceholdersIn(texts))
		if key == "" {
			kept = append(kept, tp)
			continue
		}
		at := o.field(tp.pos, key)
		aside = append(aside, Issue{File: at.File, Line: at.Line, Code: "template_set_aside_ref",
			Args: map[string]any{"ID": tp.ID, "Kind": kind, "Ref": ref}})
	}
	o.merged.Templates = kept
	SortIssues(aside)
	return aside
}

// field is where key of the element at p is set, as the validator finds it.
func (l *loader) field(p Pos, key string) Pos {
	if f := l.pos.files[p.File]; f != nil {
		return f.Field(p, key)
	}
	return p
}

type loader struct {
	dir      string
	glossary *Glossary // Validate's house style; nil for Load
	// publish adds the rules a pack must meet to be published, but that
	// one already in force is not stopped by (LoadForPublish).
	publish bool
	merged  doc
	pos     positions
	issues  []Issue
	files   int
	// bounded: an overlay's files are held to MaxCustomFileSize; one
	// past it is left out and said in setAside, and the rest loads.
	bounded  bool
	setAside []Issue
}

// PackFiles lists the files of a pack folder: its *.toml files, sorted,
// but for those whose name starts with a dot. Those are not the author's:
// an editor's lock (".#flow.toml", a link to nowhere) or the resource
// forks macOS leaves on a copied folder ("._flow.toml", binary), and the
// whole pack failed to load on them. The loader and agentctl's publish
// read the same list, so what is published is what was validated.
func PackFiles(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	names = slices.DeleteFunc(names, func(n string) bool { return strings.HasPrefix(n, ".") })
	sort.Strings(names)
	return names, nil
}

func (l *loader) readAll(fsys fs.FS) error {
	names, err := PackFiles(fsys)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return &ValidationError{Issues: []Issue{{File: l.dir, Line: 0, Code: "no_files"}}}
	}
	for _, name := range names {
		var data []byte
		if l.bounded {
			data, err = readBounded(fsys, name, path.Join(l.dir, name))
			var ve *ValidationError
			if errors.As(err, &ve) {
				l.setAside = append(l.setAside, ve.Issues...)
				continue
			}
		} else {
			data, err = fs.ReadFile(fsys, name)
		}
		if err != nil {
			return err
		}
		l.readFile(path.Join(l.dir, name), string(data))
	}
	l.files = len(names)
	return nil
}

func (l *loader) readFile(file, text string) {
	var d doc
	p, issues := DecodeFile(file, text, &d)
	l.issues = append(l.issues, issues...)
	if p == nil {
		return
	}
	keyLine := func(key string) int { return p.KeyLine(key, 1, p.End(), 1) }
	assign(p, &d)
	if l.pos.files == nil {
		l.pos.files = map[string]*tomlpos.File{}
	}
	l.pos.files[file] = p
	if d.Meta != nil {
		if l.merged.Meta != nil {
			first := l.pos.meta.File + ":" + strconv.Itoa(l.pos.meta.Line)
			l.issues = append(l.issues, Issue{File: file, Line: keyLine("meta"), Code: "duplicate_id", Args: map[string]any{"Kind": "meta", "ID": "meta", "First": first}})
		}
		l.merged.Meta = d.Meta
		// [meta]'s range runs to the next table, so an issue about one of
		// its keys (a currency that is no code) is said at that key's line;
		// an inline meta = { ... } is its one line.
		l.pos.meta = Pos{File: file, Line: keyLine("meta"), End: keyLine("meta") + 1}
		if ps := p.Elements("meta", 1, p.End()); len(ps) == 1 {
			l.pos.meta = ps[0]
		}
	}
	l.merged.addElements(&d)
}

func (l *loader) addFrom(o *loader) {
	l.issues = append(l.issues, o.issues...)
	for f, lines := range o.pos.files {
		if l.pos.files == nil {
			l.pos.files = map[string]*tomlpos.File{}
		}
		l.pos.files[f] = lines
	}
	l.merged.addElements(&o.merged)
}

// addElements appends the elements of d (not its [meta], which a pack
// has once): a pack is the union of its files, and an overlay adds to
// the base the same way a file does.
func (m *doc) addElements(d *doc) {
	m.Steps = append(m.Steps, d.Steps...)
	m.CallTypes = append(m.CallTypes, d.CallTypes...)
	m.Actions = append(m.Actions, d.Actions...)
	m.ReasonCodes = append(m.ReasonCodes, d.ReasonCodes...)
	m.Criteria = append(m.Criteria, d.Criteria...)
	m.Priorities = append(m.Priorities, d.Priorities...)
	m.Authority = append(m.Authority, d.Authority...)
	m.Compensation = append(m.Compensation, d.Compensation...)
	m.Placeholders = append(m.Placeholders, d.Placeholders...)
	m.Templates = append(m.Templates, d.Templates...)
	m.Guides = append(m.Guides, d.Guides...)
}

func (l *loader) finish() (*Playbook, error) {
	d := l.merged
	pb := d.pack()
	if d.Meta != nil {
		pb.Meta = *d.Meta
	}
	v := &validator{pb: pb, issues: l.issues, metaLoc: l.pos.meta, dir: l.dir, files: l.pos.files, glossary: l.glossary, publish: l.publish}
	v.run(d.Meta != nil)
	if len(v.issues) > 0 {
		SortIssues(v.issues)
		return nil, &ValidationError{Issues: v.issues}
	}
	pb.assignIDs()
	pb.metaPos = l.pos.meta
	return pb, nil
}

// pack is a Playbook of d's elements, without its meta: the loader takes
// the meta from [meta], the compiled pack stores it beside the elements.
func (d *doc) pack() *Playbook {
	return &Playbook{
		Steps: d.Steps, CallTypes: d.CallTypes, Actions: d.Actions, ReasonCodes: d.ReasonCodes,
		Criteria: d.Criteria, Priorities: d.Priorities, Authority: d.Authority,
		Compensation: d.Compensation, Placeholders: d.Placeholders, Templates: d.Templates, Guides: d.Guides,
	}
}

// elements is the reverse of pack: pb's elements as a doc, without meta.
func (pb *Playbook) elements() doc {
	return doc{
		Steps: pb.Steps, CallTypes: pb.CallTypes, Actions: pb.Actions, ReasonCodes: pb.ReasonCodes,
		Criteria: pb.Criteria, Priorities: pb.Priorities, Authority: pb.Authority,
		Compensation: pb.Compensation, Placeholders: pb.Placeholders, Templates: pb.Templates, Guides: pb.Guides,
	}
}

// assignIDs gives every Text its go-i18n message ID, derived from where it
// sits, so a message is traceable to its element.
func (pb *Playbook) assignIDs() { pb.eachText(func(id string, t *Text, _ Pos) { t.id = id }) }

// EachText calls visit with every text of the pack, both languages in
// it: for checks over all the content (crmd refuses a pack that holds a
// card number in any text).
func (pb *Playbook) EachText(visit func(Text)) { pb.texts(func(t *Text) { visit(*t) }) }

// EachTextAt is EachText with where each text was read: the file and the
// line of its element's header ([meta]'s for the pack's name), so a check
// over the content says where to look as the loader's issues do. A pack
// not read from TOML files (the compiled one) has no places.
func (pb *Playbook) EachTextAt(visit func(t Text, at Pos)) {
	pb.eachText(func(_ string, t *Text, at Pos) { visit(*t, at) })
}

// Where is the file and header line the template was read at.
func (t *Template) Where() Pos { return t.pos }

// Where is the file and line of the authority rule's [[authority]] header.
func (a *Authority) Where() Pos { return a.pos }

// Where is the file and header line the placeholder was read at.
func (p *Placeholder) Where() Pos { return p.pos }

// texts visits every Text of the pack.
func (pb *Playbook) texts(visit func(*Text)) {
	pb.eachText(func(_ string, t *Text, _ Pos) { visit(t) })
}

// eachText visits every Text of the pack with its message ID and its
// element's place. The IDs and the checks over all texts walk this one
// list, so a text added to the pack cannot get an ID and escape the
// checks, or the reverse.
func (pb *Playbook) eachText(visit func(id string, t *Text, at Pos)) {
	visit("meta.name", &pb.Meta.Name, pb.metaPos)
	script := func(sc *Script) {
		visit("script."+sc.ID+".title", &sc.Title, sc.pos)
		visit("script."+sc.ID+".text", &sc.Text, sc.pos)
	}
	for i := range pb.Steps {
		s := &pb.Steps[i]
		visit("step."+s.ID+".title", &s.Title, s.pos)
		visit("step."+s.ID+".goal", &s.Goal, s.pos)
		for j := range s.Scripts {
			script(&s.Scripts[j])
		}
	}
	for i := range pb.CallTypes {
		c := &pb.CallTypes[i]
		p := "calltype." + c.ID
		visit(p+".title", &c.Title, c.pos)
		visit(p+".reason", &c.Reason, c.pos)
		visit(p+".keywords", &c.Keywords, c.pos)
		for j := range c.Questions {
			visit(p+".question."+c.Questions[j].ID, &c.Questions[j].Text, c.Questions[j].pos)
		}
		for j := range c.Checks {
			visit(p+".check."+c.Checks[j].ID, &c.Checks[j].Text, c.Checks[j].pos)
		}
		for j := range c.Scripts {
			script(&c.Scripts[j])
		}
	}
	for i := range pb.Actions {
		visit("action."+pb.Actions[i].ID, &pb.Actions[i].Title, pb.Actions[i].pos)
	}
	for i := range pb.ReasonCodes {
		visit("reason."+pb.ReasonCodes[i].ID, &pb.ReasonCodes[i].Title, pb.ReasonCodes[i].pos)
	}
	for i := range pb.Criteria {
		visit("criterion."+pb.Criteria[i].ID, &pb.Criteria[i].Text, pb.Criteria[i].pos)
	}
	for i := range pb.Priorities {
		visit("priority."+pb.Priorities[i].ID, &pb.Priorities[i].Title, pb.Priorities[i].pos)
	}
	for i := range pb.Compensation {
		c := &pb.Compensation[i]
		visit(fmt.Sprintf("compensation.%d.title", c.Level), &c.Title, c.pos)
		visit(fmt.Sprintf("compensation.%d.description", c.Level), &c.Description, c.pos)
	}
	for i := range pb.Placeholders {
		visit("placeholder."+pb.Placeholders[i].ID, &pb.Placeholders[i].Label, pb.Placeholders[i].pos)
	}
	for i := range pb.Templates {
		t := &pb.Templates[i]
		p := "template." + t.ID
		visit(p+".title", &t.Title, t.pos)
		visit(p+".text", &t.Text, t.pos)
		for j := range t.Parts {
			visit(p+".part."+t.Parts[j].Stage, &t.Parts[j].Text, t.Parts[j].pos)
		}
	}
	for i := range pb.Guides {
		g := &pb.Guides[i]
		p := "guide." + g.ID
		visit(p+".title", &g.Title, g.pos)
		visit(p+".summary", &g.Summary, g.pos)
		for j := range g.Sections {
			s := &g.Sections[j]
			visit(p+".section."+s.ID+".title", &s.Title, s.pos)
			visit(p+".section."+s.ID+".text", &s.Text, s.pos)
			visit(p+".section."+s.ID+".example", &s.Example, s.pos)
		}
	}
}

// Say returns a playbook text in lang through go-i18n (locales.Content),
// with its {{placeholders}} untouched (Render fills them).
func (pb *Playbook) Say(l locales.Lang, t Text) string { return locales.Content(l, t.id, t.Raw(l)) }

var placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// PlaceholdersIn lists the placeholder names a text uses, in order of first use.
func PlaceholdersIn(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}
