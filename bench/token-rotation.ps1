#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Chaos run for issue 11 #1: several processes on one store across refresh-token rotations.
.DESCRIPTION
    Starts the built sandbox with short-lived access tokens (--token-ttl) and rotating refresh tokens, connects
    one throwaway store, slows every enrollment (a sandbox delay fault) so each run spans several token
    lifetimes, then runs -Processes child pwsh processes at once on that store:
      -Mode Invoke  each pipes -Records generated Leads into Invoke-LDAddToSequence;
      -Mode Worker  -Records x -Processes due Pending actions are written first, and each child runs
                    Start-LDRetryWorker -Once (they share the actions through leases).
    Reports records by outcome, token grants (HTTP 200) and refused token requests (HTTP 400 invalid_grant),
    enrollments sent twice, and wall time, as one markdown table row on stdout.
    Run it against another build with -ModulePath (e.g. a build of an older main) for the before figure.
    Both modes send one POST per record (-NoBulk), as when the committed figures were taken: the most token use.
.EXAMPLE
    dotnet pwsh bench/token-rotation.ps1 -Mode Invoke -Processes 2 -Records 1000 -TokenTtlSeconds 20
#>
[CmdletBinding()]
param(
    [string] $ModulePath,
    [string] $SandboxPath,
    [ValidateSet('Invoke', 'Worker')][string] $Mode = 'Invoke',
    [int] $Processes = 2,
    [int] $Records = 1000,
    [int] $TokenTtlSeconds = 20,
    [int] $DelayMs = 40,
    [int] $ThrottleLimit = 4
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Support/BenchSetup.psm1') -Force
Initialize-LDBench -ModulePath $ModulePath -SandboxPath $SandboxPath

$total = $Records * $Processes
$sandbox = Start-LDTestSandbox -ExtraArguments '--token-ttl', "$TokenTtlSeconds"
$store = New-LDTestStorePath
try {
    Invoke-LDTestSandboxAdmin $sandbox seed Post @{ prospects = [Math]::Max($total, 100); users = 3; sequences = 2; seed = 7; errorRate = 0 } | Out-Null
    Connect-LDTestSandbox -Sandbox $sandbox -StorePath $store | Out-Null
    Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c -StorePath $store
    if ($Mode -eq 'Worker') {
        Set-LDRetryPolicy -StorePath $store -Interval '00:00:01' -MaxAttempts 7
        Add-LDTestPendingActions -StorePath $store -Count $total -First 1
    }
    Invoke-LDTestSandboxAdmin $sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'delay'; delayMs = $DelayMs; probability = 1.0 } | Out-Null
    Invoke-LDTestSandboxAdmin $sandbox counters Delete | Out-Null

    $scripts = foreach ($p in 0..($Processes - 1)) {
        $first = $p * $Records + 1; $last = $first + $Records - 1
        if ($Mode -eq 'Invoke') {
            "$first..$last | ForEach-Object { [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_ID__c = [string] `$_; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' } } | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath '$store' -ThrottleLimit $ThrottleLimit -NoBulk -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null"
        } else {
            "Start-LDRetryWorker -StorePath '$store' -Once -NoBulk -ErrorAction SilentlyContinue | Out-Null"
        }
    }
    # Every child imports the module and opens the store first; they all start sending at the same moment.
    $children = Start-LDTestPwshTogether -Scripts $scripts -Prepare "Import-Module '$($env:LD_TEST_MODULE)'; Get-LDRetryPolicy -StorePath '$store' | Out-Null"
    $watch = [Diagnostics.Stopwatch]::StartNew()
    foreach ($child in $children) { if (-not $child.WaitForExit(1800000)) { $child.Kill($true); throw 'A child ran longer than 30 minutes.' } }
    $seconds = $watch.Elapsed.TotalSeconds

    $log = @(Get-LDAuditLog -StorePath $store)
    $byOutcome = ($log | Group-Object { "$($_.Outcome)$(if ($_.Outcome -ne 'Success' -and $_.ErrorCategory) { " $($_.ErrorCategory)" })" } |
        Sort-Object Count -Descending | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', '
    $counters = Invoke-LDTestSandboxAdmin $sandbox counters
    $tokens = @($counters.requests | Where-Object route -eq 'POST /oauth/token')
    $granted = [int] (($tokens | Where-Object status -eq 200).count | Measure-Object -Sum).Sum
    $refused = [int] (($tokens | Where-Object status -eq 400).count | Measure-Object -Sum).Sum
    $twice = @($counters.enrollments | Where-Object count -gt 1).Count
    $notSuccess = @($log | Where-Object Outcome -ne 'Success').Count
    "| $Mode x $Processes, $Records records each, $TokenTtlSeconds s tokens, $DelayMs ms per enrollment | $total | $($total - $notSuccess) | $notSuccess ($byOutcome) | $granted | $refused | $twice | $([Math]::Round($seconds, 1)) s |"
}
finally {
    Stop-LDTestSandbox $sandbox
    Remove-LDTestStore $store
}
