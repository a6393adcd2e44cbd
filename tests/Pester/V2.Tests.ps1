# V2 roadmap features as admins use them: sequenceState actions, the user-sequence map, routing insights.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force

    function Connect-V2TestStore {
        # Connects the store with Connect-LDOutreach; returns an access token of its own for the tests' direct API calls.
        param([string] $StorePath, $Sandbox)
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $StorePath
        (Invoke-RestMethod -Method Post -Uri "$($Sandbox.AdminUrl)/tokens" -ContentType application/json -Body '{"userId":1}').access_token
    }

    function New-V2Enrollment {
        param($Sandbox, [string] $AccessToken, [long] $ProspectId, [long] $SequenceId = 1, [long] $MailboxId = 2)
        $body = @{ data = @{ type = 'sequenceState'; relationships = @{
            prospect = @{ data = @{ type = 'prospect'; id = $ProspectId } }
            sequence = @{ data = @{ type = 'sequence'; id = $SequenceId } }
            mailbox  = @{ data = @{ type = 'mailbox'; id = $MailboxId } } } } } | ConvertTo-Json -Depth 6
        $created = Invoke-RestMethod -Method Post -Uri "$($Sandbox.BaseUrl)/sequenceStates" -Body ([Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'application/vnd.api+json' `
            -Headers @{ Authorization = "Bearer $AccessToken"; Accept = 'application/vnd.api+json' }
        [long] $created.data.id
    }

    function Get-V2SandboxState {
        param($Sandbox, [string] $AccessToken, [long] $Id)
        (Invoke-RestMethod -Uri "$($Sandbox.BaseUrl)/sequenceStates/$Id" -ContentType 'application/vnd.api+json' -Headers @{ Authorization = "Bearer $AccessToken"; Accept = 'application/vnd.api+json' }).data.attributes.state
    }
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
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'UserSequenceMap.UnknownSequence,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-LDUserSequenceMap -StorePath $Store | Should -BeNullOrEmpty
    }

    It 'reports a user without a mapping and goes on with the others' {
        Set-LDUserSequenceMap -User 2 -Sequence 1 -StorePath $Store
        Remove-LDUserSequenceMap -User 8, 2 -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'UserSequenceMap.NotMapped,*'
        Get-LDUserSequenceMap -StorePath $Store | Should -BeNullOrEmpty
    }
}

Describe 'Sequence state actions' {
    BeforeAll {
        $script:Sandbox = Start-LDTestSandbox
        $script:KeyFolder = Join-Path ([IO.Path]::GetTempPath()) ("ld-key-" + [guid]::NewGuid().ToString('n'))
        $script:OldKeyFile = $env:LD_OUTREACH_KEYFILE
        $env:LD_OUTREACH_KEYFILE = Join-Path $KeyFolder 'key'
    }
    AfterAll {
        Stop-LDTestSandbox $Sandbox
        $env:LD_OUTREACH_KEYFILE = $OldKeyFile
        Remove-Item $KeyFolder -Recurse -Force -ErrorAction SilentlyContinue
    }
    BeforeEach {
        Invoke-RestMethod -Method Post -Uri "$($Sandbox.AdminUrl)/reset" -ContentType application/json -Body "{}" | Out-Null
        $script:Store = New-LDTestStorePath
        $script:Access = Connect-V2TestStore -StorePath $Store -Sandbox $Sandbox
        $script:Ids = @(1, 2, 3 | ForEach-Object { New-V2Enrollment -Sandbox $Sandbox -AccessToken $Access -ProspectId $_ })
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'lists the active enrollments of a sequence, every page' {
        $states = Get-LDSequenceState -SequenceId 1 -State active -StorePath $Store
        $states.Id | Sort-Object | Should -Be ($Ids | Sort-Object)
        $states[0].ProspectId | Should -BeIn @(1, 2, 3)
        $states[0].MailboxId | Should -Be 2
        (Get-LDSequenceState -SequenceId 1 -StorePath $Store).Count | Should -Be 4   # plus the demo's finished one
    }

    It 'pauses, resumes and finishes what the pipeline gives it' {
        $paused = Get-LDSequenceState -SequenceId 1 -State active -StorePath $Store | Suspend-LDSequenceState -StorePath $Store
        $paused.Outcome | Should -Be @('Success', 'Success', 'Success')
        $paused.State | Sort-Object -Unique | Should -Be 'paused'
        foreach ($id in $Ids) { Get-V2SandboxState $Sandbox $Access $id | Should -Be 'paused' }

        Resume-LDSequenceState -Id $Ids[0] -StorePath $Store | Select-Object -ExpandProperty State | Should -Be 'active'
        $finished = [pscustomobject]@{ SequenceStateId = $Ids[1]; Outcome = 'Success' } | Complete-LDSequenceState -StorePath $Store
        $finished.State | Should -Be 'finished'
        Get-V2SandboxState $Sandbox $Access $Ids[1] | Should -Be 'finished'
    }

    It '-WhatIf sends nothing and records nothing' {
        Get-LDSequenceState -SequenceId 1 -State active -StorePath $Store | Suspend-LDSequenceState -StorePath $Store -WhatIf
        Complete-LDSequenceState -Id $Ids -StorePath $Store -WhatIf
        foreach ($id in $Ids) { Get-V2SandboxState $Sandbox $Access $id | Should -Be 'active' }
        Get-LDRoutingInsight -GroupBy @() -ActionType 'Pause Sequence State' -StorePath $Store | Should -BeNullOrEmpty
        Get-LDRoutingInsight -GroupBy @() -ActionType 'Finish Sequence State' -StorePath $Store | Should -BeNullOrEmpty
    }

    It 'reports a failed guard per record with the catalog id and remedy, and goes on' {
        Resume-LDSequenceState -Id $Ids[0], $Ids[1] -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue | Out-Null
        $failure.Count | Should -Be 2
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'GeneralValidationError,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failure[0].Exception.Message | Should -BeLike '*Cannot transition to requested state*'
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike '*must be paused*'
        $failure[0].TargetObject.SequenceStateId | Should -Be $Ids[0]

        $results = Suspend-LDSequenceState -Id 1, $Ids[2] -StorePath $Store -ErrorAction SilentlyContinue   # demo state 1 is finished
        $results.Outcome | Should -Be @('Error', 'Success')
        { Suspend-LDSequenceState -Id 1 -StorePath $Store -ErrorAction Stop } | Should -Throw -ErrorId 'GeneralValidationError,*'
    }

    It 'records each action so routing insights (and the audit log) see it' {
        Suspend-LDSequenceState -Id $Ids -StorePath $Store | Out-Null
        Suspend-LDSequenceState -Id $Ids[0] -NodeName 'Nurture pause' -StorePath $Store -ErrorAction SilentlyContinue | Out-Null
        $rows = Get-LDRoutingInsight -GroupBy Node -ActionType 'Pause Sequence State' -StorePath $Store
        ($rows | Where-Object Node -eq 'Update Sequence State').Succeeded | Should -Be 3
        $nurture = $rows | Where-Object Node -eq 'Nurture pause'
        $nurture.Failed | Should -Be 1
        $nurture.TopErrorCategory | Should -Be 'GeneralValidationError'
        ($rows | ConvertTo-Json | ConvertFrom-Json).Count | Should -Be 2
    }

    It 'stops with OutreachNotConnected when the store has no connection' {
        $empty = New-LDTestStorePath
        try {
            { Suspend-LDSequenceState -Id $Ids[0] -StorePath $empty -ErrorAction Stop } | Should -Throw -ErrorId 'OutreachNotConnected,*'
            Get-V2SandboxState $Sandbox $Access $Ids[0] | Should -Be 'active'
        } finally { Remove-LDTestStore $empty }
    }
}

Describe 'Routing insights' {
    BeforeEach { $script:Store = New-LDTestStorePath }
    AfterEach { Remove-LDTestStore $Store }

    It 'returns nothing for an empty store and refuses an empty range' {
        Get-LDRoutingInsight -StorePath $Store | Should -BeNullOrEmpty
        Get-LDRoutingInsight -Since (Get-Date) -Until (Get-Date).AddDays(-1) -StorePath $Store -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RoutingInsight.EmptyRange,*'
    }

    It 'refuses an unknown grouping' {
        { Get-LDRoutingInsight -GroupBy Planet -StorePath $Store } | Should -Throw
    }
}
