namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// The OAuth scopes this module needs. The reference document's four (sequences.all, sequenceStates.all,
/// mailboxes.all, prospects.all) plus read access to what catalog refresh lists: users, sequenceSteps
/// (has the sequence an email step?) and rulesets (duplicate and exclusivity settings).
/// A granted <c>x.all</c> covers <c>x.read</c>/<c>x.write</c>/<c>x.delete</c>.
/// </summary>
public static class OutreachScopes
{
    public static IReadOnlyList<string> Required { get; } =
    [
        "sequences.all",
        "sequenceStates.all",
        "mailboxes.all",
        "prospects.all",
        "users.read",
        "sequenceSteps.read",
        "rulesets.read",
    ];

    /// <summary>Splits a space- or comma-separated scope string.</summary>
    public static IReadOnlyList<string> Parse(string? scope) =>
        string.IsNullOrWhiteSpace(scope)
            ? []
            : scope.Split([' ', ',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The required scopes not covered by <paramref name="granted"/> (case-insensitive; x.all covers x.read).</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> granted, IEnumerable<string>? required = null)
    {
        var set = new HashSet<string>(granted, StringComparer.OrdinalIgnoreCase);
        return (required ?? Required).Where(scope => !IsCovered(scope, set)).ToList();
    }

    private static bool IsCovered(string scope, HashSet<string> granted)
    {
        if (granted.Contains(scope)) return true;
        var dot = scope.LastIndexOf('.');
        return dot > 0 && granted.Contains(scope[..dot] + ".all");
    }
}
