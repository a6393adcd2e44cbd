using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Cmdlets.Completion;

namespace LeanData.Outreach.Cmdlets.Commands.Catalog;

/// <summary>
/// Lists Outreach mailboxes from the catalog cache with their send and sync flags. By default only mailboxes
/// with sending and syncing enabled; -All lists every mailbox.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LDMailbox", DefaultParameterSetName = FilterSet)]
[OutputType(typeof(MailboxInfo))]
public sealed class GetLDMailboxCommand : ConnectedLDCmdlet
{
    private const string FilterSet = "Filter";
    private const string IdSet = "Id";

    [Parameter(Position = 0, ParameterSetName = FilterSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(MailboxEmailCompleter))]
    public string[]? Email { get; set; }

    [Parameter(ParameterSetName = FilterSet, ValueFromPipelineByPropertyName = true)]
    public long[]? UserId { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    [Alias("MailboxId")]
    public long[] Id { get; set; } = [];

    [Parameter]
    public SwitchParameter Refresh { get; set; }

    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        EnsureCatalogOnce(CatalogKinds.UsersAndMailboxes, Refresh);
        IEnumerable<MailboxInfo> mailboxes = Catalog.GetMailboxes();
        if (ParameterSetName == IdSet)
        {
            mailboxes = CatalogLookup.ById(mailboxes, Id, m => m.Id, out var missing);
            foreach (var id in missing)
                WriteFailure(ErrorCatalog.MailboxNotFound, $"No Outreach mailbox {id} is in the catalog.", id,
                    "Check the id with Get-LDMailbox -All. If the mailbox was set up recently, run Get-LDMailbox -Refresh.");
        }
        else
        {
            if (UserId is { Length: > 0 }) mailboxes = mailboxes.Where(m => m.UserId is { } u && UserId.Contains(u));
            mailboxes = CatalogLookup.Match(mailboxes, Email, m => [m.Email], out var unmatched);
            foreach (var email in unmatched)
                WriteFailure(ErrorCatalog.MailboxNotFound, $"No Outreach mailbox '{email}' is in the catalog.", email,
                    "Check the address with Get-LDMailbox -All. If the mailbox was set up recently, run Get-LDMailbox -Refresh.");
        }
        foreach (var mailbox in mailboxes)
            if (All || ParameterSetName == IdSet || mailbox.UsableForSequences) WriteObject(mailbox);
    }
}
