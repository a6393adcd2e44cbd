using System.Management.Automation;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Cmdlets.Commands.Catalog;

/// <summary>
/// Lists the Outreach sequences usable for Add to Sequence (shared with the org) from the catalog cache,
/// refreshing it from Outreach when asked, never read, or older than an hour.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LDSequence", DefaultParameterSetName = NameSet)]
[OutputType(typeof(SequenceInfo))]
public sealed class GetLDSequenceCommand : ConnectedLDCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    [Parameter(Position = 0, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SequenceNameCompleter))]
    [Alias("SequenceName")]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("SequenceId")]
    public long[] Id { get; set; } = [];

    [Parameter]
    public SwitchParameter Refresh { get; set; }

    [Parameter]
    public SwitchParameter IncludePrivate { get; set; }

    protected override void ProcessRecord()
    {
        EnsureCatalogOnce(CatalogKinds.Sequences, Refresh);
        var all = Catalog.GetSequences();
        List<SequenceInfo> found;
        if (ParameterSetName == IdSet)
        {
            found = CatalogLookup.ById(all, Id, s => s.Id, out var missing);
            foreach (var id in missing) NotFound(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            found = CatalogLookup.Match(all, Name, s => [s.Name], out var unmatched);
            foreach (var name in unmatched) NotFound(name);
        }

        var explicitLookup = ParameterSetName == IdSet || (Name?.Any(n => !WildcardPattern.ContainsWildcardCharacters(n)) ?? false);
        foreach (var sequence in found)
        {
            if (sequence.Usable || IncludePrivate)
                WriteObject(sequence);
            else if (explicitLookup && IsNamedExplicitly(sequence))
                WriteFailure(ErrorCatalog.Definition(FailureCategory.SequenceNotUsable),
                    $"Sequence {sequence.Id} '{sequence.Name}' is {sequence.UnusableReason}, so it cannot be used for Add to Sequence. Use -IncludePrivate to list it anyway.", sequence, ErrorCatalog.RecommendedActionFor(FailureCategory.SequenceNotUsable));
        }
    }

    private bool IsNamedExplicitly(SequenceInfo sequence) =>
        ParameterSetName == IdSet
            ? Id.Contains(sequence.Id)
            : Name!.Any(n => !WildcardPattern.ContainsWildcardCharacters(n) && string.Equals(n.Trim(), sequence.Name, StringComparison.OrdinalIgnoreCase));

    private void NotFound(string what) =>
        WriteFailure(ErrorCatalog.SequenceNotFound, $"No Outreach sequence '{what}' is in the catalog.", what,
            "Check the name or id with Get-LDSequence -IncludePrivate. If the sequence was created recently, run Get-LDSequence -Refresh to update the list.");
}
