namespace LeanData.Outreach.Logs;

/// <summary>
/// How many callouts the partner log keeps per action; reaching it is reported as "Log length hit".
/// Read and set through <c>ConfigurationRepository</c>.
/// </summary>
public static class CalloutHistoryCap
{
    public const string SettingsKey = "calloutHistoryCap";
    public const int Default = 50;
    public const string FailureReason = "Log length hit";
}
