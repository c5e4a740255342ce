package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// drafts keep what a person has chosen or typed on a screen and not yet
// recorded, for one subject at a time (the case on the call screen, the
// escalation under review). Screens are drawn again after changes the
// person did not make (a status from the back office, a refresh from
// crmd, a playbook published there) and after their own clicks elsewhere,
// and a redraw must not lose what they were entering. Each draft is made
// on top of some recorded state (its base); once the record moves on
// there (the action was added, the value entered), the draft is stale.
type drafts struct {
	subject string
	m       map[string]draft
}

type draft struct{ base, text string }

// get returns the draft of field key for subject, made on top of base.
func (d *drafts) get(subject, key, base string) (string, bool) {
	if subject == "" || d.subject != subject {
		return "", false
	}
	v, ok := d.m[key]
	if !ok || v.base != base {
		return "", false
	}
	return v.text, true
}

// keep records text as the draft of field key for subject, on top of
// base; a draft for another subject is forgotten.
func (d *drafts) keep(subject, key, base, text string) {
	if subject == "" {
		return
	}
	if d.subject != subject {
		*d = drafts{subject: subject, m: map[string]draft{}}
	}
	d.m[key] = draft{base, text}
}

// draft returns what the agent left in the field key of the open case,
// made on top of base.
func (s *callScreen) draft(key, base string) (string, bool) {
	if c := s.cur(); c != nil {
		return s.drafts.get(c.ID, key, base)
	}
	return "", false
}

// keepDraft records text as the agent's draft of field key, on top of base.
func (s *callScreen) keepDraft(key, base, text string) {
	if c := s.cur(); c != nil {
		s.drafts.keep(c.ID, key, base, text)
	}
}

// keptScroll is a scrolled part of the call view and what it showed.
type keptScroll struct {
	key string
	sc  *container.Scroll
}

// scrollKept scrolls content in a container that opens where the last one
// of the same name was scrolled to while it showed the same key (the same
// step of the same case): a redraw does not send the agent back to the
// top of what they were reading.
func (s *callScreen) scrollKept(name, key string, content fyne.CanvasObject) *container.Scroll {
	sc := container.NewVScroll(content)
	if old, ok := s.scrolls[name]; ok && old.key == key {
		sc.Offset = old.sc.Offset
	}
	if s.scrolls == nil {
		s.scrolls = map[string]keptScroll{}
	}
	s.scrolls[name] = keptScroll{key, sc}
	return sc
}
