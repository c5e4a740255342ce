// Package training is AgentDesk's offline practice ground for new hires:
// scenarios written in TOML (a simulated customer, account facts drawn from
// a seed, decision points), the simulator that plays them, the attempt it
// records, the grader that scores an attempt against a versioned rubric,
// and the certification tracks built from them.
//
// Three rules shape the package:
//
//   - The grader is a pure, deterministic function of a scenario, an attempt
//     and a rubric. Everything random is drawn from the attempt's seed and day,
//     so an attempt re-grades to the same report years later, and two attempts
//     with different seeds ask for different figures.
//   - Compliance comes before points. Disclosing account data before
//     authentication, volunteering customer data, skipping authentication,
//     granting beyond the role's authority or writing a card number in the
//     notes fails an attempt whatever its score.
//   - Content is validated the way the playbook is: every problem is reported
//     with file:line, and each scenario is played by a robot at load time so
//     an author learns that the best path does not reach full marks, or that
//     a violation goes unpunished, before a trainee does.
//
// Like the rest of the domain, the package is plain Go: no widgets, no SQL,
// no HTTP. Storage is the Store interface; MemStore serves tests.
package training
