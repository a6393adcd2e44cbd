namespace LeanData.Outreach.Sandbox.OAuth;

/// <summary>A freshly minted access/refresh token pair (the only time the plain tokens exist in the sandbox).</summary>
public sealed record TokenIssue(string AccessToken, string RefreshToken, int ExpiresIn, IReadOnlyList<string> Scopes, long CreatedAt, long UserId)
{
    public string Scope => string.Join(' ', Scopes);
    public override string ToString() => $"TokenIssue(user {UserId}, scope '{Scope}', expires in {ExpiresIn}s)";
}
