namespace LeanData.Outreach.Engine.Planning;

/// <summary>-User named no Outreach user or mailbox the catalog knows, or named one that cannot send.</summary>
public sealed class SenderResolutionException(string message) : ArgumentException(message, "User");
