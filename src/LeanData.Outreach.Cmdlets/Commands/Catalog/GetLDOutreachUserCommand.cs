using System.Management.Automation;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;
using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Cmdlets.Commands.Catalog;

/// <summary>
/// Lists Outreach users with the mailbox that sends as them. By default only those whose mailbox has Send and
/// Sync enabled (the reference document's "Specific User" list); -All lists everyone.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LDOutreachUser", DefaultParameterSetName = NameSet)]
[OutputType(typeof(OutreachSender))]
public sealed class GetLDOutreachUserCommand : ConnectedLDCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    [Parameter(Position = 0, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(OutreachUserCompleter))]
    [Alias("Email")]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    [Alias("UserId")]
    public long[] Id { get; set; } = [];

    [Parameter]
    public SwitchParameter Refresh { get; set; }

    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        EnsureCatalogOnce(CatalogKinds.UsersAndMailboxes, Refresh);
        var senders = Catalog.GetSenders();
        List<OutreachSender> found;
        var explicitKeys = new List<string>();
        if (ParameterSetName == IdSet)
        {
            found = CatalogLookup.ById(senders, Id, s => s.Id, out var missing);
            foreach (var id in missing) NotFound(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            found = CatalogLookup.Match(senders, Name, s => [s.Email, s.Name], out var unmatched);
            foreach (var name in unmatched) NotFound(name);
            explicitKeys.AddRange((Name ?? []).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).Select(n => n.Trim()));
        }

        foreach (var sender in found)
        {
            if (sender.Usable || All)
            {
                WriteObject(sender);
                continue;
            }
            var named = ParameterSetName == IdSet
                || explicitKeys.Any(k => string.Equals(k, sender.Email, StringComparison.OrdinalIgnoreCase) || string.Equals(k, sender.Name, StringComparison.OrdinalIgnoreCase));
            if (!named) continue;
            var why = sender.MailboxId is null ? "has no mailbox" : !sender.SendEnabled ? $"mailbox {sender.MailboxId} does not have send enabled" : $"mailbox {sender.MailboxId} does not have sync enabled";
            WriteFailure(ErrorCatalog.OutreachUserMailboxNotUsable,
                $"Outreach user {sender.Id} ({sender.Email}) {why}, so it cannot send sequence emails. Use -All to list it anyway.", sender, ErrorCatalog.RecommendedActionFor(FailureCategory.MailboxSendDisabled) +
                " Also toggle on \"Enable syncing messages from this mailbox.\"");
        }
    }

    private void NotFound(string what) =>
        WriteFailure(ErrorCatalog.UserNotFound, $"No Outreach user '{what}' is in the catalog.", what,
            "Check the email or id with Get-LDOutreachUser -All. If the user was added or enabled recently, run Get-LDOutreachUser -Refresh.");
}
