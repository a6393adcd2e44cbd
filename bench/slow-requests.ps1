#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Issue 11 #9: what one slow request costs a run, with the batches sent side by side (this build) and one after
    another (a baseline build).
.DESCRIPTION
    Starts the built sandbox with a seeded delay fault on a share of POST /sequenceStates (-SlowPercent at -SlowMs),
    then, for each module in turn (-BaselineModulePath first, then -ModulePath; -Runs pairs), pipes -Records generated
    Leads into Invoke-LDAddToSequence -NoBulk (one POST per record: the path a slow request can hold up) in a fresh pwsh
    on a fresh store, timing the pipeline inside the child. The
    fault's seed is reset before each run, so both builds meet the same slow requests. Prints one markdown row per run
    and the candidate/baseline ratio of the medians. The floor is what the slow requests alone cost at the throttle:
    slow requests x SlowMs / ThrottleLimit.
.EXAMPLE
    dotnet pwsh bench/slow-requests.ps1 -Records 1000 -Runs 2 -BaselineModulePath ../baseline/out/LeanData.Outreach/LeanData.Outreach.psd1
#>
[CmdletBinding()]
param(
    [string] $ModulePath,
    [Parameter(Mandatory)][string] $BaselineModulePath,
    [string] $SandboxPath,
    [int] $Records = 400,
    [double] $SlowPercent = 10,
    [int] $SlowMs = 1500,
    [int] $ThrottleLimit = 8,
    [int] $BatchSize = 100,
    [int] $Runs = 1
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Support/BenchSetup.psm1') -Force
Initialize-LDBench -ModulePath $ModulePath -SandboxPath $SandboxPath
$baseline = (Resolve-Path $BaselineModulePath).Path

$sandbox = Start-LDTestSandbox
$rows = [Collections.Generic.List[object]]::new()
try {
    foreach ($run in 1..$Runs) {
        foreach ($build in @(@{ Name = 'baseline'; Module = $baseline }, @{ Name = 'candidate'; Module = $env:LD_TEST_MODULE })) {
            Invoke-LDTestSandboxAdmin $sandbox reset Post @{} | Out-Null
            Invoke-LDTestSandboxAdmin $sandbox seed Post @{ prospects = [Math]::Max($Records, 100); users = 3; sequences = 2; seed = 7; errorRate = 0 } | Out-Null
            $store = New-LDTestStorePath
            Connect-LDTestSandbox -Sandbox $sandbox -StorePath $store | Out-Null
            Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c -StorePath $store
            Get-LDSequence -StorePath $store -Refresh | Out-Null
            Invoke-LDTestSandboxAdmin $sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'delay'; delayMs = $SlowMs; probability = $SlowPercent / 100; seed = 11 } | Out-Null
            Invoke-LDTestSandboxAdmin $sandbox counters Delete | Out-Null
            $child = Start-LDTestPwshProcess @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($build.Module)'
`$records = 1..$Records | ForEach-Object { [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_ID__c = [string] `$_; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' } }
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$results = `$records | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath '$store' -ThrottleLimit $ThrottleLimit -BatchSize $BatchSize -NoBulk -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
[pscustomobject]@{ Seconds = `$watch.Elapsed.TotalSeconds; Success = @(`$results | Where-Object Outcome -eq Success).Count; Results = @(`$results).Count } | ConvertTo-Json -Compress
"@
            if (-not $child.WaitForExit(1800000)) { $child.Kill($true); throw 'A run took longer than 30 minutes.' }
            if ($child.ExitCode -ne 0) { throw "The $($build.Name) run failed: $($child.ErrTask.Result)" }
            $out = $child.OutTask.Result | ConvertFrom-Json
            $counters = Invoke-LDTestSandboxAdmin $sandbox counters
            $slow = @(Invoke-LDTestSandboxAdmin $sandbox faults)[0].fired
            $rows.Add([pscustomobject]@{
                Build = $build.Name; Run = $run; Seconds = $out.Seconds; Success = $out.Success; Results = $out.Results
                Created = $counters.sequenceStatesCreated; Slow = $slow
            })
            Remove-LDTestStore $store
        }
    }
}
finally {
    Stop-LDTestSandbox $sandbox
}

"| build | run | records | results / Success | sequenceStates created | slow requests ($SlowMs ms) | wall time | floor (slow x $SlowMs ms / $ThrottleLimit) |"
'|---|---|---|---|---|---|---|---|'
foreach ($r in $rows) {
    $floor = if ($r.Slow) { [Math]::Round($r.Slow * $SlowMs / 1000 / $ThrottleLimit, 1) } else { '?' }
    "| $($r.Build) | $($r.Run) | $Records | $($r.Results) / $($r.Success) | $($r.Created) | $($r.Slow) | $([Math]::Round($r.Seconds, 1)) s | $floor s |"
}
$median = { param($b) @($rows | Where-Object Build -eq $b | Sort-Object Seconds)[[int][Math]::Floor((@($rows | Where-Object Build -eq $b).Count - 1) / 2)].Seconds }
$c = & $median 'candidate'; $b = & $median 'baseline'
"Candidate / baseline wall time (medians): $([Math]::Round($c / $b, 2)) ($([Math]::Round($c, 1)) s vs $([Math]::Round($b, 1)) s)"
