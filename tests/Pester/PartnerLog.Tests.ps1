BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
}

Describe 'Get-LDPartnerLog' {
    BeforeAll {
        $script:Store = New-LDTestStorePath
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
        $script:Ok = Add-LDTestAction -StorePath $Store -Outcome Success -NodeName 'Inbound' -RecordId '00Q000000000001AAA' -Attempts 2 -LastStatusCode 201
        $script:Waiting = Add-LDTestAction -StorePath $Store -Outcome Pending -NodeName 'Inbound' -RecordId '00Q000000000002AAA' -Attempts 1 -LastStatusCode 429 -NextAttemptAt ([DateTimeOffset]::UtcNow.AddHours(1))
        $script:Exhausted = Add-LDTestAction -StorePath $Store -Outcome Error -NodeName 'Outbound' -RecordId '00Q000000000003AAA' -Attempts 7 -LastStatusCode 503 -ErrorCategory RetryAttemptsExceeded -FailureReason 'Retry attempt exceeded'
        $script:Noisy = Add-LDTestAction -StorePath $Store -Outcome Pending -NodeName 'Outbound' -RecordId '00Q000000000004AAA' -Attempts 3
        $script:EdgeOnly = Add-LDTestAction -StorePath $Store -Outcome Edge -Edge MissingProspectId -ErrorCategory MissingProspectId -RecordId '00Q000000000005AAA'
        Invoke-LDTestSql -StorePath $Store -Sql "INSERT INTO settings(key, value, updated_ms) VALUES('calloutHistoryCap', '4', 0)" | Out-Null
        $values = @(
            "($Ok, $now, 'POST', '/api/v2/sequenceStates', 503, 30, 'Scheduled maintenance', NULL)"
            "($Ok, $($now + 1000), 'POST', '/api/v2/sequenceStates', 201, 45, 'sequenceState 77 created', NULL)"
            "($Waiting, $now, 'POST', '/api/v2/sequenceStates', 429, 12, '{""access_token"":""at-SECRET""} rate limited', NULL)"
            "($Exhausted, $now, 'POST', '/api/v2/sequenceStates', 503, 20, 'maintenance', NULL)"
        ) + (1..6 | ForEach-Object { "($Noisy, $($now + $_), 'POST', '/api/v2/sequenceStates', 502, 5, 'bad gateway', NULL)" })
        foreach ($v in $values) { Invoke-LDTestSql -StorePath $Store -Sql "INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms, response, failure_reason) VALUES $v" | Out-Null }
    }
    AfterAll { Remove-LDTestStore $Store }

    It 'has the report fields with the report''s status codes' {
        $rows = Get-LDPartnerLog -StorePath $Store
        $rows.ActionId | Should -Be @($Ok, $Waiting, $Exhausted, $Noisy)
        $ok = $rows | Where-Object ActionId -eq $Ok
        $ok.ActionType | Should -Be 'Add to Sequence'
        $ok.NodeName | Should -Be 'Inbound'
        $ok.ResponseStatusCode | Should -Be 200
        $ok.TargetObject | Should -Be 'Lead 00Q000000000001AAA'
        $ok.CalloutHistory.StatusCode | Should -Be @(503, 201)
        $ok.CalloutDurationMs | Should -Be 45
        $ok.TotalCalloutDurationMs | Should -Be 75
        ($rows | Where-Object ActionId -eq $Waiting).ResponseStatusCode | Should -BeNullOrEmpty
        ($rows | Where-Object ActionId -eq $Exhausted).ResponseStatusCode | Should -Be 503
        ($rows | Where-Object ActionId -eq $Exhausted).FailureReasons | Should -Be 'Retry attempt exceeded'
    }

    It 'caps the callout history per action and reports Log length hit' {
        $entry = Get-LDPartnerLog -StorePath $Store -RecordId '00Q000000000004AAA'
        $entry.CalloutCount | Should -Be 4
        $entry.LogLengthHit | Should -BeTrue
        $entry.FailureReasons | Should -Contain 'Log length hit'
        (Get-LDPartnerLog -StorePath $Store -FailureReason 'Log length hit').ActionId | Should -Be $Noisy
    }

    It 'filters by status, failure reason, node and time exactly' {
        (Get-LDPartnerLog -StorePath $Store -Status Pending).ActionId | Should -Be @($Waiting, $Noisy)
        (Get-LDPartnerLog -StorePath $Store -Status Succeeded).ActionId | Should -Be $Ok
        (Get-LDPartnerLog -StorePath $Store -Status Failed).ActionId | Should -Be $Exhausted
        (Get-LDPartnerLog -StorePath $Store -FailureReason 'Retry*').ActionId | Should -Be $Exhausted
        (Get-LDPartnerLog -StorePath $Store -NodeName outbound).ActionId | Should -Be @($Exhausted, $Noisy)
        (Get-LDPartnerLog -StorePath $Store -First 1).ActionId | Should -Be $Ok
        Get-LDPartnerLog -StorePath $Store -Since (Get-Date).AddMinutes(5) | Should -BeNullOrEmpty
    }

    It 'sums up with -Summary' {
        $totals = Get-LDPartnerLog -StorePath $Store -Summary
        $totals.Actions | Should -Be 4
        $totals.Callouts | Should -Be 8
        $totals.Succeeded | Should -Be 1
        $totals.Failed | Should -Be 1
        $totals.Pending | Should -Be 2
        $totals.FailureReasons['Log length hit'] | Should -Be 1
    }

    It 'never shows a secret and exports to CSV' {
        Get-LDPartnerLog -StorePath $Store | ConvertTo-Json -Depth 4 | Should -Not -CMatch 'SECRET-'
        $csv = Join-Path (Split-Path $Store) 'partner.csv'
        Get-LDPartnerLog -StorePath $Store | Export-Csv $csv -NoTypeInformation
        (Import-Csv $csv | Where-Object ActionId -eq $Noisy).FailureReasons | Should -Be 'Log length hit'
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.|LeanData\.Outreach\.'
    }
}

Describe 'Get-LDRateLimitStatus' {
    It 'shows the client budget used from recorded callouts and the last server headers' {
        $store = New-LDTestStorePath
        try {
            Set-LDRateLimit -StorePath $store -Limit 50 -Window '00:10:00'
            $id = Add-LDTestAction -StorePath $store -Outcome Success -Attempts 1
            $now = [DateTimeOffset]::UtcNow
            Invoke-LDTestSql -StorePath $store -Sql @"
INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms) VALUES
 ($id, $($now.AddMinutes(-1).ToUnixTimeMilliseconds()), 'POST', '/sequenceStates', 201, 5),
 ($id, $($now.AddMinutes(-2).ToUnixTimeMilliseconds()), 'POST', '/sequenceStates', 201, 5),
 ($id, $($now.AddHours(-2).ToUnixTimeMilliseconds()), 'POST', '/sequenceStates', 201, 5);
INSERT INTO rate_limit_status VALUES(1, 10000, 9876, $($now.AddMinutes(30).ToUnixTimeMilliseconds()), $($now.ToUnixTimeMilliseconds()));
"@ | Out-Null
            $status = Get-LDRateLimitStatus -StorePath $store
            $status.OutreachUserId | Should -Be 1
            $status.ClientLimit | Should -Be 50
            $status.ClientUsed | Should -Be 2
            $status.ClientRemaining | Should -Be 48
            $status.ServerLimit | Should -Be 10000
            $status.ServerRemaining | Should -Be 9876
            $status.ServerResetAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(29))
        }
        finally { Remove-LDTestStore $store }
    }
}
