using System.Collections.Concurrent;
using System.Text.Json;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Tests.Sandbox;
using Xunit;
using LeanData.Outreach.Outreach.Client;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.Outreach;

/// <summary>
/// What the module's client puts on the wire, against the strict sandbox: every API request carries the
/// JSON:API Content-Type and Accept (GETs and body-less action POSTs too, so none is refused with 415), and
/// every request body validates against the request schema reference/outreach-openapi.json declares.
/// </summary>
public sealed class ModuleRequestTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _f;

    public ModuleRequestTests(SandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
    }

    private sealed record Sent(string Method, Uri Uri, string? ContentType, string? Accept, string Body);

    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public ConcurrentQueue<Sent> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Enqueue(new Sent(request.Method.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType,
                string.Join(",", request.Headers.Accept.Select(a => a.MediaType)), body));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private (OutreachClient Client, RecordingHandler Handler, IDisposable Session) Client()
    {
        var handler = new RecordingHandler();
        var minted = _f.Host.MintToken(1);
        var tokens = new TokenSet(minted.AccessToken, minted.RefreshToken, DateTimeOffset.UtcNow.AddHours(2), OutreachScopes.Required, DateTimeOffset.UtcNow);
        var session = OutreachSession.Create(_f.BaseUri, new OAuthClientCredentials("ld-demo-client", "ld-demo-secret", new Uri("http://127.0.0.1:1/cb")),
            new InMemoryTokenStore(tokens), null, new OutreachSessionOptions { Handler = handler, Client = new OutreachClientOptions { PageSize = 2 } });
        return (session.Client, handler, session);
    }

    private async Task ExerciseEveryCallAsync(OutreachClient client)
    {
        var ct = CancellationToken.None;
        await client.GetIdentityAsync(ct);
        await foreach (var _ in client.ListSequencesAsync(ct)) { }
        await foreach (var _ in client.ListMailboxesAsync(ct)) { }
        await foreach (var _ in client.ListUsersAsync(ct)) { }
        await foreach (var _ in client.ListSequenceStepsAsync(ct)) { }
        await foreach (var _ in client.ListRulesetsAsync(ct)) { }
        Assert.True((await client.GetProspectAsync(1, ct)).IsSuccess);
        Assert.True((await client.FindSequenceStatesAsync(1, 1, ct)).IsSuccess);
        var created = await client.CreateSequenceStateAsync(1, 1, 2, ct);
        Assert.Null(created.Failure);
        Assert.True((await client.PauseSequenceStateAsync(created.SequenceStateId!.Value, ct)).IsSuccess);
        Assert.True((await client.ResumeSequenceStateAsync(created.SequenceStateId!.Value, ct)).IsSuccess);
        Assert.True((await client.FinishSequenceStateAsync(created.SequenceStateId!.Value, ct)).IsSuccess);
    }

    [Fact]
    public async Task Every_request_carries_the_JSON_API_Content_Type_and_Accept_and_none_is_refused()
    {
        var (client, handler, session) = Client();
        using (session) await ExerciseEveryCallAsync(client);

        var api = handler.Requests.Where(r => r.Uri.AbsolutePath.StartsWith("/api/v2", StringComparison.Ordinal)).ToList();
        Assert.Contains(api, r => r.Method == "GET");
        Assert.Contains(api, r => r.Method == "POST" && r.Body.Length == 0);
        foreach (var r in api)
        {
            Assert.True(r.ContentType == SandboxHttp.JsonApi, $"{r.Method} {r.Uri} sent Content-Type '{r.ContentType}'");
            Assert.True(r.Accept == SandboxHttp.JsonApi, $"{r.Method} {r.Uri} sent Accept '{r.Accept}'");
        }
        Assert.DoesNotContain(_f.Host.Counters.RequestCounts(), c => c.Status == 415);
    }

    [SkippableFact]
    public async Task Every_request_body_the_module_sends_matches_the_reference_request_schema()
    {
        var schemas = OutreachSchemas.Instance;
        Skip.If(schemas is null, "reference/outreach-openapi.json not found (set LD_OUTREACH_REFERENCE or place ../shared/reference beside the repository).");
        var (client, handler, session) = Client();
        using (session) await ExerciseEveryCallAsync(client);

        var withBody = handler.Requests.Where(r => r.Uri.AbsolutePath.StartsWith("/api/v2", StringComparison.Ordinal) && r.Body.Length > 0).ToList();
        Assert.NotEmpty(withBody);
        foreach (var r in withBody)
        {
            var path = r.Uri.AbsolutePath["/api/v2".Length..];
            var schema = schemas!.RequestSchema(path, r.Method.ToLowerInvariant());
            using var doc = JsonDocument.Parse(r.Body);
            var results = OutreachSchemas.Evaluate(schema, doc.RootElement);
            Assert.True(results.IsValid, $"{r.Method} {path} body does not match the reference request schema: {OutreachSchemas.Describe(results)}");
        }
    }

    [SkippableFact]
    public void The_request_schema_does_reject_a_body_Outreach_refuses()
    {
        var schemas = OutreachSchemas.Instance;
        Skip.If(schemas is null, "reference/outreach-openapi.json not found.");
        var schema = schemas!.RequestSchema("/sequenceStates", "post");
        var good = OutreachClient.BuildEnrollmentBody(1, 2, 3);
        Assert.True(OutreachSchemas.Evaluate(schema, JsonDocument.Parse(good).RootElement).IsValid);
        Assert.False(OutreachSchemas.Evaluate(schema, JsonDocument.Parse(good.Replace("\"id\":1", "\"id\":\"1\"")).RootElement).IsValid);
        Assert.False(OutreachSchemas.Evaluate(schema, JsonDocument.Parse(good.Replace("\"type\":\"prospect\"", "\"type\":\"prospects\"")).RootElement).IsValid);
    }
}
