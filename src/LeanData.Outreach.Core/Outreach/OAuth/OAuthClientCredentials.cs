namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>The app registration. <see cref="ToString"/> never shows the secret.</summary>
public sealed record OAuthClientCredentials(string ClientId, string ClientSecret, Uri RedirectUri)
{
    public override string ToString() => $"OAuthClientCredentials {{ ClientId = {ClientId}, RedirectUri = {RedirectUri} }}";
}
