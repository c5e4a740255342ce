package sqlite

// OutboxStatsSQL lets the tests read the plan SQLite makes for it.
const OutboxStatsSQL = outboxStatsSQL
