namespace LeanData.Outreach.Store;

/// <summary>
/// The user-sequence map's schema step: one primary sequence per Outreach user, and an index for the
/// routing insights' time-range scans by action type.
/// </summary>
public static class UserSequenceMapMigration
{
    public const string Description = "user-sequence map, routing insight index";

    public const string Sql = """
        CREATE TABLE user_sequence_map (
            outreach_user_id INTEGER PRIMARY KEY,
            user_name        TEXT,
            user_email       TEXT,
            sequence_id      INTEGER NOT NULL,
            sequence_name    TEXT,
            updated_ms       INTEGER NOT NULL
        );
        CREATE INDEX ix_user_sequence_map_sequence ON user_sequence_map(sequence_id);
        CREATE INDEX ix_actions_type_created ON actions(action_type, created_ms);
        """;
}
