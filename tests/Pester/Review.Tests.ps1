# Cross-cutting checks from the cmdlet review: -WhatIf on every state-changing cmdlet changes nothing (store or
# sandbox), every help page renders and its examples bind to the current parameters, and pipelines bind the
# property a user means (never a sequence's or user's Id as a sequenceState id).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    $module = Import-Module (Get-LDTestModulePath) -PassThru -Force
    $script:ReadOnlyVerbs = 'Get', 'Test'
    $script:AllCmdlets = @($module.ExportedCmdlets.Values | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
    $script:StateChanging = @($module.ExportedCmdlets.Values | Where-Object Verb -notin $ReadOnlyVerbs | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    $script:Module = Import-Module (Get-LDTestModulePath) -PassThru -Force

    function script:Get-StoreDump {
        # Every row of every table, as one string: "unchanged" means byte-for-byte the same rows.
        param([string] $StorePath)
        if (-not (Test-Path $StorePath)) { return '<no store>' }
        $tables = Invoke-LDTestSql -StorePath $StorePath -Sql "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        @(foreach ($table in $tables.name) {
                "== $table"
                Invoke-LDTestSql -StorePath $StorePath -Sql "SELECT * FROM `"$table`" ORDER BY rowid" | ConvertTo-Json -Depth 3 -Compress
            }) -join "`n"
    }

    function script:Get-MutatingRequests {
        param($Sandbox)
        @((Invoke-LDTestSandboxAdmin $Sandbox counters).requests | Where-Object { $_.route -notlike 'GET *' } |
                ForEach-Object { "$($_.route) -> $($_.status) x$($_.count)" })
    }
}

Describe 'Help' {
    It '<Name> renders Get-Help -Full and -Examples' -TestCases $AllCmdlets {
        $full = Get-Help $Name -Full | Out-String -Width 200
        $full | Should -Match "(?m)^NAME\s*\r?\n\s*$Name"
        $full | Should -Match 'SYNTAX'
        $full | Should -Match 'PARAMETERS'
        $examples = Get-Help $Name -Examples | Out-String -Width 200
        $examples | Should -Match 'Example 1|EXAMPLE 1'
    }

    It '<Name>: every example parses, and every call to a module cmdlet in it binds to existing parameters' -TestCases $AllCmdlets {
        $index = 0
        foreach ($example in @((Get-Help $Name -Full).examples.example)) {
            $index++
            $code = @($example.code) -join "`n"
            $tokens = $null; $errors = $null
            $ast = [Management.Automation.Language.Parser]::ParseInput($code, [ref] $tokens, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because "example $index of $Name must parse: $code"
            $calls = $ast.FindAll({ $args[0] -is [Management.Automation.Language.CommandAst] }, $true) |
                Where-Object { $Module.ExportedCmdlets.ContainsKey([string] $_.GetCommandName()) }
            foreach ($call in $calls) {
                $binding = [Management.Automation.Language.StaticParameterBinder]::BindCommand($call, $true)
                $problems = @($binding.BindingExceptions.Keys | ForEach-Object { "$_ : $($binding.BindingExceptions[$_].BindingException.Message)" })
                $problems | Should -BeNullOrEmpty -Because "example $index of $Name calls $($call.GetCommandName()): $($call.Extent.Text)"
            }
        }
        $index | Should -BeGreaterThan 0
    }
}

Describe '-WhatIf on every state-changing cmdlet' {
    BeforeAll {
        $script:Sandbox = Start-LDTestSandbox
        $script:Store = New-LDTestStorePath
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store
        Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c -StorePath $Store
        $script:Sequence = @(Get-LDSequence -StorePath $Store | Where-Object Enabled)[0]
        $script:Sender = @(Get-LDOutreachUser -StorePath $Store)[0]
        Set-LDUserSequenceMap -User $Sender.Id -Sequence $Sequence.Id -StorePath $Store
        Add-LDTestAction -StorePath $Store -ProspectId 1 -RecordId '00Q000000000001AAA' -Attempts 1 -ErrorCategory Transient -LastStatusCode 503 | Out-Null
        $script:ScheduleFolder = Join-Path (Split-Path $Store) 'schedule'
        $script:Lead = [pscustomobject]@{ Id = '00Q000000000002AAA'; Outreach_ID__c = '2'; OwnerId = '005000000000003AAA'; 'Owner.Outreach_User_ID__c' = "$($Sender.Id)" }
        $script:SalesforceUser = [pscustomobject]@{ Id = '005000000000009AAA'; Name = 'Ada'; Outreach_User_ID__c = "$($Sender.Id)" }

        # The parameters each state-changing cmdlet needs to do real work, so -WhatIf is what stops it.
        $script:Cases = @{
            'Set-LDFieldMapping'       = @{ Lead = 'Other_Lead__c'; Contact = 'Other_Contact__c'; User = 'Other_User__c' }
            'Set-LDRetryPolicy'        = @{ Hours = 3; MaxAttempts = 2 }
            'Set-LDRateLimit'          = @{ Limit = 10; Window = [timespan] '00:01:00' }
            'Set-LDBulkLimit'          = @{ ItemsPerDay = 10 }
            'Remove-LDAuditLog'        = @{ OlderThan = [timespan]::Zero; IncludePending = $true }
            'Start-LDRetryWorker'      = @{ Once = $true; IncludeNotDue = $true }
            'Register-LDRetryWorker'   = @{ Kind = 'Cron'; OutputDirectory = $ScheduleFolder }
            'Invoke-LDAddToSequence'   = @{ InputObject = $Lead; Sequence = $Sequence.Id; Mailbox = 'RecordOwner'; BatchWindow = [timespan] '00:00:01' }
            'Connect-LDOutreach'       = @{}
            'Disconnect-LDOutreach'    = @{}
            'Import-LDSalesforceUser'  = @{ InputObject = $SalesforceUser }
            'Suspend-LDSequenceState'  = @{ Id = 1, 2 }
            'Resume-LDSequenceState'   = @{ Id = 1, 2 }
            'Complete-LDSequenceState' = @{ Id = 1, 2 }
            'Set-LDUserSequenceMap'    = @{ User = $Sender.Id; Sequence = @(Get-LDSequence -StorePath $Store | Where-Object Enabled)[-1].Id }
            'Remove-LDUserSequenceMap' = @{ User = $Sender.Id }
            'Export-LDRoutingReport'   = @{ Path = (Join-Path (Split-Path $Store) 'whatif-report.html') }
        }
    }
    AfterAll {
        Stop-LDTestSandbox $Sandbox
        Remove-LDTestStore $Store
    }

    It '<Name> leaves the store unchanged and sends no mutating request' -TestCases $StateChanging {
        $Cases.Keys | Should -Contain $Name -Because "every state-changing cmdlet needs a -WhatIf case here"
        (Get-Command $Name).Parameters.Keys | Should -Contain 'WhatIf'
        $arguments = $Cases[$Name]
        $before = Get-StoreDump $Store
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null

        & $Name @arguments -StorePath $Store -WhatIf -ErrorAction Stop *>&1 | Out-Null

        Get-MutatingRequests $Sandbox | Should -BeNullOrEmpty
        Get-StoreDump $Store | Should -Be $before
        Test-Path $ScheduleFolder | Should -BeFalse
        Test-Path (Join-Path (Split-Path $Store) 'whatif-report.html') | Should -BeFalse
    }

    It '<Name> creates no store where there was none' -TestCases @(
        @{ Name = 'Set-LDFieldMapping' }, @{ Name = 'Set-LDRetryPolicy' }, @{ Name = 'Set-LDRateLimit' }, @{ Name = 'Set-LDBulkLimit' }, @{ Name = 'Remove-LDAuditLog' },
        @{ Name = 'Disconnect-LDOutreach' }, @{ Name = 'Connect-LDOutreach' }, @{ Name = 'Remove-LDUserSequenceMap' }, @{ Name = 'Export-LDRoutingReport' }) {
        $fresh = New-LDTestStorePath
        try {
            $arguments = $Cases[$Name]
            & $Name @arguments -StorePath $fresh -WhatIf -ErrorAction SilentlyContinue *>&1 | Out-Null
            Test-Path $fresh | Should -BeFalse
        } finally { Remove-LDTestStore $fresh }
    }
}

Describe 'Pipeline binding between cmdlets' {
    BeforeAll {
        $script:Sandbox = Start-LDTestSandbox
        $script:Store = New-LDTestStorePath
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store
        $token = Invoke-LDTestSandboxAdmin $Sandbox tokens Post @{ userId = 1 }
        $script:Headers = @{ Authorization = "Bearer $($token.access_token)"; Accept = 'application/vnd.api+json' }
        # Three more enrollments in sequence 1 (the demo org already has one), so "every state in sequence 1" is several.
        foreach ($prospect in 1, 2, 3) {
            $body = @{ data = @{ type = 'sequenceState'; relationships = @{
                        prospect = @{ data = @{ type = 'prospect'; id = $prospect } }
                        sequence = @{ data = @{ type = 'sequence'; id = 1 } }
                        mailbox  = @{ data = @{ type = 'mailbox'; id = 2 } } } } } | ConvertTo-Json -Depth 6
            Invoke-RestMethod -Method Post -Uri "$($Sandbox.BaseUrl)/sequenceStates" -Body $body -ContentType 'application/vnd.api+json' -Headers $Headers | Out-Null
        }
        $script:SequenceOne = Get-LDSequence -Id 1 -StorePath $Store -IncludePrivate
    }
    AfterAll {
        Stop-LDTestSandbox $Sandbox
        Remove-LDTestStore $Store
    }

    It 'Get-LDSequence | Get-LDSequenceState lists the states in that sequence (the sequence id is not taken as a sequenceState id)' {
        $expected = @(Get-LDSequenceState -SequenceId 1 -StorePath $Store).Id | Sort-Object
        $expected.Count | Should -BeGreaterThan 1
        @($SequenceOne | Get-LDSequenceState -StorePath $Store).Id | Sort-Object | Should -Be $expected
    }

    It 'Get-LDSequenceState output pipes back into Get-LDSequenceState by SequenceStateId' {
        $one = @(Get-LDSequenceState -SequenceId 1 -State active -StorePath $Store)[0]
        @($one | Get-LDSequenceState -StorePath $Store).Id | Should -Be $one.Id
    }

    It '<Name> refuses a piped sequence instead of acting on the sequenceState with the same id' -TestCases @(
        @{ Name = 'Suspend-LDSequenceState' }, @{ Name = 'Resume-LDSequenceState' }, @{ Name = 'Complete-LDSequenceState' }) {
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null
        $SequenceOne | & $Name -StorePath $Store -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectNotBound*'
        Get-MutatingRequests $Sandbox | Should -BeNullOrEmpty
    }

    It 'Suspend-LDSequenceState takes SequenceStateId from Get-LDSequenceState and Get-LDAuditLog-shaped objects' {
        $active = @(Get-LDSequenceState -SequenceId 1 -State active -StorePath $Store)
        $paused = $active[0] | Suspend-LDSequenceState -StorePath $Store
        $paused.SequenceStateId | Should -Be $active[0].Id
        $paused.State | Should -Be 'paused'
        $resumed = [pscustomobject]@{ ActionId = 7; SequenceStateId = $active[0].Id; ProspectId = 99 } | Resume-LDSequenceState -StorePath $Store
        $resumed.SequenceStateId | Should -Be $active[0].Id
        $resumed.State | Should -Be 'active'
    }

    It 'Suspend-LDSequenceState still takes piped numbers and -Id' {
        $active = @(Get-LDSequenceState -SequenceId 1 -State active -StorePath $Store)
        ($active[0].Id | Suspend-LDSequenceState -StorePath $Store).State | Should -Be 'paused'
        (Resume-LDSequenceState -Id $active[0].Id -StorePath $Store).State | Should -Be 'active'
    }
}
