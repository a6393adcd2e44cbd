namespace LeanData.Outreach.Connection;

/// <summary>
/// One result of Test-LDOutreachConnection. <see cref="Passed"/> is null when the API cannot show the answer
/// (the remediation then says where to look in Outreach). A warning passes (nothing is broken) but says what
/// works less well. Never holds a secret.
/// </summary>
public sealed record ConnectionCheck(string Name, bool? Passed, string Detail, string? RecommendedAction, bool IsWarning = false)
{
    /// <summary>Passed, Warning, Failed or NotChecked.</summary>
    public string Status => IsWarning ? "Warning" : Passed switch { true => "Passed", false => "Failed", null => "NotChecked" };

    public static ConnectionCheck Pass(string name, string detail) => new(name, true, detail, null);
    public static ConnectionCheck Warn(string name, string detail, string recommendedAction) => new(name, true, detail, recommendedAction, IsWarning: true);
    public static ConnectionCheck Fail(string name, string detail, string recommendedAction) => new(name, false, detail, recommendedAction);
    public static ConnectionCheck NotChecked(string name, string detail, string recommendedAction) => new(name, null, detail, recommendedAction);
}
