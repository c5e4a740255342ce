package crm

import (
	"fmt"
	"testing"
)

// An answer without crmd's body is a code by its status alone. Only a
// definite refusal of the request is permanent; a status that says nothing
// about the request (a proxy's 499 for a hop that hung up, a teapot, a
// 4xx this release does not know) is worth another try, or a desk would
// set a good save aside for good.
func TestCodeForStatus(t *testing.T) {
	cases := []struct {
		status    int
		want      Code
		permanent bool
	}{
		{400, CodeInvalid, true},
		{401, CodeUnauthorized, false},
		{403, CodeForbidden, true},
		{404, CodeNotFound, true},
		{405, CodeInvalid, true},
		{408, CodeUnavailable, false},
		{409, CodeConflict, false},
		{412, CodePreconditionFailed, false},
		{413, CodeTooLarge, true},
		{414, CodeInvalid, true},
		{415, CodeUnsupportedMedia, true},
		{418, CodeUnavailable, false},
		{421, CodeUnavailable, false},
		{422, CodeInvalid, true},
		{425, CodeUnavailable, false},
		{428, CodePreconditionRequired, true},
		{429, CodeRateLimited, false},
		{431, CodeInvalid, true},
		{499, CodeUnavailable, false},
		{500, CodeInternal, false},
		{502, CodeUnavailable, false},
		{503, CodeUnavailable, false},
		{504, CodeUnavailable, false},
		{599, CodeInternal, false},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.status), func(t *testing.T) {
			got := codeForStatus(c.status)
			if got != c.want || got.Permanent() != c.permanent {
				t.Errorf("status %d: %q (permanent %v), want %q (%v)", c.status, got, got.Permanent(), c.want, c.permanent)
			}
			if err := (&Error{Code: got, Status: c.status}); PermanentErr(err) != c.permanent {
				t.Errorf("status %d: PermanentErr %v, want %v", c.status, PermanentErr(err), c.permanent)
			}
		})
	}
}
