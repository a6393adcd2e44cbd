namespace LeanData.Outreach.Catalog;

/// <summary>
/// Salesforce User ids as catalog keys: 15 characters (case-sensitive) or 18 (15 plus a 3-character case
/// checksum). Keys are always the 18-character form, compared case-insensitively: two 15-character ids that
/// differ only in case have different checksums, so nothing collides.
/// </summary>
public static class SalesforceUserId
{
    public const string UserPrefix = "005";
    private const string ChecksumAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>True for 15 or 18 ASCII letters and digits.</summary>
    public static bool IsWellFormed(string? id)
    {
        if (id is null || (id.Length != 15 && id.Length != 18)) return false;
        foreach (var c in id)
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        return true;
    }

    /// <summary>A well-formed id with the User key prefix 005.</summary>
    public static bool IsUserId(string? id) => IsWellFormed(id) && id!.StartsWith(UserPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The canonical 18-character key: a 15-character id gets its checksum; an 18-character id has the case of its
    /// first 15 characters restored from its checksum (so a lower-cased 18-character id still finds its row).
    /// </summary>
    public static string ToKey(string id)
    {
        if (!IsWellFormed(id)) throw new ArgumentException($"'{id}' is not a 15- or 18-character Salesforce id.", nameof(id));
        Span<char> result = stackalloc char[18];
        if (id.Length == 18 && TryRestoreCase(id, result)) return new string(result);
        id.AsSpan(0, 15).CopyTo(result);
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
                if (char.IsAsciiLetterUpper(result[chunk * 5 + i])) bits |= 1 << i;
            result[15 + chunk] = ChecksumAlphabet[bits];
        }
        return new string(result);
    }

    private static bool TryRestoreCase(string id, Span<char> result)
    {
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = ChecksumAlphabet.IndexOf(char.ToUpperInvariant(id[15 + chunk]));
            if (bits < 0) return false;
            for (var i = 0; i < 5; i++)
            {
                var c = id[chunk * 5 + i];
                result[chunk * 5 + i] = (bits & (1 << i)) != 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
            }
            result[15 + chunk] = ChecksumAlphabet[bits];
        }
        return true;
    }
}
