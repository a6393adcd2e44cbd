using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;
using LeanData.Outreach.Engine.Planning;

namespace LeanData.Outreach.Cmdlets.Commands.Routing;

[Cmdlet(VerbsCommon.Set, "LDUserSequenceMap", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(UserSequenceMapping))]
public sealed class SetLDUserSequenceMapCommand : LDCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("UserId", "OutreachUserId")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(OutreachUserCompleter))]
    public object User { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("SequenceId")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(SequenceNameCompleter))]
    public object Sequence { get; set; } = null!;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var resolver = new CatalogResolver(new CatalogRepository(Store));
        try
        {
            var userRef = MapReferenceConverter.Convert(User, "UserId")
                ?? throw new CatalogResolutionException(ErrorCatalog.InvalidOutreachId, FailureCategory.InvalidRecord, "-User is empty.", "Give an Outreach user id, email or name.");
            var sequenceRef = MapReferenceConverter.Convert(Sequence, "SequenceId")
                ?? throw new CatalogResolutionException(ErrorCatalog.InvalidOutreachId, FailureCategory.InvalidRecord, "-Sequence is empty.", "Give a sequence id or name.");
            var user = resolver.ResolveUser(userRef);
            var sequence = resolver.ResolveSequence(sequenceRef);
            var who = user.Name ?? user.Email;
            var userText = who is null ? $"user {user.Id}" : $"user {user.Id} ({who})";
            var sequenceText = sequence.Name is null ? $"sequence {sequence.Id}" : $"sequence {sequence.Id} ('{sequence.Name}')";
            if (!ShouldProcess(userText, $"Route records owned by Outreach {userText} to {sequenceText} (replaces any primary sequence it had)")) return;
            var stored = new UserSequenceMapRepository(Store).Set(user.Id, sequence.Id, sequence.Name, user.Name, user.Email);
            if (PassThru) WriteObject(stored);
        }
        catch (CatalogResolutionException ex)
        {
            WriteFailure(ex, User);
        }
    }
}
