# Routing as admins use it: the user-sequence map (Set-/Get-/Remove-LDUserSequenceMap) and routing insights.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
}

Describe 'User-sequence map' {
    BeforeEach { $script:Store = New-LDTestStorePath }
    AfterEach { Remove-LDTestStore $Store }

    It 'sets, replaces, lists and removes primary sequences' {
        Set-LDUserSequenceMap -User 2 -Sequence 1 -StorePath $Store
        Set-LDUserSequenceMap -User 3 -Sequence 5 -StorePath $Store
        $replaced = Set-LDUserSequenceMap -User 2 -Sequence 4 -StorePath $Store -PassThru
        $replaced.SequenceId | Should -Be 4
        $map = Get-LDUserSequenceMap -StorePath $Store
        $map.UserId | Should -Be @(2, 3)
        $map.SequenceId | Should -Be @(4, 5)
        (Get-LDUserSequenceMap -Sequence 5 -StorePath $Store).UserId | Should -Be 3
        Remove-LDUserSequenceMap -User 2 -StorePath $Store
        (Get-LDUserSequenceMap -StorePath $Store).UserId | Should -Be 3
    }

    It 'takes users and sequences from a CSV by property name' {
        $csv = Join-Path (Split-Path $Store) 'map.csv'
        @([pscustomobject]@{ User = 2; Sequence = 1 }, [pscustomobject]@{ User = 6; Sequence = 4 }) | Export-Csv $csv
        Import-Csv $csv | Set-LDUserSequenceMap -StorePath $Store
        (Get-LDUserSequenceMap -StorePath $Store | ForEach-Object { "$($_.UserId)->$($_.SequenceId)" }) | Should -Be @('2->1', '6->4')
    }

    It 'binds objects with UserId and SequenceId (catalog and map output)' {
        [pscustomobject]@{ UserId = 9; Name = 'Ben' } | Set-LDUserSequenceMap -Sequence ([pscustomobject]@{ SequenceId = 7; Name = 'Inbound' }) -StorePath $Store
        (Get-LDUserSequenceMap -StorePath $Store).SequenceId | Should -Be 7
        Get-LDUserSequenceMap -StorePath $Store | Remove-LDUserSequenceMap -StorePath $Store
        Get-LDUserSequenceMap -StorePath $Store | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing' {
        Set-LDUserSequenceMap -User 2 -Sequence 1 -StorePath $Store
        $before = Get-LDUserSequenceMap -StorePath $Store | ConvertTo-Json -Compress
        Set-LDUserSequenceMap -User 2 -Sequence 9 -StorePath $Store -WhatIf
        Set-LDUserSequenceMap -User 5 -Sequence 9 -StorePath $Store -WhatIf
        Remove-LDUserSequenceMap -User 2 -StorePath $Store -WhatIf
        Get-LDUserSequenceMap -StorePath $Store | ConvertTo-Json -Compress | Should -Be $before
    }

    It 'refuses a sequence name without a catalog cache, with a stable id, and stores nothing' {
        Set-LDUserSequenceMap -User 2 -Sequence 'Inbound' -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'SequenceNotFound,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-LDUserSequenceMap -StorePath $Store | Should -BeNullOrEmpty
    }

    It 'reports a user without a mapping and goes on with the others' {
        Set-LDUserSequenceMap -User 2 -Sequence 1 -StorePath $Store
        Remove-LDUserSequenceMap -User 8, 2 -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'UserSequenceMappingNotFound,*'
        Get-LDUserSequenceMap -StorePath $Store | Should -BeNullOrEmpty
    }
}

Describe 'Routing insights' {
    BeforeEach { $script:Store = New-LDTestStorePath }
    AfterEach { Remove-LDTestStore $Store }

    It 'returns nothing for an empty store and refuses an empty range' {
        Get-LDRoutingInsight -StorePath $Store | Should -BeNullOrEmpty
        Get-LDRoutingInsight -Since (Get-Date) -Until (Get-Date).AddDays(-1) -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRoutingInsightRange,*'
    }

    It 'refuses an unknown grouping' {
        { Get-LDRoutingInsight -GroupBy Planet -StorePath $Store } | Should -Throw
    }
}
