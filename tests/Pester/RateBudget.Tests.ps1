# One client budget per (API, authorized Outreach user) for every request of a PowerShell session: a catalog
# refresh, Invoke-LDAddToSequence, the retry worker and sequence-state actions all share it, so with
# Set-LDRateLimit -Limit 10 -Window 00:00:10 the sandbox never sees more than 10 API requests in any 10 seconds.
# Checked against the arrival time the sandbox records for each request (GET /__sandbox/requests).
# Slow by nature: ~70 requests at 1 per second, plus a maintenance window the client must sit out (over the
# 60 s it waits in-line, so the records it meets go Pending).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Sandbox = Start-LDTestSandbox
    Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ prospects = 60; users = 2; sequences = 1; seed = 11; errorRate = 0 } | Out-Null
    $script:Store = New-LDTestStorePath
    $PSDefaultParameterValues['*-LD*:StorePath'] = $Store
    Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
    Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c
    function script:New-Leads([int[]] $Prospects) {
        foreach ($p in $Prospects) {
            [pscustomobject]@{ Id = ('00Q{0:D12}AAA' -f $p); Outreach_ID__c = "$p"; Email = "p$p@x.example"; Owner = [pscustomobject]@{ Outreach_User_ID__c = '1' } }
        }
    }
}
AfterAll {
    $PSDefaultParameterValues.Remove('*-LD*:StorePath')
    Remove-LDTestStore $Store
    Stop-LDTestSandbox $Sandbox
}

Describe 'The client budget' -Tag 'RealTime' {
    It 'holds every Outreach request of the session to 10 per 10 s: catalog, enrollments, maintenance, retry worker, pauses' {
        Set-LDRateLimit -Limit 10 -Window 00:00:10
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null

        Get-LDSequence -Refresh | Out-Null

        # A maintenance window longer than the client waits in-line (60 s): the first 503 closes the client's gate, so
        # the 10 records that meet it are stored Pending until it ends (one at a time, so each decides within the 65 s).
        Invoke-LDTestSandboxAdmin $Sandbox maintenance Post @{ durationSeconds = 65 } | Out-Null
        $held = @(New-Leads (31..40) | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -ThrottleLimit 1 -WarningAction SilentlyContinue)
        $held.Outcome | Sort-Object -Unique | Should -Be 'Pending'
        $held.ErrorCategory | Sort-Object -Unique | Should -Be 'ScheduledMaintenance'

        # The client calls Outreach again only after the window's Retry-After; then the worker sends them.
        $due = ($held.NextAttemptAt | Measure-Object -Maximum).Maximum
        $wait = $due - [DateTimeOffset]::UtcNow
        if ($wait -gt [TimeSpan]::Zero) { Start-Sleep -Milliseconds ([int] $wait.TotalMilliseconds + 1100) }
        $summary = Start-LDRetryWorker -Once -Confirm:$false
        $summary.Succeeded | Should -Be 10
        @(Get-LDAuditLog -Outcome Pending).Count | Should -Be 0

        # -NoBulk: this test counts one POST per record (30 in one bulk action would make 3 requests; tests/Pester/Bulk.Tests.ps1 covers that path).
        $sent = @(New-Leads (1..30) | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -NoBulk)
        $sent.Outcome | Sort-Object -Unique | Should -Be 'Success'
        $paused = @($sent | Select-Object -First 15 | Suspend-LDSequenceState -Confirm:$false)
        $paused.Outcome | Sort-Object -Unique | Should -Be 'Success'

        # ForEach-Object unrolls the JSON array Invoke-RestMethod may write as one object.
        $api = @(Invoke-LDTestSandboxAdmin $Sandbox requests | ForEach-Object { $_ } | Where-Object { $_.route -notlike '* /oauth/*' -and $_.route -notlike '* /__sandbox*' } |
            ForEach-Object { [DateTimeOffset] $_.at } | Sort-Object)
        # the catalog (at least 1) + the one POST whose 503 closes the gate (the other 9 are held, not sent) + 10 retries
        # + 30 POSTs + 15 pauses
        $api.Count | Should -BeGreaterOrEqual 57
        $busiest = 0
        for ($i = 0; $i -lt $api.Count; $i++) {
            $inWindow = @($api | Where-Object { $_ -ge $api[$i] -and $_ -lt $api[$i].AddSeconds(10) }).Count
            if ($inWindow -gt $busiest) { $busiest = $inWindow }
        }
        $busiest | Should -BeLessOrEqual 10
        $busiest | Should -Be 10 -Because 'the budget is used, not starved'
    }
}
