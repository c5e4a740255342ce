package cases

import (
	"context"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"agentdesk/locales"
)

// Workstation is what an agent sets once: who they are, the company the
// scripts name, the languages, where a custom playbook lives and where the
// CRM is. It is kept in the database so the app and agentctl agree.
type Workstation struct {
	Agent   string
	Role    Role
	Company string
	// RetentionPhone is the retention team's line, which the transfer
	// script gives the customer in case the call drops.
	RetentionPhone string
	UILang         locales.Lang
	CallLang       locales.Lang // default for new calls; each call may change it
	PlaybookDir    string
	CRMURL         string
	Paper          string // A4 or Letter, for PDFs
	// Currency is no setting: the playbook in force names the currency of
	// its amounts, and that wins (DefaultCurrency). Left empty, it is the
	// fallback of a pack that names none (a test's).
	Currency string
}

// Setting keys.
const (
	KeyAgent       = "agent.name"
	KeyRole        = "agent.role"
	KeyCompany     = "company"
	KeyRetention   = "retention.phone"
	KeyUILang      = "ui.lang"
	KeyCallLang    = "call.lang"
	KeyPlaybookDir = "playbook.dir"
	KeyCRMURL      = "crm.url"
	KeyPaper       = "pdf.paper"
	// KeyCurrency is where an earlier release kept a currency it then
	// never used: the pack's is the one in force. It is not read, and
	// agentctl config set refuses it saying so.
	KeyCurrency = "currency"
)

// WorkstationRoles are the roles a workstation can be set to. Admin is a
// crmd role, not a desk role.
var WorkstationRoles = []Role{RoleAgent, RoleTrainee, RoleSupervisor}

// BatchSettings is implemented by stores that can write several settings in
// one transaction.
type BatchSettings interface {
	Settings
	SetSettings(ctx context.Context, kv map[string]string) error
}

// PaperOf is the paper a stored setting names: Letter, or else A4 (what
// an earlier release's config set may have stored, "Legal", "letter",
// included), for every program that prints.
func PaperOf(setting string) string {
	if setting == "Letter" {
		return "Letter"
	}
	return "A4"
}

// ReportAgent is whose cases a desk's reports count when it works as role
// (the workstation's, held to crmd's): a supervisor's are the team's,
// every agent's (""); anyone else's are the agent's own, so a desk shared
// by agents reports each one's cases, not everyone's. The reports screen
// and agentctl report reasons both ask it, so they count the same.
func ReportAgent(role Role, agent string) string {
	if role == RoleSupervisor {
		return ""
	}
	return agent
}

// LoadWorkstation reads the settings, with defaults for what is unset.
// sysLang is the language of the operating system, used until the agent
// chooses.
func LoadWorkstation(ctx context.Context, s Settings, sysLang locales.Lang) (Workstation, error) {
	kv, err := s.AllSettings(ctx)
	if err != nil {
		return Workstation{}, err
	}
	w := Workstation{
		Agent: kv[KeyAgent], Role: Role(kv[KeyRole]), Company: kv[KeyCompany], RetentionPhone: kv[KeyRetention],
		PlaybookDir: kv[KeyPlaybookDir], CRMURL: kv[KeyCRMURL], Paper: kv[KeyPaper],
	}
	var ok bool
	if w.UILang, ok = locales.ParseLang(kv[KeyUILang]); !ok {
		w.UILang = sysLang
	}
	if w.CallLang, ok = locales.ParseLang(kv[KeyCallLang]); !ok {
		w.CallLang = w.UILang
	}
	if !slices.Contains(WorkstationRoles, w.Role) {
		w.Role = RoleAgent
	}
	w.Paper = PaperOf(w.Paper)
	return w, nil
}

// WorkstationKeys are the settings a person sets (Settings, agentctl config
// set); the store keeps others of its own (sync marks, sessions).
var WorkstationKeys = []string{KeyAgent, KeyRole, KeyCompany, KeyRetention, KeyUILang, KeyCallLang, KeyPlaybookDir, KeyCRMURL, KeyPaper}

// CheckSetting checks one setting as a person gives it: a key of the
// workstation and a value that key takes. The error's Field is the key,
// or "key" when the key is not one.
func CheckSetting(key, value string) error {
	if !slices.Contains(WorkstationKeys, key) {
		return &Error{Code: EInvalid, Field: "key", Detail: key}
	}
	v := strings.TrimSpace(value)
	ok := true
	switch key {
	case KeyAgent:
		ok = v != "" && within(v, MaxAgentName)
	case KeyCompany:
		ok = within(v, MaxCompany)
	case KeyRetention:
		ok = within(v, MaxRetentionPhone)
	case KeyRole:
		ok = slices.Contains(WorkstationRoles, Role(v))
	case KeyUILang, KeyCallLang:
		_, ok = locales.ParseLang(v)
	case KeyCRMURL:
		ok = len(Workstation{Agent: "x", Role: RoleAgent, CRMURL: v}.Validate()) == 0
	case KeyPaper:
		ok = v == "A4" || v == "Letter"
	}
	if !ok {
		return &Error{Code: EInvalid, Field: key, Detail: value}
	}
	return nil
}

// StoredSetting is value as the Settings screen stores it: trimmed, and a
// language as its code ("EN" and "es-MX" are "en" and "es"), so agentctl
// stores what the app would. value is one CheckSetting took.
func StoredSetting(key, value string) string {
	v := strings.TrimSpace(value)
	if key == KeyUILang || key == KeyCallLang {
		if l, ok := locales.ParseLang(v); ok {
			return string(l)
		}
	}
	return v
}

// The bounds of the profile's texts, in characters: each is said in
// scripts and printed on one line of a summary's header, where a pasted
// paragraph has no room.
const (
	MaxAgentName      = 80
	MaxCompany        = 120
	MaxRetentionPhone = 40
)

// FieldAgentText is Validate's field for a name that is given but is no
// name on one line within MaxAgentName ("agent" is a name not given).
const FieldAgentText = "agent_text"

// oneLine says v has no control character: a name, a company or a phone
// is printed on one line in scripts, summaries and PDFs.
func oneLine(v string) bool { return !strings.ContainsFunc(v, unicode.IsControl) }

// within says v is one line of at most max characters.
func within(v string, max int) bool { return oneLine(v) && utf8.RuneCountInString(v) <= max }

// Configured reports whether the agent has introduced themselves yet (the
// first-run screen asks until they have).
func (w Workstation) Configured() bool { return strings.TrimSpace(w.Agent) != "" }

// Validate checks the settings field by field.
func (w Workstation) Validate() []*Error {
	var errs []*Error
	if name := strings.TrimSpace(w.Agent); name == "" {
		errs = append(errs, &Error{Code: EInvalid, Field: "agent", Detail: "required"})
	} else if !within(name, MaxAgentName) {
		errs = append(errs, &Error{Code: EInvalid, Field: FieldAgentText, Detail: "not one line within its bound"})
	}
	if c := strings.TrimSpace(w.Company); !within(c, MaxCompany) {
		errs = append(errs, &Error{Code: EInvalid, Field: "company", Detail: "not one line within its bound"})
	}
	if p := strings.TrimSpace(w.RetentionPhone); !within(p, MaxRetentionPhone) {
		errs = append(errs, &Error{Code: EInvalid, Field: "retention", Detail: "not one line within its bound"})
	}
	if !slices.Contains(WorkstationRoles, w.Role) {
		errs = append(errs, &Error{Code: EInvalid, Field: "role", Detail: string(w.Role)})
	}
	if u := strings.TrimSpace(w.CRMURL); u != "" {
		if !validCRMURL(u) {
			errs = append(errs, &Error{Code: EInvalid, Field: "crm_url", Detail: u})
		}
	}
	return errs
}

// validCRMURL: https, or http to this computer only (the client sends no
// token in clear text to another machine, so every sync would fail), a
// host name ("https://:8443" would dial this computer) and, when given, a
// port a server can listen on. No query, fragment or user: the client
// puts each request's path after the address, and a password would sit in
// the settings in clear.
func validCRMURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Hostname() == "" {
		return false
	}
	if p.RawQuery != "" || p.ForceQuery || p.Fragment != "" || p.User != nil {
		return false
	}
	if p.Scheme == "http" && !loopbackHost(p.Hostname()) {
		return false
	}
	if port := p.Port(); port != "" {
		n, err := strconv.Atoi(port)
		return err == nil && n >= 1 && n <= 65535
	}
	return !strings.HasSuffix(p.Host, ":") // "https://crm:" names no port
}

// Save writes every setting in one transaction.
func (w Workstation) Save(ctx context.Context, s BatchSettings) error {
	return s.SetSettings(ctx, w.settings())
}

// SaveOver writes, in one transaction, the settings that differ from was,
// the workstation as the caller read it: a setting agentctl config set
// changed since is not written back with the value read before. One not
// stored yet is written too: its default (the call language follows the
// interface's) would otherwise change with another setting.
func (w Workstation) SaveOver(ctx context.Context, s BatchSettings, was Workstation) error {
	stored, err := s.AllSettings(ctx)
	if err != nil {
		return err
	}
	kv, old := w.settings(), was.settings()
	for k, v := range kv {
		if _, set := stored[k]; set && old[k] == v {
			delete(kv, k)
		}
	}
	if len(kv) == 0 {
		return nil
	}
	return s.SetSettings(ctx, kv)
}

// settings is w as the keys it is stored under.
func (w Workstation) settings() map[string]string {
	return map[string]string{
		KeyAgent: strings.TrimSpace(w.Agent), KeyRole: string(w.Role), KeyCompany: strings.TrimSpace(w.Company),
		KeyRetention: strings.TrimSpace(w.RetentionPhone),
		KeyUILang:    string(w.UILang), KeyCallLang: string(w.CallLang), KeyPlaybookDir: strings.TrimSpace(w.PlaybookDir),
		KeyCRMURL: strings.TrimSpace(w.CRMURL), KeyPaper: w.Paper,
	}
}

// loopbackHost says whether host is this computer, as the CRM client reads
// it.
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
