BeforeAll {
    # The runner turns module autoloading off: import what these tests use.
    Import-Module Microsoft.PowerShell.Security, Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:KeyFolder = Join-Path ([IO.Path]::GetTempPath()) ("ld-key-" + [guid]::NewGuid().ToString('n'))
    $env:LD_OUTREACH_KEYFILE = Join-Path $KeyFolder 'key'
    $script:Sandbox = Start-LDTestSandbox
    $script:Admin = $Sandbox.AdminUrl
    $script:Secret = ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force

    function script:Connect-Test([string] $Path) { Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Path }

    Invoke-RestMethod -Method Post -Uri "$Admin/reset" -ContentType application/json -Body '{}' | Out-Null
    # One connected store with the demo catalog for the read-only tests.
    $script:Store = New-LDTestStorePath
    Connect-Test $Store
    Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c -StorePath $Store
}

AfterAll {
    Remove-LDTestStore $Store
    Stop-LDTestSandbox $Sandbox
    Remove-Item $KeyFolder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:LD_OUTREACH_KEYFILE -ErrorAction SilentlyContinue
}

Describe 'Get-LDSequence' {
    It 'lists only sequences shared with the org and enabled, with email-step and ruleset settings' {
        $sequences = Get-LDSequence -StorePath $Store
        # 3 is private, 9 read-only, 7 disabled: Invoke-LDAddToSequence refuses all three, so they are not offered.
        $sequences.Id | Sort-Object | Should -Be @(1, 2, 4, 5, 6, 8)
        $nurture = $sequences | Where-Object Id -eq 1
        $nurture.HasEmailStep | Should -BeTrue
        $nurture.PermitDuplicateProspects | Should -Be 'disallow'
        ($sequences | Where-Object Id -eq 2).HasEmailStep | Should -BeFalse
        ($sequences | Where-Object Id -eq 4).SequenceExclusivity | Should -Be 'exclusive_sequences'
    }

    It 'lists private, read-only and disabled sequences as unusable, with the reason, with -IncludePrivate' {
        $all = Get-LDSequence -StorePath $Store -IncludePrivate
        $all.Count | Should -Be 9
        ($all | Where-Object { -not $_.Usable }).Id | Sort-Object | Should -Be @(3, 7, 9)
        ($all | Where-Object Id -eq 7).UnusableReason | Should -Be 'disabled'
        ($all | Where-Object Id -eq 3).UnusableReason | Should -BeLike "not shared with the org*"
        ($all | Where-Object Id -eq 1).UnusableReason | Should -BeNullOrEmpty
    }

    It 'matches wildcards and reports unknown or unusable names with stable ids' {
        (Get-LDSequence -StorePath $Store -Name '*exclusive sequence*').Id | Sort-Object | Should -Be @(4, 5)
        { Get-LDSequence -StorePath $Store -Name 'No Such Sequence' -ErrorAction Stop } |
            Should -Throw -ErrorId 'SequenceNotFound,LeanData.Outreach.Cmdlets.Commands.Catalog.GetLDSequenceCommand'
        $err = { Get-LDSequence -StorePath $Store -Name "demo: ada's private sequence" -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'SequenceNotUsable,*'
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*Others can see it and use it*'
    }

    It 'pipes into the next command by property name' {
        $piped = Get-LDSequence -StorePath $Store -Name 'Demo: Shared Email Nurture' | Get-LDSequence -StorePath $Store
        $piped.Id | Should -Be 1
        function Use-Sequence {
            param([Parameter(ValueFromPipelineByPropertyName)][Alias('SequenceId')] [long] $Sequence,
                  [Parameter(ValueFromPipelineByPropertyName)] [string] $Name)
            process { "$Sequence|$Name" }
        }
        Get-LDSequence -StorePath $Store -Name 'Demo: Shared Email Nurture' | Use-Sequence | Should -Be '1|Demo: Shared Email Nurture'
    }

    It 'completes sequence names from the cache' {
        $line = "Get-LDSequence -StorePath '$Store' -Name 'Demo: Shared E"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Contain "'Demo: Shared Email Nurture'"
        $completions.CompletionText | Should -Not -Contain "'Demo: Ada''s Private Sequence'"
    }
}

Describe 'Get-LDOutreachUser and Get-LDMailbox' {
    It 'lists by default only users whose mailbox has send and sync enabled' {
        $users = Get-LDOutreachUser -StorePath $Store
        $users.Email | Should -Contain 'ben.sender@demo.example'
        $users.Email | Should -Not -Contain 'dan.nosend@demo.example'
        (Get-LDOutreachUser -StorePath $Store -All).Count | Should -Be 6
        { Get-LDOutreachUser -StorePath $Store -Name dan.nosend@demo.example -ErrorAction Stop } |
            Should -Throw -ErrorId 'OutreachUserMailboxNotUsable,LeanData.Outreach.Cmdlets.Commands.Catalog.GetLDOutreachUserCommand'
    }

    It 'lists mailboxes with their flags and takes users from the pipeline' {
        (Get-LDMailbox -StorePath $Store).Id | Should -Not -Contain 4
        $dan = Get-LDMailbox -StorePath $Store -All | Where-Object Id -eq 4
        $dan.SendEnabled | Should -BeFalse
        $dan.SyncEnabled | Should -BeTrue
        (Get-LDOutreachUser -StorePath $Store -Name ben.sender@demo.example | Get-LDMailbox -StorePath $Store).Email | Should -Be 'ben.sender@demo.example'
    }

    It 'completes users from the cache' {
        $line = "Get-LDOutreachUser -StorePath '$Store' -Name ben"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'ben.sender@demo.example'
    }
}

Describe 'Catalog refresh' {
    BeforeAll {
        Invoke-RestMethod -Method Post -Uri "$Admin/seed" -ContentType application/json -Body '{"users":1010,"sequences":1010,"prospects":5,"seed":7,"errorRate":0}' | Out-Null
        $script:Big = New-LDTestStorePath
        Connect-Test $Big
    }
    AfterAll {
        Remove-LDTestStore $Big
        Invoke-RestMethod -Method Post -Uri "$Admin/reset" -ContentType application/json -Body '{}' | Out-Null
    }

    It 'pages through more sequences and users than one page of 1000' {
        $counts = Invoke-RestMethod "$Admin/"
        @(Get-LDSequence -StorePath $Big -IncludePrivate -Refresh).Count | Should -Be $counts.sequences
        @(Get-LDOutreachUser -StorePath $Big -All -Refresh).Count | Should -Be $counts.users
        $counts.sequences | Should -BeGreaterThan 1000
    }
}

Describe 'Import-LDSalesforceUser' {
    BeforeEach {
        $script:Users = New-LDTestStorePath
        Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_ID__c -User Outreach_User_ID__c -StorePath $Users
    }
    AfterEach { Remove-LDTestStore $Users }

    It 'imports CSV rows, reporting and skipping rows without a usable field' {
        $csv = Join-Path (Split-Path $Users -Parent) 'users.csv'
        @'
Id,Name,Outreach_User_ID__c
005000000000001AAA,Ben Sender,2
005000000000002,No Value,
005000000000003,Not An Id,abc
00Q000000000004,A Lead,7
005000000000005,Ada Admin,1
'@ | Set-Content $csv
        $links = Import-Csv $csv | Import-LDSalesforceUser -StorePath $Users -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue
        $links.OutreachUserId | Sort-Object | Should -Be @(1, 2)
        $problems.Count | Should -Be 3
        $problems.FullyQualifiedErrorId | Should -Contain 'SalesforceUserFieldNotOutreachId,LeanData.Outreach.Cmdlets.Commands.Catalog.ImportLDSalesforceUserCommand'
        $problems.FullyQualifiedErrorId | Should -Contain 'InvalidSalesforceUserId,LeanData.Outreach.Cmdlets.Commands.Catalog.ImportLDSalesforceUserCommand'
        ($problems | Where-Object { $_.Exception.Message -like 'Row 3*' }).Exception.Message | Should -BeLike "*'Outreach_User_ID__c'*'abc'*"
    }

    It 'reads sf data query --json output and a missing field per row' {
        $json = @'
{"status":0,"result":{"totalSize":2,"done":true,"records":[
 {"attributes":{"type":"User"},"Id":"005000000000009","Name":"Cara","Outreach_User_ID__c":"3"},
 {"attributes":{"type":"User"},"Id":"005000000000010","Name":"No Field"}]}}
'@ | ConvertFrom-Json
        $links = $json | Import-LDSalesforceUser -StorePath $Users -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue
        $links.OutreachUserId | Should -Be 3
        $links.SalesforceUserId | Should -HaveCount 1
        $links.SalesforceUserId.Length | Should -Be 18
        $problems.FullyQualifiedErrorId | Should -Be 'SalesforceUserFieldMissing,LeanData.Outreach.Cmdlets.Commands.Catalog.ImportLDSalesforceUserCommand'
        $problems.Exception.Message | Should -BeLike 'Row 2*Outreach_User_ID__c*'
    }

    It 'stores nothing with -WhatIf' {
        # Every row of every table: the file's bytes move between the -wal and the main file whenever SQLite checkpoints.
        function Get-StoreHash {
            $tables = (Invoke-LDTestSql -StorePath $Users -Sql "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").name
            ($tables | ForEach-Object { "$_`n" + (Invoke-LDTestSql -StorePath $Users -Sql "SELECT * FROM `"$_`" ORDER BY rowid" | ConvertTo-Json -Depth 2 -Compress) }) -join "`n"
        }
        $before = Get-StoreHash
        [pscustomobject]@{ Id = '005000000000001'; Outreach_User_ID__c = '2' } | Import-LDSalesforceUser -StorePath $Users -WhatIf
        Get-StoreHash | Should -Be $before
        [pscustomobject]@{ Id = '005000000000001'; Outreach_User_ID__c = '2' } | Import-LDSalesforceUser -StorePath $Users -PassThru |
            Select-Object -ExpandProperty OutreachUserId | Should -Be 2
    }
}

Describe 'Test-LDFieldMapping' {
    BeforeAll { Connect-Test $Store }

    It 'reports per record whether the mapped field holds an Outreach id, and with -Online whether it exists' {
        $records = @(
            [pscustomobject]@{ Id = '00Q000000000001'; Outreach_ID__c = '1' }
            [pscustomobject]@{ Id = '003000000000002'; Outreach_ID__c = '999' }
            [pscustomobject]@{ Id = '003000000000003'; Outreach_ID__c = 'Ben' }
            [pscustomobject]@{ Id = '00Q000000000004' }
            [pscustomobject]@{ Id = '005000000000005'; Outreach_User_ID__c = '2' }
        )
        $offline = $records | Test-LDFieldMapping -StorePath $Store
        $offline.Passed | Should -Be @($true, $true, $false, $false, $true)
        $offline[3].FieldPresent | Should -BeFalse
        $offline[2].RecommendedAction | Should -Not -BeNullOrEmpty

        $online = $records | Test-LDFieldMapping -StorePath $Store -Online
        $online.ExistsInOutreach | Should -Be @($true, $false, $null, $null, $true)
        $online.Passed | Should -Be @($true, $false, $false, $false, $true)
    }
}
