namespace LeanData.Outreach.Engine.Records;

/// <summary>What a Salesforce field that should hold an Outreach id actually held.</summary>
public enum OutreachIdStatus
{
    /// <summary>Absent, null, empty or whitespace.</summary>
    Missing,
    /// <summary>A positive integer that fits in a 64-bit id.</summary>
    Valid,
    /// <summary>Something that cannot be an Outreach id (text, a fraction, zero, negative, too large, an object).</summary>
    Invalid,
}

/// <summary>The parsed value of an Outreach id field.</summary>
public readonly record struct OutreachIdParse(OutreachIdStatus Status, long Id, string? Problem)
{
    public static OutreachIdParse Missing { get; } = new(OutreachIdStatus.Missing, 0, null);
}
