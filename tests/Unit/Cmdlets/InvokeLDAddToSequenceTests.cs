using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Cmdlets.Commands.Enrollment;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Engine.Execution;
using LeanData.Outreach.Engine.Planning;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Routing;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Store;
using Xunit;
using P = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Prospects;
using S = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Sequences;
using U = LeanData.Outreach.Sandbox.Seeding.DemoPreset.Users;
using LeanData.Outreach.Outcomes;
using LeanData.Outreach.Engine.CatalogRefresh;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.Cmdlets;

/// <summary>Invoke-LDAddToSequence in-process against a connected store and the sandbox over HTTP.</summary>
public sealed class InvokeLDAddToSequenceTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private SandboxHost _host = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _host = await SandboxHost.StartAsync(new SandboxOptions { RateLimit = 0 });
        _store = _dir.File("store.db");
        var store = new LDStore(_store);
        var issue = _host.MintToken(1);
        await OutreachConnector.ConnectWithRefreshTokenAsync(store, new OAuthClientCredentials("ld-demo-client", "ld-demo-secret", new Uri("http://127.0.0.1:8765/callback")),
            _host.BaseUri, issue.RefreshToken, null, CancellationToken.None);
        new ConfigurationRepository(store).SetFieldMapping(new FieldMapping("Outreach_ID__c", "Outreach_Contact_ID__c", "Outreach_User_ID__c"));
        using var session = OutreachSession.FromStore(store);
        await new CatalogRefresher(session.Client, new CatalogRepository(store)).RefreshAsync(CatalogKinds.All, null, CancellationToken.None);
        _host.Counters.Reset();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    private static PowerShell Shell()
    {
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Invoke-LDAddToSequence", typeof(InvokeLDAddToSequenceCommand), null));
        return PowerShell.Create(state);
    }

    private long Actions()
    {
        using var c = new LDStore(_store).OpenConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM actions";
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    private const string Records = """
        $owner = @{ Id = '005000000000003AAA'; Outreach_User_ID__c = '2' }
        $leads = 1..6 | ForEach-Object { [pscustomobject]@{ Id = ('00Q{0:D12}AAA' -f $_); Outreach_ID__c = "$_"; Email = "p$_@x.example"; OwnerId = $owner.Id; Owner = [pscustomobject]$owner } }
        """;

    [Fact]
    [Trait("Category", "RealTime")]
    public void Ctrl_C_stops_within_a_second_and_leaves_every_unsent_record_pending()
    {
        _host.Faults.Add(new LeanData.Outreach.Sandbox.Faults.FaultRule { Route = "POST /sequenceStates", Kind = LeanData.Outreach.Sandbox.Faults.FaultKind.Delay, DelayMs = 5000, Probability = 1.0 });
        using var ps = Shell();
        ps.AddScript(Records + "\n$leads | Invoke-LDAddToSequence -Sequence 'Demo: Shared Call Blitz (no email)' -Mailbox RecordOwner -ThrottleLimit 2 -StorePath '" + _store + "'");
        var running = ps.BeginInvoke();
        _host.Counters.WaitForArrivals("POST /sequenceStates", 2, TimeSpan.FromSeconds(30));   // both lanes are mid-request
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        Assert.ThrowsAny<PipelineStoppedException>(() => ps.EndInvoke(running));
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {watch.Elapsed}");
        using var c = new LDStore(_store).OpenConnection();
        using var cmd = c.CreateCommand();
        // Whatever finished before the stop is Success; everything else accepted is Pending, unleased, and none is lost.
        cmd.CommandText = "SELECT COUNT(*) FROM actions WHERE outcome IN ('Success', 'Pending') AND lease_owner IS NULL";
        var settled = Convert.ToInt64(cmd.ExecuteScalar());
        cmd.CommandText = "SELECT COUNT(*) FROM actions WHERE outcome = 'Pending' AND attempts = 0";
        var neverSent = Convert.ToInt64(cmd.ExecuteScalar());
        cmd.CommandText = "SELECT group_concat(outcome || '/' || coalesce(lease_owner, '-') || '/' || attempts, '; ') FROM actions";
        var rows = Convert.ToString(cmd.ExecuteScalar());
        Assert.True(settled == 6, rows);
        Assert.True(neverSent >= 2, rows);
        Assert.Equal(6, Actions());
    }

    [Fact]
    [Trait("Category", "RealTime")]
    public void Ctrl_C_while_a_bulk_action_is_polled_stops_within_a_second_and_leaves_its_records_pending_to_be_looked_up()
    {
        lock (_host.Data.Sync)
            for (var id = 5000L; id < 5030; id++)
                _host.Data.Prospects[id] = new LeanData.Outreach.Sandbox.Model.SandboxProspect { Id = id, FirstName = "Bulk", LastName = $"P{id}", Emails = [$"p{id}@example.com"], OwnerId = 2 };
        _host.Runtime.BatchSettings = _host.Runtime.BatchSettings with { ItemsPerSecond = 1 }; // 30 s of processing: only Ctrl+C ends the wait
        using var ps = Shell();
        ps.AddScript("""
            $owner = @{ Id = '005000000000003AAA'; Outreach_User_ID__c = '2' }
            5000..5029 | ForEach-Object { [pscustomobject]@{ Id = ('00Q{0:D12}AAA' -f $_); Outreach_ID__c = "$_"; OwnerId = $owner.Id; Owner = [pscustomobject]$owner } } |
            """ + " Invoke-LDAddToSequence -Sequence 'Demo: Shared Call Blitz (no email)' -Mailbox RecordOwner -StorePath '" + _store + "'");
        var running = ps.BeginInvoke();
        Assert.True(_host.Counters.WaitForBatchPolls(3, TimeSpan.FromSeconds(30))); // deep in the back-off: the next poll is a second or more away
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        Assert.ThrowsAny<PipelineStoppedException>(() => ps.EndInvoke(running));
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {watch.Elapsed}");
        Assert.Equal(1, _host.Counters.BatchPosts);
        using var c = new LDStore(_store).OpenConnection();
        using var cmd = c.CreateCommand();
        // Sent in bulk and not known to be enrolled: Pending, one attempt with no status (so the retry looks before sending), unleased.
        cmd.CommandText = "SELECT COUNT(*) FROM actions WHERE outcome = 'Pending' AND via = 'Bulk' AND attempts = 1 AND last_status_code IS NULL AND lease_owner IS NULL";
        Assert.Equal(30, Convert.ToInt64(cmd.ExecuteScalar()));
        Assert.Equal(30, Actions());
    }

    [Fact]
    public void Adds_records_from_the_pipeline_and_returns_one_result_each_in_order()
    {
        using var ps = Shell();
        ps.AddScript(Records + "\n$leads | Invoke-LDAddToSequence -Sequence 'Demo: Shared Call Blitz (no email)' -Mailbox RecordOwner -NodeName 'Inbound' -StorePath '" + _store + "'");
        var results = ps.Invoke().Select(o => (AddToSequenceResult)o.BaseObject).ToList();
        Assert.False(ps.HadErrors, string.Join("; ", ps.Streams.Error));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long?)i), results.Select(r => r.ProspectId));
        Assert.All(results, r => Assert.Equal((ActionOutcome.Success, "Inbound", S.SharedCallOnly), (r.Outcome, r.NodeName!, r.SequenceId!.Value)));
        Assert.Equal(6, _host.Counters.SequenceStatesCreated);
        Assert.Equal(6, Actions());
    }

    [Fact]
    public void WhatIf_plans_everything_but_sends_no_mutating_call_and_writes_nothing()
    {
        using var ps = Shell();
        ps.AddScript(Records + "\n$leads + @{ Id = '00Q000000000099AAA'; Outreach_ID__c = '5'; OwnerId = '00G000000000001EAA' } | Invoke-LDAddToSequence -Sequence " + S.SharedCallOnly + " -Mailbox RecordOwner -StorePath '" + _store + "' -WhatIf");
        var results = ps.Invoke().Select(o => (AddToSequenceResult)o.BaseObject).ToList();
        Assert.Equal(0, _host.Counters.SequenceStatePosts);
        Assert.Equal(0, _host.Counters.RequestCounts().Where(r => !r.Route.StartsWith("GET", StringComparison.Ordinal)).Sum(r => r.Count));
        Assert.Equal(0, Actions());
        var edge = Assert.Single(results);
        Assert.Equal(ActionEdge.QueueOwner, edge.Edge);
        Assert.Null(edge.ActionId);
    }

    [Fact]
    public void A_thousand_malformed_records_each_get_one_error_and_the_good_ones_all_succeed()
    {
        using var ps = Shell();
        ps.AddScript(Records + """

            $huge = 'x' * 100000
            $bad = 1..1000 | ForEach-Object {
                switch ($_ % 8) {
                    0 { [pscustomobject]@{ Name = 'no id'; Outreach_ID__c = '1' } }
                    1 { [pscustomobject]@{ Id = ('001{0:D12}AAA' -f $_); Outreach_ID__c = '1' } }
                    2 { [pscustomobject]@{ Id = $null; Outreach_ID__c = $null } }
                    3 { [pscustomobject]@{ Id = $huge; Outreach_ID__c = $huge } }
                    4 { [pscustomobject]@{ Id = ('00Q{0:D12}AAA' -f $_); Outreach_ID__c = 'abc'; OwnerId = '005000000000003AAA'; 'Owner.Outreach_User_ID__c' = '2' } }
                    5 { [pscustomobject]@{ Id = ('00Q{0:D12}AAA' -f $_); Outreach_ID__c = '99999999999999999999999'; 'Owner.Outreach_User_ID__c' = '2' } }
                    6 { @{ Id = 12345; Outreach_ID__c = 4.5 } }
                    7 { [pscustomobject]@{ Id = ('00Q{0:D12}AAA' -f $_); Outreach_ID__c = '3'; 'Owner.Outreach_User_ID__c' = 'not a number' } }
                }
            }
            $mixed = foreach ($i in 0..999) { $bad[$i]; if ($i % 100 -eq 0) { $leads[($i / 100) % 6] } }
            $mixed | Invoke-LDAddToSequence -Sequence 'Demo: Shared Call Blitz (no email)' -Mailbox RecordOwner -StorePath '
            """ + _store + "' -ErrorVariable +problems -ErrorAction SilentlyContinue -BatchSize 50 -Force\n$global:problems = $problems");
        var results = ps.Invoke().Select(o => (AddToSequenceResult)o.BaseObject).ToList();
        Assert.Equal(1010, results.Count);
        Assert.Equal(10, results.Count(r => r.Outcome == ActionOutcome.Success));
        var failures = results.Where(r => r.Outcome != ActionOutcome.Success).ToList();
        Assert.Equal(1000, failures.Count);
        Assert.All(failures, r => Assert.True(r.Outcome is ActionOutcome.Error or ActionOutcome.Edge));
        Assert.All(failures, r => Assert.True(r.Message!.Length < 500 && r.Message.Contains("record ", StringComparison.Ordinal), r.Message));
        var problems = ((System.Collections.IEnumerable)ps.Runspace.SessionStateProxy.GetVariable("problems")).Cast<object>().Select(o => (ErrorRecord)(o is PSObject p ? p.BaseObject : o)).ToList();
        Assert.Equal(1000, problems.Count);
        Assert.All(problems, e => Assert.Contains(e.FullyQualifiedErrorId.Split(',')[0], new[] { "InvalidRecord", "ConfigurationError" }));
        Assert.Equal(10, _host.Counters.SequenceStatesCreated);
    }

    [Fact]
    public void ErrorAction_Stop_terminates_with_the_category_id_and_recommended_action()
    {
        using var ps = Shell();
        ps.AddScript("try { @{ Id = '00Q000000000001EAA'; Outreach_ID__c = '1'; OwnerId = '00G000000000001EAA' } | Invoke-LDAddToSequence -Sequence " + S.SharedCallOnly +
            " -Mailbox RecordOwner -StorePath '" + _store + "' -ErrorAction Stop } catch { $_ }");
        var caught = (ErrorRecord)ps.Invoke().Last().BaseObject;
        Assert.StartsWith("QueueOwner,", caught.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, caught.CategoryInfo.Category);
        Assert.False(string.IsNullOrWhiteSpace(caught.ErrorDetails.RecommendedAction));
        Assert.IsType<System.Collections.Hashtable>(caught.TargetObject is PSObject t ? t.BaseObject : caught.TargetObject);
    }

    [Fact]
    public void Reads_salesforce_cli_json_and_dotted_csv_headers()
    {
        using var ps = Shell();
        ps.AddScript("""
            $json = '{"result":{"records":[{"attributes":{"type":"Lead"},"Id":"00Q000000000001EAA","Outreach_ID__c":"1","Email":"a@b.c","OwnerId":"005000000000003AAA","Owner":{"attributes":{"type":"User"},"Outreach_User_ID__c":"2"}}]}}'
            $csv = "Id,Outreach_ID__c,Email,OwnerId,Owner.Outreach_User_ID__c`n00Q000000000002EAA,2,b@c.d,005000000000003AAA,2"
            @(($json | ConvertFrom-Json).result.records) + @($csv | ConvertFrom-Csv) |
            """ + " Invoke-LDAddToSequence -Sequence " + S.SharedCallOnly + " -Mailbox RecordOwner -StorePath '" + _store + "'");
        var results = ps.Invoke().Select(o => (AddToSequenceResult)o.BaseObject).ToList();
        Assert.False(ps.HadErrors, string.Join("; ", ps.Streams.Error));
        Assert.Equal([ActionOutcome.Success, ActionOutcome.Success], results.Select(r => r.Outcome));
        Assert.Equal([2L, 2L], results.Select(r => r.UserId!.Value));
    }

    [Fact]
    public void UseUserSequenceMap_sends_each_record_to_its_senders_primary_sequence()
    {
        var store = new LDStore(_store);
        var map = new UserSequenceMapRepository(store);
        map.Set(U.Admin, S.SharedEmail, "Demo: Shared Email Nurture");
        map.Set(U.Sender, S.SharedCallOnly, "Demo: Shared Call Blitz (no email)");
        using var ps = Shell();
        ps.AddScript("""
            function Lead($n, $prospect, $owner, $email) {
                [pscustomobject]@{ Id = ('00Q{0:D12}AAA' -f $n); Outreach_ID__c = "$prospect"; Email = $email; OwnerId = ('005{0:D12}AAA' -f $owner); 'Owner.Outreach_User_ID__c' = "$owner" }
            }
            $leads = @(
                Lead 1 1 2 'p1@x.example'   # Ben -> call blitz
                Lead 2 8 2 ''               # Ben -> call blitz: no email step, so an empty Email is fine
                Lead 3 3 1 'p3@x.example'   # Ada -> email nurture
                Lead 4 4 1 ''               # Ada -> email nurture: empty Email fails without a call
                Lead 5 5 4 'p5@x.example'   # Dan has no primary sequence
            )
            $leads | Invoke-LDAddToSequence -UseUserSequenceMap -Mailbox RecordOwner -StorePath '
            """ + _store + "' -ErrorVariable +problems -ErrorAction SilentlyContinue\n$global:problems = $problems");
        var results = ps.Invoke().Select(o => (AddToSequenceResult)o.BaseObject).ToList();
        Assert.Equal(
            [(ActionOutcome.Success, S.SharedCallOnly), (ActionOutcome.Success, S.SharedCallOnly), (ActionOutcome.Success, S.SharedEmail), (ActionOutcome.Error, S.SharedEmail), (ActionOutcome.Error, 0L)],
            results.Select(r => (r.Outcome, r.SequenceId ?? 0L)));
        Assert.Equal("ProspectMissingEmail", results[3].ErrorCategory);
        Assert.Equal("NoUserSequenceMapping", results[4].ErrorCategory);
        Assert.Contains("Set-LDUserSequenceMap -User dan.nosend@demo.example", results[4].Message);
        Assert.Equal(3, _host.Counters.SequenceStatePosts);
        Assert.Equal([(1L, S.SharedCallOnly), (3L, S.SharedEmail), (8L, S.SharedCallOnly)],
            _host.Counters.EnrollmentCounts().Select(e => (e.ProspectId, e.SequenceId)).OrderBy(e => e.ProspectId));
        var problems = ((System.Collections.IEnumerable)ps.Runspace.SessionStateProxy.GetVariable("problems")).Cast<object>().Select(o => (ErrorRecord)(o is PSObject p ? p.BaseObject : o)).ToList();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("NoUserSequenceMapping,", problems[1].FullyQualifiedErrorId);
        Assert.Contains("Set-LDUserSequenceMap -User", problems[1].ErrorDetails.RecommendedAction);
        Assert.Equal("00Q000000000005AAA", ((PSObject)problems[1].TargetObject).Properties["Id"].Value);
        Assert.Equal(5, Actions());
    }

    [Fact]
    public void Refuses_an_unshared_sequence_with_a_terminating_error()
    {
        using var ps = Shell();
        ps.AddScript("@{ Id = '00Q000000000001EAA' } | Invoke-LDAddToSequence -Sequence " + S.Private + " -Mailbox RecordOwner -StorePath '" + _store + "'");
        Assert.Empty(ps.Invoke());
        var error = Assert.Single(ps.Streams.Error);
        Assert.StartsWith("SequenceNotUsable,", error.FullyQualifiedErrorId);
        Assert.Equal(0, _host.Counters.SequenceStatePosts);
    }
}
