<#
    Memory on the bulk path (issue 12: "with bulk, the batch window and -BatchSize may hold many thousands of records;
    memory stays flat"). Each run is a child pwsh that pipes N generated Lead records into
    Invoke-LDAddToSequence -BatchSize 10000 (the largest batch) against a fresh sandbox (rate limit off), counting and
    dropping the results, and reports its peak managed heap (sampled after collections), peak working set, bytes
    allocated and heap left after a full collection. N = 2,000 (one batch), 20,000, 100,000, 200,000 and 400,000 (batches of
    10,000). A run holds a bounded number of batches at once (one filling, two queued in the batcher, up to four sent
    side by side), so memory grows with N up to several batches' worth of records and must then stay flat: the largest
    run peaks at most 1.25x the next one (both past 8 x BatchSize), and the heap left after the run does not grow with N. The baseline, in the same run, is
    the same child piping the largest N records into ForEach-Object {} without the module's cmdlet.
    Writes its section to stdout and to bench/results/bulk-memory.md.
#>
param([Parameter(Mandatory)][string] $ModulePath, [Parameter(Mandatory)][string] $SandboxPath, [int[]] $Records = @(2000, 20000, 100000, 200000, 400000),
    [int] $BatchSize = 10000)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$SandboxPath = (Resolve-Path $SandboxPath).Path
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot 'Support/AddToSequenceBench.psm1') -Force

$process = [Environment]::ProcessPath
$prefix = [string[]] @(if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

# One child pwsh: N records through $Consumer; returns peak working set, allocated bytes, heap after a full GC, seconds, and its line.
function Measure-Child([int] $N, [string] $Consumer, [string] $Store) {
    $out = [IO.Path]::GetTempFileName()
    $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System;
using System.Threading;
// The managed heap's size after each collection, sampled every 20 ms: the live data at its peak (plus fragmentation).
public static class LDBenchHeap
{
    private static long _peak;
    private static Timer _timer;
    public static void Start() => _timer = new Timer(_ =>
    {
        var size = GC.GetGCMemoryInfo().HeapSizeBytes;
        long seen;
        while (size > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, size, seen) != seen) { }
    }, null, 0, 20);
    public static long Peak => Interlocked.Read(ref _peak);
}
'@
Import-Module '$ModulePath'
[LDBenchHeap]::Start()
filter New-Lead { [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_ID__c = [string] `$_; Email = "prospect`$_@example.com"; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' } }
`$bulk = 0
`$watch = [Diagnostics.Stopwatch]::StartNew()
1..$N | New-Lead | $Consumer
`$watch.Stop()
`$p = [Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh()
"`$(`$p.PeakWorkingSet64) `$([GC]::GetTotalAllocatedBytes(`$false)) `$([GC]::GetTotalMemory(`$true)) `$(`$watch.Elapsed.TotalSeconds) `$bulk `$([LDBenchHeap]::Peak)" | Set-Content '$out'
"@
    & $process @prefix -NoProfile -NonInteractive -Command $script > $null
    if ($LASTEXITCODE -ne 0) { throw "The child pwsh for $N records failed ($LASTEXITCODE)." }
    $peak, $allocated, $heap, $seconds, $bulk, $peakHeap = (Get-Content $out) -split ' '
    Remove-Item $out
    [pscustomobject]@{ N = $N; PeakMB = [double] $peak / 1MB; PeakHeapMB = [double] $peakHeap / 1MB; AllocatedMB = [double] $allocated / 1MB; HeapMB = [double] $heap / 1MB
        Seconds = [double] $seconds; Bulk = [int] $bulk }
}

$runs = foreach ($n in $Records) {
    $sandbox = Start-BenchSandbox -SandboxPath $SandboxPath -Seed "generated:$($n):1:0" -ExtraArguments @('--rate-limit', '0')
    try {
        $store = New-BenchStore $sandbox
        Set-LDRateLimit -Limit 1000000 -Window ([TimeSpan]::FromHours(1)) -StorePath $store
        $consumer = "Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath '$store' -BatchSize $BatchSize -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | ForEach-Object { if (`$_.Via -eq 'Bulk' -and `$_.Outcome -eq 'Success') { `$bulk++ } }"
        Measure-Child $n $consumer $store
        $counters = Get-BenchCounters $sandbox
        if (@($counters.enrollments | Where-Object count -gt 1).Count -gt 0) { throw "Duplicates with $n records." }
    } finally { Stop-BenchSandbox $sandbox; Remove-BenchStore $store }
}
$baseline = Measure-Child ($Records | Measure-Object -Maximum).Maximum 'ForEach-Object { }' ''

$rows = foreach ($run in $runs) {
    '| {0:N0} | {1:N0} | {2:N0} | {3:N0} | {4:N0} | {5:N1} | {6:N1} | {7:N0} |' -f $run.N, $run.Bulk, $run.PeakHeapMB, $run.PeakMB, $run.AllocatedMB, ($run.AllocatedMB * 1MB / $run.N / 1KB), $run.HeapMB, $run.Seconds
}
# A run holds a bounded number of batches at once (one filling, two queued in the batcher, up to four sent side by
# side), so well past that many records the peak must not grow with N: compare the two largest runs.
$sorted = @($runs | Sort-Object N)
$top = $sorted[-1]
$next = $sorted[-2]
$allBulk = @($runs | Where-Object { $_.Bulk -ne $_.N }).Count -eq 0
$flat = $next.N -ge 2 * 4 * $BatchSize -and $top.PeakHeapMB -le $next.PeakHeapMB * 1.25 -and $top.PeakMB -le $next.PeakMB * 1.25 -and $top.HeapMB -le $next.HeapMB * 1.25 + 5
$section = @(
    '## Memory on the bulk path (bench/bulk-memory.bench.ps1)'
    ''
    "Command: ``dotnet pwsh bench/bulk-memory.bench.ps1 -ModulePath out/LeanData.Outreach/LeanData.Outreach.psd1 -SandboxPath out/sandbox/LeanData.Outreach.Sandbox.dll`` (also run by ``dotnet pwsh ./build.ps1 Bench``)"
    ''
    "Each row: one child pwsh piping N generated Leads into ``Invoke-LDAddToSequence -Mailbox RecordOwner -BatchSize $BatchSize`` on a fresh sandbox (rate limit off), results counted and dropped."
    'Peak heap: the managed heap after a collection, sampled every 20 ms (the live data at its peak); peak working set: the whole process.'
    ''
    '| records | enrolled in bulk | peak heap (MB) | peak working set (MB) | allocated (MB) | allocated per record (KB) | heap after the run (MB) | seconds |'
    '|---|---|---|---|---|---|---|---|'
) + $rows + @(
    ('| baseline: {0:N0} records into `ForEach-Object {{}}` (no cmdlet), same run | | {1:N0} | {2:N0} | {3:N0} | {4:N1} | {5:N1} | {6:N0} |' -f $baseline.N, $baseline.PeakHeapMB, $baseline.PeakMB, $baseline.AllocatedMB, ($baseline.AllocatedMB * 1MB / $baseline.N / 1KB), $baseline.HeapMB, $baseline.Seconds)
    ''
    ('Verdict: {0}. Every record enrolled in bulk: {1}. {2:N0} records peak at {3:N0} MB heap / {4:N0} MB working set vs {5:N0} / {6:N0} MB for {7:N0} (target: at most 1.25x, both past 8 x BatchSize); heap left after the run {8:N1} vs {9:N1} MB.' -f $(if ($flat -and $allBulk) { 'PASS, flat' } else { 'FAIL' }), $allBulk, $top.N, $top.PeakHeapMB, $top.PeakMB, $next.PeakHeapMB, $next.PeakMB, $next.N, $top.HeapMB, $next.HeapMB)
)
$section -join "`n" | Tee-Object -FilePath (Join-Path $PSScriptRoot 'results/bulk-memory.md')
