BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
}

Describe 'Field mapping' {
    BeforeEach { $script:Store = New-LDTestStorePath }
    AfterEach { Remove-LDTestStore $Store }

    It 'stores and returns the three fields' {
        Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Contact_ID__c -User Outreach_User_ID__c -StorePath $Store
        $mapping = Get-LDFieldMapping -StorePath $Store
        $mapping.Lead | Should -Be 'Outreach_Prospect_ID__c'
        $mapping.Contact | Should -Be 'Outreach_Contact_ID__c'
        $mapping.User | Should -Be 'Outreach_User_ID__c'
    }

    It 'takes the other fields from the pipeline by property name' {
        Set-LDFieldMapping -Lead Lead_Id__c -Contact Contact_Id__c -User Old_User__c -StorePath $Store
        Get-LDFieldMapping -StorePath $Store | Set-LDFieldMapping -User New_User__c -StorePath $Store
        $mapping = Get-LDFieldMapping -StorePath $Store
        $mapping.Lead | Should -Be 'Lead_Id__c'
        $mapping.User | Should -Be 'New_User__c'
    }

    It 'returns the stored mapping with -PassThru' {
        $result = Set-LDFieldMapping A__c B__c C__c -StorePath $Store -PassThru
        $result.Contact | Should -Be 'B__c'
    }

    It 'accepts a namespaced custom field and a standard field name' {
        { Set-LDFieldMapping -Lead ld__Outreach_Id__c -Contact Description -User Outreach_User_ID__c -StorePath $Store -ErrorAction Stop } | Should -Not -Throw
    }

    It 'refuses <Case> for -<Field> with id InvalidFieldMapping naming <Field>, and changes nothing' -TestCases @(
        @{ Case = 'an empty name'; Field = 'Lead'; Value = '' }
        @{ Case = 'whitespace'; Field = 'Contact'; Value = '   ' }
        @{ Case = 'a space inside'; Field = 'User'; Value = 'Outreach Id__c' }
        @{ Case = 'a leading digit'; Field = 'Lead'; Value = '1Field__c' }
        @{ Case = 'a double underscore'; Field = 'Contact'; Value = 'Bad__Name__x' }
        @{ Case = 'a trailing underscore'; Field = 'User'; Value = 'Field_' }
        @{ Case = 'punctuation'; Field = 'Lead'; Value = 'Field-Id__c' }
        @{ Case = 'an over-long name'; Field = 'User'; Value = ('A' * 90) }
    ) {
        Set-LDFieldMapping -Lead Good_Lead__c -Contact Good_Contact__c -User Good_User__c -StorePath $Store
        $before = Get-LDTestStoreSnapshot $Store
        $fields = @{ Lead = 'L__c'; Contact = 'C__c'; User = 'U__c' }
        $fields[$Field] = $Value
        Set-LDFieldMapping @fields -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -Be 'InvalidFieldMapping,LeanData.Outreach.Cmdlets.Commands.Configuration.SetLDFieldMappingCommand'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $failure[0].Exception.Message | Should -BeLike "*$Field*"
        (Get-LDFieldMapping -StorePath $Store).Lead | Should -Be 'Good_Lead__c'
        Get-LDTestStoreSnapshot $Store | Should -Be $before
    }

    It 'stops a script with -ErrorAction Stop' {
        { Set-LDFieldMapping -Lead 'bad name' -Contact C__c -User U__c -StorePath $Store -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidFieldMapping,*'
    }

    It 'refuses pipeline input of the wrong shape without storing anything' {
        { 42 | Set-LDFieldMapping -StorePath $Store -ErrorAction Stop } | Should -Throw
        Test-Path $Store | Should -BeFalse
    }

    It 'writes FieldMappingNotSet when nothing is stored' {
        Get-LDFieldMapping -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'FieldMappingNotSet,*'
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike '*Set-LDFieldMapping*'
    }

    It 'changes nothing with -WhatIf' {
        Set-LDFieldMapping -Lead A__c -Contact B__c -User C__c -StorePath $Store
        $before = Get-LDTestStoreSnapshot $Store
        Set-LDFieldMapping -Lead X__c -Contact Y__c -User Z__c -StorePath $Store -WhatIf
        (Get-LDFieldMapping -StorePath $Store).Lead | Should -Be 'A__c'
        Get-LDTestStoreSnapshot $Store | Should -Be $before
    }

    It 'uses the store named by LD_OUTREACH_STORE' {
        $env:LD_OUTREACH_STORE = $Store
        try {
            Set-LDFieldMapping -Lead Env_Lead__c -Contact C__c -User U__c
            (Get-LDFieldMapping -StorePath $Store).Lead | Should -Be 'Env_Lead__c'
        }
        finally { Remove-Item Env:LD_OUTREACH_STORE }
    }
}

Describe 'Retry policy' {
    BeforeEach { $script:Store = New-LDTestStorePath }
    AfterEach { Remove-LDTestStore $Store }

    It 'defaults to six further attempts' {
        (Get-LDRetryPolicy -StorePath $Store).MaxAttempts | Should -Be 6
    }

    It 'takes the interval in <Unit>' -TestCases @(
        @{ Unit = 'Minutes'; Amount = 45; Expected = [timespan]::FromMinutes(45) }
        @{ Unit = 'Hours'; Amount = 2; Expected = [timespan]::FromHours(2) }
        @{ Unit = 'Days'; Amount = 1; Expected = [timespan]::FromDays(1) }
    ) {
        $splat = @{ $Unit = $Amount }
        Set-LDRetryPolicy @splat -StorePath $Store
        (Get-LDRetryPolicy -StorePath $Store).Interval | Should -Be $Expected
    }

    It 'keeps the stored interval when only MaxAttempts changes' {
        Set-LDRetryPolicy -Hours 3 -StorePath $Store
        Set-LDRetryPolicy -MaxAttempts 2 -StorePath $Store
        $policy = Get-LDRetryPolicy -StorePath $Store
        $policy.Interval | Should -Be ([timespan]::FromHours(3))
        $policy.MaxAttempts | Should -Be 2
    }

    It 'round-trips through the pipeline' {
        Set-LDRetryPolicy -Minutes 20 -MaxAttempts 4 -StorePath $Store
        $other = New-LDTestStorePath
        try {
            Get-LDRetryPolicy -StorePath $Store | Set-LDRetryPolicy -StorePath $other
            (Get-LDRetryPolicy -StorePath $other).Interval | Should -Be ([timespan]::FromMinutes(20))
            (Get-LDRetryPolicy -StorePath $other).MaxAttempts | Should -Be 4
        }
        finally { Remove-LDTestStore $other }
    }

    It 'refuses <Case> with id <Id>' -TestCases @(
        @{ Case = 'zero minutes'; Splat = @{ Minutes = 0 }; Id = 'InvalidRetryPolicy'; Parameter = 'Interval' }
        @{ Case = 'negative hours'; Splat = @{ Hours = -1 }; Id = 'InvalidRetryPolicy'; Parameter = 'Interval' }
        @{ Case = 'a negative TimeSpan'; Splat = @{ Interval = [timespan]::FromMinutes(-5) }; Id = 'InvalidRetryPolicy'; Parameter = 'Interval' }
        @{ Case = 'a year'; Splat = @{ Days = 365 }; Id = 'InvalidRetryPolicy'; Parameter = 'Interval' }
        @{ Case = 'negative attempts'; Splat = @{ MaxAttempts = -1 }; Id = 'InvalidRetryPolicy'; Parameter = 'MaxAttempts' }
        @{ Case = 'absurd attempts'; Splat = @{ MaxAttempts = 1000000 }; Id = 'InvalidRetryPolicy'; Parameter = 'MaxAttempts' }
    ) {
        Set-LDRetryPolicy -Hours 1 -MaxAttempts 6 -StorePath $Store
        $before = Get-LDTestStoreSnapshot $Store
        Set-LDRetryPolicy @Splat -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike "*$Parameter*"
        $failure[0].TargetObject | Should -Not -BeNullOrEmpty
        Get-LDTestStoreSnapshot $Store | Should -Be $before
    }

    It 'refuses a non-number for -Minutes before touching the store' {
        { Set-LDRetryPolicy -Minutes 'soon' -StorePath $Store -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,*'
        Test-Path $Store | Should -BeFalse
    }

    It 'changes nothing with -WhatIf' {
        Set-LDRetryPolicy -Hours 1 -StorePath $Store
        Set-LDRetryPolicy -Days 2 -StorePath $Store -WhatIf
        (Get-LDRetryPolicy -StorePath $Store).Interval | Should -Be ([timespan]::FromHours(1))
    }
}

Describe 'Rate limit' {
    BeforeEach { $script:Store = New-LDTestStorePath }
    AfterEach { Remove-LDTestStore $Store }

    It 'defaults to 5,000 requests per hour' {
        $limit = Get-LDRateLimit -StorePath $Store
        $limit.Limit | Should -Be 5000
        $limit.Window | Should -Be ([timespan]::FromHours(1))
    }

    It 'accepts -RequestsPerHour and returns it with -PassThru' {
        (Set-LDRateLimit -RequestsPerHour 2500 -StorePath $Store -PassThru).Limit | Should -Be 2500
        (Get-LDRateLimit -StorePath $Store).Limit | Should -Be 2500
    }

    It 'round-trips through the pipeline' {
        Set-LDRateLimit -Limit 80 -Window '00:01:00' -StorePath $Store
        $other = New-LDTestStorePath
        try {
            Get-LDRateLimit -StorePath $Store | Set-LDRateLimit -StorePath $other
            (Get-LDRateLimit -StorePath $other).Window | Should -Be ([timespan]::FromMinutes(1))
        }
        finally { Remove-LDTestStore $other }
    }

    It 'refuses <Case> with id <Id>' -TestCases @(
        @{ Case = 'zero'; Splat = @{ Limit = 0 }; Id = 'InvalidRateLimit'; Parameter = 'Limit' }
        @{ Case = 'a negative budget'; Splat = @{ Limit = -10 }; Id = 'InvalidRateLimit'; Parameter = 'Limit' }
        @{ Case = 'an absurd budget'; Splat = @{ Limit = [int]::MaxValue }; Id = 'InvalidRateLimit'; Parameter = 'Limit' }
        @{ Case = 'a zero window'; Splat = @{ Window = [timespan]::Zero }; Id = 'InvalidRateLimit'; Parameter = 'Window' }
        @{ Case = 'a week-long window'; Splat = @{ Window = [timespan]::FromDays(7) }; Id = 'InvalidRateLimit'; Parameter = 'Window' }
    ) {
        $before = Get-LDTestStoreSnapshot $Store
        Set-LDRateLimit @Splat -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike "*$Parameter*"
        (Get-LDRateLimit -StorePath $Store).Limit | Should -Be 5000
    }

    It 'changes nothing with -WhatIf' {
        Set-LDRateLimit -Limit 100 -StorePath $Store
        Set-LDRateLimit -Limit 200 -StorePath $Store -WhatIf
        (Get-LDRateLimit -StorePath $Store).Limit | Should -Be 100
    }
}

Describe 'Bulk limit' {
    BeforeEach { $script:Store = New-LDTestStorePath }
    AfterEach { Remove-LDTestStore $Store }

    It 'defaults to 5,000,000 batch items per day' {
        (Get-LDBulkLimit -StorePath $Store).ItemsPerDay | Should -Be 5000000
    }

    It 'stores -ItemsPerDay, returns it with -PassThru and round-trips through the pipeline' {
        (Set-LDBulkLimit -ItemsPerDay 4000000 -StorePath $Store -PassThru).ItemsPerDay | Should -Be 4000000
        $other = New-LDTestStorePath
        try {
            Get-LDBulkLimit -StorePath $Store | Set-LDBulkLimit -StorePath $other
            (Get-LDBulkLimit -StorePath $other).ItemsPerDay | Should -Be 4000000
        }
        finally { Remove-LDTestStore $other }
    }

    It 'refuses <Case> with InvalidBulkLimit and changes nothing' -TestCases @(
        @{ Case = 'a negative cap'; Value = -1 }
        @{ Case = 'an absurd cap'; Value = [long]::MaxValue }
    ) {
        Set-LDBulkLimit -ItemsPerDay $Value -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidBulkLimit,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike '*ItemsPerDay*'
        (Get-LDBulkLimit -StorePath $Store).ItemsPerDay | Should -Be 5000000
    }

    It 'changes nothing with -WhatIf' {
        Set-LDBulkLimit 100 -StorePath $Store
        Set-LDBulkLimit 0 -StorePath $Store -WhatIf
        (Get-LDBulkLimit -StorePath $Store).ItemsPerDay | Should -Be 100
    }
}

Describe 'The store under concurrent processes' {
    BeforeAll { $script:Store = New-LDTestStorePath }
    AfterAll { Remove-LDTestStore $Store }

    It 'lets two processes write at once without losing or refusing a write' {
        $module = Get-LDTestModulePath
        $jobs = 1..2 | ForEach-Object {
            Start-Job -ArgumentList $module, $Store, $_ -ScriptBlock {
                param($Module, $Store, $Worker)
                Import-Module $Module
                $errors = 0
                foreach ($n in 1..60) {
                    Set-LDRateLimit -Limit ($Worker * 1000 + $n) -StorePath $Store -ErrorAction SilentlyContinue -ErrorVariable failed
                    Set-LDRetryPolicy -Minutes $n -StorePath $Store -ErrorAction SilentlyContinue -ErrorVariable +failed
                    $errors += $failed.Count
                }
                [pscustomobject]@{ Worker = $Worker; Errors = $errors; Pid = $PID }
            }
        }
        $results = $jobs | Wait-Job -Timeout 120 | Receive-Job
        $jobs | Remove-Job -Force
        $results.Count | Should -Be 2
        ($results.Pid | Select-Object -Unique).Count | Should -Be 2
        ($results | Measure-Object Errors -Sum).Sum | Should -Be 0
        (Get-LDRateLimit -StorePath $Store).Limit % 1000 | Should -Be 60
    }
}
