# Re-runs (issue 11 #2): a scheduled script re-queries Salesforce and pipes the same records again, also after
# the run before it was killed. No prospect is enrolled twice: records already added (or still Pending) are
# Skipped without a request, and the killed run's leased actions are recovered by the retry worker through the
# duplicate-safe lookup.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Sandbox = Start-LDTestSandbox
    # The generated org: sequence 1 allows duplicates, so a double send shows up as an enrollment counted twice.
    Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ prospects = 2000; users = 3; sequences = 2; seed = 7; errorRate = 0 } | Out-Null

    function script:Get-RunScript([string] $StorePath, [int] $Records) {
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-LDTestModulePath)'
`$results = 1..$Records | ForEach-Object {
    [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_ID__c = [string] `$_; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' }
} | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath '$StorePath' -ThrottleLimit 4 -BatchSize 50 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
`$results | Group-Object { "`$(`$_.Outcome) `$(`$_.ErrorCategory)".Trim() } | ForEach-Object { [pscustomobject]@{ Outcome = `$_.Name; Count = `$_.Count } } | ConvertTo-Json -Compress -AsArray
"@
    }
}
AfterAll { Stop-LDTestSandbox $Sandbox }

Describe 'Invoke-LDAddToSequence re-runs' {
    BeforeEach {
        $script:Store = New-LDTestStorePath
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
        Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c -StorePath $Store
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null
    }
    AfterEach {
        Invoke-LDTestSandboxAdmin $Sandbox faults Delete | Out-Null
        Remove-LDTestStore $Store
    }

    It 'kill (SIGKILL) mid-run, then the same 2,000 records again: none enrolled twice, every one finished' {
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'delay'; delayMs = 20; probability = 1.0 } | Out-Null
        $killed = Start-LDTestPwshProcess (Get-RunScript $Store 2000)
        Wait-LDTestCondition -TimeoutMilliseconds 120000 {
            $killed.HasExited -or [long] (Invoke-LDTestSql -StorePath $Store -Scalar -Sql "SELECT COUNT(*) FROM actions WHERE outcome = 'Success'") -ge 300
        } | Should -BeTrue
        $killed.HasExited | Should -BeFalse -Because 'the first run is killed mid-run'
        $killed.Kill()   # SIGKILL on Unix
        $killed.WaitForExit(10000) | Out-Null
        $addedBefore = [long] (Invoke-LDTestSql -StorePath $Store -Scalar -Sql "SELECT COUNT(*) FROM actions WHERE outcome = 'Success'")
        $pendingBefore = [long] (Invoke-LDTestSql -StorePath $Store -Scalar -Sql "SELECT COUNT(*) FROM actions WHERE outcome = 'Pending'")
        $addedBefore | Should -BeLessThan 2000

        Invoke-LDTestSandboxAdmin $Sandbox faults Delete | Out-Null
        $rerun = Start-LDTestPwshProcess (Get-RunScript $Store 2000)
        $rerun.WaitForExit(300000) | Should -BeTrue
        $rerun.ExitCode | Should -Be 0 -Because $rerun.ErrTask.Result
        $outcomes = @($rerun.OutTask.Result | ConvertFrom-Json)
        $count = @{}; foreach ($o in $outcomes) { $count[$o.Outcome] = $o.Count }
        $count['Skipped AlreadyAdded'] | Should -Be $addedBefore
        [long] $count['Skipped AlreadyPending'] | Should -Be $pendingBefore
        $count['Success'] | Should -Be (2000 - $addedBefore - $pendingBefore)
        ($outcomes | Measure-Object Count -Sum).Sum | Should -Be 2000
        (Get-LDAuditLog -StorePath $Store -ErrorCategory AlreadyAdded, AlreadyPending).Count | Should -Be ($addedBefore + $pendingBefore)

        # The killed run's in-flight actions stay Pending under its lease; once it has expired (a minute, moved
        # here to now), the retry worker takes them over and looks each one up before it sends.
        Invoke-LDTestSql -StorePath $Store -Sql "UPDATE actions SET lease_expires_ms = 0 WHERE outcome = 'Pending'" | Out-Null
        $summary = Start-LDRetryWorker -StorePath $Store -Once
        $summary.PendingInStore | Should -Be 0
        $enrollments = @((Invoke-LDTestSandboxAdmin $Sandbox counters).enrollments)
        $enrollments | Where-Object count -gt 1 | Should -BeNullOrEmpty
        $enrollments.Count | Should -Be 2000
        [long] (Invoke-LDTestSql -StorePath $Store -Scalar -Sql "SELECT COUNT(DISTINCT record_id) FROM actions WHERE outcome = 'Success'") | Should -Be 2000
    }

    It 'a completed run piped again sends nothing and fails nothing' {
        $first = Start-LDTestPwshProcess (Get-RunScript $Store 200)
        $first.WaitForExit(300000) | Should -BeTrue
        $posts = (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatePosts
        $again = Start-LDTestPwshProcess (Get-RunScript $Store 200)
        $again.WaitForExit(300000) | Should -BeTrue
        $again.ExitCode | Should -Be 0 -Because $again.ErrTask.Result
        $outcomes = @($again.OutTask.Result | ConvertFrom-Json)
        $outcomes.Outcome | Should -Be 'Skipped AlreadyAdded'
        $outcomes[0].Count | Should -Be 200
        (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatePosts | Should -Be $posts
    }
}
