<#
    Bulk enrollment benchmarks (issue 12), each against a fresh sandbox process; every API and OAuth request the sandbox
    answers after the store is connected is counted (catalog refresh, bulk POSTs, polls, failed-item reads, lookups, single POSTs):
      1. Per-record (-NoBulk) vs bulk on the same sandbox quota (600 requests per 60 s, client budget 590 per 60 s), the
         same 1,200 records on two identical sandboxes, in this run: wall time and requests for each.
      2. 20,000 records over 20 record owners, one sequence, quota 600 per 60 s: all enrolled, 0 duplicates, requests per
         enrollment (target at most 0.01) and wall time (target under 60 s).
      3. A mix with 10% rule failures (the generated org's error rate 0.1), 2,000 records through both paths on identical
         sandboxes: requests per record and record-by-record agreement of outcome, category and remedy (must be 100%).
    Writes its section to stdout and to bench/results/bulk-enrollment.md. -Only picks benchmarks by number.
#>
param([Parameter(Mandatory)][string] $ModulePath, [Parameter(Mandatory)][string] $SandboxPath, [int[]] $Only = @(1, 2, 3),
    [int] $CompareRecords = 1200, [int] $BigRecords = 20000, [int] $Owners = 20, [int] $MixRecords = 2000)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$SandboxPath = (Resolve-Path $SandboxPath).Path
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot 'Support/AddToSequenceBench.psm1') -Force
$rows = [Collections.Generic.List[string]]::new()
function Add-Row([string] $Measure, [string] $Value, [string] $Baseline, [bool] $Pass) {
    $rows.Add("| $Measure | $Value | $Baseline | $(if ($Pass) { 'PASS' } else { 'FAIL' }) |")
}
function New-OwnedLead([int] $First, [int] $Last, [int] $OwnerCount) {
    for ($i = $First; $i -le $Last; $i++) {
        [pscustomobject]@{
            Id = '00Q{0:D12}AAA' -f $i; Outreach_ID__c = [string] $i; Email = "prospect$i@example.com"
            OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = [string] (($i % $OwnerCount) + 1)
        }
    }
}
# One timed run on a fresh sandbox: the results, the counters and the wall time.
function Invoke-Run([string] $Seed, [string[]] $SandboxArguments, [object[]] $Leads, [hashtable] $Parameters, [int] $Budget) {
    $sandbox = Start-BenchSandbox -SandboxPath $SandboxPath -Seed $Seed -ExtraArguments $SandboxArguments
    try {
        $store = New-BenchStore $sandbox
        if ($Budget -gt 0) { Set-LDRateLimit -Limit $Budget -Window ([TimeSpan]::FromSeconds(60)) -StorePath $store }
        else { Set-LDRateLimit -Limit 1000000 -Window ([TimeSpan]::FromHours(1)) -StorePath $store }
        Clear-BenchCounters $sandbox
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = $Leads | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $store -ErrorAction SilentlyContinue -WarningAction SilentlyContinue @Parameters
        $watch.Stop()
        $counters = Get-BenchCounters $sandbox
        [pscustomobject]@{ Results = @($results); Counters = $counters; Requests = (Get-BenchApiRequestCount $counters); Seconds = $watch.Elapsed.TotalSeconds }
    } finally { Stop-BenchSandbox $sandbox; Remove-BenchStore $store }
}
$quota = @('--rate-limit', '600', '--rate-window', '60')

if (1 -in $Only) {
    $leads = @(New-OwnedLead 1 $CompareRecords 1)
    $single = Invoke-Run "generated:$($CompareRecords):1:0" $quota $leads @{ NoBulk = $true; BatchSize = 200; ThrottleLimit = 16 } 590
    $bulk = Invoke-Run "generated:$($CompareRecords):1:0" $quota $leads @{ BatchSize = 1200 } 590
    $ok = { param($run) @($run.Results | Where-Object Outcome -eq 'Success').Count }
    Add-Row "Per-record (-NoBulk), $CompareRecords records, quota 600/60 s" ('{0:N1} s, {1} requests, {2} enrolled' -f $single.Seconds, $single.Requests, (& $ok $single)) 'baseline (same run)' ((& $ok $single) -eq $CompareRecords)
    Add-Row "Bulk, the same $CompareRecords records, quota 600/60 s" ('{0:N1} s, {1} requests, {2} enrolled, {3} bulk action(s); {4:N0}x faster, {5:N0}x fewer requests' -f $bulk.Seconds, $bulk.Requests, (& $ok $bulk), $bulk.Counters.batchPosts, ($single.Seconds / $bulk.Seconds), ($single.Requests / $bulk.Requests)) 'faster and fewer requests than per-record' ((& $ok $bulk) -eq $CompareRecords -and $bulk.Seconds -lt $single.Seconds -and $bulk.Requests -lt $single.Requests)
}

if (2 -in $Only) {
    $users = $Owners
    $leads = @(New-OwnedLead 1 $BigRecords $Owners)
    $run = Invoke-Run "generated:$($BigRecords):1:0" ($quota) $leads @{ BatchSize = 10000 } 590
    # The generated org has BigRecords/10 users; the records name owners 1..20, each sending from its own mailbox.
    $enrolled = @($run.Results | Where-Object Outcome -eq 'Success').Count
    $duplicates = @($run.Counters.enrollments | Where-Object count -gt 1).Count
    $ratio = $run.Requests / [Math]::Max(1, $enrolled)
    Add-Row "$BigRecords records over $users record owners, one sequence, quota 600/60 s: requests per enrollment (every request)" ('{0:N4} ({1} requests: {2} bulk POSTs, {3} polls; {4} enrolled, {5} duplicates)' -f $ratio, $run.Requests, $run.Counters.batchPosts, $run.Counters.batchPolls, $enrolled, $duplicates) 'at most 0.01, all enrolled, 0 duplicates' ($ratio -le 0.01 -and $enrolled -eq $BigRecords -and $duplicates -eq 0)
    Add-Row "$BigRecords records over $users record owners: wall time" ('{0:N1} s (the per-record path needs at least {1:N0} min at 600/min)' -f $run.Seconds, ($BigRecords / 600)) 'under 60 s' ($run.Seconds -lt 60)
}

if (3 -in $Only) {
    $leads = @(New-OwnedLead 1 $MixRecords 10)
    $seed = "generated:$($MixRecords):11:0.1"
    $single = Invoke-Run $seed @('--rate-limit', '0') $leads @{ NoBulk = $true; BatchSize = 500; ThrottleLimit = 16 } 0
    $bulk = Invoke-Run $seed @('--rate-limit', '0') $leads @{ BatchSize = 2000 } 0
    $same = 0
    for ($i = 0; $i -lt $leads.Count; $i++) {
        $s = $single.Results[$i]; $b = $bulk.Results[$i]
        if ($s.Outcome -eq $b.Outcome -and $s.ErrorCategory -eq $b.ErrorCategory -and $s.RecommendedAction -eq $b.RecommendedAction) { $same++ }
    }
    $failed = @($single.Results | Where-Object Outcome -ne 'Success').Count
    Add-Row "Mix, $MixRecords records with 10% rule failures ($failed not enrolled): requests per record" ('bulk {0:N4} ({1} requests, {2} re-sent on their own) vs per-record {3:N4} ({4})' -f ($bulk.Requests / $leads.Count), $bulk.Requests, $bulk.Counters.sequenceStatePosts, ($single.Requests / $leads.Count), $single.Requests) 'fewer than per-record' ($bulk.Requests -lt $single.Requests)
    Add-Row 'Mix: records with the same outcome, category and remedy on both paths' ('{0} of {1}' -f $same, $leads.Count) 'all' ($same -eq $leads.Count)
}

$section = @(
    '## Bulk enrollment (bench/bulk-enrollment.bench.ps1)'
    ''
    "Command: ``dotnet pwsh bench/bulk-enrollment.bench.ps1 -ModulePath out/LeanData.Outreach/LeanData.Outreach.psd1 -SandboxPath out/sandbox/LeanData.Outreach.Sandbox.dll`` (also run by ``dotnet pwsh ./build.ps1 Bench``)"
    ''
    '| measure | figure | baseline / target | verdict |'
    '|---|---|---|---|'
) + $rows + @(
    ''
    'Memory with the largest batches on the bulk path (2,000 to 400,000 records): bench/bulk-memory.bench.ps1, figures in bench/results/bulk-memory.md.'
)
$section -join "`n" | Tee-Object -FilePath (Join-Path $PSScriptRoot 'results/bulk-enrollment.md')
