<#
    Audit log over a store of 1,000,000 entries (generated with SQL, not through the engine): the SQL-filtered
    `Get-LDAuditLog -Outcome Error -Since <a day ago>` (10,000 entries) against `Get-LDAuditLog | Where-Object`
    over the same store, in the same run. Budget: the filtered query completes within 1 s and its first entry
    arrives within 200 ms.
#>
param([Parameter(Mandatory)][string] $ModulePath, [string] $SandboxPath, [int] $Entries = 1000000, [int] $Runs = 5, [switch] $SkipBaseline,
    # Keep the generated store in this folder (and reuse it when it is already there), for profiling.
    [string] $KeepIn)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$folder = if ($KeepIn) { $KeepIn } else { Join-Path ([IO.Path]::GetTempPath()) ("ld-bench-audit-" + [guid]::NewGuid().ToString('n')) }
New-Item -ItemType Directory $folder -Force | Out-Null
$store = Join-Path $folder 'store.db'
$reuse = $KeepIn -and (Test-Path $store)
$stepMs = [long] (50 * 24 * 3600 * 1000 / $Entries)   # 50 days: 20,000 entries a day for 1,000,000, every other one an Error
try {
    Get-LDRetryPolicy -StorePath $store | Out-Null   # creates and migrates the store
    $generate = [Diagnostics.Stopwatch]::StartNew()
    $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'LeanData.Outreach.Core' } | Select-Object -First 1
    if (-not $reuse) {
    $connection = $core.GetType('LeanData.Outreach.Store.LDStore')::new($store).OpenConnection()
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    $command = $connection.CreateCommand()
    $command.CommandText = @"
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $Entries)
INSERT INTO actions(node_name, record_id, record_type, prospect_id, sequence_id, sequence_name, mailbox_id, user_id, outcome, edge,
    error_category, message, failure_reason, attempts, next_attempt_ms, last_status_code, total_duration_ms, created_ms, updated_ms)
SELECT CASE i % 3 WHEN 0 THEN 'Inbound' WHEN 1 THEN 'Outbound' ELSE 'Partners' END,
       printf('00Q%015d', i), 'Lead', 100000 + i, 1 + i % 20, 'Sequence ' || (1 + i % 20), 1 + i % 5, 1 + i % 5,
       CASE WHEN i % 2 = 0 THEN 'Error' WHEN i % 10 = 7 THEN 'Pending' WHEN i % 10 = 9 THEN 'Edge' ELSE 'Success' END,
       CASE WHEN i % 2 = 1 AND i % 10 = 9 THEN 'QueueOwner' END,
       CASE WHEN i % 2 = 0 THEN CASE i % 8 WHEN 0 THEN 'ProspectOptedOut' WHEN 2 THEN 'UserLocked' WHEN 4 THEN 'ProspectAlreadyTargeted' ELSE 'MailboxSendDisabled' END
            WHEN i % 10 = 7 THEN 'ScheduledMaintenance' WHEN i % 10 = 9 THEN 'QueueOwner' END,
       CASE WHEN i % 2 = 0 THEN 'Outreach refused the enrollment' END, NULL,
       CASE WHEN i % 2 = 0 OR i % 10 = 7 THEN 1 ELSE 1 END,
       CASE WHEN i % 10 = 7 THEN $now + 3600000 END,
       CASE WHEN i % 2 = 0 THEN 422 WHEN i % 10 = 7 THEN 503 WHEN i % 10 = 9 THEN NULL ELSE 201 END,
       40, $now - ($Entries - i) * $stepMs - $($stepMs / 2), $now - ($Entries - i) * $stepMs - $($stepMs / 2)
FROM n;
INSERT INTO attempts(action_id, attempt_number, started_ms, http_status, error_category, message, duration_ms)
SELECT id, 1, created_ms, last_status_code, error_category, message, 40 FROM actions WHERE attempts > 0;
COMMIT;
"@
    $command.CommandTimeout = 0
    [void] $command.ExecuteNonQuery()
    $command.CommandText = 'ANALYZE'
    [void] $command.ExecuteNonQuery()
    $command.CommandText = "INSERT OR REPLACE INTO settings(key, value, updated_ms) VALUES('bench.now', '$now', $now)"
    [void] $command.ExecuteNonQuery()
    $command.Dispose(); $connection.Dispose()
    }
    $generate.Stop()
    if ($reuse) {
        $connection = $core.GetType('LeanData.Outreach.Store.LDStore')::new($store).OpenConnection()
        $command = $connection.CreateCommand(); $command.CommandText = "SELECT value FROM settings WHERE key = 'bench.now'"
        $now = [long] $command.ExecuteScalar(); $command.Dispose(); $connection.Dispose()
    }
    # "A day" measured from the moment the entries were generated, so the boundary never falls on an entry.
    $since = [DateTimeOffset]::FromUnixTimeMilliseconds($now - 86400000).LocalDateTime
    function Measure-Query([scriptblock] $query) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $state = @{ First = $null; Count = 0 }
        & $query | ForEach-Object { if ($null -eq $state.First) { $state.First = $watch.Elapsed.TotalMilliseconds }; $state.Count++ }
        [pscustomobject]@{ FirstMs = $state.First; TotalMs = $watch.Elapsed.TotalMilliseconds; Count = $state.Count }
    }
    function Get-Median([double[]] $values) { ($values | Sort-Object)[[int][Math]::Floor($values.Count / 2)] }

    $filtered = { Get-LDAuditLog -StorePath $store -Outcome Error -Since $since }
    $cold = Measure-Query $filtered
    $warm = foreach ($i in 1..$Runs) { Measure-Query $filtered }
    $firstMs = Get-Median $warm.FirstMs
    $totalMs = Get-Median $warm.TotalMs
    $count = $warm[0].Count
    $expected = [int] ($Entries / 100)
    if ([Math]::Abs($count - $expected) -gt 1) { throw "The filtered query returned $count entries, expected $expected." }

    $baseline = if (-not $SkipBaseline) {
        Measure-Query { Get-LDAuditLog -StorePath $store | Where-Object { $_.Outcome -eq 'Error' -and $_.Time -ge $since } }
    }
    if ($baseline -and $baseline.Count -ne $count) { throw "The baseline returned $($baseline.Count) entries, the filtered query $count." }

    $totalVerdict = if ($totalMs -le 1000) { 'PASS' } else { 'FAIL' }
    $firstVerdict = if ($firstMs -le 200) { 'PASS' } else { 'FAIL' }
    $fmt = { param($v) if ($null -eq $v) { 'n/a' } else { '{0:N0} ms' -f $v } }
    $speedup = if ($baseline) { '{0:N0}x' -f ($baseline.TotalMs / $totalMs) } else { 'n/a' }
    @"
## Audit log queries (bench/audit-log.bench.ps1)

Store: $('{0:N0}' -f $Entries) audit entries over 50 days (half of them Error, one attempt each), generated with SQL in $('{0:N1}' -f $generate.Elapsed.TotalSeconds) s$(if ($reuse) { ' (reused)' }).
Query: entries with outcome Error created in the last day: $('{0:N0}' -f $count) entries.

| measure | first entry | all entries |
|---|---|---|
| ``Get-LDAuditLog -Outcome Error -Since (Get-Date).AddDays(-1)``, median of $Runs warm runs | $(& $fmt $firstMs) (budget 200 ms: $firstVerdict) | $(& $fmt $totalMs) (budget 1 s: $totalVerdict) |
| the same, first (cold) run | $(& $fmt $cold.FirstMs) | $(& $fmt $cold.TotalMs) |
| baseline: ``Get-LDAuditLog \| Where-Object { `$_.Outcome -eq 'Error' -and `$_.Time -ge `$since }`` | $(& $fmt $baseline.FirstMs) | $(& $fmt $baseline.TotalMs) |
| SQL filters vs. Where-Object | | $speedup faster |

"@
}
finally {
    if (-not $KeepIn) { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }
}
