namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>The exception carried by ErrorRecords the module creates itself; <see cref="ErrorId"/> matches the record's id.</summary>
public sealed class LDOutreachException(string errorId, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorId { get; } = errorId;
}
