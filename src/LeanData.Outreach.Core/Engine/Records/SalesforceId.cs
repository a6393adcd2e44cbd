namespace LeanData.Outreach.Engine.Records;

/// <summary>
/// Salesforce record ids: 15 characters (case-sensitive) or 18 characters (15 plus a 3-character case
/// checksum). The first three characters are the key prefix that names the object.
/// </summary>
public static class SalesforceId
{
    public const string LeadPrefix = "00Q";
    public const string ContactPrefix = "003";
    public const string UserPrefix = "005";
    public const string QueuePrefix = "00G";
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

    /// <summary>The object a well-formed id names by its key prefix (Unknown for any other prefix).</summary>
    public static SalesforceObjectType TypeFromPrefix(string id)
    {
        if (id.Length < 3) return SalesforceObjectType.Unknown;
        var prefix = id.AsSpan(0, 3);
        if (prefix.SequenceEqual(LeadPrefix)) return SalesforceObjectType.Lead;
        if (prefix.SequenceEqual(ContactPrefix)) return SalesforceObjectType.Contact;
        if (prefix.SequenceEqual(UserPrefix)) return SalesforceObjectType.User;
        if (prefix.SequenceEqual(QueuePrefix)) return SalesforceObjectType.Queue;
        return SalesforceObjectType.Unknown;
    }

    /// <summary>
    /// The canonical 18-character form of a well-formed id, for use as a case-insensitive key: a 15-character id
    /// gets its checksum; an 18-character id has the case of its first 15 characters restored from its checksum
    /// (so a lower-cased 18-character id still finds its row). Two 15-character ids that differ only in case have
    /// different checksums, so nothing collides.
    /// </summary>
    public static string To18(string id)
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
