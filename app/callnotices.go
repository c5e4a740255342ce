package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"agentdesk/cases"
)

// caseNotice tells the agent that the back office changed a case of
// theirs: where the escalation stands now, what was said, what was decided.
type caseNotice struct {
	caseID, ticket, customer string
	status                   cases.EscalationState
	comment                  string
	decisions                []cases.Event // the decisions that came with it
}

// notify puts a notice on the call screen. A newer notice for the same
// case takes the older one's place and keeps what it said: a move and a
// decision a minute apart arrive in two pulls, and the agent must read
// both.
func (s *callScreen) notify(n caseNotice) {
	if strings.TrimSpace(n.customer) == "" {
		// A caller not on file has no name on the profile: the notice
		// names them as the call's header does, or it reads "()".
		if c, err := s.a.deps.Store.GetCase(s.a.ctx, n.caseID); err == nil {
			if n.customer = callerName(c); n.customer == "" {
				n.customer = cases.MaskAccount(c.Customer.Account)
			}
		}
	}
	for i, old := range s.notices {
		if old.caseID == n.caseID {
			if n.comment == "" {
				n.comment = old.comment
			}
			n.decisions = append(old.decisions, n.decisions...)
			s.notices = append(s.notices[:i], s.notices[i+1:]...)
			break
		}
	}
	s.notices = append(s.notices, n)
	s.drawNotices()
}

// noticeBar is the box above the call screen that holds the notices.
func (s *callScreen) noticeBar() *fyne.Container {
	if s.noticeBox == nil {
		s.noticeBox = container.NewVBox()
	}
	s.drawNotices()
	return s.noticeBox
}

func (s *callScreen) drawNotices() {
	if s.noticeBox == nil {
		return
	}
	t := s.a.t
	var rows []fyne.CanvasObject
	for _, n := range s.notices {
		n := n
		msg := t.D("call.notice.text", map[string]any{
			"Ticket": n.ticket, "Customer": n.customer, "Status": escalationStatusText(t, &cases.Escalation{Status: n.status}),
		})
		if n.comment != "" {
			msg += " " + t.D("call.notice.comment", map[string]any{"Comment": n.comment})
		}
		for _, d := range n.decisions {
			msg += " " + t.D("call.notice.decision", map[string]any{"Decision": cases.DecisionText(t, s.a.pb, d)})
		}
		l := widget.NewLabel(msg)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		open := widget.NewButtonWithIcon(t.S("call.notice.open"), theme.FolderOpenIcon(), func() {
			// The notice goes once its case is open: if the call on
			// screen cannot be left, it stays to be opened later.
			switch err := s.a.OpenCaseByID(n.caseID); {
			case err == nil:
				s.dismiss(n.caseID)
			case !errors.Is(err, errNotOpened):
				s.showError(err)
			}
		})
		dismiss := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { s.dismiss(n.caseID) })
		dismiss.Importance = widget.LowImportance
		rows = append(rows, container.NewStack(canvasBox(), container.NewPadded(
			container.NewBorder(nil, nil, nil, container.NewHBox(open, dismiss), marked(theme.InfoIcon(), l)))))
	}
	s.noticeBox.Objects = rows
	s.noticeBox.Refresh()
}

func (s *callScreen) dismiss(caseID string) {
	for i, n := range s.notices {
		if n.caseID == caseID {
			s.notices = append(s.notices[:i], s.notices[i+1:]...)
			break
		}
	}
	s.drawNotices()
}

// clearNotices drops every notice: they were another agent's news, about
// their customers, when a new agent takes the workstation.
func (s *callScreen) clearNotices() {
	s.notices = nil
	s.drawNotices()
}
