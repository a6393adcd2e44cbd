#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Measures the Outreach sandbox alone: POST /sequenceStates throughput on loopback.
.DESCRIPTION
    Builds the sandbox and the load generator (bench/SandboxLoad) in Release, starts the built sandbox on a
    free port with a clean generated data set and rate limiting off, mints a token through the admin API,
    drives POST /sequenceStates with a concurrent client, checks the sandbox's own counters agree, stops the
    sandbox (SIGTERM), and writes bench/results/sandbox-throughput.md.
    Run from anywhere: dotnet pwsh bench/sandbox-throughput.ps1 (build.ps1 Bench runs it through
    sandbox-throughput.bench.ps1 with -SandboxPath). The markdown section is written to the pipeline and to
    the result file; progress goes to stderr.
.PARAMETER SandboxPath
    A built LeanData.Outreach.Sandbox.dll to measure; by default the script builds it in Release.
.PARAMETER ModulePath
    Accepted for build.ps1's bench convention; not used.
.PARAMETER Count
    Measured requests (after a 2,000-request warm-up).
.PARAMETER Concurrency
    Concurrent in-flight requests.
.PARAMETER MinimumPerSecond
    Fail (exit 1) below this rate. The sandbox must never be the bottleneck of the module's benchmarks.
#>
[CmdletBinding()]
param(
    [string]$ModulePath,
    [string]$SandboxPath,
    [int]$Count = 40000,
    [int]$Concurrency = 32,
    [int]$Prospects = 20000,
    [double]$MinimumPerSecond = 2000,
    [string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repo = Split-Path -Parent $PSScriptRoot
if (-not $ResultPath) { $ResultPath = Join-Path $PSScriptRoot 'results/sandbox-throughput.md' }

function Write-Progress2([string]$text) { [Console]::Error.WriteLine($text) }
function Invoke-Build2([string]$project) {
    $log = & dotnet build $project -c Release -v q -nologo 2>&1
    if ($LASTEXITCODE) { $log | ForEach-Object { [Console]::Error.WriteLine($_) }; throw "build of $project failed" }
}
if ($SandboxPath) {
    $sandboxDll = (Resolve-Path $SandboxPath).Path
}
else {
    Write-Progress2 'Building the sandbox (Release)...'
    Invoke-Build2 (Join-Path $repo 'src/LeanData.Outreach.Sandbox/LeanData.Outreach.Sandbox.csproj')
    $sandboxDll = Join-Path $repo 'src/LeanData.Outreach.Sandbox/bin/Release/net10.0/LeanData.Outreach.Sandbox.dll'
}
Write-Progress2 'Building the load generator (Release)...'
Invoke-Build2 (Join-Path $PSScriptRoot 'SandboxLoad/SandboxLoad.csproj')
$loadDll = Join-Path $PSScriptRoot 'SandboxLoad/bin/Release/net10.0/SandboxLoad.dll'

$psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
foreach ($a in @($sandboxDll, '--port', '0', '--seed', "generated:${Prospects}:1:0", '--rate-limit', '0')) { $psi.ArgumentList.Add($a) }
$psi.RedirectStandardOutput = $true
$psi.UseShellExecute = $false
$sandbox = [System.Diagnostics.Process]::Start($psi)
try {
    $lineTask = $sandbox.StandardOutput.ReadLineAsync()
    if (-not $lineTask.Wait([TimeSpan]::FromSeconds(60))) { throw 'sandbox did not print its URLs within 60 s' }
    $urls = $lineTask.Result | ConvertFrom-Json
    Write-Progress2 "Sandbox up at $($urls.baseUrl)"

    $token = Invoke-RestMethod -Method Post -Uri "$($urls.adminUrl)/tokens" -ContentType 'application/json' -Body '{"userId":1}'
    $env:SANDBOX_TOKEN = $token.access_token
    try {
        $json = & dotnet $loadDll --base $urls.baseUrl --count $Count --concurrency $Concurrency --prospects $Prospects --sequence 1 --mailbox 1 --warmup 2000
        $loadExit = $LASTEXITCODE
    }
    finally {
        Remove-Item Env:SANDBOX_TOKEN -ErrorAction SilentlyContinue
    }
    $result = $json | Select-Object -Last 1 | ConvertFrom-Json
    $counters = Invoke-RestMethod -Uri "$($urls.adminUrl)/counters"
}
finally {
    if (-not $sandbox.HasExited) {
        if ($IsWindows) { $sandbox.Kill() } else { & kill -TERM $sandbox.Id }
        if (-not $sandbox.WaitForExit(15000)) { $sandbox.Kill($true) }
    }
}

$expectedCreated = $Count + 2000
$cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$cores = [Environment]::ProcessorCount
$ok = $loadExit -eq 0 -and $result.perSecond -ge $MinimumPerSecond -and $counters.sequenceStatesCreated -eq $expectedCreated
$date = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm') + ' UTC'
$md = @"
## Sandbox throughput: POST /sequenceStates (bench/sandbox-throughput.ps1)

Command: ``dotnet pwsh bench/sandbox-throughput.ps1 -Count $Count -Concurrency $Concurrency -Prospects $Prospects``

| measure | value |
| --- | --- |
| date | $date |
| machine | $cores cores$(if ($cpu) { ", $cpu" }) |
| sandbox | Release build, ``--seed generated:${Prospects}:1:0 --rate-limit 0``, client and server on 127.0.0.1 |
| client | bench/SandboxLoad (HttpClient, $Concurrency concurrent requests), 2,000 warm-up requests first |
| requests measured | $($result.requests) |
| wall time | $($result.seconds) s |
| **throughput** | **$($result.perSecond) enrollments/s** (must be >= $MinimumPerSecond) |
| latency p50 / p99 | $($result.p50Ms) ms / $($result.p99Ms) ms |
| 201 Created | $($result.created201) of $($result.requests) |
| sandbox counter sequenceStatesCreated | $($counters.sequenceStatesCreated) (expected $expectedCreated incl. warm-up) |
| verdict | $(if ($ok) { 'PASS' } else { 'FAIL' }) |
"@
New-Item -ItemType Directory -Force -Path (Split-Path -Parent $ResultPath) | Out-Null
Set-Content -Path $ResultPath -Value $md -Encoding utf8NoBOM
$md
if (-not $ok) { [Console]::Error.WriteLine("Sandbox throughput check failed (see $ResultPath)."); exit 1 }
exit 0
