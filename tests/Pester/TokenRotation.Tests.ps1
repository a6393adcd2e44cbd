# Several processes on one store across refresh-token rotations (issue 11 #1): the sandbox hands out 4-second
# access tokens and rotates refresh tokens (each works once), and its enrollments are slowed so that each run
# spans several rotations. Both processes must share every refresh through the store, never spend a used
# refresh token, and lose no record to it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Sandbox = Start-LDTestSandbox -ExtraArguments '--token-ttl', '4'
    Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ prospects = 1000; users = 3; sequences = 2; seed = 7; errorRate = 0 } | Out-Null

    function script:Start-EnrollmentProcesses([string] $StorePath, [int] $Records) {
        # One pwsh per range of Leads, owned by Outreach user 1, into sequence 1 (the generated preset's anchors),
        # all sending from the same moment; each prints its outcome counts as JSON.
        $scripts = foreach ($first in 1, ($Records + 1)) {
            @"
`$results = $first..$($first + $Records - 1) | ForEach-Object {
    [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_ID__c = [string] `$_; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' }
} | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath '$StorePath' -ThrottleLimit 4 -BatchSize 50 -NoBulk -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
`$results | Group-Object { "`$(`$_.Outcome) `$(`$_.Edge) `$(`$_.ErrorCategory)".Trim() } | ForEach-Object { [pscustomobject]@{ Outcome = `$_.Name; Count = `$_.Count } } | ConvertTo-Json -Compress -AsArray
"@
        }
        Start-LDTestPwshTogether -Scripts $scripts -Prepare "`$ErrorActionPreference = 'Stop'; Import-Module '$(Get-LDTestModulePath)'; Get-LDRetryPolicy -StorePath '$StorePath' | Out-Null"
    }
    function script:Get-TokenRequests([int] $Status) {
        $row = (Invoke-LDTestSandboxAdmin $Sandbox counters).requests | Where-Object { $_.route -eq 'POST /oauth/token' -and $_.status -eq $Status }
        [int] ($row.count | Measure-Object -Sum).Sum
    }
}
AfterAll { Stop-LDTestSandbox $Sandbox }

Describe 'Two processes on one store across token rotations' {
    BeforeEach {
        $script:Store = New-LDTestStorePath
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
        Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c -StorePath $Store
        # 150 ms per enrollment at 4 in flight: each run of 150 records outlasts a 4-second token (refreshed after 3 s).
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'delay'; delayMs = 150; probability = 1.0 } | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null
    }
    AfterEach {
        Invoke-LDTestSandboxAdmin $Sandbox faults Delete | Out-Null
        Remove-LDTestStore $Store
    }

    It 'two Invoke-LDAddToSequence runs fail no record because of a refresh, and no refresh token is spent twice' {
        $runs = @(Start-EnrollmentProcesses $Store 150)
        foreach ($run in $runs) { $run.WaitForExit(600000) | Should -BeTrue }
        foreach ($run in $runs) { $run.ExitCode | Should -Be 0 -Because $run.ErrTask.Result }

        $outcomes = @($runs | ForEach-Object { $_.OutTask.Result | ConvertFrom-Json })
        ($outcomes | Where-Object Outcome -ne 'Success' | ForEach-Object { "$($_.Count) $($_.Outcome)" }) -join ', ' | Should -BeNullOrEmpty
        ($outcomes | Measure-Object Count -Sum).Sum | Should -Be 300
        (Get-LDAuditLog -StorePath $Store -Outcome Success).Count | Should -Be 300
        # The runs spanned token rotations, each refresh token was redeemed once, and none was refused.
        Get-TokenRequests 200 | Should -BeGreaterOrEqual 2
        Get-TokenRequests 400 | Should -Be 0
        @((Invoke-LDTestSandboxAdmin $Sandbox counters).enrollments | Where-Object count -gt 1) | Should -BeNullOrEmpty
    }
}
