using LeanData.Outreach.Catalog;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Engine.Planning;

/// <summary>
/// Turns the user and sequence an admin names into ids, checked against the catalog cache when the cache
/// holds that catalog: an unknown id, an unknown or ambiguous name, or a sequence not shared with the org is
/// refused with a stable error id. Without a cache, ids are accepted as given and names are refused.
/// </summary>
public sealed class UserSequenceMapResolver(CatalogRepository catalog)
{
    private const string RefreshRemedy = "Refresh the catalog (Get-LDSequence -Refresh, Get-LDOutreachUser -Refresh) and use an id or exact name it lists.";

    public (long Id, string? Name, string? Email) ResolveUser(MapReference user)
    {
        if (user.Id is { } id)
        {
            RequirePositive(id, "user");
            if (!catalog.HasUsers) return (id, null, null);
            var found = catalog.GetUser(id)
                ?? throw new UserSequenceMapException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
                    $"Outreach user {id} is not in the user catalog.", RefreshRemedy);
            return (found.Id, found.Name, found.Email);
        }
        if (!catalog.HasUsers)
            throw new UserSequenceMapException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
                $"User {user} is a name, but the user catalog is empty, so it cannot be looked up.",
                "Give the Outreach user id, or fill the catalog first (Get-LDOutreachUser -Refresh).");
        var matches = catalog.FindUsers(user.Text!);
        return matches.Count switch
        {
            1 => (matches[0].Id, matches[0].Name, matches[0].Email),
            0 => throw new UserSequenceMapException(ErrorCatalog.UserNotFound, FailureCategory.ResourceNotFound,
                $"No Outreach user in the catalog has the email or name {user}.", RefreshRemedy),
            _ => throw new UserSequenceMapException(ErrorCatalog.UserAmbiguous, FailureCategory.GeneralValidationError,
                $"{matches.Count} Outreach users match {user} (ids {string.Join(", ", matches.Select(m => m.Id))}).", "Give the Outreach user id instead."),
        };
    }

    /// <param name="sequence">The sequence's id or exact name.</param>
    /// <param name="requireUsable">Refuse sequences not shared with the org (they cannot take Add to Sequence).</param>
    public (long Id, string? Name) ResolveSequence(MapReference sequence, bool requireUsable = true)
    {
        SequenceInfo found;
        if (sequence.Id is { } id)
        {
            RequirePositive(id, "sequence");
            if (!catalog.HasSequences) return (id, null);
            found = catalog.GetSequence(id)
                ?? throw new UserSequenceMapException(ErrorCatalog.SequenceNotFound, FailureCategory.ResourceNotFound,
                    $"Sequence {id} is not in the sequence catalog.", RefreshRemedy);
        }
        else
        {
            if (!catalog.HasSequences)
                throw new UserSequenceMapException(ErrorCatalog.SequenceNotFound, FailureCategory.ResourceNotFound,
                    $"Sequence {sequence} is a name, but the sequence catalog is empty, so it cannot be looked up.",
                    "Give the sequence id, or fill the catalog first (Get-LDSequence -Refresh).");
            var matches = catalog.FindSequencesByName(sequence.Text!);
            found = matches.Count switch
            {
                1 => matches[0],
                0 => throw new UserSequenceMapException(ErrorCatalog.SequenceNotFound, FailureCategory.ResourceNotFound,
                    $"No sequence in the catalog is named {sequence}.", RefreshRemedy),
                _ => throw new UserSequenceMapException(ErrorCatalog.SequenceAmbiguous, FailureCategory.GeneralValidationError,
                    $"{matches.Count} sequences are named {sequence} (ids {string.Join(", ", matches.Select(m => m.Id))}).", "Give the sequence id instead."),
            };
        }
        if (requireUsable && !found.Usable)
            throw new UserSequenceMapException(ErrorCatalog.Definition(FailureCategory.SequenceNotUsable), FailureCategory.SequenceNotUsable,
                $"Sequence {found.Id} ('{found.Name}') is {found.UnusableReason}, so Add to Sequence cannot use it.");
        return (found.Id, found.Name);
    }

    private static void RequirePositive(long id, string what)
    {
        if (id <= 0)
            throw new UserSequenceMapException(ErrorCatalog.InvalidOutreachId, FailureCategory.InvalidRecord, $"{id} is not an Outreach {what} id (a positive whole number).",
                $"Give a positive Outreach {what} id or its name.");
    }
}
