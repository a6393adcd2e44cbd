namespace LeanData.Outreach.Store;

/// <summary>Connection metadata kept in <c>settings</c> (no secrets): who is authorized, where, with what scopes, until when.</summary>
public sealed record OutreachConnectionInfo(
    string ClientId,
    Uri ApiBaseUri,
    Uri RedirectUri,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? TokenExpiresAt,
    long? AuthorizedUserId,
    string? AuthorizedUserEmail,
    DateTimeOffset ConnectedAt)
{
    public const string SettingsKey = "outreach.connection";
}
