using LeanData.Outreach.Catalog;
using LeanData.Outreach.Outreach.JsonApi;
using LeanData.Outreach.Outreach.Model;
using LeanData.Outreach.Outreach.OAuth;

namespace LeanData.Outreach.Outreach;

/// <summary>
/// Outreach REST API v2 over one HttpClient: JSON:API content type, bearer token from the
/// <see cref="TokenManager"/> (refreshed once on a 401), rate-limit headers parsed on every response,
/// every exchange reported to the <see cref="IOutreachObserver"/>, quick Polly retries for transient failures,
/// and duplicate-safe enrollment. Thread-safe.
/// </summary>
public sealed partial class OutreachClient
{
    public OutreachClient(HttpClient http, TokenManager tokens, OutreachClientOptions? options = null, IOutreachObserver? observer = null, TimeProvider? time = null)
    {
        throw new NotImplementedException();
    }

    public OutreachClientOptions Options => throw new NotImplementedException();

    /// <summary>The latest rate-limit observation from any response.</summary>
    public RateLimitObservation? LastRateLimit => throw new NotImplementedException();

    /// <summary>Raised for every response's rate-limit headers (also sent to the observer).</summary>
    public event Action<RateLimitObservation>? RateLimitObserved { add => throw new NotImplementedException(); remove => throw new NotImplementedException(); }

    /// <summary>GET /api/v2: the token's user and org; throws <see cref="OutreachApiException"/> on failure.</summary>
    public Task<OutreachIdentity> GetIdentityAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Pages through <c>GET /{path}?page[size]=N</c> following links.next. Throws <see cref="OutreachApiException"/> on a failed page.</summary>
    public IAsyncEnumerable<JsonApiResource> ListAsync(string path, IReadOnlyDictionary<string, string>? query, CancellationToken cancellationToken) => throw new NotImplementedException();

    public IAsyncEnumerable<OutreachUserInfo> ListUsersAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public IAsyncEnumerable<MailboxInfo> ListMailboxesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public IAsyncEnumerable<OutreachSequence> ListSequencesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public IAsyncEnumerable<OutreachSequenceStep> ListSequenceStepsAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public IAsyncEnumerable<OutreachRuleset> ListRulesetsAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<OutreachResult<OutreachProspect>> GetProspectAsync(long prospectId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>GET /sequenceStates?filter[prospect][id]=..&amp;filter[sequence][id]=..</summary>
    public Task<OutreachResult<IReadOnlyList<OutreachSequenceState>>> FindSequenceStatesAsync(long prospectId, long sequenceId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>POST /sequenceStates. When the outcome of a send is unknown, looks the pair up before sending again.</summary>
    public Task<EnrollmentResult> CreateSequenceStateAsync(long prospectId, long sequenceId, long? mailboxId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<OutreachResult<OutreachSequenceState>> PauseSequenceStateAsync(long sequenceStateId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<OutreachResult<OutreachSequenceState>> ResumeSequenceStateAsync(long sequenceStateId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<OutreachResult<OutreachSequenceState>> FinishSequenceStateAsync(long sequenceStateId, CancellationToken cancellationToken) => throw new NotImplementedException();
}
