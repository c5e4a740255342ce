package cases

// WithOthers is own followed by the cases of others that own does not
// hold (by ID): a supervisor's report counts the desk's copy of a case
// and every other desk's from crmd, each case once.
func WithOthers(own, others []*Case) []*Case {
	have := make(map[string]bool, len(own)+len(others))
	for _, c := range own {
		have[c.ID] = true
	}
	for _, c := range others {
		if !have[c.ID] {
			have[c.ID] = true
			own = append(own, c)
		}
	}
	return own
}
