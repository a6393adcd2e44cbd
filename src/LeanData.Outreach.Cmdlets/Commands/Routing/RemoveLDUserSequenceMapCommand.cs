using System.Management.Automation;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Commands.Routing;

[Cmdlet(VerbsCommon.Remove, "LDUserSequenceMap", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(UserSequenceMapping))]
public sealed class RemoveLDUserSequenceMapCommand : LDCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("UserId", "OutreachUserId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(OutreachUserCompleter))]
    public object[] User { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        // No store: nothing is mapped, and reading would create one (even under -WhatIf).
        var repository = Store.Exists ? new UserSequenceMapRepository(Store) : null;
        foreach (var value in User)
        {
            var reference = MapReferenceConverter.Convert(value, "UserId");
            var existing = repository is null ? null : reference switch
            {
                { Id: { } id } => repository.FindSequenceFor(id),
                { Text: { } text } => repository.List().FirstOrDefault(m =>
                    string.Equals(m.UserEmail, text, StringComparison.OrdinalIgnoreCase) || string.Equals(m.UserName, text, StringComparison.OrdinalIgnoreCase)),
                _ => null,
            };
            if (existing is null)
            {
                WriteFailure(ErrorCatalog.UserSequenceMappingNotFound, $"User {reference?.ToString() ?? "(empty)"} has no primary sequence in the user-sequence map.", value,
                    "List the map with Get-LDUserSequenceMap and pass one of its UserId values.");
                continue;
            }
            var who = existing.UserName ?? existing.UserEmail;
            if (!ShouldProcess($"user {existing.UserId}{(who is null ? "" : $" ({who})")}",
                $"Remove the primary sequence {existing.SequenceId}{(existing.SequenceName is null ? "" : $" ('{existing.SequenceName}')")}: user-mapped routing stops sending this user's records to it")) continue;
            repository!.Remove(existing.UserId);
            if (PassThru) WriteObject(existing);
        }
    }
}
