namespace LeanData.Outreach.Store;

/// <summary>
/// The logs' schema step: indexes for the audit filters and the rate-limit window, and the per-action cap
/// on the callout history. When an action already holds <see cref="CalloutHistoryCap.SettingsKey"/> callouts
/// (default <see cref="CalloutHistoryCap.Default"/>), further callouts are not stored and the action is
/// flagged, which the partner log reports as "Log length hit".
/// </summary>
public static class LogMigration
{
    public const string Description = "audit filter indexes, callout history cap (Log length hit)";

    public const string Sql = """
        ALTER TABLE actions ADD COLUMN log_length_hit INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_actions_node_created ON actions(node_name COLLATE NOCASE, created_ms);
        CREATE INDEX ix_actions_category_created ON actions(error_category COLLATE NOCASE, created_ms);
        CREATE INDEX ix_actions_sequence_name ON actions(sequence_name COLLATE NOCASE);
        CREATE INDEX ix_actions_target_record ON actions(target_record_id);
        CREATE INDEX ix_callouts_started ON callouts(started_ms);
        CREATE TRIGGER tr_callouts_history_cap BEFORE INSERT ON callouts
        WHEN (SELECT COUNT(*) FROM callouts WHERE action_id = NEW.action_id) >=
             COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'calloutHistoryCap'), 50)
        BEGIN
            UPDATE actions SET log_length_hit = 1 WHERE id = NEW.action_id;
            SELECT RAISE(IGNORE);
        END;
        """;
}
