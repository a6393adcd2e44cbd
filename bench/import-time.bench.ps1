<#
    Import time: a bare `pwsh -c exit` against `pwsh -c "Import-Module <built module>; exit"`, measured
    alternately in the same run, median of repeated runs. The module may add at most 300 ms.
#>
param([Parameter(Mandatory)][string] $ModulePath, [string] $SandboxPath, [int] $Runs = 15)
$ErrorActionPreference = 'Stop'

$process = [Environment]::ProcessPath
$prefix = [string[]] @(if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

function Measure-Start([string] $command) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $process @prefix -NoProfile -NonInteractive -Command $command | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "pwsh failed: $command" }
    $watch.Elapsed.TotalMilliseconds
}
function Get-Median([double[]] $values) {
    $sorted = $values | Sort-Object
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

# Warm the disk cache once for both.
Measure-Start 'exit 0' | Out-Null
Measure-Start "Import-Module '$ModulePath'; exit 0" | Out-Null
$bare = [Collections.Generic.List[double]]::new()
$withModule = [Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $Runs; $i++) {
    $bare.Add((Measure-Start 'exit 0'))
    $withModule.Add((Measure-Start "Import-Module '$ModulePath'; exit 0"))
}
$bareMedian = Get-Median $bare
$moduleMedian = Get-Median $withModule
$added = $moduleMedian - $bareMedian
$verdict = if ($added -le 300) { 'PASS' } else { 'FAIL' }
@"
## Import time (bench/import-time.bench.ps1)

| measure | median of $Runs runs |
|---|---|
| bare ``pwsh -NoProfile -c exit`` (baseline) | $([Math]::Round($bareMedian)) ms |
| ``pwsh -NoProfile -c "Import-Module LeanData.Outreach"`` | $([Math]::Round($moduleMedian)) ms |
| added by the module | $([Math]::Round($added)) ms (budget 300 ms: $verdict) |

"@
