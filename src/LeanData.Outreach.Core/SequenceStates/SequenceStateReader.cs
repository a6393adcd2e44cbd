using System.Runtime.CompilerServices;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.JsonApi;
using LeanData.Outreach.Outreach.Client;

namespace LeanData.Outreach.SequenceStates;

/// <summary>Lists sequenceStates with server-side filters, following every page. Failures throw <see cref="OutreachApiException"/>.</summary>
public sealed class SequenceStateReader(OutreachClient client)
{
    public async IAsyncEnumerable<SequenceStateInfo> ListAsync(SequenceStateFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<long>();
        foreach (var part in filter.Split())
        {
            var query = part.ToQuery().ToDictionary(p => p.Key, p => p.Value);
            await foreach (var resource in client.ListAsync("sequenceStates", query, cancellationToken).ConfigureAwait(false))
            {
                var state = ToInfo(resource);
                if (seen.Add(state.Id)) yield return state;
            }
        }
    }

    public static SequenceStateInfo ToInfo(JsonApiResource r) =>
        new(r.Id ?? 0, r.RelatedId("prospect"), r.RelatedId("sequence"), r.RelatedId("mailbox"), r.RelatedId("user"),
            r.GetString("state"), r.GetString("pauseReason"), r.GetDateTime("createdAt"), r.GetDateTime("updatedAt"));
}
