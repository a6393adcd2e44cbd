using System.Globalization;
using System.Management.Automation;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Records;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outreach.Client;

namespace LeanData.Outreach.Cmdlets.Commands.Catalog;

/// <summary>
/// Checks sample Lead, Contact and User records against the field mapping: does each carry its mapped field,
/// does the field hold something that looks like an Outreach id, and (with -Online) does Outreach know that id
/// (prospects for Leads and Contacts, users for Users). Writes one result per record.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "LDFieldMapping")]
[OutputType(typeof(FieldMappingCheck))]
public sealed class TestLDFieldMappingCommand : ConnectedLDCmdlet
{
    private const int OnlineConcurrency = 4;
    private readonly List<FieldMappingCheck> _pending = [];
    private FieldMapping? _mapping;
    private int _index;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Treats every record as this object type when it carries neither attributes.type nor a recognisable Id.</summary>
    [Parameter]
    [ValidateSet("Lead", "Contact", "User")]
    public string? ObjectType { get; set; }

    [Parameter]
    public SwitchParameter Online { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _mapping = Store.Exists ? new ConfigurationRepository(Store).GetFieldMapping() : null;
        if (_mapping is null)
            ThrowFailure(ErrorCatalog.FieldMappingNotSet, "No field mapping is set in this store.", Store.Path,
                "Run Set-LDFieldMapping -Lead <field> -Contact <field> -User <field> with the Salesforce fields mapped to Id (Outreach Internal) in Outreach.");
    }

    protected override void ProcessRecord()
    {
        foreach (var record in RecordConverter.ToRecords(InputObject, () => ++_index)) Check(record);
    }

    protected override void EndProcessing()
    {
        if (Online && _pending.Count > 0)
        {
            var results = new FieldMappingCheck[_pending.Count];
            RunConnected(async (output, ct) =>
            {
                using var session = OpenSession();
                using var progress = new ProgressReporter(output, 1, "Looking up Outreach ids");
                var userIds = _pending.Where(c => c.ObjectType == "User" && c.OutreachId is not null).Select(c => c.OutreachId!.Value).Distinct().ToList();
                var knownUsers = await ExistingUsersAsync(session.Client, userIds, ct).ConfigureAwait(false);
                var done = 0;
                await Parallel.ForEachAsync(Enumerable.Range(0, _pending.Count), new ParallelOptions { MaxDegreeOfParallelism = OnlineConcurrency, CancellationToken = ct }, async (i, token) =>
                {
                    results[i] = await ResolveOnlineAsync(session.Client, _pending[i], knownUsers, token).ConfigureAwait(false);
                    var n = Interlocked.Increment(ref done);
                    progress.Report($"{n} of {_pending.Count} records", n * 100 / _pending.Count);
                }).ConfigureAwait(false);
            }, Store.Path);
            foreach (var result in results) WriteObject(result);
        }
        base.EndProcessing();
    }

    private void Check(SalesforceRecord record)
    {
        var check = Inspect(record);
        if (Online) _pending.Add(check); // looked up at the end, written in input order
        else WriteObject(check);
    }

    private FieldMappingCheck Inspect(SalesforceRecord record)
    {
        var index = (int)record.Index;
        var id = record.GetText("Id");
        var type = DeclaredOrPrefixType(record) ?? ObjectType;
        if (type is not ("Lead" or "Contact" or "User"))
            return new FieldMappingCheck(index, id, type ?? "Unknown", null, false, null, null, null, false,
                type is null
                    ? "Cannot tell whether the record is a Lead, Contact or User: it has no attributes.type and its Id does not start with 00Q, 003 or 005."
                    : $"Records of type '{type}' have no Outreach id mapping (only Lead, Contact and User do).",
                "Pipe Lead, Contact or User records that carry Id (or attributes.type), or pass -ObjectType.");

        var field = _mapping!.ForObject(type);
        var missingRemedy = type == "User" ? ErrorCatalog.RecommendedActionFor(FailureCategory.MissingUserId) : ErrorCatalog.RecommendedActionFor(FailureCategory.MissingProspectId);
        if (!record.TryGet(field, out var raw))
            return new FieldMappingCheck(index, id, type, field, false, null, null, null, false,
                $"The {type} record has no field '{field}'. Either the query or CSV did not include it, or the mapping names the wrong field.",
                $"Include {field} in the query or export; if the {type} field that holds the Outreach id has another name, correct it with Set-LDFieldMapping. " +
                ErrorCatalog.RecommendedActionFor(FailureCategory.ConfigurationError));
        var parsed = OutreachId.Parse(raw);
        var text = RecordConverter.TextOf(raw);
        if (parsed.Status == OutreachIdStatus.Missing)
            return new FieldMappingCheck(index, id, type, field, true, null, null, null, false,
                $"'{field}' is empty on this {type}: the record would take the {(type == "User" ? "Missing User ID" : "Missing Prospect ID")} edge.", missingRemedy);
        if (parsed.Status == OutreachIdStatus.Invalid)
            return new FieldMappingCheck(index, id, type, field, true, text, null, null, false,
                $"'{field}' holds {parsed.Problem}: the mapping probably names the wrong field.",
                ErrorCatalog.RecommendedActionFor(FailureCategory.ConfigurationError));
        return new FieldMappingCheck(index, id, type, field, true, text, parsed.Id, null, true,
            $"'{field}' holds Outreach {(type == "User" ? "user" : "prospect")} id {parsed.Id}.", null);
    }

    // The record's object type: attributes.type, else the Id's key prefix (00Q Lead, 003 Contact, 005 User).
    private static string? DeclaredOrPrefixType(SalesforceRecord record)
    {
        if (record.GetText("attributes.type") is { } declared) return declared;
        return record.GetText("Id") is { } id && SalesforceId.TypeFromPrefix(id) is var type
            && type is SalesforceObjectType.Lead or SalesforceObjectType.Contact or SalesforceObjectType.User
            ? type.ToString()
            : null;
    }

    private static async Task<HashSet<long>> ExistingUsersAsync(OutreachClient client, List<long> ids, CancellationToken cancellationToken)
    {
        var found = new HashSet<long>();
        foreach (var chunk in ids.Chunk(100))
        {
            var query = new Dictionary<string, string> { ["filter[id]"] = string.Join(',', chunk.Select(i => i.ToString(CultureInfo.InvariantCulture))) };
            await foreach (var resource in client.ListAsync("users", query, cancellationToken).ConfigureAwait(false))
                if (resource.Id is { } id) found.Add(id);
        }
        return found;
    }

    private static async Task<FieldMappingCheck> ResolveOnlineAsync(OutreachClient client, FieldMappingCheck check, HashSet<long> knownUsers, CancellationToken cancellationToken)
    {
        if (check.OutreachId is not { } id) return check;
        if (check.ObjectType == "User")
        {
            var exists = knownUsers.Contains(id);
            return exists
                ? check with { ExistsInOutreach = true, Detail = check.Detail + " Outreach has this user." }
                : check with { ExistsInOutreach = false, Passed = false, Detail = check.Detail + " Outreach has no user with this id.", RecommendedAction = ErrorCatalog.RecommendedActionFor(FailureCategory.ResourceNotFound) };
        }
        var result = await client.GetProspectAsync(id, cancellationToken).ConfigureAwait(false);
        return result.Failure switch
        {
            null => check with { ExistsInOutreach = true, Detail = check.Detail + $" Outreach has this prospect ({result.Value?.Name})." },
            { Category: FailureCategory.ResourceNotFound or FailureCategory.ObjectDeleted or FailureCategory.ObjectMerged } failure =>
                check with { ExistsInOutreach = false, Passed = false, Detail = check.Detail + $" Outreach has no such prospect ({failure.Category}).", RecommendedAction = failure.RecommendedAction },
            { } failure => check with { ExistsInOutreach = null, Passed = false, Detail = check.Detail + $" Could not check it in Outreach: {failure}", RecommendedAction = failure.RecommendedAction },
        };
    }
}
