namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>
/// The OAuth scopes of this module. <see cref="Required"/> are the four the integration documents
/// (sequences.all, sequenceStates.all, mailboxes.all, prospects.all): without one the module cannot work.
/// <see cref="Optional"/> are asked for too, but their absence only degrades a feature.
/// A granted <c>x.all</c> covers <c>x.read</c>/<c>x.write</c>/<c>x.delete</c>.
/// </summary>
public static class OutreachScopes
{
    public const string Users = "users.read";
    public const string SequenceSteps = "sequenceSteps.read";
    public const string Rulesets = "rulesets.read";
    public const string BatchesRead = "batches.read";
    public const string BatchesWrite = "batches.write";

    public static IReadOnlyList<string> Required { get; } =
    [
        "sequences.all",
        "sequenceStates.all",
        "mailboxes.all",
        "prospects.all",
    ];

    public static IReadOnlyList<OptionalScope> Optional { get; } =
    [
        new(Users, "senders, \"Specific User\" choices and completion come from the mailboxes (each names its user), " +
            "so users show no name and are not known to be locked; Outreach still refuses a locked user's enrollment (UserLocked)."),
        new(SequenceSteps, "the module cannot see which sequences have email steps, so it skips its own " +
            "\"email step but no email\" check; Outreach's own refusal is still reported as ProspectMissingEmail."),
        new(Rulesets, "sequences show no ruleset details (duplicate and exclusivity settings); nothing else changes."),
        new(BatchesRead, "bulk enrollment is off: every record is sent on its own (one request per enrollment), so large runs take far longer under the hourly rate limit."),
        new(BatchesWrite, "bulk enrollment is off: every record is sent on its own (one request per enrollment), so large runs take far longer under the hourly rate limit."),
    ];

    /// <summary>What the authorize URL asks for: the required scopes and the optional ones.</summary>
    public static IReadOnlyList<string> Requested { get; } = [.. Required, .. Optional.Select(o => o.Scope)];

    /// <summary>Splits a space- or comma-separated scope string.</summary>
    public static IReadOnlyList<string> Parse(string? scope) =>
        string.IsNullOrWhiteSpace(scope)
            ? []
            : scope.Split([' ', ',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The scopes of <paramref name="required"/> (default <see cref="Required"/>) not covered by <paramref name="granted"/> (case-insensitive; x.all covers x.read).</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> granted, IEnumerable<string>? required = null)
    {
        var set = new HashSet<string>(granted, StringComparer.OrdinalIgnoreCase);
        return (required ?? Required).Where(scope => !IsCovered(scope, set)).ToList();
    }

    /// <summary>The optional scopes <paramref name="granted"/> does not cover.</summary>
    public static IReadOnlyList<OptionalScope> MissingOptional(IEnumerable<string> granted)
    {
        var set = new HashSet<string>(granted, StringComparer.OrdinalIgnoreCase);
        return Optional.Where(o => !IsCovered(o.Scope, set)).ToList();
    }

    /// <summary>Whether <paramref name="granted"/> covers <paramref name="scope"/>; an empty grant list (not reported) counts as covering.</summary>
    public static bool Grants(IReadOnlyCollection<string> granted, string scope) =>
        granted.Count == 0 || IsCovered(scope, new HashSet<string>(granted, StringComparer.OrdinalIgnoreCase));

    /// <summary>The one warning Connect-LDOutreach gives for missing optional scopes, or null when all are granted.</summary>
    public static string? DescribeMissingOptional(IEnumerable<string> granted)
    {
        var missing = MissingOptional(granted);
        return missing.Count == 0
            ? null
            : "Connected without optional scope(s) " + string.Join(", ", missing.Select(m => m.Scope)) + ". " +
              string.Join(" ", missing.Select(m => $"Without {m.Scope}: {m.WithoutIt}")) +
              " Grant them and run Connect-LDOutreach again to restore these features.";
    }

    private static bool IsCovered(string scope, HashSet<string> granted)
    {
        if (granted.Contains(scope)) return true;
        var dot = scope.LastIndexOf('.');
        return dot > 0 && granted.Contains(scope[..dot] + ".all");
    }
}
