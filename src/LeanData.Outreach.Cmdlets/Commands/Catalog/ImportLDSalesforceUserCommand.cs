using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Records;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Records;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.Catalog;

/// <summary>
/// Stores Salesforce User Id → Outreach user id from piped Salesforce User records (Import-Csv, or
/// <c>sf data query --json</c>'s result.records), reading the Outreach id from the User field mapping. A row
/// without the field, or whose value is not an Outreach id, is reported and skipped; the rest are stored
/// together at the end.
/// </summary>
[Cmdlet(VerbsData.Import, "LDSalesforceUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SalesforceUserLink))]
public sealed class ImportLDSalesforceUserCommand : LDCmdlet
{
    private readonly Dictionary<string, SalesforceUserLink> _links = new(StringComparer.OrdinalIgnoreCase);
    private string? _field;
    private int _row;
    private HashSet<long>? _knownUsers;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Overrides the User field of the field mapping for this import.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Field { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Field is not null)
        {
            try { SalesforceApiName.Validate(nameof(Field), Field.Trim()); }
            catch (ConfigurationValueException ex)
            {
                ThrowFailure(ErrorCatalog.InvalidFieldName, ex.Message, Field,
                    "Pass the API name of the Salesforce User field that holds the Outreach user id, for example Outreach_User_ID__c.", ex);
            }
            _field = Field.Trim();
            return;
        }
        _field = Store.Exists ? new ConfigurationRepository(Store).GetFieldMapping()?.User : null;
        if (_field is null)
            ThrowFailure(ErrorCatalog.FieldMappingNotSet, "No field mapping is set, so the module does not know which User field holds the Outreach user id.", Store.Path,
                "Run Set-LDFieldMapping -Lead <field> -Contact <field> -User <field> first, or pass -Field <User field API name>.");
    }

    protected override void ProcessRecord()
    {
        // `sf data query --json | ConvertFrom-Json` piped whole: take its result.records.
        foreach (var record in RecordConverter.ToRecords(InputObject, () => ++_row)) ImportRow(record);
    }

    protected override void EndProcessing()
    {
        if (_links.Count > 0)
        {
            var repository = new CatalogRepository(Store);
            repository.UpsertSalesforceUsers(_links.Values);
            WriteVerbose($"Stored {_links.Count} Salesforce user(s).");
            if (PassThru)
                foreach (var link in _links.Values) WriteObject(repository.GetSalesforceUser(link.SalesforceUserId));
        }
        base.EndProcessing();
    }

    private void ImportRow(SalesforceRecord record)
    {
        var rowText = $"Row {record.Index}";
        var id = record.GetText("Id");
        if (id is null || !SalesforceId.IsUserId(id))
        {
            WriteFailure(ErrorCatalog.InvalidSalesforceUserId,
                $"{rowText}: '{id ?? "(no Id)"}' is not a Salesforce User Id (15 or 18 characters starting with 005); the row was skipped.",
                record.Source, "Pipe Salesforce User records that carry their Id, for example: sf data query --query \"SELECT Id, Name, " + _field + " FROM User\" --json.");
            return;
        }
        rowText = $"Row {record.Index} (User {id})";
        if (!record.TryGet(_field!, out var raw))
        {
            WriteFailure(ErrorCatalog.SalesforceUserFieldMissing, $"{rowText} has no field '{_field}'; the row was skipped.", record.Source,
                $"Include {_field} in the query or CSV export, or check the User field mapping (Get-LDFieldMapping).");
            return;
        }
        var parsed = OutreachId.Parse(raw);
        if (parsed.Status != OutreachIdStatus.Valid)
        {
            WriteFailure(ErrorCatalog.SalesforceUserFieldNotOutreachId,
                parsed.Status == OutreachIdStatus.Missing
                    ? $"{rowText}: field '{_field}' is empty; the row was skipped."
                    : $"{rowText}: field '{_field}' holds {parsed.Problem}; the row was skipped.",
                record.Source,
                "Make sure the User field is mapped to Id (Outreach Internal) in Outreach with \"Updates Out\" enabled; to force a sync: Settings > Users > Select All > More Actions > Synchronize with Salesforce > Push Data up to Salesforce > Force Update of all fields.");
            return;
        }

        var name = record.GetText("Name");
        if (!ShouldProcess($"Salesforce User {id}{(name is null ? "" : $" ({name})")}", $"Map to Outreach user {parsed.Id}")) return;
        if (KnownUsers() is { } known && !known.Contains(parsed.Id))
            WriteWarning($"{rowText}: Outreach user {parsed.Id} is not in the cached user list (Get-LDOutreachUser -All -Refresh to update it).");
        var key = SalesforceId.To18(id);
        _links[key] = new SalesforceUserLink(key, parsed.Id, name, DateTimeOffset.UtcNow);
    }

    private HashSet<long>? KnownUsers()
    {
        if (_knownUsers is not null) return _knownUsers.Count == 0 ? null : _knownUsers;
        if (!Store.Exists) return null;
        var repository = new CatalogRepository(Store);
        _knownUsers = repository.GetRefreshedAt(CatalogRepository.UsersCatalog) is null ? [] : repository.GetUsers().Select(u => u.Id).ToHashSet();
        return _knownUsers.Count == 0 ? null : _knownUsers;
    }
}
