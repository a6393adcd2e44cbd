namespace LeanData.Outreach.Routing;

/// <summary>How the caller named a user or sequence: by Outreach id, or by text (sequence name; user email or name).</summary>
public readonly record struct MapReference(long? Id, string? Text)
{
    public static MapReference FromId(long id) => new(id, null);

    /// <summary>A whole number is an id; anything else is a name.</summary>
    public static MapReference Parse(string text) =>
        long.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? new(id, null)
            : new(null, text.Trim());

    public override string ToString() => Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? $"'{Text}'";
}
