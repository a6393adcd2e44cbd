using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LeanData.Outreach.Cmdlets.Commands.Retry;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Store;
using LeanData.Outreach.Tests.Logs;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.Cmdlets;

/// <summary>Start-LDRetryWorker in-process against a connected store and the sandbox over HTTP.</summary>
public sealed class StartLDRetryWorkerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private SandboxHost _host = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _host = await SandboxHost.StartAsync(new SandboxOptions { RateLimit = 0 });
        _store = _dir.File("store.db");
        var issue = _host.MintToken(1);
        await OutreachConnector.ConnectWithRefreshTokenAsync(new LDStore(_store), new OAuthClientCredentials("ld-demo-client", "ld-demo-secret", new Uri("http://127.0.0.1:8765/callback")),
            _host.BaseUri, issue.RefreshToken, null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Ctrl_C_of_a_polling_worker_writes_its_summary_to_the_host_and_the_log()
    {
        var seed = new LogSeed(new LDStore(_store));
        foreach (var prospect in new[] { P.Success1, P.Success2, P.Success3, P.Success4 })
            seed.Action(outcome: "Pending", attempts: 1, prospect: prospect, sequenceId: S.SharedCallOnly, recordId: $"00Q{prospect:D15}", next: DateTimeOffset.UtcNow.AddSeconds(-1));
        _host.Faults.Add(new LeanData.Outreach.Sandbox.Faults.FaultRule { Route = "POST /sequenceStates", Kind = LeanData.Outreach.Sandbox.Faults.FaultKind.Delay, DelayMs = 5000, Probability = 1.0 });
        var log = _dir.File("worker.log");
        var host = new RecordingHost();
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Start-LDRetryWorker", typeof(StartLDRetryWorkerCommand), null));
        using var runspace = RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript($"Start-LDRetryWorker -PollInterval 00:00:01 -BatchSize 2 -ThrottleLimit 1 -StorePath '{_store}' -LogPath '{log}'");
        var running = ps.BeginInvoke();
        _host.Counters.WaitForSequenceStatePosts(1, TimeSpan.FromSeconds(20));
        Assert.True(_host.Counters.SequenceStatePosts >= 1, "the worker never sent");

        ps.Stop();

        Assert.ThrowsAny<PipelineStoppedException>(() => ps.EndInvoke(running));
        var line = Assert.Single(host.Lines, l => l.StartsWith("Start-LDRetryWorker stopped after 1 drain(s): ", StringComparison.Ordinal));
        Assert.Contains("Pending in the store", line);
        var stopped = Assert.Single(File.ReadAllLines(log), l => l.Contains(" stopped worker=", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z stopped worker=\S+ drains=1 processed=\d+ .* exit=0$", stopped);
    }
}
