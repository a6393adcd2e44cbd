using LeanData.Outreach.Catalog;
using LeanData.Outreach.Engine.Records;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>
/// The Outreach users and mailboxes plus the imported Salesforce User → Outreach user map, read once per
/// run from the store's cache. Planning never looks anything up in Outreach per record.
/// </summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<long, OutreachUserInfo> _users;
    private readonly Dictionary<long, MailboxInfo> _mailboxes;
    private readonly Dictionary<long, List<MailboxInfo>> _mailboxesByUser;
    private readonly Dictionary<string, long> _salesforceUsers;

    public CatalogSnapshot(IEnumerable<OutreachUserInfo> users, IEnumerable<MailboxInfo> mailboxes, IEnumerable<KeyValuePair<string, long>>? salesforceUsers = null)
    {
        _users = users.ToDictionary(u => u.Id);
        _mailboxes = mailboxes.ToDictionary(m => m.Id);
        _mailboxesByUser = _mailboxes.Values.Where(m => m.UserId is not null)
            .GroupBy(m => m.UserId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id).ToList());
        _salesforceUsers = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (sfId, outreachId) in salesforceUsers ?? [])
            if (SalesforceId.IsWellFormed(sfId)) _salesforceUsers[SalesforceId.To18(sfId)] = outreachId;
    }

    public static CatalogSnapshot Empty { get; } = new([], []);

    public IReadOnlyCollection<OutreachUserInfo> Users => _users.Values;
    public IReadOnlyCollection<MailboxInfo> Mailboxes => _mailboxes.Values;

    public OutreachUserInfo? FindUser(long id) => _users.GetValueOrDefault(id);

    public MailboxInfo? FindMailbox(long id) => _mailboxes.GetValueOrDefault(id);

    /// <summary>The Outreach user imported for a Salesforce User id (15 or 18 characters).</summary>
    public long? FindOutreachUserForSalesforceUser(string salesforceUserId) =>
        SalesforceId.IsWellFormed(salesforceUserId) && _salesforceUsers.TryGetValue(SalesforceId.To18(salesforceUserId), out var id) ? id : null;

    /// <summary>The mailbox that sends as a user (<see cref="SendingMailbox"/>); null when the catalog knows none for the user.</summary>
    public MailboxInfo? DefaultMailboxFor(long userId) =>
        SendingMailbox.For(_users.GetValueOrDefault(userId), _mailboxes.GetValueOrDefault, _mailboxesByUser.GetValueOrDefault(userId) ?? []);
}
