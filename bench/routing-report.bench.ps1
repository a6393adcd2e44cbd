<#
    Routing report over a year of 1,000,000 Add to Sequence actions (and a callout for each that made one),
    generated with SQL, not through the engine: `Export-LDRoutingReport` for the whole year, for its last day,
    and for an empty store, beside the baseline `Get-LDRoutingInsight -GroupBy Day, Outcome` over the same
    year in the same run (the aggregate admins had before; it gives the per-day outcome counts only, as
    objects). Budget: the year's report builds within 10 s and stays under 400 KB.
#>
param([Parameter(Mandatory)][string] $ModulePath, [string] $SandboxPath, [int] $Entries = 1000000, [int] $Runs = 3,
    # Keep the generated store in this folder (and reuse it when it is already there), for profiling.
    [string] $KeepIn)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$folder = if ($KeepIn) { $KeepIn } else { Join-Path ([IO.Path]::GetTempPath()) ("ld-bench-report-" + [guid]::NewGuid().ToString('n')) }
New-Item -ItemType Directory $folder -Force | Out-Null
$store = Join-Path $folder 'store.db'
$reuse = $KeepIn -and (Test-Path $store)
$days = 365
$stepMs = [long] ($days * 86400000 / $Entries)
try {
    Get-LDRetryPolicy -StorePath $store | Out-Null   # creates and migrates the store
    $generate = [Diagnostics.Stopwatch]::StartNew()
    $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'LeanData.Outreach.Core' } | Select-Object -First 1
    $connection = $core.GetType('LeanData.Outreach.Store.LDStore')::new($store).OpenConnection()
    $command = $connection.CreateCommand()
    $command.CommandTimeout = 0
    if (-not $reuse) {
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
        # 12 nodes, 40 sequences, 5 senders; 72 % Success, 12 % Error in 6 categories, 3 % Pending, 8 % Edge (4 edges),
        # 4 % Skipped, 1 % retries exhausted; a callout for every action that made one (status and duration by outcome).
        $command.CommandText = @"
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $Entries)
INSERT INTO actions(node_name, record_id, record_type, prospect_id, sequence_id, sequence_name, mailbox_id, user_id, outcome, edge,
    error_category, message, failure_reason, attempts, next_attempt_ms, last_status_code, total_duration_ms, created_ms, updated_ms)
SELECT 'Node ' || (1 + i % 12), printf('00Q%015d', i), 'Lead', 100000 + i, 1 + i % 40, 'Sequence ' || (1 + i % 40), 1 + i % 5, 1 + i % 5,
       CASE WHEN i % 100 < 72 THEN 'Success' WHEN i % 100 < 84 THEN 'Error' WHEN i % 100 < 87 THEN 'Pending'
            WHEN i % 100 < 95 THEN 'Edge' WHEN i % 100 < 99 THEN 'Skipped' ELSE 'Error' END,
       CASE WHEN i % 100 BETWEEN 87 AND 94 THEN CASE i % 4 WHEN 0 THEN 'ConfigurationError' WHEN 1 THEN 'MissingProspectId' WHEN 2 THEN 'MissingUserId' ELSE 'QueueOwner' END END,
       CASE WHEN i % 100 BETWEEN 72 AND 83 THEN CASE i % 6 WHEN 0 THEN 'ProspectOptedOut' WHEN 1 THEN 'UserLocked' WHEN 2 THEN 'ProspectAlreadyTargeted'
                WHEN 3 THEN 'MailboxSendDisabled' WHEN 4 THEN 'ProspectActiveInAnotherSequence' ELSE 'GeneralValidationError' END
            WHEN i % 100 BETWEEN 84 AND 86 THEN CASE i % 2 WHEN 0 THEN 'RateLimitExceeded' ELSE 'ScheduledMaintenance' END
            WHEN i % 100 BETWEEN 87 AND 94 THEN CASE i % 4 WHEN 0 THEN 'ConfigurationError' WHEN 1 THEN 'MissingProspectId' WHEN 2 THEN 'MissingUserId' ELSE 'QueueOwner' END
            WHEN i % 100 = 99 THEN 'RetryAttemptsExceeded' END,
       CASE WHEN i % 100 >= 72 AND i % 100 < 87 OR i % 100 = 99 THEN 'Outreach refused the enrollment' END,
       CASE WHEN i % 100 = 99 THEN 'Retry attempt exceeded' END,
       CASE WHEN i % 100 < 87 OR i % 100 = 99 THEN 1 ELSE 0 END,
       CASE WHEN i % 100 BETWEEN 84 AND 86 THEN $now + (i % 48) * 1800000 END,
       CASE WHEN i % 100 < 72 THEN 201 WHEN i % 100 < 84 THEN 422 WHEN i % 100 < 87 THEN 429 WHEN i % 100 = 99 THEN 503 END,
       40, $now - ($Entries - i) * $stepMs, $now - ($Entries - i) * $stepMs
FROM n;
INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms, response, failure_reason)
SELECT id, created_ms, 'POST', '/api/v2/sequenceStates', last_status_code, 20 + (id * 7919) % 400 + CASE WHEN last_status_code = 503 THEN 2000 ELSE 0 END, NULL,
       CASE WHEN last_status_code = 503 THEN 'Retry attempt exceeded' END
FROM actions WHERE attempts > 0;
COMMIT;
ANALYZE;
"@
        [void] $command.ExecuteNonQuery()
        $command.CommandText = "INSERT OR REPLACE INTO settings(key, value, updated_ms) VALUES('bench.now', '$now', $now)"
        [void] $command.ExecuteNonQuery()
    }
    $command.CommandText = "SELECT value FROM settings WHERE key = 'bench.now'"
    $now = [long] $command.ExecuteScalar()
    $command.CommandText = "SELECT COUNT(*) FROM callouts"
    $callouts = [long] $command.ExecuteScalar()
    $command.Dispose(); $connection.Dispose()
    $generate.Stop()

    $yearSince = [DateTimeOffset]::FromUnixTimeMilliseconds($now - $days * 86400000L).LocalDateTime
    $daySince = [DateTimeOffset]::FromUnixTimeMilliseconds($now - 86400000L).LocalDateTime
    $until = [DateTimeOffset]::FromUnixTimeMilliseconds($now + 1).LocalDateTime
    $emptyStore = Join-Path $folder 'empty/store.db'
    New-Item -ItemType Directory (Split-Path $emptyStore) -Force | Out-Null
    Get-LDRetryPolicy -StorePath $emptyStore | Out-Null

    function Get-Median([double[]] $values) { ($values | Sort-Object)[[int][Math]::Floor($values.Count / 2)] }
    function Measure-Case([scriptblock] $work) {
        & $work | Out-Null   # warm: module, JIT, page cache
        $times = foreach ($i in 1..$Runs) { $w = [Diagnostics.Stopwatch]::StartNew(); & $work | Out-Null; $w.Elapsed.TotalMilliseconds }
        Get-Median $times
    }
    $yearFile = Join-Path $folder 'year.html'
    $dayFile = Join-Path $folder 'day.html'
    $emptyFile = Join-Path $folder 'empty.html'
    $yearMs = Measure-Case { Export-LDRoutingReport -StorePath $store -Path $yearFile -Since $yearSince -Until $until -Force }
    $dayMs = Measure-Case { Export-LDRoutingReport -StorePath $store -Path $dayFile -Since $daySince -Until $until -Force }
    $emptyMs = Measure-Case { Export-LDRoutingReport -StorePath $emptyStore -Path $emptyFile -Force }
    $baselineMs = Measure-Case { Get-LDRoutingInsight -StorePath $store -GroupBy Day, Outcome -Since $yearSince -Until $until }
    $baselineRows = @(Get-LDRoutingInsight -StorePath $store -GroupBy Day, Outcome -Since $yearSince -Until $until).Count
    $yearKb = (Get-Item $yearFile).Length / 1KB
    $dayKb = (Get-Item $dayFile).Length / 1KB
    $emptyKb = (Get-Item $emptyFile).Length / 1KB
    $html = Get-Content $yearFile -Raw
    if ($html -notmatch ('<div class="value">{0:N0}</div><div class="label">Actions</div>' -f $Entries)) { throw "The year's report does not count $Entries actions." }
    $verdict = if ($yearMs -le 10000 -and $yearKb -le 400) { 'PASS' } else { 'FAIL' }
    $load = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3

    @(
        "## Routing report (bench/routing-report.bench.ps1)"
        ''
        "Store: $('{0:N0}' -f $Entries) actions and $('{0:N0}' -f $callouts) callouts, generated with SQL in $([Math]::Round($generate.Elapsed.TotalSeconds)) s$(if ($reuse) { ' (reused)' })."
        "Median of $Runs runs after one warm-up, each a full cmdlet call (aggregate in SQL, render, atomic write). Load average at the end: $($load -join ', ') on $([Environment]::ProcessorCount) cores."
        ''
        '| Case | Median | File |'
        '|---|---:|---:|'
        ('| Export-LDRoutingReport, the year (by day, 365 buckets) | {0:N0} ms | {1:N0} KB |' -f $yearMs, $yearKb)
        ('| Export-LDRoutingReport, the last day (by hour) | {0:N0} ms | {1:N0} KB |' -f $dayMs, $dayKb)
        ('| Export-LDRoutingReport, empty store | {0:N0} ms | {1:N0} KB |' -f $emptyMs, $emptyKb)
        ('| Baseline: Get-LDRoutingInsight -GroupBy Day, Outcome, the year ({0:N0} objects) | {1:N0} ms | - |' -f $baselineRows, $baselineMs)
        ''
        ('The empty report (Chart.js {0:N0} KB inlined, style, script) is the fixed part; the year''s aggregates, tables and top-10 lists add {1:N0} KB. Budget: the year within 10 s and under 400 KB: {2}.' -f
            (210078 / 1KB), ($yearKb - $emptyKb), $verdict)
    ) -join "`n"
}
finally {
    if (-not $KeepIn) { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }
}
