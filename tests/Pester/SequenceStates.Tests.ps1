# sequenceState actions as admins use them (Get-LDSequenceState, Suspend-/Resume-/Complete-LDSequenceState) against the sandbox.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force

    function Connect-SequenceStateTestStore {
        # Connects the store with Connect-LDOutreach; returns an access token of its own for the tests' direct API calls.
        param([string] $StorePath, $Sandbox)
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $StorePath
        (Invoke-RestMethod -Method Post -Uri "$($Sandbox.AdminUrl)/tokens" -ContentType application/json -Body '{"userId":1}').access_token
    }

    function New-SequenceStateEnrollment {
        param($Sandbox, [string] $AccessToken, [long] $ProspectId, [long] $SequenceId = 1, [long] $MailboxId = 2)
        $body = @{ data = @{ type = 'sequenceState'; relationships = @{
            prospect = @{ data = @{ type = 'prospect'; id = $ProspectId } }
            sequence = @{ data = @{ type = 'sequence'; id = $SequenceId } }
            mailbox  = @{ data = @{ type = 'mailbox'; id = $MailboxId } } } } } | ConvertTo-Json -Depth 6
        $created = Invoke-RestMethod -Method Post -Uri "$($Sandbox.BaseUrl)/sequenceStates" -Body ([Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'application/vnd.api+json' `
            -Headers @{ Authorization = "Bearer $AccessToken"; Accept = 'application/vnd.api+json' }
        [long] $created.data.id
    }

    function Get-SandboxSequenceState {
        param($Sandbox, [string] $AccessToken, [long] $Id)
        (Invoke-RestMethod -Uri "$($Sandbox.BaseUrl)/sequenceStates/$Id" -ContentType 'application/vnd.api+json' -Headers @{ Authorization = "Bearer $AccessToken"; Accept = 'application/vnd.api+json' }).data.attributes.state
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
        $script:Access = Connect-SequenceStateTestStore -StorePath $Store -Sandbox $Sandbox
        $script:Ids = @(1, 2, 3 | ForEach-Object { New-SequenceStateEnrollment -Sandbox $Sandbox -AccessToken $Access -ProspectId $_ })
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
        foreach ($id in $Ids) { Get-SandboxSequenceState $Sandbox $Access $id | Should -Be 'paused' }

        Resume-LDSequenceState -Id $Ids[0] -StorePath $Store | Select-Object -ExpandProperty State | Should -Be 'active'
        $finished = [pscustomobject]@{ SequenceStateId = $Ids[1]; Outcome = 'Success' } | Complete-LDSequenceState -StorePath $Store
        $finished.State | Should -Be 'finished'
        Get-SandboxSequenceState $Sandbox $Access $Ids[1] | Should -Be 'finished'
    }

    It '-WhatIf sends nothing and records nothing' {
        Get-LDSequenceState -SequenceId 1 -State active -StorePath $Store | Suspend-LDSequenceState -StorePath $Store -WhatIf
        Complete-LDSequenceState -Id $Ids -StorePath $Store -WhatIf
        foreach ($id in $Ids) { Get-SandboxSequenceState $Sandbox $Access $id | Should -Be 'active' }
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
            Get-SandboxSequenceState $Sandbox $Access $Ids[0] | Should -Be 'active'
        } finally { Remove-LDTestStore $empty }
    }
}
