namespace LeanData.Outreach.Sandbox.Model;

/// <summary>An Outreach prospect. <see cref="Locked"/>, <see cref="MergedIntoId"/> and <see cref="CustomValidationError"/> are sandbox-side switches.</summary>
public sealed class SandboxProspect
{
    public long Id { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public List<string> Emails { get; set; } = new();
    public bool OptedOut { get; set; }
    public long? OwnerId { get; set; }
    /// <summary>Soft-deleted (trashed): GET and enrollment answer 404.</summary>
    public bool Deleted { get; set; }
    /// <summary>Merged into another prospect: GET answers 404, enrollment 422.</summary>
    public long? MergedIntoId { get; set; }
    /// <summary>Locked prospect (no Outreach attribute exists; the sandbox keeps it internal).</summary>
    public bool Locked { get; set; }
    /// <summary>When set, enrollment fails 422 with this detail (an org's custom validation rule).</summary>
    public string? CustomValidationError { get; set; }
    public string? Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = SandboxClock.Epoch;
    public DateTimeOffset? OptedOutAt => OptedOut ? CreatedAt : null;
    public string Name => (FirstName + " " + LastName).Trim();
    public bool IsVisible => !Deleted && MergedIntoId is null;
}
