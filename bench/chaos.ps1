#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Chaos run (issue 11, "Done when"): several processes on one store, SIGKILLs, polling workers and refresh-token
    rotations, then what became of every record.
.DESCRIPTION
    Starts the built sandbox with short-lived access tokens (--token-ttl; refresh tokens rotate, each works once),
    seeds -Records prospects, connects one throwaway store and slows every enrollment (a delay fault of -DelayMs).
    Then, at once: -Workers polling Start-LDRetryWorker processes (5 s leases), and -Invokes Invoke-LDAddToSequence
    processes, each piping its own slice of the records. The first -Kills Invoke processes are SIGKILLed mid-run
    and their slice is piped again by a new process (the scheduled re-run); one worker is SIGKILLed mid-run and
    replaced. When every Invoke has ended, the workers drain what is Pending (the killed runs' leased actions are
    taken over once their lease runs out) and are stopped.
    The whole run is bounded by -TimeoutSeconds: past it every child is killed and the figures are printed as they
    stand, marked as cut short. Progress lines go to the host as each phase ends.
    Prints one markdown table: records, Invoke processes and how many were SIGKILLed, workers started (replacements
    included) and SIGKILLed, token rotations (refresh grants: the counters start after the store's own connect),
    refused token requests, enrolled (prospects with a sequenceState), enrolled twice (prospects with more than
    one), lost (neither enrolled nor Pending in the store), still Pending, Errors, failed because of tokens (actions
    that ended Error or Edge with a token/authorization category), and the Outreach and OAuth requests the sandbox
    answered; then the store's actions by outcome.
    -NoBulk sends every record on its own (one POST each: the most requests, leases and token use); by default
    Invoke uses the Bulk API for its (sequence, mailbox) groups, as an admin's run does.
.EXAMPLE
    dotnet pwsh bench/chaos.ps1 -Records 2000 -Invokes 3 -Workers 2 -Kills 2 -TokenTtlSeconds 8 -NoBulk
#>
[CmdletBinding()]
param(
    [string] $ModulePath,
    [string] $SandboxPath,
    [int] $Records = 2000,
    [int] $Invokes = 3,
    [int] $Workers = 2,
    [int] $Kills = 2,
    [int] $TokenTtlSeconds = 8,
    [int] $DelayMs = 20,
    [switch] $NoBulk,
    [int] $TimeoutSeconds = 300
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Support/BenchSetup.psm1') -Force
Initialize-LDBench -ModulePath $ModulePath -SandboxPath $SandboxPath

function Get-Count([string] $Where) { [long] (Invoke-LDTestSql -StorePath $store -Scalar -Sql "SELECT COUNT(*) FROM actions WHERE $Where") }
function Get-Left { [Math]::Max(0, [int] ($TimeoutSeconds * 1000 - $watch.ElapsedMilliseconds)) }
function Write-Phase([string] $Text) { Write-Host ('[{0,5:N0} s] {1}' -f $watch.Elapsed.TotalSeconds, $Text) }

$bulk = if ($NoBulk) { '-NoBulk' } else { '' }
function Start-Slice([int] $First, [int] $Last) {
    Start-LDTestPwshProcess @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($env:LD_TEST_MODULE)'
$First..$Last | ForEach-Object { [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_ID__c = [string] `$_; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' } } |
    Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath '$store' -ThrottleLimit 4 -BatchSize 50 $bulk -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
"@
}

function Start-Worker {
    $script:workersStarted++
    Start-LDTestWorkerProcess -StorePath $store -Arguments "-PollInterval 00:00:01 -LeaseDuration 00:00:05 -BatchSize 50 -ThrottleLimit 4 $bulk -ErrorAction Continue"
}

$sandbox = Start-LDTestSandbox -ExtraArguments '--token-ttl', "$TokenTtlSeconds"
$store = New-LDTestStorePath
$watch = [Diagnostics.Stopwatch]::StartNew()
$killed = 0; $workerKills = 0; $workersStarted = 0; $drained = $false; $cutShort = $null
$all = [Collections.Generic.List[Diagnostics.Process]]::new()
try {
    # The generated org: sequence 1 allows duplicates, so a double send shows up as a second sequenceState.
    Invoke-LDTestSandboxAdmin $sandbox seed Post @{ prospects = [Math]::Max($Records, 100); users = 3; sequences = 2; seed = 7; errorRate = 0 } | Out-Null
    Connect-LDTestSandbox -Sandbox $sandbox -StorePath $store | Out-Null
    Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c -StorePath $store
    Set-LDRetryPolicy -StorePath $store -Interval '00:00:02' -MaxAttempts 10
    Get-LDSequence -StorePath $store -Refresh | Out-Null
    Invoke-LDTestSandboxAdmin $sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'delay'; delayMs = $DelayMs; probability = 1.0 } | Out-Null
    Invoke-LDTestSandboxAdmin $sandbox counters Delete | Out-Null
    Write-Phase "store connected, $Records prospects seeded"

    $workerProcs = [Collections.Generic.List[Diagnostics.Process]]::new()
    foreach ($w in 1..$Workers) { $p = Start-Worker; $workerProcs.Add($p); $all.Add($p) }
    $size = [Math]::Ceiling($Records / $Invokes)
    $slices = foreach ($i in 0..($Invokes - 1)) { @{ First = $i * $size + 1; Last = [Math]::Min($Records, ($i + 1) * $size) } }
    $runs = @(foreach ($s in $slices) { $p = Start-Slice $s.First $s.Last; $all.Add($p); @{ Slice = $s; Process = $p } })
    Write-Phase "$Workers workers and $Invokes Invoke runs started"

    # SIGKILL the first -Kills runs once a part of their slice is enrolled, then pipe the same slice again.
    foreach ($k in 0..($Kills - 1)) {
        if ($k -ge $slices.Count) { break }
        $s = $runs[$k].Slice
        $target = [long] (($s.Last - $s.First + 1) * 0.3)
        $reached = Wait-LDTestCondition -TimeoutMilliseconds (Get-Left) -IntervalMilliseconds 200 {
            $runs[$k].Process.HasExited -or (Get-Count "outcome = 'Success' AND CAST(substr(record_id, 4, 12) AS INTEGER) BETWEEN $($s.First) AND $($s.Last)") -ge $target
        }
        if (-not $reached) { throw [TimeoutException]::new("slice $($s.First)-$($s.Last) did not reach $target enrolled") }
        if (-not $runs[$k].Process.HasExited) { $runs[$k].Process.Kill(); $runs[$k].Process.WaitForExit(10000) | Out-Null; $killed++ }
        $again = Start-Slice $s.First $s.Last; $all.Add($again)
        $runs += @{ Slice = $s; Process = $again }
        if ($k -eq 0 -and $workerProcs.Count -gt 0) {
            $workerProcs[0].Kill(); $workerProcs[0].WaitForExit(10000) | Out-Null; $workerKills++
            $p = Start-Worker; $workerProcs[0] = $p; $all.Add($p)
        }
        Write-Phase "Invoke run $($k + 1) SIGKILLed at $target+ enrolled of its slice ($($s.First)-$($s.Last)) and piped again$(if ($k -eq 0) { '; a worker SIGKILLed and replaced' })"
    }
    foreach ($r in $runs) { if (-not $r.Process.WaitForExit((Get-Left))) { throw [TimeoutException]::new('an Invoke run was still going') } }
    Write-Phase 'every Invoke run ended'
    # The workers take over what the killed runs left leased (after its lease ran out) and whatever is due.
    $drained = Wait-LDTestCondition -TimeoutMilliseconds (Get-Left) -IntervalMilliseconds 500 { (Get-Count "outcome = 'Pending'") -eq 0 }
    if (-not $drained) { throw [TimeoutException]::new('the workers had not drained the Pending actions') }
    Write-Phase 'the workers drained every Pending action'
}
catch [TimeoutException] {
    $cutShort = "cut short after $TimeoutSeconds s ($($_.Exception.Message))"
    Write-Phase $cutShort
}
finally {
    # Once no child is alive, nothing more can reach the sandbox: the counts below are final.
    foreach ($p in $all) { if (-not $p.HasExited) { $p.Kill($true); $p.WaitForExit(10000) | Out-Null } }
}
try {
    $seconds = $watch.Elapsed.TotalSeconds
    $counters = Invoke-LDTestSandboxAdmin $sandbox counters
    $enrollments = @($counters.enrollments | Where-Object sequenceId -eq 1)
    $enrolled = @($enrollments | Where-Object { $_.prospectId -ge 1 -and $_.prospectId -le $Records }).Count
    $twice = @($enrollments | Where-Object count -gt 1).Count
    $pending = Get-Count "outcome = 'Pending'"
    # A record is lost when Outreach has no sequenceState for it and the store keeps no Pending action to send it.
    $pendingIds = @(Invoke-LDTestSql -StorePath $store -Sql "SELECT DISTINCT CAST(substr(record_id, 4, 12) AS INTEGER) AS n FROM actions WHERE outcome = 'Pending'") | ForEach-Object { [long] $_.n }
    $enrolledIds = [Collections.Generic.HashSet[long]]::new([long[]] @($enrollments | ForEach-Object { [long] $_.prospectId }))
    foreach ($id in $pendingIds) { [void] $enrolledIds.Add($id) }
    $lost = @(1..$Records | Where-Object { -not $enrolledIds.Contains([long] $_) }).Count
    $errors = Get-Count "outcome = 'Error'"
    $tokenFailures = Get-Count "outcome IN ('Error', 'Edge') AND (error_category IN ('TokenInvalid', 'ConfigurationError', 'PartnerNotAuthorized') OR error_category LIKE 'OAuth%')"
    $requests = @($counters.requests)
    $tokens = @($requests | Where-Object route -eq 'POST /oauth/token')
    $rotations = [long] (($tokens | Where-Object status -eq 200 | ForEach-Object count | Measure-Object -Sum).Sum)
    $refused = [long] (($tokens | Where-Object status -eq 400 | ForEach-Object count | Measure-Object -Sum).Sum)
    $requestTotal = [long] (($requests | ForEach-Object count | Measure-Object -Sum).Sum)
    $enrollPosts = [long] (($requests | Where-Object route -eq 'POST /sequenceStates' | ForEach-Object count | Measure-Object -Sum).Sum)
    $by = (Invoke-LDTestSql -StorePath $store -Sql "SELECT outcome || COALESCE(' ' || error_category, '') AS k, COUNT(*) AS n FROM actions GROUP BY k ORDER BY n DESC" |
        ForEach-Object { "$($_.n) $($_.k)" }) -join ', '

    $path = if ($NoBulk) { 'per-record (-NoBulk)' } else { 'bulk where a group is big enough' }
    "Chaos run: $Records records, $path, $TokenTtlSeconds s access tokens, $DelayMs ms per single enrollment; $([Math]::Round($seconds)) s$(if ($cutShort) { "; $cutShort" } else { '; every Pending action drained' })."
    ''
    '| records | Invoke runs (SIGKILLed) | workers started (SIGKILLed) | token rotations | refused token requests | enrolled | enrolled twice | lost | still Pending | Error | failed because of tokens | requests (POST /sequenceStates) |'
    '|---|---|---|---|---|---|---|---|---|---|---|---|'
    "| $Records | $($runs.Count) ($killed) | $workersStarted ($workerKills) | $rotations | $refused | $enrolled | $twice | $lost | $pending | $errors | $tokenFailures | $requestTotal ($enrollPosts) |"
    ''
    "Actions in the store by outcome: $by."
}
finally {
    Stop-LDTestSandbox $sandbox
    Remove-LDTestStore $store
}
