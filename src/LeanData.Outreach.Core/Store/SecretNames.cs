namespace LeanData.Outreach.Store;

/// <summary>Names of the rows in the <c>secrets</c> table.</summary>
public static class SecretNames
{
    public const string ClientSecret = "outreach.clientSecret";
    public const string AccessToken = "outreach.accessToken";
    public const string RefreshToken = "outreach.refreshToken";
}
