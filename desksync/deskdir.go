package desksync

import "path/filepath"

// LogFile is the desk's log, in DeskDir: the app's, where agentctl also
// keeps the detail of a failure it can only say in general terms.
const LogFile = "agentdesk.log"

// DeskDir is the folder that keeps what belongs to one desk database: its
// crmd session (crm.SessionFile), the packs crmd published to it
// (SyncPlaybook, PackBase) and its log (LogFile). It is the folder of the
// database in use, dbPath, and dataDir (the per-user data folder) when no
// database is named. The app and agentctl both decide it here: decided
// apart, the app kept a --db's session in the data folder and agentctl
// beside the database, so the two did not share a login on one --db, and
// a second desk database on the machine (a trainer's, a test's) took the
// first desk's login, whose user may not own its outbox.
func DeskDir(dbPath string, dataDir func() (string, error)) (string, error) {
	if dbPath != "" {
		return filepath.Dir(dbPath), nil
	}
	return dataDir()
}
