# An authorization revoked mid-run (issue 11 #4), on the per-record path (-NoBulk) and on the bulk path: the records not yet sent stay
# Pending ("Token is not valid"), none an Error; the retry worker refuses to drain while the authorization is invalid (one
# terminating error), and after Connect-LDOutreach it sends them all, none twice.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Sandbox = Start-LDTestSandbox
    function script:Get-Records { 1..300 | ForEach-Object { [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f $_; Outreach_ID__c = [string] $_; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' } } }
}
AfterAll { Stop-LDTestSandbox $Sandbox }

Describe 'An Outreach authorization revoked mid-run' {
    BeforeEach {
        # The generated org: sequence 1 allows duplicates, so a double send shows up as a second sequenceState.
        Invoke-LDTestSandboxAdmin $Sandbox reset Post @{} | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ prospects = 300; users = 3; sequences = 2; seed = 7; errorRate = 0 } | Out-Null
        $script:Store = New-LDTestStorePath
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
        Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c -StorePath $Store
        Get-LDSequence -StorePath $Store -Refresh | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'keeps the unsent records Pending, stops the worker while it is invalid, and loses none after Connect-LDOutreach' {
        # Every token is revoked once 120 API requests have been served: in the middle of the run.
        Invoke-LDTestSandboxAdmin $Sandbox tokens/revoke Post @{ all = $true; afterRequests = 120 } | Out-Null
        $results = Get-Records | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $Store -ThrottleLimit 4 -BatchSize 50 -NoBulk -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $results.Count | Should -Be 300
        $sent = @($results | Where-Object Outcome -eq Success)
        $kept = @($results | Where-Object Outcome -eq Pending)
        $sent.Count | Should -BeGreaterThan 0
        # The sandbox revokes before it checks the token of the 121st request (and of any counted after it).
        $sent.Count | Should -BeLessOrEqual 120
        $kept.Count | Should -Be (300 - $sent.Count) -Because 'no record became an Error'
        $kept.ErrorCategory | Sort-Object -Unique | Should -Be 'TokenInvalid'
        ($kept.Attempts | Measure-Object -Maximum).Maximum | Should -Be 0

        # While the authorization is invalid the worker stops with one error and sends nothing.
        $posts = (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatePosts
        { Start-LDRetryWorker -StorePath $Store -Once -Confirm:$false } | Should -Throw -ErrorId 'OAuthRefreshTokenRevoked,*'
        (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatePosts | Should -Be $posts
        $pending = @(Get-LDAuditLog -StorePath $Store -Outcome Pending)
        $pending.Count | Should -Be $kept.Count
        ($pending.AttemptCount | Measure-Object -Maximum).Maximum | Should -Be 0
        $pending.FailureReason | Sort-Object -Unique | Should -Be 'Token is not valid'

        # The admin reconnects; the next worker run sends every kept record, once.
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
        $summary = Start-LDRetryWorker -StorePath $Store -Once -Confirm:$false
        $summary.ExitCode | Should -Be 0
        $summary.Succeeded | Should -Be $kept.Count
        @(Get-LDAuditLog -StorePath $Store -Outcome Success).Count | Should -Be 300
        (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatesCreated | Should -Be 300 -Because 'each of the 300 prospects is enrolled once: 0 lost, 0 twice'
    }

    It 'on the bulk path too: a bulk POST, poll or lookup refused mid-run leaves its records Pending, none an Error, none enrolled twice' {
        # Six batches of 50, each one bulk action (POST, polls, lookup), up to four side by side: the revocation lands once a few
        # requests were answered. Which ones (a POST, a poll or a lookup) depends on timing; the rule holds for each.
        Invoke-LDTestSandboxAdmin $Sandbox tokens/revoke Post @{ all = $true; afterRequests = 5 } | Out-Null
        $results = Get-Records | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $Store -BatchSize 50 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $results.Count | Should -Be 300
        $sent = @($results | Where-Object Outcome -eq Success)
        $kept = @($results | Where-Object Outcome -eq Pending)
        # Mid-run: Outreach took some of the run's bulk actions before it refused the authorization.
        ($sent.Count + @($kept | Where-Object Attempts -eq 1).Count) | Should -BeGreaterThan 0
        foreach ($r in $sent) { "$($r.Via)" | Should -Be 'Bulk' }
        $kept.Count | Should -BeGreaterThan 0
        $kept.Count | Should -Be (300 - $sent.Count) -Because 'no record became an Error'
        $kept.ErrorCategory | Sort-Object -Unique | Should -Be 'TokenInvalid'
        # A record whose batch was accepted before the refusal counts that attempt; one whose POST was refused spends none.
        ($kept.Attempts | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 1
        (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatePosts | Should -Be 0 -Because 'once the run knows, nothing is sent on its own either'

        $created = (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatesCreated
        { Start-LDRetryWorker -StorePath $Store -Once -Confirm:$false } | Should -Throw -ErrorId 'OAuthRefreshTokenRevoked,*'
        (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatesCreated | Should -Be $created
        @(Get-LDAuditLog -StorePath $Store -Outcome Pending).FailureReason | Sort-Object -Unique | Should -Be 'Token is not valid'

        # A record whose batch Outreach had accepted is due a minute later (the batch may still be processing); once the sandbox
        # has processed every item it accepted, that minute is moved to now, as if it had passed.
        Wait-LDTestCondition -TimeoutMilliseconds 30000 { $c = Invoke-LDTestSandboxAdmin $Sandbox counters; $c.batchItemsProcessed -ge $c.batchItemsAccepted } | Should -BeTrue
        Invoke-LDTestSql -StorePath $Store -Sql "UPDATE actions SET next_attempt_ms = 0 WHERE outcome = 'Pending'" | Out-Null
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
        $summary = Start-LDRetryWorker -StorePath $Store -Once -Confirm:$false
        $summary.ExitCode | Should -Be 0
        @(Get-LDAuditLog -StorePath $Store -Outcome Success).Count | Should -Be 300
        (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatesCreated | Should -Be 300 -Because 'each of the 300 prospects is enrolled once: 0 lost, 0 twice'
    }
}
