using System.Globalization;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Sandbox.Model;
using Microsoft.AspNetCore.Http;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>
/// POST /batches/actions/prospectsAddToSequence and the batch member actions confirm and cancel. A batch's items
/// are enrolled later by <see cref="BatchProcessor"/>, each with the same rules as POST /sequenceStates.
/// </summary>
public sealed class BatchService
{
    private readonly SandboxData _data;
    private readonly BatchProcessor _processor;
    private readonly SandboxCounters _counters;
    private readonly TimeProvider _time;
    private readonly Func<BatchSettings> _settings;
    private readonly BatchDailyCap _cap = new();

    public BatchService(SandboxData data, BatchProcessor processor, SandboxCounters counters, TimeProvider time, Func<BatchSettings> settings)
    {
        _data = data;
        _processor = processor;
        _counters = counters;
        _time = time;
        _settings = settings;
    }

    /// <summary>Batch items accepted today against the daily cap.</summary>
    public long ItemsUsedToday
    {
        get { lock (_data.Sync) return _cap.UsedOn(_time.GetUtcNow()); }
    }

    public void ResetDailyCap()
    {
        lock (_data.Sync) _cap.Reset();
    }

    /// <summary>
    /// 200 and the new batch (state <c>pending</c>, or <c>confirming</c> without actionParams[skipConfirmation]=true);
    /// 400/422 for a bad request; 422 past the daily cap. <paramref name="failAfterItems"/> is an injected fault.
    /// </summary>
    public ApiResult Create(JsonElement root, IQueryCollection query, long actingUserId, string baseUrl, int? failAfterItems)
    {
        var (request, error) = BatchRequest.Read(root, query);
        if (error is not null) return error;
        var r = request!;
        SandboxBatch batch;
        lock (_data.Sync)
        {
            var now = _time.GetUtcNow();
            var cap = _settings().DailyItemCap;
            if (!_cap.TryTake(r.Ids.Length, cap, now))
                return ApiErrors.Validation(CapDetail(_cap.UsedOn(now), r.Ids.Length, cap, now), "/data/attributes/ids");
            batch = _data.AddBatch(new SandboxBatch
            {
                State = r.SkipConfirmation ? "pending" : "confirming",
                CreatorId = actingUserId,
                SequenceId = r.SequenceId,
                MailboxId = r.MailboxId,
                FailAfterItems = failAfterItems,
                CreatedAt = now,
                UpdatedAt = now,
            }, r.Ids);
            _counters.CountBatchItemsAccepted(r.Ids.Length);
        }
        var result = Single(batch, baseUrl);
        if (r.SkipConfirmation) _processor.Enqueue(batch);
        return result;
    }

    /// <summary>
    /// Past the cap Outreach's answer is not public: the sandbox answers 422 validationError (the only error the
    /// reference document lists for this action) with this detail, so a client can tell it from a rule failure.
    /// </summary>
    private static string CapDetail(long used, int asked, long cap, DateTimeOffset now) =>
        $"Daily bulk limit reached: {N(used)} of {N(cap)} batch items used today and this request adds {N(asked)}; " +
        $"please try again at {BatchDailyCap.NextDay(now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}.";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>POST /batches/{id}/actions/confirm: a confirming batch starts (optional actionParams[confirmedCount] must equal confirmCount).</summary>
    public ApiResult Confirm(long id, IQueryCollection query, string baseUrl)
    {
        SandboxBatch? batch;
        lock (_data.Sync)
        {
            if (!_data.Batches.TryGetValue(id, out batch)) return ApiErrors.NotFound("batch", id);
            if (batch.State != "confirming")
                return ApiErrors.Validation($"{EnrollmentMessages.CannotTransition}: confirm needs 'confirming', but batch {id} is '{batch.State}'.");
            if (query.TryGetValue("actionParams[confirmedCount]", out var counted))
            {
                if (!int.TryParse(counted.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    return ApiErrors.BadRequest($"actionParams[confirmedCount] must be an integer, got '{counted}'.");
                if (n != batch.Total) return ApiErrors.Validation($"Confirmed count {n} does not match the batch's confirmCount {batch.Total}.");
            }
            var now = _time.GetUtcNow();
            batch.State = "pending";
            batch.ConfirmedAt = now;
            batch.UpdatedAt = now;
        }
        var result = Single(batch, baseUrl);
        _processor.Enqueue(batch);
        return result;
    }

    /// <summary>POST /batches/{id}/actions/cancel: a pending or confirming batch stops; items not yet processed become canceled.</summary>
    public ApiResult Cancel(long id, string baseUrl)
    {
        lock (_data.Sync)
        {
            if (!_data.Batches.TryGetValue(id, out var batch)) return ApiErrors.NotFound("batch", id);
            if (batch.State is not ("pending" or "confirming"))
                return ApiErrors.Validation($"{EnrollmentMessages.CannotTransition}: cancel needs 'pending' or 'confirming', but batch {id} is '{batch.State}'.");
            var now = _time.GetUtcNow();
            for (var itemId = batch.FirstItemId + batch.Processed; itemId <= batch.LastItemId; itemId++)
                _data.BatchItem(itemId)!.State = "canceled";
            batch.State = "canceled";
            batch.Pending = 0;
            batch.CanceledAt = now;
            batch.UpdatedAt = now;
            return Single(batch, baseUrl);
        }
    }

    private ApiResult Single(SandboxBatch batch, string baseUrl)
    {
        lock (_data.Sync)
        {
            return ApiResult.Json(200, JsonBuffer.Write((batch, baseUrl), static (w, s) =>
            {
                w.WriteStartObject();
                w.WritePropertyName("data");
                ResourceWriter.Batch(w, s.batch, s.baseUrl);
                w.WriteEndObject();
            }));
        }
    }
}
