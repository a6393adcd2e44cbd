using System.Net;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

public class AdminTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _f;
    private readonly HttpClient _admin;

    public AdminTests(SandboxFixture fixture)
    {
        _f = fixture;
        _f.Reset();
        _admin = _f.CreateClient();
    }

    private async Task<string> AllProspectsAsync(HttpClient api)
    {
        var r = await api.GetAsync($"{_f.BaseUri}/prospects?page[size]=1000");
        return await r.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Generated_sets_are_deterministic_per_seed_and_mix_the_cases()
    {
        await _admin.AdminPostAsync(_f.AdminUri, "seed", new { prospects = 300, users = 20, sequences = 15, seed = 7 });
        using var api = _f.CreateClient(_f.MintToken(1));
        var a = await AllProspectsAsync(api);
        await _admin.AdminPostAsync(_f.AdminUri, "seed", new { prospects = 300, users = 20, sequences = 15, seed = 8 });
        var b = await AllProspectsAsync(api);
        await _admin.AdminPostAsync(_f.AdminUri, "seed", new { prospects = 300, users = 20, sequences = 15, seed = 7 });
        var c = await AllProspectsAsync(api);
        Assert.Equal(a, c);
        Assert.NotEqual(a, b);

        var d = _f.Host.Data;
        lock (d.Sync)
        {
            Assert.Equal(20, d.Users.Count);
            Assert.Equal(15, d.Sequences.Count);
            Assert.Equal(300, d.Prospects.Count);
            Assert.Contains(d.Prospects.Values, p => p.OptedOut);
            Assert.Contains(d.Prospects.Values, p => p.Emails.Count == 0);
            Assert.Contains(d.Prospects.Values, p => p.Deleted);
            Assert.Contains(d.Prospects.Values, p => p.MergedIntoId is not null);
            Assert.Contains(d.Prospects.Values, p => p.Locked);
            Assert.Contains(d.Prospects.Values, p => p.CustomValidationError is not null);
            Assert.NotEmpty(d.SequenceStates);
            Assert.Contains(d.Users.Values, u => u.Locked || !u.CanSequence);
            Assert.Contains(d.Mailboxes.Values, m => m.SendDisabled || m.InvalidSendCredentials);
        }
        // the anchors always work
        Assert.Equal(HttpStatusCode.Created, (await api.EnrollAsync(_f.BaseUri, d.Prospects.Values.First(p => p.IsVisible && !p.OptedOut && !p.Locked && p.Emails.Count > 0 && p.CustomValidationError is null && d.StatesOf(p.Id).Count == 0).Id, 1, 1)).StatusCode);
    }

    [Fact]
    public async Task Error_rate_zero_gives_a_clean_set_for_benchmarks()
    {
        await _admin.AdminPostAsync(_f.AdminUri, "seed", new { prospects = 200, seed = 1, errorRate = 0.0 });
        using var api = _f.CreateClient(_f.MintToken(1));
        for (var p = 1; p <= 20; p++) Assert.Equal(HttpStatusCode.Created, (await api.EnrollAsync(_f.BaseUri, p, 1, 1)).StatusCode);
    }

    [Fact]
    public async Task Empty_preset_and_reset_back_to_demo()
    {
        await _admin.AdminPostAsync(_f.AdminUri, "seed", new { preset = "empty" });
        using var api = _f.CreateClient(_f.MintToken(1));
        var empty = await (await api.GetAsync($"{_f.BaseUri}/prospects")).JsonAsync();
        Assert.Equal(0, empty.GetProperty("data").GetArrayLength());
        var summary = await (await _admin.GetAsync($"{_f.AdminUri}/")).JsonAsync();
        Assert.Equal(0, summary.GetProperty("prospects").GetInt32());
        var reset = await _admin.AdminPostAsync(_f.AdminUri, "reset", new { });
        var after = await reset.JsonAsync();
        Assert.Equal(16, after.GetProperty("prospects").GetInt32());
        // reset also dropped every token
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"{_f.BaseUri}/prospects")).StatusCode);
    }

    [Fact]
    public async Task Counters_report_routes_statuses_and_enrollments()
    {
        using var api = _f.CreateClient(_f.MintToken(1));
        await api.EnrollAsync(_f.BaseUri, 1, 2, 2);
        await api.EnrollAsync(_f.BaseUri, 1, 2, 2);
        await api.EnrollAsync(_f.BaseUri, 7, 1, 2);
        await api.GetAsync($"{_f.BaseUri}/prospects/3");
        var c = await (await _admin.GetAsync($"{_f.AdminUri}/counters")).JsonAsync();
        Assert.Equal(3, c.GetProperty("sequenceStatePosts").GetInt64());
        Assert.Equal(2, c.GetProperty("sequenceStatesCreated").GetInt64());
        Assert.Equal(1, c.GetProperty("duplicates").GetInt64());
        var enrollment = Assert.Single(c.GetProperty("enrollments").EnumerateArray());
        Assert.Equal(1, enrollment.GetProperty("prospectId").GetInt64());
        Assert.Equal(2, enrollment.GetProperty("sequenceId").GetInt64());
        Assert.Equal(2, enrollment.GetProperty("count").GetInt64());
        var requests = c.GetProperty("requests").EnumerateArray()
            .ToDictionary(r => $"{r.GetProperty("route").GetString()} {r.GetProperty("status").GetInt32()}", r => r.GetProperty("count").GetInt64());
        Assert.Equal(2, requests["POST /sequenceStates 201"]);
        Assert.Equal(1, requests["POST /sequenceStates 422"]);
        Assert.Equal(1, requests["GET /prospects/{id} 200"]);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{_f.AdminUri}/counters")).StatusCode);
        Assert.Equal(0, _f.Host.Counters.SequenceStatePosts);
    }

    [Fact]
    public async Task Admin_patches_switch_rule_cases_on_and_off()
    {
        using var api = _f.CreateClient(_f.MintToken(1));
        await _admin.AdminPostAsync(_f.AdminUri, "users/2", new { locked = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.EnrollAsync(_f.BaseUri, 1, 1, 2)).StatusCode);
        await _admin.AdminPostAsync(_f.AdminUri, "users/2", new { locked = false });
        await _admin.AdminPostAsync(_f.AdminUri, "prospects/1", new { optedOut = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.EnrollAsync(_f.BaseUri, 1, 1, 2)).StatusCode);
        await _admin.AdminPostAsync(_f.AdminUri, "prospects/1", new { optedOut = false });
        Assert.Equal(HttpStatusCode.Created, (await api.EnrollAsync(_f.BaseUri, 1, 1, 2)).StatusCode);
        await _admin.AdminPostAsync(_f.AdminUri, "rulesets/1", new { permitDuplicateProspects = "allow" });
        Assert.Equal(HttpStatusCode.Created, (await api.EnrollAsync(_f.BaseUri, 1, 1, 2)).StatusCode);
    }

    [Fact]
    public async Task Minted_tokens_carry_the_requested_scopes()
    {
        var r = await _admin.AdminPostAsync(_f.AdminUri, "tokens", new { userId = 2, scopes = new[] { "users.read" }, ttlSeconds = 60 });
        var tok = await r.JsonAsync();
        Assert.Equal("users.read", tok.GetProperty("scope").GetString());
        Assert.Equal(60, tok.GetProperty("expires_in").GetInt32());
        using var api = _f.CreateClient(tok.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{_f.BaseUri}/users/2")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"{_f.BaseUri}/prospects/1")).StatusCode);
    }

    [Fact]
    public async Task Options_parse_the_command_line()
    {
        var o = SandboxOptions.Parse(new[] { "--port", "0", "--seed", "generated:50:4", "--client-id", "c", "--client-secret", "s", "--token-ttl", "3", "--rate-limit", "50", "--rate-window", "5" });
        Assert.Equal(("generated:50:4", "c", "s", 3, 50, 5), (o.Seed, o.ClientId, o.ClientSecret, o.TokenTtlSeconds, o.RateLimit, o.RateWindowSeconds));
        Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(new[] { "--bogus" }));
        Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(new[] { "--port", "x" }));
        await Task.CompletedTask;
    }
}
