package training

import (
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"agentdesk/assets"
	"agentdesk/internal/tomlpos"
	"agentdesk/locales"
	"agentdesk/playbook"
)

// Reserved file names in a training folder; every other *.toml file is one
// scenario.
const (
	TracksFile = "tracks.toml"
	RubricFile = "rubric.toml"
)

// Issue is one problem in training content, at a file and line. Code selects
// the translated message (locales: training.err.<code>); Args fill it.
type Issue = tomlpos.Issue

// ValidationError lists every issue, in file and line order.
type ValidationError struct{ Issues []Issue }

func (e *ValidationError) Error() string { return tomlpos.Describe("training", e.Issues) }

// Content is a loaded, validated training folder.
type Content struct {
	Scenarios []*Scenario
	Tracks    []Track
	// Rubrics in file order; the last is the one new attempts are graded
	// with, the others explain old grades.
	Rubrics []Rubric
}

// Scenario returns the scenario with id, or nil.
func (c *Content) Scenario(id string) *Scenario {
	i := slices.IndexFunc(c.Scenarios, func(s *Scenario) bool { return s.ID == id })
	if i < 0 {
		return nil
	}
	return c.Scenarios[i]
}

// Track returns the track with id, or nil.
func (c *Content) Track(id string) *Track {
	i := slices.IndexFunc(c.Tracks, func(t Track) bool { return t.ID == id })
	if i < 0 {
		return nil
	}
	return &c.Tracks[i]
}

// Rubric returns the rubric of a version, to re-explain an old grade.
func (c *Content) Rubric(version string) (Rubric, bool) {
	i := slices.IndexFunc(c.Rubrics, func(r Rubric) bool { return r.Version == version })
	if i < 0 {
		return Rubric{}, false
	}
	return c.Rubrics[i], true
}

// CurrentRubric is the rubric new attempts are graded with.
func (c *Content) CurrentRubric() Rubric { return c.Rubrics[len(c.Rubrics)-1] }

// IssueText is a content issue's message in t's language, its numbers
// written the language's way.
func IssueText(t *locales.T, is Issue) string {
	args := make(map[string]any, len(is.Args))
	for k, v := range is.Args {
		args[k] = v
	}
	playbook.FormatNumbers(t.Lang, args)
	return t.D("training.err."+is.Code, args)
}

// TrackTitle returns a track's title in l.
func (c *Content) TrackTitle(t *Track, l locales.Lang) string { return t.Title.Say(l) }

// TrackName is the title of the track id in l, or, for a track retired
// from the content since (a certificate earned on it still stands), its
// ID in words: "billing_2025" reads "Billing 2025".
func (c *Content) TrackName(id string, l locales.Lang) string {
	if t := c.Track(id); t != nil {
		return c.TrackTitle(t, l)
	}
	s := strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ", ".", " ").Replace(id))
	if s == "" {
		return id
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

var (
	defOnce sync.Once
	defC    *Content
	defErr  error
)

// LoadDefault returns the embedded scenarios, tracks and rubric, validated
// against the default playbook and loaded once: read-only after load.
// The robot's replay of every scenario (selfTest) is left out: the
// embedded pack cannot change after the build, the tests replay it
// (TestEmbeddedContentSelfTest), and skipping it takes a fifth off the
// desktop's start.
func LoadDefault() (*Content, error) {
	defOnce.Do(func() {
		pb, err := playbook.LoadDefault()
		if err != nil {
			defErr = err
			return
		}
		defC, defErr = load(assets.Training(), assets.TrainingDir, pb, false)
	})
	return defC, defErr
}

// defaultRubrics are the embedded rubric versions, used by folders and
// single files that bring none.
var defaultRubrics = sync.OnceValues(func() ([]Rubric, error) {
	data, err := fs.ReadFile(assets.Training(), RubricFile)
	if err != nil {
		return nil, err
	}
	l := newLoader(assets.TrainingDir, nil)
	l.readRubric(path.Join(assets.TrainingDir, RubricFile), string(data))
	if len(l.issues) > 0 {
		return nil, &ValidationError{Issues: l.issues}
	}
	return l.rubrics, nil
})

// Load reads a training folder: one scenario per *.toml file, plus
// tracks.toml and rubric.toml (the embedded rubric when absent). dir names
// the folder in issue locations; pb is the playbook scenarios refer to.
func Load(fsys fs.FS, dir string, pb *playbook.Playbook) (*Content, error) {
	return load(fsys, dir, pb, true)
}

func load(fsys fs.FS, dir string, pb *playbook.Playbook, selfTest bool) (*Content, error) {
	l := newLoader(dir, pb)
	l.noSelfTest = !selfTest
	return l.readDir(fsys)
}

// readDir reads every *.toml file of fsys, in name order, and finishes.
func (l *loader) readDir(fsys fs.FS) (*Content, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	if len(names) == 0 {
		l.add(Pos{File: l.dir}, "no_files", nil)
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		l.read(path.Join(l.dir, name), name, string(data))
	}
	return l.finish()
}

// read reads one file of a training folder by its name.
func (l *loader) read(file, name, text string) {
	switch name {
	case TracksFile:
		l.readTracks(file, text)
	case RubricFile:
		l.readRubric(file, text)
	default:
		l.readScenario(file, text)
	}
}

// Validate loads a training folder as Load does and also holds every text
// to the house style, the way playbook.Validate holds the playbook: no
// variant the glossary says to avoid (playbook.DefaultGlossary) and no
// fixed plural beside a count (playbook.FixedPlurals). agentctl drill
// validate runs it; the app loads with LoadDefault, so a regional word in
// an organisation's own scenario still plays.
func Validate(fsys fs.FS, dir string, pb *playbook.Playbook) (*Content, error) {
	g, err := playbook.DefaultGlossary()
	if err != nil {
		return nil, err
	}
	l := newLoader(dir, pb)
	l.glossary = g
	return l.readDir(fsys)
}

// LoadScenario reads a single scenario file (agentctl drill grade
// --scenario FILE), graded with the embedded rubric.
func LoadScenario(data []byte, file string, pb *playbook.Playbook) (*Scenario, error) {
	l := newLoader(path.Dir(file), pb)
	l.single = true
	l.readScenario(file, string(data))
	c, err := l.finish()
	if err != nil {
		return nil, err
	}
	if len(c.Scenarios) != 1 {
		return nil, &ValidationError{Issues: []Issue{{File: file, Line: 1, Code: "no_decision"}}}
	}
	return c.Scenarios[0], nil
}

type loader struct {
	dir       string
	pb        *playbook.Playbook
	issues    []Issue
	files     map[string]*tomlpos.File
	scenarios []*Scenario
	tracks    []Track
	rubrics   []Rubric
	hasRubric bool
	// noSelfTest skips the robot's replay (LoadDefault only).
	noSelfTest bool
	// single: one scenario file on its own, to which the pack-wide rules
	// (the share of best options that are the longest) do not apply.
	single bool
	// glossary, when set, holds every text to the house style (Validate).
	glossary *playbook.Glossary
}

func newLoader(dir string, pb *playbook.Playbook) *loader {
	return &loader{dir: dir, pb: pb, files: map[string]*tomlpos.File{}}
}

func (l *loader) add(p Pos, code string, args map[string]any) {
	l.issues = append(l.issues, Issue{File: p.File, Line: p.Line, Code: code, Args: args})
}

// decode reads a file into v and reports syntax errors and unknown keys.
func (l *loader) decode(file, text string, v any) (*tomlpos.File, bool) {
	p, issues := playbook.DecodeFile(file, text, v)
	l.issues = append(l.issues, issues...)
	if p == nil {
		return nil, false
	}
	l.files[file] = p
	return p, true
}

func (l *loader) readScenario(file, text string) {
	sc := &Scenario{}
	p, ok := l.decode(file, text, sc)
	if !ok {
		return
	}
	sc.File = file
	assignScenario(p, sc)
	l.scenarios = append(l.scenarios, sc)
}

func (l *loader) readTracks(file, text string) {
	var d struct {
		Tracks []Track `toml:"track"`
	}
	p, ok := l.decode(file, text, &d)
	if !ok {
		return
	}
	playbook.PlaceElements(p, "track", wholeFile(p), len(d.Tracks), func(i int, pos Pos) { d.Tracks[i].pos = pos })
	l.tracks = append(l.tracks, d.Tracks...)
}

func (l *loader) readRubric(file, text string) {
	l.hasRubric = true
	var d struct {
		Rubrics []Rubric `toml:"rubric"`
	}
	p, ok := l.decode(file, text, &d)
	if !ok {
		return
	}
	playbook.PlaceElements(p, "rubric", wholeFile(p), len(d.Rubrics), func(i int, pos Pos) { d.Rubrics[i].pos = pos })
	before := len(l.issues)
	v := &validator{l: l}
	for i := range d.Rubrics {
		v.rubric(&d.Rubrics[i], d.Rubrics[:i])
	}
	if len(d.Rubrics) == 0 {
		l.add(Pos{File: file, Line: 1}, "missing_rubric", nil)
	}
	if len(l.issues) == before {
		l.rubrics = d.Rubrics
	}
}

func (l *loader) finish() (*Content, error) {
	if !l.hasRubric {
		rs, err := defaultRubrics()
		if err != nil {
			return nil, err
		}
		l.rubrics = rs
	}
	v := &validator{l: l}
	seen := map[string]Pos{}
	for _, sc := range l.scenarios {
		v.scenario(sc, seen)
	}
	v.tracks(seen)
	if !l.single {
		v.bestLongest(l.scenarios)
	}
	if len(l.issues) > 0 {
		playbook.SortIssues(l.issues)
		return nil, &ValidationError{Issues: l.issues}
	}
	c := &Content{Scenarios: l.scenarios, Tracks: l.tracks, Rubrics: l.rubrics}
	for i := range c.Tracks {
		c.Tracks[i].Title.id = "track." + c.Tracks[i].ID + ".title"
	}
	return c, nil
}

// CallTypes are the call types the scenarios cover, in first-use order.
func (c *Content) CallTypes() []string {
	var out []string
	for _, sc := range c.Scenarios {
		if !slices.Contains(out, sc.CallType) {
			out = append(out, sc.CallType)
		}
	}
	return out
}
