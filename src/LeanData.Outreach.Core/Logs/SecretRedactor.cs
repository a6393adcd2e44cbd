using System.Text.RegularExpressions;

namespace LeanData.Outreach.Logs;

/// <summary>
/// Last line of defence for text read back from the store: bearer tokens and OAuth fields are masked, so
/// a secret that slipped into a stored message or response never reaches a log row.
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "***";

    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || !MayHoldSecret(text)) return text;
        text = BearerPattern().Replace(text, m => m.Groups[1].Value + Mask);
        text = JsonFieldPattern().Replace(text, m => m.Groups[1].Value + Mask + "\"");
        return FormFieldPattern().Replace(text, m => m.Groups[1].Value + Mask);
    }

    private static bool MayHoldSecret(string text) =>
        text.Contains("earer", StringComparison.OrdinalIgnoreCase) || text.Contains("token", StringComparison.OrdinalIgnoreCase) ||
        text.Contains("secret", StringComparison.OrdinalIgnoreCase) || text.Contains("code", StringComparison.OrdinalIgnoreCase) ||
        text.Contains("password", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?i)(bearer\s+)[A-Za-z0-9\-\._~\+/]+=*")]
    private static partial Regex BearerPattern();

    [GeneratedRegex(@"(?i)(""(?:access_token|refresh_token|client_secret|code|password)""\s*:\s*"")[^""]*""")]
    private static partial Regex JsonFieldPattern();

    [GeneratedRegex(@"(?i)((?:^|[?&\s])(?:access_token|refresh_token|client_secret|code)=)[^&\s]+")]
    private static partial Regex FormFieldPattern();
}
