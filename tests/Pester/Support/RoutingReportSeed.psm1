# A store with a known week of routing, for the routing report suites: three nodes, two sequences and actions
# without one, five error categories, every edge, exhausted retries, a Pending backlog, callouts with several
# status codes and failure reasons, and one Outreach user's server rate state. Days are 2026-11-02..08 (UTC).
Import-Module (Join-Path $PSScriptRoot 'LogsTestSupport.psm1')

$script:Day = [DateTimeOffset]::new(2026, 11, 2, 0, 0, 0, [TimeSpan]::Zero)

function Get-LDTestReportRange {
    [pscustomobject]@{ Since = $script:Day.UtcDateTime; Until = $script:Day.AddDays(7).UtcDateTime; Days = 7 }
}

function Add-LDTestReportActions {
    param([Parameter(Mandatory)][string] $StorePath)
    $now = [DateTimeOffset]::UtcNow
    $rows = @(
        # day, node, outcome, edge, category, sequence, status, duration, reason
        , @(0, 'Inbound SDR', 'Success', $null, $null, 11, 201, 120, $null)
        , @(0, 'Inbound SDR', 'Success', $null, $null, 11, 201, 80, $null)
        , @(1, 'Inbound SDR', 'Success', $null, $null, 12, 201, 95, $null)
        , @(1, 'Inbound SDR', 'Error', $null, 'ProspectOptedOut', 11, 422, 140, $null)
        , @(2, 'Inbound SDR', 'Error', $null, 'ProspectOptedOut', 12, 422, 130, $null)
        , @(2, 'Inbound SDR', 'Pending', $null, 'RateLimitExceeded', 11, 429, 30, $null)
        , @(3, 'Outbound', 'Edge', 'QueueOwner', 'QueueOwner', 12, $null, 0, $null)
        , @(3, 'Outbound', 'Edge', 'QueueOwner', 'QueueOwner', 12, $null, 0, $null)
        , @(4, 'Outbound', 'Edge', 'MissingProspectId', 'MissingProspectId', $null, $null, 0, $null)
        , @(4, 'Outbound', 'Error', $null, 'RetryAttemptsExceeded', 12, 503, 2400, 'Retry attempt exceeded')
        , @(5, 'Outbound', 'Skipped', $null, $null, 12, $null, 0, $null)
        , @(5, 'Inbound SDR', 'Pending', $null, 'TokenInvalid', 12, 401, 45, 'Token is not valid')
        , @(5, 'Partners', 'Edge', 'ConfigurationError', 'ConfigurationError', $null, $null, 0, 'Partner not authorized')
        , @(6, 'Partners', 'Edge', 'MissingUserId', 'MissingUserId', 11, $null, 0, $null)
        , @(6, 'Partners', 'Error', $null, 'UserLocked', 11, 422, 610, $null)
        , @(6, 'Partners', 'Success', $null, $null, 11, 201, 70, $null)
    )
    $i = 0
    foreach ($r in $rows) {
        $i++
        $created = $script:Day.AddDays($r[0]).AddHours(9 + $i % 5)
        $params = @{
            StorePath = $StorePath; NodeName = $r[1]; Outcome = $r[2]; RecordId = ('00Q{0:D12}AAA' -f $i); CreatedAt = $created
            SequenceId = $r[5]; SequenceName = $(if ($r[5]) { "Sequence $($r[5])" }); Attempts = $(if ($r[6]) { 1 } else { 0 })
            LastStatusCode = $r[6]; Message = $(if ($r[4] -and $r[2] -in 'Error', 'Pending') { "Outreach said no ($($r[4]))" })
        }
        if ($r[3]) { $params.Edge = $r[3] }
        if ($r[4]) { $params.ErrorCategory = $r[4] }
        if ($r[8]) { $params.FailureReason = $r[8] }
        if ($r[2] -eq 'Pending') { $params.NextAttemptAt = $now.AddMinutes(30) }
        $id = Add-LDTestAction @params
        if ($r[6]) {
            Invoke-LDTestSql -StorePath $StorePath -Sql @"
INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms, response, failure_reason)
VALUES ($id, $($created.ToUnixTimeMilliseconds()), 'POST', '/api/v2/sequenceStates', $($r[6]), $($r[7]), NULL, $(if ($r[6] -eq 401) { "'Token is not valid'" } else { 'NULL' }));
"@ | Out-Null
        }
    }
    Invoke-LDTestSql -StorePath $StorePath -Sql @"
INSERT INTO rate_limit_status(outreach_user_id, server_limit, server_remaining, server_reset_ms, observed_ms)
VALUES (1, 10000, 9990, $($now.AddMinutes(20).ToUnixTimeMilliseconds()), $($now.ToUnixTimeMilliseconds()));
INSERT INTO catalog_users(id, name, email, locked, default_mailbox_id, refreshed_ms) VALUES (1, 'Avery Admin', 'avery@example.com', 0, 1, 0);
"@ | Out-Null
    $rows.Count
}
