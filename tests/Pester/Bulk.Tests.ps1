# Bulk enrollment as admins use it: Invoke-LDAddToSequence and Start-LDRetryWorker against the sandbox process's Bulk API.
# The generated org (errorRate 0): user 1 with mailbox 1, sequence 1 'Generated: anchor sequence' (shared, email steps, duplicates allowed,
# so a double send would show up as an enrollment counted twice). The sandbox lives for the file: each test takes prospects of its own.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Sandbox = Start-LDTestSandbox
    Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ prospects = 500; users = 2; sequences = 1; seed = 3; errorRate = 0 } | Out-Null
    $script:Sequence = 'Generated: anchor sequence'
    function script:Get-Counters { Invoke-LDTestSandboxAdmin $Sandbox counters }
    function script:New-Leads([int] $First, [int] $Count) {
        foreach ($i in $First..($First + $Count - 1)) {
            [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f $i; Outreach_Prospect_ID__c = "$i"; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1'; Email = "p$i@example.com" }
        }
    }
}
AfterAll { Stop-LDTestSandbox $Sandbox }

Describe 'Bulk enrollment' {
    BeforeEach {
        Invoke-LDTestSandboxAdmin $Sandbox faults Delete | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox oauth Post @{ batchScopes = $true } | Out-Null
        $script:Store = New-LDTestStorePath
        $PSDefaultParameterValues['*-LD*:StorePath'] = $Store
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
        Get-LDSequence -Refresh | Out-Null
        Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null
    }
    AfterEach {
        $PSDefaultParameterValues.Remove('*-LD*:StorePath')
        Remove-LDTestStore $Store
    }

    It 'sends a batch of 40 records as one bulk action: one result and one audit entry each, Via Bulk, with the bulk callouts' {
        $leads = @(New-Leads 1 40)
        $results = $leads | Invoke-LDAddToSequence -Sequence $Sequence -Mailbox RecordOwner
        $results | Should -HaveCount 40
        $results.RecordId | Should -Be $leads.Id
        $results | Where-Object Outcome -ne 'Success' | Should -BeNullOrEmpty
        $results | Where-Object Via -ne 'Bulk' | Should -BeNullOrEmpty
        $results | Where-Object { -not $_.SequenceStateId } | Should -BeNullOrEmpty
        $counters = Get-Counters
        $counters.batchPosts | Should -Be 1
        $counters.sequenceStatePosts | Should -Be 0
        $counters.enrollments | Where-Object count -ne 1 | Should -BeNullOrEmpty
        $audit = @(Get-LDAuditLog -Outcome Success)
        $audit.Count | Should -Be 40
        $audit | Where-Object Via -ne 'Bulk' | Should -BeNullOrEmpty
        $audit[0].Attempts[0].Via | Should -Be 'Bulk'
        $partner = @(Get-LDPartnerLog -RecordId $leads[0].Id)
        $partner[0].Via | Should -Be 'Bulk'
        ($partner.CalloutHistory.Path -join ' ') | Should -BeLike '*/batches/actions/prospectsAddToSequence*'
    }

    It '-WhatIf says it would add the records in one bulk action, and sends nothing' {
        $output = Invoke-LDTestChildPwsh @"
Import-Module '$(Get-LDTestModulePath)'
1..30 | ForEach-Object { [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_Prospect_ID__c = "`$_"; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' } } |
    Invoke-LDAddToSequence -StorePath '$Store' -Sequence '$Sequence' -Mailbox RecordOwner -WhatIf
"@
        ($output -join "`n") | Should -Match "What if: would add 30 records to sequence '$Sequence' \(1\) from mailbox 1 in one bulk action"
        (Get-Counters).requests | Where-Object route -notlike 'GET *' | Should -BeNullOrEmpty
    }

    It '-NoBulk and small groups send one request per record' {
        $results = @(New-Leads 101 30) | Invoke-LDAddToSequence -Sequence $Sequence -Mailbox RecordOwner -NoBulk
        $results | Where-Object Via -ne 'Single' | Should -BeNullOrEmpty
        $small = @(New-Leads 201 30) | Invoke-LDAddToSequence -Sequence $Sequence -Mailbox RecordOwner -BulkThreshold 31
        $small | Where-Object Via -ne 'Single' | Should -BeNullOrEmpty
        $counters = Get-Counters
        $counters.batchPosts | Should -Be 0
        $counters.sequenceStatePosts | Should -Be 60
    }

    It 'without the batches scopes warns once and sends each record on its own' {
        Invoke-LDTestSandboxAdmin $Sandbox oauth Post @{ batchScopes = $false } | Out-Null
        $other = New-LDTestStorePath
        try {
            Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $other -WarningAction SilentlyContinue | Out-Null
            Get-LDSequence -Refresh -StorePath $other | Out-Null
            Set-LDFieldMapping -StorePath $other -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c
            $results = @(New-Leads 301 60) | Invoke-LDAddToSequence -StorePath $other -Sequence $Sequence -Mailbox RecordOwner -BatchSize 30 -WarningVariable warned -WarningAction SilentlyContinue
            $results | Where-Object { $_.Outcome -ne 'Success' -or $_.Via -ne 'Single' } | Should -BeNullOrEmpty
            @($warned | Where-Object { "$_" -like '*Bulk enrollment is off*batches.read and batches.write*' }).Count | Should -Be 1
            (Get-Counters).batchPosts | Should -Be 0
        }
        finally { Remove-LDTestStore $other }
    }

    It 'Start-LDRetryWorker drains due actions of one sequence and mailbox in one bulk action' {
        Add-LDTestPendingActions -StorePath $Store -Count 45 -First 400
        $summary = Start-LDRetryWorker -Once
        $summary.Succeeded | Should -Be 45
        $summary.PendingInStore | Should -Be 0
        $counters = Get-Counters
        $counters.batchPosts | Should -Be 1
        $counters.sequenceStatePosts | Should -Be 0
        (Get-LDAuditLog -Outcome Success | Where-Object Via -eq 'Bulk').Count | Should -Be 45
    }

    It 'Start-LDRetryWorker -WhatIf names each bulk action its drain will send (the same grouping per claimed batch), and sends nothing' {
        Add-LDTestPendingActions -StorePath $Store -Count 45 -First 445
        # -BatchSize 30: the drain claims 30 (one bulk action) and then 15 (under the threshold of 25: one by one).
        $output = Invoke-LDTestChildPwsh @"
Import-Module '$(Get-LDTestModulePath)'
Start-LDRetryWorker -StorePath '$Store' -Once -BatchSize 30 -WhatIf
"@
        $text = $output -join "`n"
        $bulkLines = @($output | Where-Object { "$_" -like '*in one bulk action*' })
        $bulkLines | Should -HaveCount 1
        $text | Should -Match "What if: would add 30 records to sequence 'Generated: anchor sequence' \(1\) from mailbox 1 in one bulk action"
        @($output | Where-Object { "$_" -like '*Retry Add to Sequence" on target "action *' }) | Should -HaveCount 45
        (Get-Counters).requests | Should -BeNullOrEmpty
        (Get-LDAuditLog -Outcome Pending).Count | Should -Be 45

        # The drain does what -WhatIf said: one bulk action of 30, and 15 single POSTs.
        (Start-LDRetryWorker -Once -BatchSize 30).Succeeded | Should -Be 45
        $counters = Get-Counters
        $counters.batchPosts | Should -Be 1
        $counters.sequenceStatePosts | Should -Be 15
    }

    It 'the daily bulk cap (Set-LDBulkLimit) holds across runs, processes and the retry worker; past it records go one by one' {
        Set-LDBulkLimit -ItemsPerDay 50
        $first = @(New-Leads 131 40) | Invoke-LDAddToSequence -Sequence $Sequence -Mailbox RecordOwner
        $first | Where-Object { $_.Outcome -ne 'Success' -or $_.Via -ne 'Bulk' } | Should -BeNullOrEmpty

        # Another process on the same store sees the 40 used today: 40 more would pass 50, so each record is sent on its own.
        $second = Invoke-LDTestChildPwsh @"
Import-Module '$(Get-LDTestModulePath)'
171..210 | ForEach-Object { [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_Prospect_ID__c = "`$_"; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' } } |
    Invoke-LDAddToSequence -StorePath '$Store' -Sequence '$Sequence' -Mailbox RecordOwner | Group-Object Outcome, Via -NoElement | ForEach-Object { "`$(`$_.Name)=`$(`$_.Count)" }
"@
        $second | Should -Be 'Success, Single=40'

        # -WhatIf announces no bulk action the cap has no room for.
        $preview = Invoke-LDTestChildPwsh @"
Import-Module '$(Get-LDTestModulePath)'
231..260 | ForEach-Object { [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_Prospect_ID__c = "`$_"; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' } } |
    Invoke-LDAddToSequence -StorePath '$Store' -Sequence '$Sequence' -Mailbox RecordOwner -WhatIf
"@
        ($preview -join "`n") | Should -Not -Match 'in one bulk action'

        # The retry worker reads the same setting and the same count.
        Add-LDTestPendingActions -StorePath $Store -Count 30 -First 261
        $worker = Start-LDTestWorkerProcess -StorePath $Store
        $worker.WaitForExit(60000) | Should -BeTrue
        $worker.ExitCode | Should -Be 0 -Because $worker.ErrTask.Result
        $counters = Get-Counters
        $counters.batchPosts | Should -Be 1
        $counters.sequenceStatePosts | Should -Be 70
        (Get-LDAuditLog -Outcome Success | Where-Object Via -eq 'Single').Count | Should -Be 70

        # A raised cap is read by the next run: 40 + 40 fits in 200.
        Set-LDBulkLimit -ItemsPerDay 200
        $third = @(New-Leads 41 40) | Invoke-LDAddToSequence -Sequence $Sequence -Mailbox RecordOwner
        $third | Where-Object Via -ne 'Bulk' | Should -BeNullOrEmpty
        (Get-Counters).batchPosts | Should -Be 2
    }
}
