# Leases are renewed while their actions are in hand (issue 11 #3), on the real clock: two polling workers, a lease
# (3 s) far shorter than their batches take against a slow sandbox, and no action is taken over and sent twice.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Sandbox = Start-LDTestSandbox
    # The generated org: sequence 1 allows duplicates, so a double send shows up as a second sequenceState.
    Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ prospects = 60; users = 3; sequences = 2; seed = 7; errorRate = 0 } | Out-Null
    $script:Store = New-LDTestStorePath
    Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
}
AfterAll {
    Stop-LDTestSandbox $Sandbox
    Remove-LDTestStore $Store
}

Describe 'Two polling workers with a lease shorter than a batch' -Tag 'RealTime' {
    It 'enroll each of 60 prospects once' {
        Add-LDTestPendingActions -StorePath $Store -Count 60 -First 1
        # Up to 50 actions a batch, 4 at a time, 600 ms each: the first worker's batch takes about 8 s against a 3 s lease, while
        # the other one, done with the rest, polls.
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'delay'; delayMs = 600; probability = 1.0 } | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null
        $arguments = '-BatchSize 50 -ThrottleLimit 4 -LeaseDuration 00:00:03 -PollInterval 00:00:01'
        $workers = @(1, 2 | ForEach-Object { Start-LDTestWorkerProcess -StorePath $Store -Arguments $arguments })
        try {
            Wait-LDTestCondition -TimeoutMilliseconds 120000 -IntervalMilliseconds 200 {
                [long] (Invoke-LDTestSql -StorePath $Store -Scalar -Sql "SELECT COUNT(*) FROM actions WHERE outcome = 'Pending'") -eq 0
            } | Should -BeTrue
            # Longer than a lease after the last one finished: a worker that took an action over would have sent it by now.
            Start-Sleep -Seconds 2
        } finally {
            $workers | ForEach-Object { if (-not $_.HasExited) { $_.Kill($true) } }
        }
        [long] (Invoke-LDTestSql -StorePath $Store -Scalar -Sql "SELECT COUNT(*) FROM actions WHERE outcome = 'Success'") | Should -Be 60
        (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatesCreated | Should -Be 60 -Because 'no action is taken over from a worker still sending it'
    }
}
