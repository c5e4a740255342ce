package server_test

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
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

// A file that is not UTF-8 (a spreadsheet's "CSV" in Windows-1252, a
// UTF-16 text) was imported with every accented letter of a name turned
// into U+FFFD, and a UTF-16 header was reported as a missing column:
// the operator is told which line and column and how to save the file.
func TestImportRefusesTextThatIsNotUTF8(t *testing.T) {
	for name, tc := range map[string]struct{ file, want string }{
		"windows-1252 row":    {"account,name,address\nA1,Ana,Calle 1\nA2,Jos\xe9 P\xe9rez,Calle 2\n", "line 3, column name: not UTF-8 text"},
		"windows-1252 header": {"account,name,direcci\xf3n\nA1,Ana,x\n", "line 1: not UTF-8 text"},
		"utf-16":              {"\xff\xfea\x00c\x00c\x00o\x00u\x00n\x00t\x00,\x00n\x00a\x00m\x00e\x00\r\x00\n\x00", "line 1: not UTF-8 text"},
	} {
		list, err := server.ParseCustomersCSV(strings.NewReader(tc.file), time.Now())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %+v %v, want %q", name, list, err, tc.want)
		}
	}
}

// A file that cannot be read (a folder given for the file, a disk error)
// is said as the error it is, and a header that is not CSV as that: both
// were reported as a file with no header.
func TestImportSaysWhyTheHeaderWasNotRead(t *testing.T) {
	_, err := server.ParseCustomersCSV(iotest.ErrReader(errors.New("read customers.csv: is a directory")), time.Now())
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("unreadable file: %v", err)
	}
	_, err = server.ParseCustomersCSV(strings.NewReader("account,na\"me\nA1,Ana\n"), time.Now())
	if err == nil || err.Error() != "line 1: not valid CSV" {
		t.Errorf("a stray quote in the header: %v", err)
	}
	_, err = server.ParseCustomersCSV(strings.NewReader(""), time.Now())
	if err == nil || err.Error() != "line 1: no header" {
		t.Errorf("an empty file: %v", err)
	}
}

// A row of empty fields (a spreadsheet's export of formatted but empty
// rows below the data: ",,,,") holds no customer and is passed over, as
// an empty line is: each was reported as a missing account and name, and
// nothing was imported.
func TestImportPassesOverRowsOfEmptyFields(t *testing.T) {
	file := "account,name,plan\r\nA1,Ana,Fibra\r\n,,\r\n , ,\r\nA2,Bob,\r\n,,\r\n"
	list, err := server.ParseCustomersCSV(strings.NewReader(file), time.Now())
	if err != nil || len(list) != 2 || list[0].Account != "A1" || list[1].Account != "A2" {
		t.Errorf("%+v %v", list, err)
	}
	// A row with something in it is still held to the rules.
	_, err = server.ParseCustomersCSV(strings.NewReader("account,name,plan\nA1,Ana,\n,,Fibra\n"), time.Now())
	if err == nil || !strings.Contains(err.Error(), "line 3, column account") {
		t.Errorf("a row with a plan only: %v", err)
	}
}

// A spreadsheet set to a language that writes decimal commas saves "CSV"
// with semicolons between the columns: the file was refused as missing
// its account column, which was there. It is now told what to change.
func TestImportSaysTheColumnsAreSeparatedBySemicolons(t *testing.T) {
	_, err := server.ParseCustomersCSV(strings.NewReader("account;name;plan\r\nA1;Ana;Fibra\r\n"), time.Now())
	if err == nil || !strings.Contains(err.Error(), "line 1: the columns are separated by semicolons") {
		t.Errorf("%v", err)
	}
}

// A control character in a profile (an escape sequence, a bell, a line
// break in a name from a quoted field) was stored, and then reached every
// terminal agentctl prints a customer on, the tables it lines up and the
// PDFs. It is refused by line and column; an address or the services may
// run over lines.
func TestImportRefusesControlCharacters(t *testing.T) {
	file := "account,name,plan,phone,address,services\n" +
		"A1,\"An\x1b[31ma\",Fibra,555,Calle 1,TV\n" +
		"A2,\"Bob\nSmith\",Fibra,555,Calle 2,TV\n" +
		"A3,Eve,Fibra,\"555\x07\",Calle 3,TV\n" +
		"A4,Ivy,Fibra,555,\"Calle 4\x00\x1b]0;x\x07\",TV\n"
	_, err := server.ParseCustomersCSV(strings.NewReader(file), time.Now())
	for _, want := range []string{"line 2, column name", "line 3, column name", "line 5, column phone", "line 6, column address"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v lacks %q", err, want)
		}
	}
	list, err := server.ParseCustomersCSV(strings.NewReader("account,name,address,services\nA1,Ana,\"Calle 1\r\nPiso 2\",\"TV\tFibra\"\n"), time.Now())
	if err != nil || len(list) != 1 || list[0].Address != "Calle 1\nPiso 2" {
		t.Errorf("an address over two lines: %+v %v", list, err)
	}
}
