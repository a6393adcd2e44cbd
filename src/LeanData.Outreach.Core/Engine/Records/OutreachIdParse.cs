namespace LeanData.Outreach.Engine.Records;

/// <summary>What a Salesforce field that should hold an Outreach id actually held.</summary>
public enum OutreachIdStatus
{
    /// <summary>Absent, null, empty or whitespace.</summary>
    Missing,
    /// <summary>A positive integer that fits in a 64-bit id.</summary>
    Valid,
    /// <summary>A single value that cannot be an Outreach id (text, a fraction, zero, negative, too large, true/false).</summary>
    Invalid,
    /// <summary>An object or a list where one value belongs: the record's shape is wrong, not the field mapping.</summary>
    NotAValue,
}

/// <summary>The parsed value of an Outreach id field; <see cref="Problem"/> reads after "holds": "'0', which is not a positive whole number, so it cannot be an Outreach id".</summary>
public readonly record struct OutreachIdParse(OutreachIdStatus Status, long Id, string? Problem)
{
    public static OutreachIdParse Missing { get; } = new(OutreachIdStatus.Missing, 0, null);
}
