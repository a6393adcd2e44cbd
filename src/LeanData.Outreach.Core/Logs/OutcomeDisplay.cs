namespace LeanData.Outreach.Logs;

/// <summary>The audit log's wording for an outcome (the reference document's Audit Log Filters).</summary>
public static class OutcomeDisplay
{
    public static string For(string outcome, string? edge) => outcome switch
    {
        "Success" => "Success (Outreach)",
        "Pending" => "Pending (Outreach)",
        "Error" => "Error (Outreach)",
        "Edge" => edge is null ? "Error (Fallback)" : $"Error (Fallback: {edge})",
        _ => outcome,
    };

    /// <summary>The stored outcome values an audit filter value stands for.</summary>
    public static IEnumerable<string> StoredValues(AuditOutcome filter) => filter switch
    {
        AuditOutcome.Fallback => ["Error", "Edge"],
        _ => [filter.ToString()],
    };
}
