using System.Net.Http.Headers;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>
/// Gives every request of a test client the JSON:API Content-Type Outreach requires (an empty body on GETs and
/// body-less POSTs), as the module's client does; the strict sandbox answers 415 without it.
/// </summary>
public sealed class JsonApiContentHandler : DelegatingHandler
{
    public JsonApiContentHandler(HttpMessageHandler inner) : base(inner) { }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Content ??= new ByteArrayContent([]);
        request.Content.Headers.ContentType ??= new MediaTypeHeaderValue(SandboxHttp.JsonApi);
        return base.SendAsync(request, cancellationToken);
    }
}
