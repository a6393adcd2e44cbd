BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
}

Describe 'Get-LDAuditLog' {
    BeforeAll {
        $script:Store = New-LDTestStorePath
        $day = [DateTimeOffset]::UtcNow.AddDays(-1)
        $script:Ids = @{
            Old      = Add-LDTestAction -StorePath $Store -Outcome Success -RecordId '00Q000000000000AAA' -CreatedAt ([DateTimeOffset]::UtcNow.AddDays(-40))
            Success  = Add-LDTestAction -StorePath $Store -Outcome Success -RecordId '00Q000000000001AAA' -Attempts 1 -LastStatusCode 201
            OptedOut = Add-LDTestAction -StorePath $Store -Outcome Error -RecordId '00Q000000000002AAA' -ErrorCategory ProspectOptedOut -Attempts 1 -LastStatusCode 422 -Message 'Prospect has opted out of email'
            Locked   = Add-LDTestAction -StorePath $Store -Outcome Error -NodeName 'Inbound Leads' -RecordId '0035g000000003AAAA' -RecordType Contact -ErrorCategory UserLocked -Attempts 1 -SequenceName 'Enterprise' -SequenceId 9
            Queue    = Add-LDTestAction -StorePath $Store -Outcome Edge -Edge QueueOwner -ErrorCategory QueueOwner -RecordId '00Q000000000004AAA'
            Pending  = Add-LDTestAction -StorePath $Store -Outcome Pending -ErrorCategory ScheduledMaintenance -RecordId '00Q000000000005AAA' -Attempts 2 -LastStatusCode 503 -NextAttemptAt ([DateTimeOffset]::UtcNow.AddHours(1))
            Secret   = Add-LDTestAction -StorePath $Store -Outcome Error -NodeName 'Secrets' -ErrorCategory UnauthorizedRequest -RecordId '00Q000000000006AAA' -Message 'Authorization: Bearer tok-SECRET-123 {"refresh_token":"rt-SECRET-456"}'
        }
        Invoke-LDTestSql -StorePath $Store -Sql @"
INSERT INTO attempts(action_id, attempt_number, started_ms, http_status, error_category, message, duration_ms) VALUES
 ($($Ids.Pending), 1, $([DateTimeOffset]::UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds()), 503, 'ScheduledMaintenance', 'maintenance', 15),
 ($($Ids.Pending), 2, $([DateTimeOffset]::UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds()), 503, 'ScheduledMaintenance', 'still in maintenance', 11),
 ($($Ids.Secret), 1, $([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()), 401, 'UnauthorizedRequest', 'client_secret=cs-SECRET-789', 9);
"@ | Out-Null
    }
    AfterAll { Remove-LDTestStore $Store }

    It 'returns every entry oldest first, each once' {
        (Get-LDAuditLog -StorePath $Store).ActionId | Should -Be @($Ids.Old, $Ids.Success, $Ids.OptedOut, $Ids.Locked, $Ids.Queue, $Ids.Pending, $Ids.Secret)
        (Get-LDAuditLog -StorePath $Store -Descending -First 2).ActionId | Should -Be @($Ids.Secret, $Ids.Pending)
    }

    It 'filters -Outcome <Outcome> exactly' -TestCases @(
        @{ Outcome = 'Success'; Expected = 'Old', 'Success' }
        @{ Outcome = 'Error'; Expected = 'OptedOut', 'Locked', 'Secret' }
        @{ Outcome = 'Pending'; Expected = , 'Pending' }
        @{ Outcome = 'Edge'; Expected = , 'Queue' }
        @{ Outcome = 'Fallback'; Expected = 'OptedOut', 'Locked', 'Queue', 'Secret' }
    ) {
        (Get-LDAuditLog -StorePath $Store -Outcome $Outcome).ActionId | Should -Be @($Expected | ForEach-Object { $Ids[$_] })
    }

    It 'filters by node (wildcards), record, sequence, category, edge and time, all in one call' {
        (Get-LDAuditLog -StorePath $Store -NodeName 'Inbound L*').ActionId | Should -Be $Ids.Locked
        (Get-LDAuditLog -StorePath $Store -RecordId '00Q000000000002AAA').ActionId | Should -Be $Ids.OptedOut
        (Get-LDAuditLog -StorePath $Store -Sequence 'enterprise').ActionId | Should -Be $Ids.Locked
        (Get-LDAuditLog -StorePath $Store -Sequence 9).ActionId | Should -Be $Ids.Locked
        (Get-LDAuditLog -StorePath $Store -ErrorCategory ProspectOptedOut, UserLocked).ActionId | Should -Be @($Ids.OptedOut, $Ids.Locked)
        (Get-LDAuditLog -StorePath $Store -Edge QueueOwner).ActionId | Should -Be $Ids.Queue
        (Get-LDAuditLog -StorePath $Store -Until (Get-Date).AddDays(-1)).ActionId | Should -Be $Ids.Old
        (Get-LDAuditLog -StorePath $Store -Since (Get-Date).AddDays(-1) -Outcome Error -NodeName Inbound).ActionId | Should -Be $Ids.OptedOut
        Get-LDAuditLog -StorePath $Store -Since (Get-Date).AddMinutes(5) | Should -BeNullOrEmpty
    }

    It 'takes ActionId and RecordId from the pipeline' {
        ([pscustomobject]@{ ActionId = $Ids.Pending } | Get-LDAuditLog -StorePath $Store).ActionId | Should -Be $Ids.Pending
        (@([pscustomobject]@{ RecordId = '00Q000000000001AAA' }, [pscustomobject]@{ RecordId = '00Q000000000004AAA' }) | Get-LDAuditLog -StorePath $Store).ActionId |
            Should -Be @($Ids.Success, $Ids.Queue)
    }

    It 'shows the audit wording, the attempt trail and the remedy' {
        $pending = Get-LDAuditLog -StorePath $Store -ActionId $Ids.Pending
        $pending.OutcomeDisplay | Should -Be 'Pending (Outreach)'
        $pending.AttemptCount | Should -Be 2
        $pending.Attempts.Count | Should -Be 2
        $pending.Attempts[1].Message | Should -Be 'still in maintenance'
        $pending.LastHttpStatus | Should -Be 503
        $pending.NextAttemptAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        (Get-LDAuditLog -StorePath $Store -ActionId $Ids.Queue).OutcomeDisplay | Should -Be 'Error (Fallback: QueueOwner)'
        (Get-LDAuditLog -StorePath $Store -ActionId $Ids.OptedOut).RecommendedAction | Should -BeLike '*Opt Out*'
        (Get-LDAuditLog -StorePath $Store -ActionId $Ids.Success).OutcomeDisplay | Should -Be 'Success (Outreach)'
    }

    # That entries are written while the query still reads is proven in-process (tests/Unit/Cmdlets/GetLDAuditLogStreamingTests.cs):
    # from here a buffering cmdlet would look the same.
    It 'returns the oldest entry first to Select-Object -First, and combines -Since with Where-Object' {
        (Get-LDAuditLog -StorePath $Store | Select-Object -First 1).ActionId | Should -Be $Ids.Old
        (Get-LDAuditLog -StorePath $Store -Since (Get-Date).AddDays(-1) | Where-Object ErrorCategory -eq 'ProspectOptedOut').ActionId | Should -Be $Ids.OptedOut
    }

    It 'exports cleanly to CSV and JSON' {
        $csv = Join-Path (Split-Path $Store) 'audit.csv'
        Get-LDAuditLog -StorePath $Store | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 7
        $row = $rows | Where-Object ActionId -eq $Ids.Pending
        $row.OutcomeDisplay | Should -Be 'Pending (Outreach)'
        $row.AttemptCount | Should -Be '2'
        $row.Attempts | Should -BeLike '#1 * 503 ScheduledMaintenance 15ms; #2 * 503 ScheduledMaintenance 11ms'
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.|LeanData\.Outreach\.'

        $json = Get-LDAuditLog -StorePath $Store -ActionId $Ids.Pending | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.Attempts.Count | Should -Be 2
        $json.Attempts[0].HttpStatus | Should -Be 503
        $json.Outcome | Should -Be 'Pending'
    }

    It 'never shows a secret' {
        $text = Get-LDAuditLog -StorePath $Store | ConvertTo-Json -Depth 4
        $text | Should -Not -CMatch 'SECRET-'
        (Get-LDAuditLog -StorePath $Store -ActionId $Ids.Secret).Message | Should -BeLike '*Bearer `*`*`**'
    }

    It 'reads nothing and creates no file when the store does not exist' {
        $absent = New-LDTestStorePath
        try {
            Get-LDAuditLog -StorePath $absent | Should -BeNullOrEmpty
            Test-Path $absent | Should -BeFalse
        }
        finally { Remove-LDTestStore $absent }
    }
}

Describe 'Remove-LDAuditLog' {
    BeforeEach {
        $script:Store = New-LDTestStorePath
        $script:OldError = Add-LDTestAction -StorePath $Store -Outcome Error -ErrorCategory UserLocked -CreatedAt ([DateTimeOffset]::UtcNow.AddDays(-40))
        $script:OldPending = Add-LDTestAction -StorePath $Store -Outcome Pending -CreatedAt ([DateTimeOffset]::UtcNow.AddDays(-40))
        $script:Recent = Add-LDTestAction -StorePath $Store -Outcome Success
        Invoke-LDTestSql -StorePath $Store -Sql "INSERT INTO attempts(action_id, attempt_number, started_ms, duration_ms) VALUES($OldError, 1, 0, 1); INSERT INTO callouts(action_id, started_ms, method, path, status_code, duration_ms) VALUES($OldError, 0, 'POST', '/sequenceStates', 422, 1)" | Out-Null
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'declares ConfirmImpact High' {
        (Get-Command Remove-LDAuditLog).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
    }

    It 'changes nothing with -WhatIf' {
        Remove-LDAuditLog -StorePath $Store -OlderThan (New-TimeSpan -Days 30) -WhatIf
        (Get-LDAuditLog -StorePath $Store).Count | Should -Be 3
    }

    It 'removes old entries with their attempts and callouts and keeps Pending work' {
        $result = Remove-LDAuditLog -StorePath $Store -OlderThan (New-TimeSpan -Days 30) -Confirm:$false -PassThru
        $result.Removed | Should -Be 1
        (Get-LDAuditLog -StorePath $Store).ActionId | Should -Be @($OldPending, $Recent)
        Invoke-LDTestSql -StorePath $Store -Scalar -Sql "SELECT (SELECT COUNT(*) FROM attempts) + (SELECT COUNT(*) FROM callouts)" | Should -Be 0
    }

    It 'removes Pending work only with -IncludePending' {
        Remove-LDAuditLog -StorePath $Store -Before (Get-Date).AddDays(-1) -IncludePending -Confirm:$false
        (Get-LDAuditLog -StorePath $Store).ActionId | Should -Be $Recent
    }

    It 'refuses a negative age with InvalidAuditLogRetention' {
        { Remove-LDAuditLog -StorePath $Store -OlderThan (New-TimeSpan -Days -1) -Confirm:$false } | Should -Throw -ErrorId 'InvalidAuditLogRetention,*'
    }
}
