package server_test

import (
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"agentdesk/cases"
	"agentdesk/crm"
	"agentdesk/crm/crmtest"
	"agentdesk/crm/server"
)

// What a client sends that crmd must not take, keep or echo; each found
// by a hunt of crmd's trust rules.

// A decision is kept on the action it was made on: an action with no ID
// is refused, or an approval would carry over to any later amount there.
func TestAnActionNamesWhatItIs(t *testing.T) {
	_, a := start(t)
	ana := a.Login("ana", crmtest.Password)
	c := escalatedCase("C-DEC")
	c.Actions = []cases.Action{{ID: " ", Amount: 6000, Reason: "goodwill", At: c.UpdatedAt}}
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-DEC:v1", c), 422, "an action with no ID")
}

// Four eyes: a supervisor does not decide an amount above authority on
// their own case.
func TestASupervisorDoesNotDecideTheirOwnAmount(t *testing.T) {
	_, a := start(t)
	sup := a.Login("sup", crmtest.Password)
	c := escalatedCase("C-SELF")
	c.Agent, c.Role = "sup", "supervisor"
	c.Actions = []cases.Action{{ID: "credit", Amount: 9_000_000, Reason: "goodwill", At: c.UpdatedAt}}
	crmtest.Expect(t, a.PutCase(sup.AccessToken, "case:C-SELF:v1", c), 201, "own case")
	crmtest.Expect(t, a.Do("POST", "/v1/cases/C-SELF/decisions", sup.AccessToken, nil,
		crm.ApprovalRequest{Action: 0, Approved: true, ActionID: "credit", Amount: 9_000_000}), 403, "approving one's own amount")
}

// An attempt's times far outside any clock (9999-12-31 20:00 -05:00 is
// year 10000 in UTC, which JSON cannot write) are refused, not a 500.
func TestAnAttemptOutOfTimeIsRefused(t *testing.T) {
	_, a := start(t)
	tia := a.Login("tia", crmtest.Password)
	rec := crmtest.PlayAttempt(t, "far-future", crmtest.AttemptScenario, nil)
	base := time.Date(9999, 12, 31, 20, 0, 0, 0, time.FixedZone("", -5*3600))
	move := func(x time.Time) time.Time { return base.Add(x.Sub(rec.Started)) }
	for i := range rec.Events {
		rec.Events[i].At = move(rec.Events[i].At)
	}
	rec.Finished, rec.Started = move(rec.Finished), base
	crmtest.Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, crmtest.AttemptUpload(t, rec)), 422, "an attempt in year 10000")
	// Started late in 9999 with no finish, it would end in 10000; started
	// in 1700, its length to the last event would overflow.
	for _, started := range []time.Time{time.Date(9999, 12, 31, 12, 0, 0, 0, time.UTC), time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC)} {
		rec := crmtest.PlayAttempt(t, "odd-"+started.Format("2006"), crmtest.AttemptScenario, nil)
		if started.Year() > 9000 {
			for i := range rec.Events {
				rec.Events[i].At = started.Add(rec.Events[i].At.Sub(rec.Started))
			}
			rec.DurationMS = (24 * time.Hour).Milliseconds()
		}
		rec.Started, rec.Finished = started, time.Time{}
		crmtest.Expect(t, a.Do("POST", "/v1/training/attempts", tia.AccessToken, nil, crmtest.AttemptUpload(t, rec)), 422, "an attempt started "+started.String())
	}
}

// A batch does not echo an item's ID that is no case's: it may hold a
// card number.
func TestABatchDoesNotEchoAnIDThatIsNoCases(t *testing.T) {
	_, a := start(t)
	ana := a.Login("ana", crmtest.Password)
	r := a.Do("POST", "/v1/cases:batch", ana.AccessToken, nil, []byte(`{"items":[{"id":"`+testCard+`","key":"k1","base":0,"case":{}}]}`))
	crmtest.Expect(t, r, 200, "batch")
	if strings.Contains(string(r.Body), testCard) {
		t.Errorf("the answer holds the card number: %s", r.Body)
	}
}

// An amount typed as a card number is not stored: a dispute, a balance.
func TestAmountsThatAreCardNumbersAreNotStored(t *testing.T) {
	_, a := start(t)
	ana := a.Login("ana", crmtest.Password)
	c := escalatedCase("C-DISP")
	c.Escalation.Dispute = 4111111111111111
	c.Customer.Balance = 4111111111111111
	crmtest.Expect(t, a.PutCase(ana.AccessToken, "case:C-DISP:v1", c), 201, "put")
	if r := a.Do("GET", "/v1/cases/C-DISP", ana.AccessToken, nil, nil); strings.Contains(string(r.Body), "4111111111111111") {
		t.Errorf("stored and served: %s", r.Body)
	}
}

// A refused token's claims do not reach the log: the parser's message
// quotes what a client wrote there.
func TestARefusedTokenLogsNoClaims(t *testing.T) {
	var buf syncBuffer
	_, a := start(t, func(c *server.Config) { c.Logger = slog.New(slog.NewJSONHandler(&buf, nil)) })
	enc := base64.RawURLEncoding.EncodeToString
	hdr := enc([]byte(`{"alg":"EdDSA","typ":"at+jwt","kid":"k20260101T000000Z-00000000"}`))
	for _, claims := range []string{`{"sub":"ana","exp":"4111 1111 1111 1111"}`, `{"sub":"ana","iat":"4111 1111 1111 1111"}`} {
		crmtest.Expect(t, a.Do("GET", "/v1/cases", hdr+"."+enc([]byte(claims))+"."+enc(make([]byte, 64)), nil, nil), 401, "forged")
	}
	if log := buf.String(); strings.Contains(log, "4111 1111 1111 1111") {
		t.Errorf("the log holds a card number:\n%s", log)
	}
}

// A body length declared and never sent holds no buffer of that size:
// a hundred such requests, one byte each, stay well under what a hundred
// buffers of the body cap would take.
func TestADeclaredBodyThatNeverComesHoldsLittle(t *testing.T) {
	const conns = 100
	_, a := start(t, func(c *server.Config) { c.RateLimit, c.RateBurst = 20, 100 })
	ana := a.Login("ana", crmtest.Password)
	host := strings.TrimPrefix(a.Base, "http://")
	var open []net.Conn
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	peak := heapPeak(t, func() {
		for range conns {
			c, err := net.Dial("tcp", host)
			if err != nil {
				t.Fatal(err)
			}
			open = append(open, c)
			fmt.Fprintf(c, "POST /v1/cases:batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{", ana.AccessToken, server.MaxBodyBytes-1)
		}
		time.Sleep(1500 * time.Millisecond)
	})
	if peak > 32*mib {
		t.Errorf("heap in use peaked %.1f MiB above idle for %d bytes of bodies", float64(peak)/mib, conns)
	}
}
