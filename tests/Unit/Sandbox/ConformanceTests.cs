using System.Net;
using System.Text.Json;
using Json.Schema;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>
/// The sandbox's response bodies validate against their schemas in reference/outreach-openapi.json, and every
/// attribute and relationship the sandbox emits is one the document declares. Skipped when the document is absent.
/// </summary>
public class ConformanceTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _f;
    private readonly HttpClient _api;

    public ConformanceTests(SandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _api = _f.CreateClient(_f.MintToken(1));
    }

    private static OutreachSchemas Schemas()
    {
        var s = OutreachSchemas.Instance;
        Skip.If(s is null, "reference/outreach-openapi.json not found (set LD_OUTREACH_REFERENCE or place ../shared/reference beside the repository).");
        return s!;
    }

    private static void AssertValid(JsonSchema schema, JsonElement body, string what)
    {
        var results = OutreachSchemas.Evaluate(schema, body);
        Assert.True(results.IsValid, $"{what} does not match the reference schema: {OutreachSchemas.Describe(results)}");
    }

    private static void AssertDeclared(OutreachSchemas schemas, JsonElement resource)
    {
        var type = resource.GetProperty("type").GetString()!;
        var attributes = schemas.DeclaredProperties(type);
        foreach (var a in resource.GetProperty("attributes").EnumerateObject())
            Assert.True(attributes.Contains(a.Name), $"{type}.attributes.{a.Name} is not in the reference document");
        var relationships = schemas.DeclaredProperties(type + "Relationships");
        foreach (var r in resource.GetProperty("relationships").EnumerateObject())
            Assert.True(relationships.Contains(r.Name), $"{type}.relationships.{r.Name} is not in the reference document");
    }

    [SkippableTheory]
    [InlineData("users", "1")]
    [InlineData("mailboxes", "5")]
    [InlineData("sequences", "3")]
    [InlineData("sequenceSteps", "1")]
    [InlineData("prospects", "8")]
    [InlineData("prospects", "7")]
    [InlineData("rulesets", "4")]
    [InlineData("sequenceStates", "1")]
    public async Task Single_and_list_documents_match_their_schemas(string plural, string id)
    {
        var schemas = Schemas();
        var one = await (await _api.GetAsync($"{_f.BaseUri}/{plural}/{id}")).JsonAsync();
        AssertValid(schemas.ResponseSchema($"/{plural}/{{id}}", "get", "200"), one, $"GET /{plural}/{id}");
        AssertDeclared(schemas, one.GetProperty("data"));

        var list = await (await _api.GetAsync($"{_f.BaseUri}/{plural}?page[size]=3")).JsonAsync();
        AssertValid(schemas.ResponseSchema($"/{plural}", "get", "200"), list, $"GET /{plural}");
        foreach (var item in list.GetProperty("data").EnumerateArray()) AssertDeclared(schemas, item);
    }

    [SkippableFact]
    public async Task Created_and_acted_on_sequence_states_match_their_schemas()
    {
        var schemas = Schemas();
        var created = await _api.EnrollAsync(_f.BaseUri, 1, 1, 2);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        AssertValid(schemas.ResponseSchema("/sequenceStates", "post", "201"), body, "POST /sequenceStates");
        AssertDeclared(schemas, body.GetProperty("data"));
        var id = body.GetProperty("data").GetProperty("id").GetInt64();
        foreach (var action in new[] { "pause", "resume", "finish" })
        {
            var acted = await (await _api.PostAsync($"{_f.BaseUri}/sequenceStates/{id}/actions/{action}", null)).JsonAsync();
            AssertValid(schemas.ResponseSchema($"/sequenceStates/{{id}}/actions/{action}", "post", "200"), acted, action);
        }
    }

    [SkippableFact]
    public async Task Bulk_api_requests_and_documents_match_their_schemas()
    {
        var schemas = Schemas();
        var request = JsonDocument.Parse(BatchHttp.Body(new long[] { 1, 2, 7 }, 1, 2)).RootElement;
        AssertValid(schemas.RequestSchema("/batches/actions/prospectsAddToSequence", "post"), request, "the bulk request body");

        var created = await (await _api.AddToSequenceAsync(_f.BaseUri, new long[] { 1, 2, 7 }, 1, 2)).JsonAsync();
        AssertValid(schemas.ResponseSchema("/batches/actions/prospectsAddToSequence", "post", "200"), created, "POST prospectsAddToSequence");
        AssertDeclared(schemas, created.GetProperty("data"));
        var id = created.GetProperty("data").GetProperty("id").GetInt64();
        Assert.True(_f.Host.Runtime.BatchProcessor.WaitUntilDone(id, TimeSpan.FromSeconds(20)));

        var one = await (await _api.GetAsync($"{_f.BaseUri}/batches/{id}")).JsonAsync();
        AssertValid(schemas.ResponseSchema("/batches/{id}", "get", "200"), one, "GET /batches/{id}");
        AssertDeclared(schemas, one.GetProperty("data"));
        var list = await (await _api.GetAsync($"{_f.BaseUri}/batches")).JsonAsync();
        AssertValid(schemas.ResponseSchema("/batches", "get", "200"), list, "GET /batches");
        var items = await (await _api.GetAsync($"{_f.BaseUri}/batchItems?filter[batchId]={id}")).JsonAsync();
        AssertValid(schemas.ResponseSchema("/batchItems", "get", "200"), items, "GET /batchItems");
        Assert.Equal(3, items.GetProperty("data").GetArrayLength());
        foreach (var item in items.GetProperty("data").EnumerateArray()) AssertDeclared(schemas, item);
        var itemId = items.GetProperty("data")[2].GetProperty("id").GetInt64();
        var item7 = await (await _api.GetAsync($"{_f.BaseUri}/batchItems/{itemId}")).JsonAsync();
        AssertValid(schemas.ResponseSchema("/batchItems/{id}", "get", "200"), item7, "GET /batchItems/{id}");
        Assert.True(item7.GetProperty("data").GetProperty("attributes").GetProperty("failed").GetBoolean());

        var waiting = await (await _api.AddToSequenceAsync(_f.BaseUri, new long[] { 3 }, 1, 2, skipConfirmation: false)).JsonAsync();
        var waitingId = waiting.GetProperty("data").GetProperty("id").GetInt64();
        var confirmed = await (await _api.PostAsync($"{_f.BaseUri}/batches/{waitingId}/actions/confirm", null)).JsonAsync();
        AssertValid(schemas.ResponseSchema("/batches/{id}/actions/confirm", "post", "200"), confirmed, "confirm");
        var refused = await (await _api.PostAsync($"{_f.BaseUri}/batches/{waitingId}/actions/confirm", null)).JsonAsync();
        AssertValid(schemas.ResponseSchema("/batches/{id}/actions/confirm", "post", "422"), refused, "confirm 422");
        var waiting2 = await (await _api.AddToSequenceAsync(_f.BaseUri, new long[] { 4 }, 1, 2, skipConfirmation: false)).JsonAsync();
        var canceled = await (await _api.PostAsync($"{_f.BaseUri}/batches/{waiting2.GetProperty("data").GetProperty("id").GetInt64()}/actions/cancel", null)).JsonAsync();
        AssertValid(schemas.ResponseSchema("/batches/{id}/actions/cancel", "post", "200"), canceled, "cancel");
        var bad = await (await _api.PostAsync($"{_f.BaseUri}/batches/actions/prospectsAddToSequence", SandboxHttp.JsonApiBody("{\"data\":{\"type\":\"batch\",\"attributes\":{\"ids\":[]}}}"))).JsonAsync();
        AssertValid(schemas.ResponseSchema("/batches/actions/prospectsAddToSequence", "post", "422"), bad, "bulk 422");
    }

    [SkippableFact]
    public async Task Error_documents_match_the_error_schema()
    {
        var schemas = Schemas();
        var unprocessable = await (await _api.EnrollAsync(_f.BaseUri, 7, 1, 2)).JsonAsync();
        AssertValid(schemas.ResponseSchema("/sequenceStates", "post", "422"), unprocessable, "422");
        var notFound = await (await _api.GetAsync($"{_f.BaseUri}/prospects/999")).JsonAsync();
        AssertValid(schemas.ResponseSchema("/prospects/{id}", "get", "404"), notFound, "404");
        var actionRefused = await (await _api.PostAsync($"{_f.BaseUri}/sequenceStates/1/actions/pause", null)).JsonAsync();
        AssertValid(schemas.ResponseSchema("/sequenceStates/{id}/actions/pause", "post", "422"), actionRefused, "action 422");
    }

    [SkippableFact]
    public async Task The_validator_does_reject_a_wrong_body()
    {
        var schemas = Schemas();
        var body = await (await _api.GetAsync($"{_f.BaseUri}/prospects/1")).Content.ReadAsStringAsync();
        var wrongId = JsonDocument.Parse(body.Replace("\"id\":1,", "\"id\":\"1\",")).RootElement;
        Assert.False(OutreachSchemas.Evaluate(schemas.ResponseSchema("/prospects/{id}", "get", "200"), wrongId).IsValid);
        var badEmail = JsonDocument.Parse(body.Replace("paula.success@acme.example", "not an email")).RootElement;
        Assert.False(OutreachSchemas.Evaluate(schemas.ResponseSchema("/prospects/{id}", "get", "200"), badEmail).IsValid);
    }
}
