package server_test

import (
	"strings"
	"testing"
	"time"

	"agentdesk/crm/server"
)

// A file saved by a tool that quotes every field after a byte-order mark
// (PowerShell's Export-Csv, some spreadsheet exports) is the same file
// as one without the mark: its header was refused as no header at all.
func TestImportReadsAByteOrderMarkBeforeAQuotedHeader(t *testing.T) {
	for name, s := range map[string]string{
		"quoted":   "\ufeff\"account\",\"name\"\r\n\"A1\",\"Ana Pérez\"\r\n",
		"unquoted": "\ufeffaccount,name\r\nA1,Ana Pérez\r\n",
	} {
		list, err := server.ParseCustomersCSV(strings.NewReader(s), time.Now())
		if err != nil || len(list) != 1 || list[0].Account != "A1" || list[0].Name != "Ana Pérez" {
			t.Errorf("%s: %+v %v", name, list, err)
		}
	}
}
