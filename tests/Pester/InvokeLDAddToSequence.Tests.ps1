# Invoke-LDAddToSequence as admins use it, against the built module. These cases need no Outreach
# connection; InvokeLDAddToSequence.Sandbox.Tests.ps1 covers the connected cases against the sandbox process, and
# the engine cases (every error category, Ctrl+C) run in-process in tests/Unit (Cmdlets/InvokeLDAddToSequenceTests.cs, Engine/ExecutorSandboxTests.cs).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
}

Describe 'Invoke-LDAddToSequence' {
    BeforeEach {
        $script:Store = New-LDTestStorePath
        Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_Contact_ID__c -User Outreach_User_ID__c -StorePath $Store
        $script:Leads = 1..3 | ForEach-Object {
            [pscustomobject]@{ Id = ('00Q{0:D12}AAA' -f $_); Outreach_ID__c = "$_"; OwnerId = '005000000000003AAA'; 'Owner.Outreach_User_ID__c' = '2' }
        }
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'is exported with its parameters and help' {
        $command = Get-Command Invoke-LDAddToSequence
        $command.Parameters.Keys | Should -Contain 'Mailbox'
        $command.Parameters.Keys | Should -Contain 'BatchWindow'
        $command.Parameters['InputObject'].ParameterSets.Values.ValueFromPipeline | Should -Contain $true
        (Get-Help Invoke-LDAddToSequence).Synopsis | Should -Match 'sequence'
    }

    It 'stops with FieldMappingNotSet when the mapping is missing' {
        $empty = New-LDTestStorePath
        try {
            { $Leads | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $empty -ErrorAction Stop } |
                Should -Throw -ErrorId 'FieldMappingNotSet,*'
        } finally { Remove-LDTestStore $empty }
    }

    It 'refuses a batch window above 30 seconds' {
        { $Leads | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -BatchWindow '00:00:31' -StorePath $Store -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidBatchWindow,*'
    }

    It 'without an authorization every record takes the ConfigurationError edge and nothing is sent' {
        $results = $Leads | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $Store -ErrorVariable problems -ErrorAction SilentlyContinue
        $results | Should -HaveCount 3
        $results.Edge | Should -Be @('ConfigurationError', 'ConfigurationError', 'ConfigurationError')
        $results.ActionId | Should -Not -BeNullOrEmpty
        $problems | Should -HaveCount 3
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ConfigurationError,*'
        $problems[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $problems[0].TargetObject.Id | Should -Be $Leads[0].Id
    }

    It 'gives each malformed record one error and keeps the pipeline going' {
        $bad = @(
            [pscustomobject]@{ Name = 'no id' }
            [pscustomobject]@{ Id = '001000000000001AAA' }
            @{ Id = 42 }
            [pscustomobject]@{ Id = 'x' * 5000 }
        )
        $results = @($bad + $Leads) | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $Store -ErrorVariable problems -ErrorAction SilentlyContinue
        $results | Should -HaveCount 7
        ($results | Where-Object ErrorCategory -eq 'InvalidRecord') | Should -HaveCount 4
        $problems | Should -HaveCount 7
        ($problems | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidRecord,*' }) | Should -HaveCount 4
        ($results | Where-Object ErrorCategory -eq 'InvalidRecord').Message | ForEach-Object { $_.Length | Should -BeLessThan 400 }
    }

    It '-WhatIf writes nothing to the store' {
        $before = Get-LDTestStoreSnapshot $Store
        $Leads | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $Store -WhatIf -ErrorAction SilentlyContinue | Out-Null
        Get-LDTestStoreSnapshot $Store | Should -Be $before
        # The snapshot does see what a run writes (the actions and their edges), so the check above can fail.
        $Leads | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $Store -ErrorAction SilentlyContinue | Out-Null
        Get-LDTestStoreSnapshot $Store | Should -Not -Be $before
    }

    It 'formats results as a table with the outcome column' {
        $text = $Leads | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $Store -ErrorAction SilentlyContinue | Format-Table | Out-String -Width 200
        $text | Should -Match 'Outcome'
        $text | Should -Match 'ConfigurationError'
    }
}
