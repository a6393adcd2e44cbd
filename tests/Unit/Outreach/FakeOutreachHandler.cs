using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace LeanData.Outreach.Tests.Outreach;

/// <summary>An in-test HttpMessageHandler: each request goes to a responder; every request is recorded (with its body).</summary>
internal sealed class FakeOutreachHandler(Func<FakeOutreachHandler.Received, Task<HttpResponseMessage>> responder) : HttpMessageHandler
{
    public sealed record Received(HttpMethod Method, Uri Uri, string? Authorization, string? Accept, string? ContentType, string? Body, int Index);

    private int count;
    public ConcurrentQueue<Received> Requests { get; } = new();

    public FakeOutreachHandler(Func<Received, HttpResponseMessage> responder) : this(r => Task.FromResult(responder(r))) { }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var received = new Received(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
            request.Headers.Accept.ToString(), request.Content?.Headers.ContentType?.ToString(), body, Interlocked.Increment(ref count));
        Requests.Enqueue(received);
        // Like a real handler, a cancelled request stops waiting for its answer.
        var response = await responder(received).WaitAsync(cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }

    public static HttpResponseMessage Respond(HttpStatusCode status, string json, Action<HttpResponseMessage>? configure = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/vnd.api+json") };
        configure?.Invoke(response);
        return response;
    }

    public static HttpResponseMessage Error(HttpStatusCode status, string id, string detail, Action<HttpResponseMessage>? configure = null) =>
        Respond(status, $$"""{"errors":[{"id":"{{id}}","title":"t","detail":"{{detail}}"}]}""", configure);

    public static string TokenJson(string access, string refresh, int expiresIn = 7200, string scope = "sequences.all sequenceStates.all mailboxes.all prospects.all users.read sequenceSteps.read rulesets.read") =>
        $$"""{"access_token":"{{access}}","token_type":"bearer","expires_in":{{expiresIn}},"refresh_token":"{{refresh}}","scope":"{{scope}}","created_at":1700000000}""";
}
