using LeanData.Outreach.Catalog;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Engine.Records;

namespace LeanData.Outreach.Tests.Engine;

/// <summary>Builds records the way the cmdlet hands them to the engine: nested case-insensitive dictionaries.</summary>
internal static class Rec
{
    public static Dictionary<string, object?> Obj(params (string Key, object? Value)[] fields)
    {
        var d = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in fields) d[k] = v;
        return d;
    }

    public static SalesforceRecord Make(params (string Key, object? Value)[] fields) => new(1, Obj(fields));

    public static SalesforceRecord At(long index, params (string Key, object? Value)[] fields) => new(index, Obj(fields));

    public static readonly FieldMapping Mapping = new("Outreach_ID__c", "Outreach_Contact_ID__c", "Outreach_User_ID__c");

    public static readonly SequenceInfo Sequence = new(11, "Inbound Follow-up", true, false, "shared", 1, null, true, "disallow", null);

    public static CatalogSnapshot Catalog(IEnumerable<KeyValuePair<string, long>>? sfUsers = null) => new(
        [
            new OutreachUserInfo(1, "Ada Owner", "ada@example.com", false, 101),
            new OutreachUserInfo(2, "Bo Sdr", "bo@example.com", false, 102),
            new OutreachUserInfo(3, "Cy NoMailbox", "cy@example.com", false, null),
        ],
        [
            new MailboxInfo(101, 1, "ada@example.com", true, true),
            new MailboxInfo(102, 2, "bo@example.com", true, true),
            new MailboxInfo(201, 2, "bo.alt@example.com", true, true),
        ],
        sfUsers);

    public static Planner Planner(MailboxMode mode = MailboxMode.RecordOwner, string? userField = null, SenderSpec? sender = null,
        bool mergeDupe = false, string? authProblem = null, SequenceInfo? sequence = null, CatalogSnapshot? catalog = null) =>
        new(new PlanOptions(sequence ?? Sequence, Mapping, mode, userField, sender, mergeDupe, "Node A", authProblem), catalog ?? Catalog());
}
