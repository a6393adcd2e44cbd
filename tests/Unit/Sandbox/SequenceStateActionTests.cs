using System.Net;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;

namespace LeanData.Outreach.Tests.Sandbox;

public class SequenceStateActionTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _f;
    private readonly HttpClient _api;

    public SequenceStateActionTests(SandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _api = _f.CreateClient(_f.MintToken(U.Admin));
    }

    private async Task<long> EnrollAsync(long prospect)
    {
        var r = await _api.EnrollAsync(_f.BaseUri, prospect, S.SharedCallOnly, U.Sender);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (await r.JsonAsync()).GetProperty("data").GetProperty("id").GetInt64();
    }

    private async Task<(HttpStatusCode Status, string? State)> ActAsync(long id, string action)
    {
        var r = await _api.PostAsync($"{_f.BaseUri}/sequenceStates/{id}/actions/{action}", null);
        if (r.StatusCode != HttpStatusCode.OK)
        {
            await r.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "validationError", "Validation Error", "Cannot transition to requested state");
            return (r.StatusCode, null);
        }
        return (r.StatusCode, (await r.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Pause_resume_finish_follow_their_guards()
    {
        var id = await EnrollAsync(P.Success1);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, null), await ActAsync(id, "resume"));
        Assert.Equal((HttpStatusCode.OK, "paused"), await ActAsync(id, "pause"));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, null), await ActAsync(id, "pause"));
        Assert.Equal((HttpStatusCode.OK, "active"), await ActAsync(id, "resume"));
        Assert.Equal((HttpStatusCode.OK, "finished"), await ActAsync(id, "finish"));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, null), await ActAsync(id, "finish"));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, null), await ActAsync(id, "pause"));
    }

    [Fact]
    public async Task Paused_state_reports_its_pause_reason_and_can_be_filtered()
    {
        var id = await EnrollAsync(P.Success2);
        await ActAsync(id, "pause");
        var list = await (await _api.GetAsync($"{_f.BaseUri}/sequenceStates?filter[state]=paused")).JsonAsync();
        var only = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.Equal(id, only.GetProperty("id").GetInt64());
        Assert.Equal("manual", only.GetProperty("attributes").GetProperty("pauseReason").GetString());
    }

    [Fact]
    public async Task Delete_answers_204_then_404()
    {
        var id = await EnrollAsync(P.Success3);
        var del = await _api.DeleteAsync($"{_f.BaseUri}/sequenceStates/{id}");
        Assert.Equal(HttpStatusCode.NoContent, del.StatusCode);
        Assert.Equal(0, del.Content.Headers.ContentLength ?? 0);
        await (await _api.GetAsync($"{_f.BaseUri}/sequenceStates/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found",
            $"Could not find 'sequenceState' with ID '{id}'.");
        await (await _api.DeleteAsync($"{_f.BaseUri}/sequenceStates/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found");
    }

    [Fact]
    public async Task Actions_on_unknown_states_answer_404()
    {
        await (await _api.PostAsync($"{_f.BaseUri}/sequenceStates/9999/actions/pause", null))
            .AssertErrorAsync(HttpStatusCode.NotFound, "resourceNotFound", "Resource Not Found", "Could not find 'sequenceState' with ID '9999'.");
    }

    [Fact]
    public async Task Actions_need_the_write_scope()
    {
        var id = await EnrollAsync(P.Success4);
        using var reader = _f.CreateClient(_f.MintToken(U.Admin, "sequenceStates.read"));
        await (await reader.PostAsync($"{_f.BaseUri}/sequenceStates/{id}/actions/pause", null)).AssertErrorAsync(HttpStatusCode.Forbidden,
            "unauthorizedOauthScope", "Unauthorized OAuth Scope", "Your authorization does not include the required scope 'sequenceStates.write'.");
        await (await reader.DeleteAsync($"{_f.BaseUri}/sequenceStates/{id}")).AssertErrorAsync(HttpStatusCode.Forbidden,
            "unauthorizedOauthScope", "Unauthorized OAuth Scope", "Your authorization does not include the required scope 'sequenceStates.delete'.");
    }
}
