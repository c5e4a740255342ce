package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"agentdesk/crm"
)

// Rule says who may call a route. There is no default: a route without a
// rule answers 403 to everyone, and TestEveryRouteHasARule fails.
type Rule struct {
	// Public routes take no token.
	Public bool
	// Roles that may call the route.
	Roles []crm.Role
	// Training routes also accept tokens of the training audience; every
	// other route accepts the production audience only, so a trainee's
	// token is refused there whatever its role claims.
	Training bool
	// Own notes that agents and trainees reach only their own records.
	// It is documentation: the guard always scopes them (principal.Owner),
	// so a rule that forgets it cannot widen what they see.
	Own bool
	// MetricsToken routes take the operators' metrics token
	// (Config.MetricsToken) instead of a user's JWT; they are routed only
	// when one is configured.
	MetricsToken bool
}

var (
	supervisors = []crm.Role{crm.RoleSupervisor}
	admins      = []crm.Role{crm.RoleAdmin}
	// publishers publish the content: supervisors, and administrators,
	// who alone publish a change to the authority limits (limitsChanged).
	publishers = []crm.Role{crm.RoleSupervisor, crm.RoleAdmin}
	deskRoles  = []crm.Role{crm.RoleAgent, crm.RoleSupervisor}
	anyRole    = []crm.Role{crm.RoleAgent, crm.RoleTrainee, crm.RoleSupervisor, crm.RoleAdmin}
	learners   = []crm.Role{crm.RoleTrainee, crm.RoleAgent, crm.RoleSupervisor}
	// deciders approve or deny amounts above an agent's authority, each
	// within their own (crm.CheckApprover): an amount above a supervisor's
	// limit is an admin's to approve.
	// The desk names them to the person who cannot (cases.DeciderRoles).
	// They work the team queue too, reading it and moving escalations
	// on: an admin who could decide but not read the queue could approve
	// nothing, and amounts between the two limits could only be denied.
	deciders = []crm.Role{crm.RoleSupervisor, crm.RoleAdmin}
)

// policy is the authorization table: one explicit rule per route.
var policy = map[string]Rule{
	"GET /healthz":                {Public: true},
	"GET /metrics":                {MetricsToken: true},
	"GET /openapi.yaml":           {Public: true},
	"GET /v1/auth/jwks.json":      {Public: true},
	"POST /v1/auth/token":         {Public: true},
	"POST /v1/auth/refresh":       {Public: true},
	"POST /v1/auth/logout":        {Roles: anyRole, Training: true},
	"GET /v1/customers":           {Roles: deskRoles},
	"GET /v1/customers/{account}": {Roles: deskRoles},
	// Every desk's contacts, not only the caller's own: the history is
	// the account's, and never holds a case's notes (crm.Contact).
	"GET /v1/customers/{account}/contacts": {Roles: deskRoles},
	"GET /v1/cases":                        {Roles: deskRoles, Own: true},
	"GET /v1/cases/{id}":                   {Roles: deskRoles, Own: true},
	"PUT /v1/cases/{id}":                   {Roles: deskRoles, Own: true},
	"PUT /v1/cases/{id}/escalation":        {Roles: deciders},
	"POST /v1/cases/{id}/decisions":        {Roles: deciders},
	"POST /v1/cases:batch":                 {Roles: deskRoles, Own: true},
	"GET /v1/team/escalations":             {Roles: deciders},
	"GET /v1/escalations":                  {Roles: deskRoles, Own: true},
	"GET /v1/playbook":                     {Roles: []crm.Role{crm.RoleAgent, crm.RoleSupervisor, crm.RoleAdmin}},
	"PUT /v1/playbook":                     {Roles: publishers},
	"GET /v1/training/playbook":            {Roles: learners, Training: true},
	"POST /v1/training/attempts":           {Roles: learners, Training: true, Own: true},
	"GET /v1/training/attempts":            {Roles: supervisors, Training: true},
	"GET /v1/users":                        {Roles: admins},
	"POST /v1/users":                       {Roles: admins},
	"POST /v1/users/{username}/disable":    {Roles: admins},
	"POST /v1/users/{username}/enable":     {Roles: admins},
}

// Policy returns a copy of the authorization table, for documentation and
// tests.
func Policy() map[string]Rule {
	out := make(map[string]Rule, len(policy))
	for k, v := range policy {
		out[k] = v
	}
	return out
}

func (s *Server) registerRoutes() {
	s.route("GET /healthz", s.handleHealth)
	if s.cfg.MetricsToken != "" {
		s.route("GET /metrics", s.handleMetrics)
	}
	s.route("GET /openapi.yaml", s.handleOpenAPI)
	s.route("GET /v1/auth/jwks.json", s.handleJWKS)
	s.route("POST /v1/auth/token", s.handleToken)
	s.route("POST /v1/auth/refresh", s.handleRefresh)
	s.route("POST /v1/auth/logout", s.handleLogout)
	s.route("GET /v1/customers", s.handleSearchCustomers)
	s.route("GET /v1/customers/{account}", s.handleGetCustomer)
	s.route("GET /v1/customers/{account}/contacts", s.handleListContacts)
	s.route("GET /v1/cases", s.handleListCases)
	s.route("GET /v1/cases/{id}", s.handleGetCase)
	s.route("PUT /v1/cases/{id}", s.handlePutCase)
	s.route("PUT /v1/cases/{id}/escalation", s.handleSetEscalation)
	s.route("POST /v1/cases/{id}/decisions", s.handleDecide)
	s.route("POST /v1/cases:batch", s.handleBatch)
	s.route("GET /v1/team/escalations", s.handleTeam)
	s.route("GET /v1/escalations", s.handleListEscalations)
	s.route("GET /v1/playbook", s.handleGetPlaybook)
	s.route("PUT /v1/playbook", s.handlePutPlaybook)
	s.route("GET /v1/training/playbook", s.handleGetPlaybook)
	s.route("POST /v1/training/attempts", s.handlePostAttempt)
	s.route("GET /v1/training/attempts", s.handleListAttempts)
	s.route("GET /v1/users", s.handleListUsers)
	s.route("POST /v1/users", s.handleCreateUser)
	s.route("POST /v1/users/{username}/disable", s.handleDisableUser)
	s.route("POST /v1/users/{username}/enable", s.handleEnableUser)
}

// route registers a built-in route under its rule from the table; a route
// missing from the table is registered denying everyone.
func (s *Server) route(pattern string, h http.HandlerFunc) {
	rule, ok := policy[pattern]
	if !ok {
		s.log.Error("route has no authorization rule; it will refuse every request", "route", pattern)
		s.routes = append(s.routes, pattern)
		s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, http.StatusForbidden, "forbidden")
		}))
		return
	}
	s.Handle(pattern, rule, h)
}

// Handle registers a route with its rule. Every route goes through here, so
// none can skip the guard.
func (s *Server) Handle(pattern string, rule Rule, h http.HandlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.Handle(pattern, s.guard(pattern, rule, h))
}

// principal is who is calling, from a verified token.
type principal struct {
	Sub  string
	Role crm.Role
	JTI  string
	Exp  time.Time
	// Owner scopes what agents and trainees reach: their own username.
	// Empty for supervisors and admins, who see every record.
	Owner string
}

type principalKey struct{}

func principalFrom(ctx context.Context) *principal {
	p, _ := ctx.Value(principalKey{}).(*principal)
	return p
}

// guard authenticates one request, rate limits it by token subject, then
// authorizes it against rule.
func (s *Server) guard(pattern string, rule Rule, h http.HandlerFunc) http.Handler {
	audiences := []string{s.cfg.Audience}
	if rule.Training {
		audiences = append(audiences, s.cfg.TrainingAudience)
	}
	if limit, ok := s.bodyCaps[pattern]; ok {
		h = capBody(s, limit, h)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := reqInfoFrom(r.Context())
		if info != nil {
			info.route = pattern
			if id := r.PathValue("id"); id != "" && validCaseID(id) {
				info.caseID = id
			}
		}
		if rule.Public {
			if !s.allowAnon(w, r) {
				return
			}
			h(w, r)
			return
		}
		if rule.MetricsToken {
			if !s.metricsAuthorized(r) {
				s.metrics.authFailures.WithLabelValues("metrics").Inc()
				if s.allowAnon(w, r) {
					s.unauthorized(w, r, r.Header.Get("Authorization") != "")
				}
				return
			}
			h(w, r)
			return
		}
		if len(rule.Roles) == 0 {
			s.fail(w, r, http.StatusForbidden, "forbidden")
			return
		}
		tok, present := bearer(r)
		if !present {
			s.metrics.authFailures.WithLabelValues("missing").Inc()
			if s.allowAnon(w, r) {
				s.unauthorized(w, r, false)
			}
			return
		}
		c, err := s.tokens.Verify(tok, audiences...)
		if err == nil {
			var revoked bool
			revoked, err = s.store.JTIRevoked(r.Context(), c.ID)
			if err == nil && revoked {
				err = errRevoked
			}
		}
		if err != nil {
			reason := "invalid"
			if errors.Is(err, errRevoked) {
				reason = "revoked"
			} else if !errors.Is(err, ErrInvalidToken) {
				reason = "error"
			}
			s.metrics.authFailures.WithLabelValues(reason).Inc()
			// The reason goes to the log only; the token itself never does,
			// nor the parser's message about it, which quotes the claims a
			// client wrote (a card number, anything at all). A store's
			// failure is crmd's own and is logged whole.
			if reason == "error" {
				// The token may well be good: the store could not say. A
				// 401 sent the desk to log in again over a moment's lock;
				// failErr logs it and answers 503 for contention, else 500.
				s.failErr(w, r, err)
				return
			}
			s.log.Info("token refused", "route", pattern, "reason", reason)
			if s.allowAnon(w, r) {
				s.unauthorized(w, r, true)
			}
			return
		}
		if info != nil {
			info.sub = c.Subject
		}
		// The budget before the role: a route the role may not call
		// costs crmd the revoked-token read all the same, and a token
		// sent at one in a loop would otherwise be answered without end.
		if ok, wait := s.subj.allow(c.Subject); !ok {
			s.tooMany(w, r, wait)
			return
		}
		if !slices.Contains(rule.Roles, c.Role) {
			s.metrics.authFailures.WithLabelValues("forbidden").Inc()
			s.fail(w, r, http.StatusForbidden, "forbidden")
			return
		}
		p := &principal{Sub: c.Subject, Role: c.Role, JTI: c.ID, Exp: c.ExpiresAt.Time}
		if c.Role != crm.RoleSupervisor && c.Role != crm.RoleAdmin {
			p.Owner = c.Subject
		}
		h(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

var errRevoked = errors.New("crm: token revoked")

// capBody holds a route to a smaller body than the server-wide cap: a body
// declared larger is refused before it is read, and one that turns out
// larger fails the handler's read with 413 (readBody).
func capBody(s *Server, limit int64, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			s.fail(w, r, http.StatusRequestEntityTooLarge, crm.CodeTooLarge)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		h(w, r)
	}
}

// bearer extracts the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(tok), true
}

// allowAnon rate limits requests that carry no valid token by client
// address, and answers 429 when the address is over its budget.
func (s *Server) allowAnon(w http.ResponseWriter, r *http.Request) bool {
	ok, wait := s.anon.allow(budgetKey(s.clientAddr(r)))
	if !ok {
		s.tooMany(w, r, wait)
	}
	return ok
}
