package playbook_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"agentdesk/assets"
	"agentdesk/cases"
	"agentdesk/internal/tomlpos"
	"agentdesk/locales"
	"agentdesk/playbook"
)

func TestDefaultPackIsValid(t *testing.T) {
	// From the TOML: LoadDefault reads the compiled pack.
	pb, err := playbook.Load(assets.Playbook(), assets.PlaybookDir)
	if err != nil {
		var ve *playbook.ValidationError
		if errors.As(err, &ve) {
			for _, is := range ve.Issues {
				t.Error(is)
			}
		}
		t.Fatal(err)
	}
	if len(pb.Steps) != len(playbook.FlowSteps) {
		t.Fatalf("steps = %d, want %d", len(pb.Steps), len(playbook.FlowSteps))
	}
	for i, s := range pb.Steps {
		if s.ID != playbook.FlowSteps[i] {
			t.Errorf("step %d = %s, want %s", i, s.ID, playbook.FlowSteps[i])
		}
	}
}

// The default pack must cover what the foundation issue lists, so an edit
// that drops a call type fails here rather than in front of an agent.
func TestDefaultPackCoverage(t *testing.T) {
	pb := defaultPack(t)
	for _, id := range []string{
		"bill_payment", "bill_increase", "balance_question", "payment_question", "bill_breakdown",
		"incorrect_charge", "charge_question", "technical_support", "duplicate_charge", "wrong_invoice",
		"refund_request", "credit_request", "plan_change", "unwanted_autorenewal", "cancellation_request",
		// The calls a billing and service line gets every day.
		"service_suspended", "payment_arrangement", "late_fee_waiver", "moving_home", "service_outage",
		"slow_internet", "equipment_return", "unrecognized_activity", "complaint_previous_contact",
		"third_party_caller", "missed_appointment", "price_change_notice",
	} {
		c := pb.CallType(id)
		if c == nil {
			t.Errorf("call type %s missing", id)
			continue
		}
		if len(c.Questions) == 0 || len(c.Checks) == 0 || len(c.Scripts) == 0 || len(c.Resolutions) == 0 || len(c.Escalation) == 0 || len(c.ReasonCodes) == 0 {
			t.Errorf("%s: questions %d, checks %d, scripts %d, resolutions %d, escalation %d, reason codes %d: each needs at least one",
				id, len(c.Questions), len(c.Checks), len(c.Scripts), len(c.Resolutions), len(c.Escalation), len(c.ReasonCodes))
		}
		withData := false
		for _, sc := range c.Scripts {
			withData = withData || len(playbook.PlaceholdersIn(sc.Text.ES)) > 0
		}
		if !withData {
			t.Errorf("%s: no education script speaks to the customer's own data (no placeholder)", id)
		}
	}
	if len(pb.CallTypes) < 24 {
		t.Errorf("%d call types, want at least 24", len(pb.CallTypes))
	}
	if len(pb.ReasonCodes) < 10 || len(pb.Priorities) < 2 || pb.AuthorityMinor("agent") <= 0 {
		t.Errorf("reason codes %d, priorities %d, agent authority %d", len(pb.ReasonCodes), len(pb.Priorities), pb.AuthorityMinor("agent"))
	}
	if pb.AuthorityMinor("trainee") != 0 {
		t.Errorf("a trainee may grant nothing")
	}
}

func TestMinimalPack(t *testing.T) {
	pb, err := playbook.Load(os.DirFS("testdata/minimal"), "testdata/minimal")
	if err != nil {
		t.Fatal(err)
	}
	if got := pb.Say(locales.EN, pb.Step("introduction").Title); got != "Step introduction" {
		t.Errorf("Say en = %q", got)
	}
	if got := pb.Say(locales.ES, pb.CallType("bill_increase").Title); got != "Aumento en la factura" {
		t.Errorf("Say es = %q", got)
	}
	if got := pb.AuthorityMinor("agent"); got != 5000 {
		t.Errorf("agent authority = %d minor units, want 5000", got)
	}
}

// The broken fixture has exactly three mistakes; all are reported at once,
// each with its file and line.
func TestBrokenPackReportsEveryIssueWithFileLine(t *testing.T) {
	_, err := playbook.Load(os.DirFS("testdata/broken"), "testdata/broken")
	var ve *playbook.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a ValidationError", err)
	}
	want := []struct {
		code, file string
		line       int
	}{
		{"duplicate_id", "testdata/broken/flow.toml", 16},
		{"unknown_placeholder", "testdata/broken/flow.toml", 63},
		{"missing_text", "testdata/broken/flow.toml", 86},
	}
	if len(ve.Issues) != len(want) {
		t.Errorf("got %d issues, want %d: %v", len(ve.Issues), len(want), ve.Issues)
	}
	for _, w := range want {
		found := false
		for _, is := range ve.Issues {
			if is.Code == w.code && is.File == w.file && is.Line == w.line {
				found = true
			}
		}
		if !found {
			t.Errorf("missing %s at %s:%d in %v", w.code, w.file, w.line, ve.Issues)
		}
	}
}

func TestValidationTable(t *testing.T) {
	base, flow := minimalPack(t)
	cases := []struct {
		name   string
		edit   func(pack, flow string) (string, string)
		code   string
		lineOf string // the line the issue must point to contains this
	}{
		{"syntax", func(p, f string) (string, string) { return p + "\n[[action]\n", f }, "syntax", ""},
		{"unknown key", func(p, f string) (string, string) {
			return strings.Replace(p, "amount = true", "amount = true\namuont = 3", 1), f
		}, "unknown_key", "amuont"},
		{"dangling reference", func(p, f string) (string, string) {
			return p, strings.Replace(f, `resolutions = ["adjustment"]`, `resolutions = ["adjustmnet"]`, 1)
		}, "dangling_ref", "resolutions"},
		{"bad group", func(p, f string) (string, string) {
			return p, strings.Replace(f, `group = "billing"`, `group = "sales"`, 1)
		}, "bad_value", `group = "sales"`},
		{"negative authority", func(p, f string) (string, string) {
			return strings.Replace(p, "limit = 50", "limit = -5", 1), f
		}, "bad_value", "limit = -5"},
		// [meta]'s keys are found inside its table, as every element's
		// are: a bad currency was said at the [meta] line.
		{"currency that is no code", func(p, f string) (string, string) {
			return strings.Replace(p, `currency = "EUR"`, `currency = "euros"`, 1), f
		}, "bad_value", `currency = "euros"`},
		// Three characters in upper case, but no code: every amount an
		// agent typed was then refused (calculators.ParseMoney).
		{"currency of three characters that are no code", func(p, f string) (string, string) {
			return strings.Replace(p, `currency = "EUR"`, `currency = "US$"`, 1), f
		}, "bad_value", `currency = "US$"`},
		// A compensation level the calculator refuses (it holds every
		// amount to a finite calculators.MaxMajor) stops the calculator
		// for every level of the pack, on every desk.
		{"infinite fixed compensation", func(p, f string) (string, string) {
			return p + compensation("fixed = inf"), f
		}, "bad_value", "fixed = inf"},
		{"compensation cap past any amount", func(p, f string) (string, string) {
			return p + compensation("max = 1e13"), f
		}, "bad_value", "max = 1e13"},
		// A case records a value under its placeholder's ID, at most 40
		// characters (cases.SetValue refuses a longer name), and crmd
		// takes a decision on an action ID of at most 100: longer IDs
		// loaded and then failed on the desk.
		{"placeholder ID longer than a case records", func(p, f string) (string, string) {
			long := strings.Repeat("n", playbook.MaxPlaceholderID+1)
			return strings.ReplaceAll(p, "customer_name", long), strings.ReplaceAll(f, "customer_name", long)
		}, "id_too_long", `id = "nnnnn`},
		{"action ID longer than crmd decides on", func(p, f string) (string, string) {
			long := "adjustment_" + strings.Repeat("a", playbook.MaxID)
			return strings.ReplaceAll(p, `"adjustment"`, `"`+long+`"`), strings.ReplaceAll(f, `"adjustment"`, `"`+long+`"`)
		}, "id_too_long", `id = "adjustment_`},
		// An amount above an agent's authority is escalated under this
		// criterion (cases.Escalate adds it): a pack with an action that
		// moves money and without it loaded, and such a call could be
		// neither escalated nor closed.
		{"no criterion for an amount above authority", func(p, f string) (string, string) {
			p = strings.Replace(p, `id = "exceeds_authority"`, `id = "over_limit"`, 1)
			return p, strings.Replace(f, `escalation = ["exceeds_authority"]`, `escalation = ["over_limit"]`, 1)
		}, "missing_criterion", "[meta]"},
		// Every call is closed with a reason code of the pack
		// (cases.Close): a pack without one loaded, and no call on it
		// could be closed.
		{"no reason code", func(p, f string) (string, string) {
			i := strings.Index(p, "[[reason_code]]")
			j := strings.Index(p, "[[authority]]")
			return p[:i] + p[j:], strings.Replace(f, `reason_codes = ["billing.other"]`, `reason_codes = []`, 1)
		}, "no_reason_codes", "[meta]"},
		// cases.Escalate picks the criteria's most urgent priority by
		// rank from below zero: with a negative rank none was picked, and
		// an amount above authority could be neither escalated nor closed.
		{"negative priority rank", func(p, f string) (string, string) {
			return strings.Replace(p, "rank = 2", "rank = -3", 1), f
		}, "bad_value", "rank = -3"},
		// A text is said on the call and printed on terminals and PDFs:
		// TOML's \u001b put an escape sequence in every one of them.
		{"control character in a text", func(p, f string) (string, string) {
			return strings.Replace(p, `title = { es = "Ajuste", en = "Adjustment" }`, `title = { es = "Ajuste\u001b[31m", en = "Adjustment" }`, 1), f
		}, "control_char", `title = { es = "Ajuste`},
		// An ID of spaces is none, for the pack as for its elements.
		{"pack ID of spaces", func(p, f string) (string, string) {
			return strings.Replace(p, `id = "minimal"`, `id = "  "`, 1), f
		}, "missing_id", "[meta]"},
		{"response time past a year", func(p, f string) (string, string) {
			return strings.Replace(p, "response_hours = 48", "response_hours = 3000000", 1), f
		}, "bad_value", "response_hours = 3000000"},
		{"placeholder mismatch", func(p, f string) (string, string) {
			return p, strings.Replace(f, "Your balance is {{balance}}.", "Your balance is due.", 1)
		}, "placeholder_mismatch", "Your balance is due."},
		{"default on a text", func(p, f string) (string, string) {
			return strings.Replace(p, "kind = \"text\"", "kind = \"text\"\ndefault = \"7\"", 1), f
		}, "bad_value", `default = "7"`},
		{"default that is no number", func(p, f string) (string, string) {
			return strings.Replace(p, "kind = \"money\"", "kind = \"days\"\ndefault = \"a week\"", 1), f
		}, "bad_value", `default = "a week"`},
		{"missing step", func(p, f string) (string, string) {
			i := strings.Index(f, "[[step]]\nid = \"summary\"")
			j := strings.Index(f, "[[step]]\nid = \"closing\"")
			return p, f[:i] + f[j:]
		}, "missing_step", ""},
		{"more steps than a case has room for", func(p, f string) (string, string) {
			i := strings.Index(f, "[[step]]\nid = \"closing\"")
			step := f[i:]
			if j := strings.Index(step[1:], "\n[["); j >= 0 {
				step = step[:j+2]
			}
			var extra strings.Builder
			for n := range playbook.MaxSteps - len(playbook.FlowSteps) + 1 {
				extra.WriteString(strings.Replace(step, `id = "closing"`, fmt.Sprintf(`id = "extra_%d"`, n), 1))
			}
			return p, f + "\n" + extra.String()
		}, "too_many_steps", ""},
		{"unbalanced braces", func(p, f string) (string, string) {
			return p, strings.Replace(f, "Hola, {{customer_name}}.", "Hola, {{customer_name}.", 1)
		}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, f := c.edit(string(base), string(flow))
			fsys := fstest.MapFS{"pack.toml": {Data: []byte(p)}, "flow.toml": {Data: []byte(f)}}
			_, err := playbook.Load(fsys, "x")
			var ve *playbook.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a ValidationError", err)
			}
			if c.code == "" {
				return
			}
			for _, is := range ve.Issues {
				if is.Code != c.code {
					continue
				}
				if c.lineOf == "" {
					return
				}
				text := p
				if strings.HasSuffix(is.File, "flow.toml") {
					text = f
				}
				lines := strings.Split(text, "\n")
				if is.Line >= 1 && is.Line <= len(lines) && strings.Contains(lines[is.Line-1], c.lineOf) {
					return
				}
				t.Fatalf("%s points at %s:%d, want the line with %q", c.code, is.File, is.Line, c.lineOf)
			}
			t.Fatalf("no %s issue in %v", c.code, ve.Issues)
		})
	}
}

func TestRenderGapsAndGate(t *testing.T) {
	pb, err := playbook.Load(os.DirFS("testdata/minimal"), "testdata/minimal")
	if err != nil {
		t.Fatal(err)
	}
	text := pb.Step("introduction").Scripts[0].Text
	vals := func(name string) (string, bool) {
		if name == "balance" {
			return "$12.50", true
		}
		return "", false
	}
	r := pb.Render(locales.EN, text, vals, false)
	if r.Complete() {
		t.Fatal("a script with a gap and a masked value is not complete")
	}
	if _, err := r.Plain(); !errors.Is(err, playbook.ErrIncomplete) {
		t.Fatalf("Plain err = %v", err)
	}
	if got := r.Display(); got != "Hello, [Customer name]. Your balance is •••." {
		t.Errorf("Display = %q", got)
	}
	if strings.Contains(r.Display(), "12.50") {
		t.Error("sensitive value shown before authentication")
	}
	vals2 := func(name string) (string, bool) {
		return map[string]string{"balance": "$12.50", "customer_name": "Ana"}[name], true
	}
	r = pb.Render(locales.EN, text, vals2, true)
	got, err := r.Plain()
	if err != nil || got != "Hello, Ana. Your balance is $12.50." {
		t.Errorf("Plain = %q, %v", got, err)
	}
}

func TestFoldAndCallTypeSearch(t *testing.T) {
	if got := playbook.Fold("Facturación AÑO Cancelar"); got != "facturacion ano cancelar" {
		t.Errorf("Fold = %q", got)
	}
	pb, err := playbook.Load(os.DirFS("testdata/minimal"), "testdata/minimal")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"aumento", "AUMENTO fact", "bill incr", "subida"} {
		if got := pb.SearchCallTypes(q); len(got) != 1 || got[0].ID != "bill_increase" {
			t.Errorf("search %q = %v", q, got)
		}
	}
	if got := pb.SearchCallTypes("reembolso"); len(got) != 0 {
		t.Errorf("search reembolso = %v", got)
	}
}

// Every issue reads whole in both languages: a repeated [meta] or
// authority says where the first one is, and a number is written the
// language's way, not as Go prints a float.
func TestIssueTextsAreWhole(t *testing.T) {
	mem := fstest.MapFS{}
	names, _ := fs.Glob(assets.Playbook(), "*.toml")
	for _, n := range names {
		b, _ := fs.ReadFile(assets.Playbook(), n)
		mem[n] = &fstest.MapFile{Data: b}
	}
	mem["zz_extra.toml"] = &fstest.MapFile{Data: []byte("[meta]\nid = \"x\"\nversion = \"2\"\ncurrency = \"EUR\"\nname = { es = \"X\", en = \"X\" }\n\n[[authority]]\nrole = \"agent\"\nlimit = 1e12\n")}
	_, err := playbook.Load(mem, "pack")
	var ve *playbook.ValidationError
	if !errors.As(err, &ve) || len(ve.Issues) < 3 {
		t.Fatalf("want a duplicate meta, a duplicate authority and a bad limit: %v", err)
	}
	for _, l := range locales.Langs {
		tr := locales.New(l)
		for _, is := range ve.Issues {
			line := playbook.IssueLine(tr, is)
			if strings.Contains(line, "<no value>") || strings.Contains(line, "e+") || strings.Contains(line, "!playbook") {
				t.Errorf("%s: %s", l, line)
			}
			if is.Code == "duplicate_id" && !strings.Contains(line, ".toml:") {
				t.Errorf("%s: does not say where the first is: %s", l, line)
			}
		}
	}
}

// A file of many unknown keys names the first ones with their lines and
// counts the rest in one issue.
func TestUnknownKeysAreCountedPastTheFirstHundred(t *testing.T) {
	var sb strings.Builder
	for i := range 250 {
		fmt.Fprintf(&sb, "\"k %d\" = 1\n", i)
	}
	_, err := playbook.Load(fstest.MapFS{"a.toml": &fstest.MapFile{Data: []byte(sb.String())}}, "upload")
	var ve *playbook.ValidationError
	if !errors.As(err, &ve) {
		t.Fatal(err)
	}
	named, more := 0, 0
	for _, is := range ve.Issues {
		switch is.Code {
		case "unknown_key":
			named++
		case "unknown_keys_more":
			more, _ = is.Args["Count"].(int)
		}
	}
	if named != tomlpos.MaxUnknownKeys || more != 250-tomlpos.MaxUnknownKeys {
		t.Errorf("%d named, %d more", named, more)
	}
	if line := playbook.IssueLine(locales.New(locales.ES), ve.Issues[len(ve.Issues)-1]); strings.Contains(line, "!") {
		t.Errorf("untranslated: %s", line)
	}
}

// compensation is a [[compensation]] level of the minimal pack with the
// line amount in it.
func compensation(amount string) string {
	return "\n[[compensation]]\nlevel = 1\ntitle = { es = \"Nivel 1\", en = \"Level 1\" }\n" +
		"description = { es = \"Un día sin servicio\", en = \"A day without service\" }\n" +
		"percent = 0.1\n" + amount + "\nmin_role = \"agent\"\n"
}

// The criterion the validator requires is the one cases.Escalate adds.
func TestCriterionOverAuthorityIsTheCasesOne(t *testing.T) {
	if playbook.CriterionOverAuthority != cases.CriterionOverAuthority {
		t.Errorf("playbook requires %q, cases escalates under %q", playbook.CriterionOverAuthority, cases.CriterionOverAuthority)
	}
}

// A value that is not one of a fixed list (a group, a role, a category)
// is told with the list, so the author can fix it from the message: it
// was told only that the value was bad.
func TestBadValueNamesWhatIsAllowed(t *testing.T) {
	fsys := minimalFS(t)
	flow := strings.Replace(string(fsys["flow.toml"].Data), `group = "billing"`, `group = "sales"`, 1)
	fsys["flow.toml"] = &fstest.MapFile{Data: []byte(flow)}
	_, err := playbook.Load(fsys, "x")
	var ve *playbook.ValidationError
	if !errors.As(err, &ve) || len(ve.Issues) != 1 {
		t.Fatalf("%v", err)
	}
	for _, l := range []locales.Lang{locales.ES, locales.EN} {
		msg := playbook.IssueText(locales.New(l), ve.Issues[0])
		if !strings.Contains(msg, "sales") || !strings.Contains(msg, "billing, financial, technical, account") {
			t.Errorf("%s: %q", l, msg)
		}
	}
	// A number out of its range has no list.
	is := playbook.Issue{Code: "bad_value", Args: map[string]any{"Key": "limit", "Value": -5.0}}
	if msg := playbook.IssueText(locales.New(locales.EN), is); msg != `bad value for "limit": -5` {
		t.Errorf("a number: %q", msg)
	}
}

// A file saved with a byte-order mark (Windows Notepad, some editors)
// is the same file: its first header is a header, so every element's
// issue is at its own line. The mark hid the first header, and each
// element of the file took the next one's line.
func TestByteOrderMarkKeepsLines(t *testing.T) {
	fsys := minimalFS(t)
	flow := strings.Replace(string(fsys["flow.toml"].Data), `id = "acknowledgement.main"`, `id = "introduction.main"`, 1)
	for name, data := range map[string]string{"plain": flow, "with a mark": "\ufeff" + flow} {
		fsys["flow.toml"] = &fstest.MapFile{Data: []byte(data)}
		_, err := playbook.Load(fsys, "x")
		var ve *playbook.ValidationError
		if !errors.As(err, &ve) || len(ve.Issues) != 1 || ve.Issues[0].Code != "duplicate_id" {
			t.Fatalf("%s: %v", name, err)
		}
		is := ve.Issues[0]
		lines := strings.Split(data, "\n")
		if is.Line < 1 || !strings.Contains(lines[is.Line-1], `id = "introduction.main"`) || is.Args["First"] != "x/flow.toml:7" {
			t.Errorf("%s: %v", name, is)
		}
	}
}

// An amount above the agent's authority goes to a supervisor, and crmd
// lets a supervisor approve only within theirs: a pack giving the
// supervisor less than the agent loaded, every escalated amount then
// waited on an administrator, and a supervisor could approve less than an
// agent grants alone. The pack is refused where it is written and
// published (Validate, LoadForPublish); one already in force still loads,
// or crmd, which judges every amount by it, would take no case write
// after an upgrade until a fixed pack was published.
func TestAuthorityLimitsDoNotFallFromOneRoleToTheNext(t *testing.T) {
	base, flow := minimalPack(t)
	for _, tc := range []struct {
		name, add, lineOf string
	}{
		{"supervisor's below the agent's", "\n[[authority]]\nrole = \"supervisor\"\nlimit = 20\n", "limit = 20"},
		{"administrator's below the supervisor's", "\n[[authority]]\nrole = \"admin\"\nlimit = 100\n\n[[authority]]\nrole = \"supervisor\"\nlimit = 250\n", "limit = 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := string(base) + tc.add
			fsys := fstest.MapFS{"pack.toml": {Data: []byte(p)}, "flow.toml": {Data: flow}}
			if _, err := playbook.Load(fsys, "x"); err != nil {
				t.Errorf("a pack in force with these limits does not load: %v", err)
			}
			for name, load := range map[string]func(fs.FS, string) (*playbook.Playbook, error){"LoadForPublish": playbook.LoadForPublish, "Validate": playbook.Validate} {
				_, err := load(fsys, "x")
				var ve *playbook.ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("%s: %v, want a ValidationError", name, err)
				}
				found := false
				for _, is := range ve.Issues {
					lines := strings.Split(p, "\n")
					if is.Code == "authority_order" && is.Line >= 1 && is.Line <= len(lines) && strings.Contains(lines[is.Line-1], tc.lineOf) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: no authority_order at the line of %q in %v", name, tc.lineOf, ve.Issues)
				}
			}
		})
	}
}

// minimalPack is testdata/minimal's pack and flow, for a test to edit.
func minimalPack(t *testing.T) (pack, flow []byte) {
	t.Helper()
	pack, err := os.ReadFile("testdata/minimal/pack.toml")
	if err != nil {
		t.Fatal(err)
	}
	flow, err = os.ReadFile("testdata/minimal/flow.toml")
	if err != nil {
		t.Fatal(err)
	}
	return pack, flow
}
