using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;
using LeanData.Outreach.Engine.Planning;

namespace LeanData.Outreach.Cmdlets.Commands.Routing;

[Cmdlet(VerbsCommon.Get, "LDUserSequenceMap")]
[OutputType(typeof(UserSequenceMapping))]
public sealed class GetLDUserSequenceMapCommand : LDCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("UserId", "OutreachUserId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(OutreachUserCompleter))]
    public object[]? User { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SequenceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SequenceNameCompleter))]
    public object[]? Sequence { get; set; }

    protected override void ProcessRecord()
    {
        var resolver = new CatalogResolver(new CatalogRepository(Store));
        try
        {
            var users = User?.Select(u => resolver.ResolveUser(MapReferenceConverter.Convert(u, "UserId") ?? new MapReference(0, null)).Id).ToList();
            var sequences = Sequence?.Select(s => resolver.ResolveSequence(MapReferenceConverter.Convert(s, "SequenceId") ?? new MapReference(0, null), requireUsable: false).Id).ToList();
            foreach (var mapping in new UserSequenceMapRepository(Store).List(users, sequences)) WriteObject(mapping);
        }
        catch (CatalogResolutionException ex)
        {
            WriteFailure(ex, (object?)User ?? Sequence);
        }
    }
}
