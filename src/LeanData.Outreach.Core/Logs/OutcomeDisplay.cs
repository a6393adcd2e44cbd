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

    /// <summary>The reference document's Audit Log Filter names, each with the filter it means.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, AuditOutcome>> FilterNames =
    [
        new("Success (Outreach)", AuditOutcome.Success),
        new("Pending (Outreach)", AuditOutcome.Pending),
        new("Error (Outreach)", AuditOutcome.Error),
        new("Error (Fallback)", AuditOutcome.Fallback),
    ];

    /// <summary>
    /// Reads an audit filter value given as the integration's name ('Error (Outreach)') or the short one ('Error'),
    /// case-insensitively; numbers are not names.
    /// </summary>
    public static bool TryParseFilter(string? text, out AuditOutcome outcome)
    {
        var trimmed = (text ?? "").Trim();
        foreach (var (name, filter) in FilterNames)
        {
            if (!string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase)) continue;
            outcome = filter;
            return true;
        }
        return Enum.TryParse(trimmed, ignoreCase: true, out outcome) && Enum.IsDefined(outcome) && !trimmed.All(char.IsAsciiDigit);
    }

    /// <summary>The stored outcome values an audit filter value stands for.</summary>
    public static IEnumerable<string> StoredValues(AuditOutcome filter) => filter switch
    {
        AuditOutcome.Fallback => ["Error", "Edge"],
        _ => [filter.ToString()],
    };
}
