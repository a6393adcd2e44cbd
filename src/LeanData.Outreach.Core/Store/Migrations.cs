namespace LeanData.Outreach.Store;

/// <summary>
/// The ordered list of schema steps. Append only: a released step is never edited, because stores
/// in the field are already past it. Times are stored as Unix milliseconds (UTC) so range filters use indexes.
/// </summary>
public static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "settings and encrypted secrets", """
            CREATE TABLE settings (
                key        TEXT PRIMARY KEY,
                value      TEXT NOT NULL,
                updated_ms INTEGER NOT NULL
            );
            CREATE TABLE secrets (
                name       TEXT PRIMARY KEY,
                protected  BLOB NOT NULL,
                updated_ms INTEGER NOT NULL
            );
            """),
        new(2, "catalog cache and Salesforce user map", """
            CREATE TABLE catalog_sequences (
                id                 INTEGER PRIMARY KEY,
                name               TEXT NOT NULL,
                enabled            INTEGER NOT NULL,
                locked             INTEGER NOT NULL,
                share_type         TEXT NOT NULL,
                owner_user_id      INTEGER,
                ruleset_id         INTEGER,
                has_email_step     INTEGER NOT NULL,
                permit_duplicates  TEXT,
                exclusivity        TEXT,
                refreshed_ms       INTEGER NOT NULL
            );
            CREATE INDEX ix_catalog_sequences_name ON catalog_sequences(name COLLATE NOCASE);
            CREATE TABLE catalog_users (
                id                 INTEGER PRIMARY KEY,
                name               TEXT,
                email              TEXT,
                locked             INTEGER NOT NULL,
                default_mailbox_id INTEGER,
                refreshed_ms       INTEGER NOT NULL
            );
            CREATE TABLE catalog_mailboxes (
                id                 INTEGER PRIMARY KEY,
                user_id            INTEGER,
                email              TEXT,
                send_enabled       INTEGER NOT NULL,
                sync_enabled       INTEGER NOT NULL,
                send_credentials_valid INTEGER NOT NULL DEFAULT 1,
                refreshed_ms       INTEGER NOT NULL
            );
            CREATE INDEX ix_catalog_mailboxes_user ON catalog_mailboxes(user_id);
            CREATE TABLE catalog_refresh (
                catalog      TEXT PRIMARY KEY,
                refreshed_ms INTEGER NOT NULL
            );
            CREATE TABLE salesforce_users (
                salesforce_user_id TEXT PRIMARY KEY COLLATE NOCASE,
                outreach_user_id   INTEGER NOT NULL,
                name               TEXT,
                imported_ms        INTEGER NOT NULL
            );
            """),
        new(3, "actions, attempts, callouts and leases", """
            CREATE TABLE actions (
                id                  INTEGER PRIMARY KEY AUTOINCREMENT,
                action_type         TEXT NOT NULL DEFAULT 'Add to Sequence',
                node_name           TEXT NOT NULL,
                record_id           TEXT,
                record_type         TEXT,
                target_record_id    TEXT,
                target_record_type  TEXT,
                prospect_id         INTEGER,
                sequence_id         INTEGER,
                sequence_name       TEXT,
                mailbox_id          INTEGER,
                user_id             INTEGER,
                outcome             TEXT NOT NULL,
                edge                TEXT,
                error_category      TEXT,
                message             TEXT,
                failure_reason      TEXT,
                attempts            INTEGER NOT NULL DEFAULT 0,
                next_attempt_ms     INTEGER,
                sequence_state_id   INTEGER,
                last_status_code    INTEGER,
                total_duration_ms   INTEGER NOT NULL DEFAULT 0,
                created_ms          INTEGER NOT NULL,
                updated_ms          INTEGER NOT NULL,
                lease_owner         TEXT,
                lease_expires_ms    INTEGER
            );
            CREATE INDEX ix_actions_created ON actions(created_ms);
            CREATE INDEX ix_actions_outcome_created ON actions(outcome, created_ms);
            CREATE INDEX ix_actions_due ON actions(outcome, next_attempt_ms) WHERE outcome = 'Pending';
            CREATE INDEX ix_actions_record ON actions(record_id);
            CREATE INDEX ix_actions_prospect_sequence ON actions(prospect_id, sequence_id);
            CREATE TABLE attempts (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                action_id       INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
                attempt_number  INTEGER NOT NULL,
                started_ms      INTEGER NOT NULL,
                http_status     INTEGER,
                error_category  TEXT,
                message         TEXT,
                duration_ms     INTEGER NOT NULL
            );
            CREATE INDEX ix_attempts_action ON attempts(action_id);
            CREATE TABLE callouts (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                action_id       INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
                started_ms      INTEGER NOT NULL,
                method          TEXT NOT NULL,
                path            TEXT NOT NULL,
                status_code     INTEGER NOT NULL,
                duration_ms     INTEGER NOT NULL,
                response        TEXT,
                failure_reason  TEXT
            );
            CREATE INDEX ix_callouts_action ON callouts(action_id);
            CREATE TABLE rate_limit_status (
                outreach_user_id  INTEGER PRIMARY KEY,
                server_limit      INTEGER,
                server_remaining  INTEGER,
                server_reset_ms   INTEGER,
                observed_ms       INTEGER NOT NULL
            );
            """),
        new(4, UserSequenceMapMigration.Description, UserSequenceMapMigration.Sql),
        new(5, LogMigration.Description, LogMigration.Sql),
        new(6, TokenRefreshLockRepository.MigrationDescription, TokenRefreshLockRepository.MigrationSql),
        // Retention (Remove-LDAuditLog) gives deleted pages back to the file system: incremental auto-vacuum can only be
        // switched on for an existing file by rebuilding it once.
        new(7, "incremental auto-vacuum", "PRAGMA auto_vacuum = INCREMENTAL;\nVACUUM;", OutsideTransaction: true),
        new(8, "send path (Bulk or Single) of actions and attempts", """
            ALTER TABLE actions ADD COLUMN via TEXT;
            ALTER TABLE attempts ADD COLUMN via TEXT;
            """),
    ];
}
