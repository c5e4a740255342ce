package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// drafts keep what the agent has chosen or typed on the call view and not
// yet recorded: the close reason picked, the action picked with its amount
// and reason, a value typed without Enter, the authentication method.
// The view is drawn again after every change to the case, the agent's own
// clicks elsewhere and a status from the back office alike, and a redraw
// must not lose them. Each draft is made on top of some recorded state
// (its base); once the record moves on there (the action was added, the
// value entered), the draft is stale and dropped.
type drafts struct {
	caseID string
	m      map[string]draft
}

type draft struct{ base, text string }

// draft returns what the agent left in the field key of the open case,
// made on top of base.
func (s *callScreen) draft(key, base string) (string, bool) {
	c := s.cur()
	if c == nil || s.drafts.caseID != c.ID {
		return "", false
	}
	d, ok := s.drafts.m[key]
	if !ok || d.base != base {
		return "", false
	}
	return d.text, true
}

// keepDraft records text as the agent's draft of field key, on top of base.
func (s *callScreen) keepDraft(key, base, text string) {
	c := s.cur()
	if c == nil {
		return
	}
	if s.drafts.caseID != c.ID {
		s.drafts = drafts{caseID: c.ID, m: map[string]draft{}}
	}
	s.drafts.m[key] = draft{base, text}
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
