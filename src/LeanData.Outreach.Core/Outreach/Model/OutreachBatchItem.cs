namespace LeanData.Outreach.Outreach.Model;

/// <summary>
/// One item of a batch. <see cref="Info"/> is Outreach's failure description (the single POST's error detail).
/// <see cref="Data"/> is kept as Outreach sent it: its format is not documented, so it is only a hint.
/// </summary>
public sealed record OutreachBatchItem(long Id, string? State, bool Failed, string? Info, string? Data);
