using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LeanData.Outreach.Outreach.Model;

namespace LeanData.Outreach.Outreach.Client;

/// <summary>
/// The Bulk API's prospectsAddToSequence action, its batch and items, and the many-prospect sequenceState lookup that
/// maps a batch's successes to records. Every request goes through the same transport and admission as the rest.
/// </summary>
public sealed partial class OutreachClient
{
    /// <summary>Prospect ids one sequenceState lookup names (Outreach's largest page).</summary>
    public const int MaxLookupIds = 1000;

    /// <summary>Prospect ids one bulk action may carry (Outreach's documented maximum).</summary>
    public const int MaxBulkIds = 100_000;

    /// <summary>
    /// POST /batches/actions/prospectsAddToSequence?actionParams[skipConfirmation]=true, sent once: no quick retry, because
    /// a transient failure (no answer, timeout, 5xx) leaves the outcome unknown and the caller must look before re-sending.
    /// A failure with <see cref="OutreachFailure.NotSent"/> never left (admission held it).
    /// </summary>
    public async Task<OutreachResult<OutreachBatch>> StartAddToSequenceBatchAsync(IReadOnlyCollection<long> prospectIds, long sequenceId, long? mailboxId,
        CancellationToken cancellationToken)
    {
        if (prospectIds.Count is 0 or > MaxBulkIds)
            throw new ArgumentOutOfRangeException(nameof(prospectIds), prospectIds.Count, $"A bulk action carries 1 to {MaxBulkIds} prospect ids.");
        var uri = BuildUri("batches/actions/prospectsAddToSequence", [new("actionParams[skipConfirmation]", "true")]);
        var exchange = await transport.SendOnceAsync(HttpMethod.Post, uri, BuildBatchBody(prospectIds, sequenceId, mailboxId), cancellationToken).ConfigureAwait(false);
        return SingleResult(exchange, ResourceMapper.ToBatch);
    }

    /// <summary>GET /batches/{id} (quick retries are safe: a read).</summary>
    public async Task<OutreachResult<OutreachBatch>> GetBatchAsync(long batchId, CancellationToken cancellationToken)
    {
        var exchange = await transport.SendAsync(HttpMethod.Get, Resolve($"batches/{batchId.ToString(CultureInfo.InvariantCulture)}"), null, cancellationToken).ConfigureAwait(false);
        return SingleResult(exchange, ResourceMapper.ToBatch);
    }

    /// <summary>
    /// GET /batches?filter[createdAt]=since..inf: the batches created since a time (how a bulk POST whose answer was lost
    /// finds the batch it may have made). Throws <see cref="OutreachApiException"/> on a failed page.
    /// </summary>
    public IAsyncEnumerable<OutreachBatch> ListBatchesCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Map(ListAsync("batches", new Dictionary<string, string>
        {
            ["filter[createdAt]"] = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "..inf",
        }, 100, cancellationToken), ResourceMapper.ToBatch);

    /// <summary>
    /// GET /batchItems?filter[batchId]=N&amp;filter[failed]=true, every page (1000 a page). Throws <see cref="OutreachApiException"/> on a failed page.
    /// </summary>
    public IAsyncEnumerable<OutreachBatchItem> ListFailedBatchItemsAsync(long batchId, CancellationToken cancellationToken) =>
        Map(ListAsync("batchItems", new Dictionary<string, string>
        {
            ["filter[batchId]"] = batchId.ToString(CultureInfo.InvariantCulture),
            ["filter[failed]"] = "true",
        }, MaxLookupIds, cancellationToken), ResourceMapper.ToBatchItem);

    /// <summary>
    /// The sequenceStates of these prospects in one sequence: GET /sequenceStates?filter[sequence][id]=S&amp;filter[prospect][id]=a,b,...
    /// with up to <see cref="MaxLookupIds"/> ids and 1000 states a page, one request per 1000 prospects (plus a page for
    /// prospects with many states). Throws <see cref="OutreachApiException"/> on a failed page.
    /// </summary>
    public async IAsyncEnumerable<OutreachSequenceState> FindSequenceStatesAsync(long sequenceId, IReadOnlyCollection<long> prospectIds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in prospectIds.Distinct().Chunk(MaxLookupIds))
        {
            var query = new Dictionary<string, string>
            {
                ["filter[sequence][id]"] = sequenceId.ToString(CultureInfo.InvariantCulture),
                ["filter[prospect][id]"] = string.Join(',', chunk.Select(id => id.ToString(CultureInfo.InvariantCulture))),
            };
            await foreach (var resource in ListAsync("sequenceStates", query, MaxLookupIds, cancellationToken).ConfigureAwait(false))
                yield return ResourceMapper.ToSequenceState(resource);
        }
    }

    internal static string BuildBatchBody(IReadOnlyCollection<long> prospectIds, long sequenceId, long? mailboxId)
    {
        using var buffer = new MemoryStream(prospectIds.Count * 8 + 128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteString("type", "batch");
            w.WriteStartObject("attributes");
            w.WriteStartArray("ids");
            foreach (var id in prospectIds) w.WriteNumberValue(id);
            w.WriteEndArray();
            if (mailboxId is { } mailbox) w.WriteNumber("mailboxId", mailbox);
            w.WriteNumber("sequenceId", sequenceId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
