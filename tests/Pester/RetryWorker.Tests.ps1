BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
}

Describe 'Start-LDRetryWorker against the sandbox' {
    BeforeAll {
        $script:Sandbox = Start-LDTestSandbox
        # The generated org: sequence 1 allows duplicates, so a double send would show up as an enrollment counted twice.
        Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ prospects = 2000; users = 3; sequences = 2; seed = 7; errorRate = 0 } | Out-Null
        function script:Get-Enrollments { @((Invoke-LDTestSandboxAdmin $Sandbox counters).enrollments) }
    }
    AfterAll { Stop-LDTestSandbox $Sandbox }

    BeforeEach {
        Invoke-LDTestSandboxAdmin $Sandbox faults Delete | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox maintenance Delete | Out-Null
        $script:Store = New-LDTestStorePath
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'retries only the actions piped from Get-LDAuditLog, now, and warns about ones not Pending' {
        Add-LDTestPendingActions -StorePath $Store -Count 6 -First 1800
        Add-LDTestAction -StorePath $Store -ProspectId 1850 -RecordId '00Q000000000001850' -NextAttemptAt ([DateTimeOffset]::UtcNow.AddHours(3)) | Out-Null
        $notDue = Get-LDAuditLog -StorePath $Store -RecordId '00Q000000000001850'
        $picked = @(Get-LDAuditLog -StorePath $Store -Outcome Pending -First 2) + $notDue
        $summary = $picked | Start-LDRetryWorker -StorePath $Store -WarningVariable warned -WarningAction SilentlyContinue
        $summary.Processed | Should -Be 3
        $summary.Succeeded | Should -Be 3
        (Get-LDAuditLog -StorePath $Store -Outcome Success).ActionId | Sort-Object | Should -Be (@($picked.ActionId) | Sort-Object)
        @(Get-LDAuditLog -StorePath $Store -Outcome Pending).Count | Should -Be 4
        $warned | Should -BeNullOrEmpty

        $again = $picked[0] | Start-LDRetryWorker -StorePath $Store -WarningVariable warned -WarningAction SilentlyContinue
        $again.Processed | Should -Be 0
        "$warned" | Should -BeLike "*action $($picked[0].ActionId)*"
    }

    It '-Once drains what is due and returns the summary' {
        Add-LDTestPendingActions -StorePath $Store -Count 25 -First 1
        Add-LDTestAction -StorePath $Store -ProspectId 900 -RecordId '00Q000000000000900' -NextAttemptAt ([DateTimeOffset]::UtcNow.AddHours(2)) | Out-Null
        $summary = Start-LDRetryWorker -StorePath $Store -Once
        $summary.Processed | Should -Be 25
        $summary.Succeeded | Should -Be 25
        $summary.Failed | Should -Be 0
        $summary.StillPending | Should -Be 0
        $summary.PendingInStore | Should -Be 1
        $summary.NextDueAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddHours(1))
        (Get-LDAuditLog -StorePath $Store -Outcome Success).Count | Should -Be 25
        $enrollments = Get-Enrollments
        $enrollments.Count | Should -Be 25
        $enrollments | Where-Object count -ne 1 | Should -BeNullOrEmpty
    }

    It '-WhatIf lists each due action and sends nothing' {
        Add-LDTestPendingActions -StorePath $Store -Count 3 -First 40
        $before = Get-LDAuditLog -StorePath $Store | ConvertTo-Json -Depth 4
        $output = Invoke-LDTestChildPwsh "Import-Module '$(Get-LDTestModulePath)'; Start-LDRetryWorker -StorePath '$Store' -Once -WhatIf"
        @($output | Where-Object { "$_" -like 'What if:*Retry Add to Sequence*action*' }).Count | Should -Be 3
        ($output -join "`n") | Should -BeLike '*Lead 00Q000000000000041 to sequence ''Generated: anchor sequence''*attempt 2 of 7*'
        (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatePosts | Should -Be 0
        Get-LDAuditLog -StorePath $Store | ConvertTo-Json -Depth 4 | Should -Be $before
    }

    It 'makes exactly the configured further attempts, then Error "Retry attempt exceeded"' {
        Set-LDRetryPolicy -StorePath $Store -Interval '00:00:00.100' -MaxAttempts 2
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'status'; status = 500; probability = 1.0 } | Out-Null
        $id = Add-LDTestAction -StorePath $Store -ProspectId 60 -RecordId '00Q000000000000060' -Attempts 1 -LastStatusCode 500 -ErrorCategory Transient
        foreach ($run in 1..4) {
            Start-LDRetryWorker -StorePath $Store -Once -IncludeNotDue | Out-Null   # each run sends it once, due or not
        }
        $entry = Get-LDAuditLog -StorePath $Store -ActionId $id
        $entry.Outcome | Should -Be 'Error'
        $entry.FailureReason | Should -Be 'Retry attempt exceeded'
        $entry.ErrorCategory | Should -Be 'RetryAttemptsExceeded'
        $entry.AttemptCount | Should -Be 3
        $entry.Attempts.Count | Should -Be 2
        (Get-LDPartnerLog -StorePath $Store -FailureReason 'Retry attempt exceeded').ActionId | Should -Be $id
    }

    It '<Workers> worker processes on one store send no action twice' -TestCases @(@{ Workers = 2; First = 100 }, @{ Workers = 4; First = 300 }) {
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'delay'; delayMs = 15; probability = 1.0 } | Out-Null
        Add-LDTestPendingActions -StorePath $Store -Count 120 -First $First
        $processes = 1..$Workers | ForEach-Object { Start-LDTestWorkerProcess -StorePath $Store -Arguments '-Once -BatchSize 5 -ThrottleLimit 2' }
        foreach ($p in $processes) { $p.WaitForExit(60000) | Should -BeTrue; $p.ExitCode | Should -Be 0 -Because $p.ErrTask.Result }
        $processed = $processes | ForEach-Object { [int] ([regex]::Match($_.OutTask.Result, 'Processed\s*:\s*(\d+)').Groups[1].Value) }
        ($processed | Measure-Object -Sum).Sum | Should -Be 120
        $counters = Invoke-LDTestSandboxAdmin $Sandbox counters
        $counters.sequenceStatePosts | Should -Be 120
        @($counters.enrollments).Count | Should -Be 120
        $counters.enrollments | Where-Object count -ne 1 | Should -BeNullOrEmpty
        (Get-LDAuditLog -StorePath $Store -Outcome Success).Count | Should -Be 120
    }

    # Real processes killed at random moments, and their leases left to expire on the real clock.
    It 'survives at least 20 SIGKILLs while draining: every action ends Success or Error, none enrolled twice' -Tag RealTime {
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'delay'; delayMs = 100; probability = 1.0 } | Out-Null
        Add-LDTestPendingActions -StorePath $Store -Count 150 -First 1000
        $random = [Random]::new(20261126)
        $kills = 0
        $watch = [Diagnostics.Stopwatch]::StartNew()
        while ($kills -lt 20 -and $watch.Elapsed.TotalSeconds -lt 90) {
            $p = Start-LDTestWorkerProcess -StorePath $Store -Arguments '-Once -BatchSize 4 -ThrottleLimit 2 -LeaseDuration 00:00:02'
            $owner = "%:$($p.Id):%"
            Wait-LDTestCondition -TimeoutMilliseconds 20000 {
                $p.HasExited -or [long] (Invoke-LDTestSql -StorePath $Store -Scalar -Sql 'SELECT COUNT(*) FROM actions WHERE lease_owner LIKE @o' -Parameters @{ '@o' = $owner }) -gt 0
            } | Out-Null
            if (-not $p.HasExited) {
                Start-Sleep -Milliseconds $random.Next(0, 500)
                if (-not $p.HasExited) { $p.Kill(); $kills++ }   # SIGKILL on Unix
            }
            $p.WaitForExit(10000) | Out-Null
            $p.Dispose()
        }
        $kills | Should -BeGreaterOrEqual 20
        Invoke-LDTestSandboxAdmin $Sandbox faults Delete | Out-Null
        Start-Sleep -Milliseconds 2200   # the killed workers' leases expire
        $fresh = Start-LDTestWorkerProcess -StorePath $Store -Arguments '-Once'
        $fresh.WaitForExit(60000) | Should -BeTrue
        $fresh.ExitCode | Should -Be 0 -Because $fresh.ErrTask.Result
        $fresh.OutTask.Result | Should -Match 'PendingInStore\s*:\s*0'

        $entries = Get-LDAuditLog -StorePath $Store
        $entries.Count | Should -Be 150
        $entries | Where-Object Outcome -notin 'Success', 'Error' | Should -BeNullOrEmpty
        $enrollments = Get-Enrollments
        $enrollments | Where-Object count -gt 1 | Should -BeNullOrEmpty
        $enrolled = @($enrollments | ForEach-Object { [long] $_.prospectId })
        foreach ($entry in $entries | Where-Object Outcome -eq 'Success') { $enrolled | Should -Contain $entry.ProspectId }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 120
    }

    It 'stops within a second on SIGTERM, leaving unsent work Pending, and reports' -Skip:$IsWindows -Tag RealTime {
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'delay'; delayMs = 300; probability = 1.0 } | Out-Null
        Add-LDTestPendingActions -StorePath $Store -Count 30 -First 1500
        $p = Start-LDTestWorkerProcess -StorePath $Store -Arguments '-PollInterval 00:00:01 -BatchSize 2 -ThrottleLimit 1'
        $owner = "%:$($p.Id):%"
        Wait-LDTestCondition -TimeoutMilliseconds 20000 {
            [long] (Invoke-LDTestSql -StorePath $Store -Scalar -Sql 'SELECT COUNT(*) FROM actions WHERE lease_owner LIKE @o' -Parameters @{ '@o' = $owner }) -gt 0
        } | Should -BeTrue
        $watch = [Diagnostics.Stopwatch]::StartNew()
        & kill -TERM $p.Id
        $p.WaitForExit(5000) | Should -BeTrue
        # The worker stops within a second; process teardown (runtime, pwsh host) comes on top, and on a
        # loaded 2-core machine it alone has been seen to take ~700 ms, so the bound leaves room for it.
        $watch.Elapsed.TotalMilliseconds | Should -BeLessThan 2500
        $p.OutTask.Result | Should -Match 'Stopped\s*:\s*True'
        Invoke-LDTestSql -StorePath $Store -Scalar -Sql 'SELECT COUNT(*) FROM actions WHERE lease_owner IS NOT NULL' | Should -Be 0
        $pending = @(Get-LDAuditLog -StorePath $Store -Outcome Pending)
        $pending.Count | Should -BeGreaterThan 0
        (Get-Enrollments | Where-Object count -gt 1) | Should -BeNullOrEmpty
    }

    It 'fails with OutreachNotConnected when the store has no connection' {
        $other = New-LDTestStorePath
        try {
            Add-LDTestPendingActions -StorePath $other -Count 1 | Out-Null
            { Start-LDRetryWorker -StorePath $other -Once -ErrorAction Stop } | Should -Throw -ErrorId 'OutreachNotConnected,*'
            (Get-LDAuditLog -StorePath $other).Outcome | Should -Be 'Pending'
        }
        finally { Remove-LDTestStore $other }
    }

    # Last: after a 429 this process's client waits for the server's reset, as it should.
    It 'reschedules a rate-limited action to the server''s reset time' {
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'rateLimit'; count = 1; retryAfterSeconds = 40 } | Out-Null
        $id = Add-LDTestAction -StorePath $Store -ProspectId 61 -RecordId '00Q000000000000061'
        $summary = Start-LDRetryWorker -StorePath $Store -Once
        $summary.StillPending | Should -Be 1
        $entry = Get-LDAuditLog -StorePath $Store -ActionId $id
        $entry.Outcome | Should -Be 'Pending'
        $entry.ErrorCategory | Should -Be 'RateLimitExceeded'
        $entry.NextAttemptAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddSeconds(30))
        $entry.NextAttemptAt | Should -BeLessThan ([DateTimeOffset]::UtcNow.AddSeconds(45))
        $summary.NextDueAt | Should -Be $entry.NextAttemptAt
    }
}

Describe 'Register-LDRetryWorker' {
    BeforeEach {
        $script:Store = New-LDTestStorePath
        $script:Folder = Join-Path (Split-Path $Store) 'schedule'
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'writes a systemd user service and timer that run the worker once against this store' {
        $result = Register-LDRetryWorker -StorePath $Store -Kind SystemdUser -Interval '00:10:00' -OutputDirectory $Folder -WarningAction SilentlyContinue
        $result.Kind | Should -Be 'SystemdUser'
        $result.Activated | Should -BeFalse
        $result.Files | Should -HaveCount 2
        $service = Get-Content (Join-Path $Folder 'leandata-outreach-retry.service') -Raw
        $service | Should -Match 'Type=oneshot'
        $service | Should -Match ([regex]::Escape("Import-Module '$(Get-LDTestModulePath)'"))
        $service | Should -Match ([regex]::Escape("Start-LDRetryWorker -Once -StorePath '$Store'"))
        (Get-Content (Join-Path $Folder 'leandata-outreach-retry.timer') -Raw) | Should -Match 'OnUnitActiveSec=10min'
        $result.ActivationCommands | Should -Contain 'systemctl --user enable --now leandata-outreach-retry.timer'
    }

    It 'writes a cron line, a launchd plist and a Task Scheduler task' {
        Register-LDRetryWorker -StorePath $Store -Kind Cron -Interval '00:05:00' -OutputDirectory $Folder -WarningAction SilentlyContinue | Out-Null
        (Get-Content (Join-Path $Folder 'leandata-outreach-retry.cron'))[1] | Should -BeLike '`*/5 `* `* `* `* *Start-LDRetryWorker -Once*'
        Register-LDRetryWorker -StorePath $Store -Kind Launchd -OutputDirectory $Folder | Out-Null
        ([xml] (Get-Content (Join-Path $Folder 'com.leandata.outreach.leandata-outreach-retry.plist') -Raw)).plist.dict.integer | Should -Be '900'
        Register-LDRetryWorker -StorePath $Store -Kind TaskScheduler -OutputDirectory $Folder | Out-Null
        $task = [xml] (Get-Content (Join-Path $Folder 'leandata-outreach-retry.xml') -Raw -Encoding Unicode)
        $task.Task.Triggers.TimeTrigger.Repetition.Interval | Should -Be 'PT15M'
    }

    It 'prints what it would create with -WhatIf and writes nothing' {
        $output = Invoke-LDTestChildPwsh "Import-Module '$(Get-LDTestModulePath)'; Register-LDRetryWorker -StorePath '$Store' -Kind Systemd -OutputDirectory '$Folder' -WhatIf"
        ($output -join "`n") | Should -Match 'What if: .*Create the Systemd file'
        ($output -join "`n") | Should -Match 'OnUnitActiveSec=15min'
        Test-Path $Folder | Should -BeFalse
    }

    It 'refuses to replace a schedule without -Force' {
        Register-LDRetryWorker -StorePath $Store -Kind Cron -OutputDirectory $Folder | Out-Null
        { Register-LDRetryWorker -StorePath $Store -Kind Cron -OutputDirectory $Folder -ErrorAction Stop } | Should -Throw -ErrorId 'RetryWorkerScheduleExists,*'
        { Register-LDRetryWorker -StorePath $Store -Kind Cron -OutputDirectory $Folder -Force -ErrorAction Stop } | Should -Not -Throw
    }

    It 'refuses an interval that is not whole minutes' {
        { Register-LDRetryWorker -StorePath $Store -Kind Cron -Interval '00:00:30' -OutputDirectory $Folder -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRetryWorkerSchedule,*'
    }
}
