namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>
/// The exception carried by ErrorRecords for failures the cmdlets detect themselves (bad arguments, missing
/// settings); <see cref="ErrorId"/> matches the record's id. Failures from the engine carry the Core's
/// <see cref="LeanData.Outreach.Errors.LDOutreachException"/> instead.
/// </summary>
public sealed class CmdletFailureException(string errorId, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorId { get; } = errorId;
}
