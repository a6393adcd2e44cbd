# Default views read where admins read them: 80 columns, no wrapped header, no key column cut or dropped; and
# Format-List (or a wide table) still shows every property. Data comes from real runs against the sandbox.
BeforeAll {
    Import-Module Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $PSStyle.OutputRendering = 'PlainText'
    $samples = Join-Path $PSScriptRoot '../../samples'
    $script:Sandbox = Start-LDTestSandbox
    $script:Store = New-LDTestStorePath
    $PSDefaultParameterValues['*-LD*:StorePath'] = $Store
    Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
    Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c
    $script:Links = @(Get-Content (Join-Path $samples 'salesforce-users.sf.json') -Raw | ConvertFrom-Json | Import-LDSalesforceUser -PassThru)
    $script:Results = @(Import-Csv (Join-Path $samples 'leads.csv') |
        Invoke-LDAddToSequence -Sequence 'Demo: Shared Email Nurture' -Mailbox RecordOwner -NodeName 'Inbound Leads' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    # A maintenance window leaves records Pending with a retry time: the longest Detail the views show.
    Invoke-LDTestSandboxAdmin $Sandbox maintenance Post @{ durationSeconds = 600 } | Out-Null
    $script:Results += @(Import-Csv (Join-Path $samples 'event-attendees.csv') |
        Invoke-LDAddToSequence -Sequence 'Demo: Shared Call Blitz (no email)' -Mailbox RecordOwner -NodeName 'Event Attendees (Q4)' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    $script:Worker = @(Start-LDRetryWorker -Once -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
    Invoke-LDTestSandboxAdmin $Sandbox maintenance Delete | Out-Null

    function script:Get-Rendered([object[]] $Objects, [int] $Width) {
        @(($Objects | Format-Table | Out-String -Width $Width) -split '\r?\n' | ForEach-Object TrimEnd)
    }
}
AfterAll {
    $PSDefaultParameterValues.Remove('*-LD*:StorePath')
    Stop-LDTestSandbox $Sandbox
    Remove-LDTestStore $Store
}

Describe 'Default views at 80 columns' {
    BeforeDiscovery {
        # View, what renders it, its column labels, and the key properties whose values must show whole.
        $script:Views = @(
            @{ View = 'Invoke-LDAddToSequence result'; Source = { $Results }; Labels = 'RecordId', 'Outcome', 'Prospect', 'Mailbox', 'Detail'; Keys = 'RecordId', 'Outcome' }
            @{ View = 'Get-LDAuditLog'; Source = { Get-LDAuditLog }; Labels = 'Time', 'NodeName', 'RecordId', 'Outcome', 'Detail'; Keys = 'RecordId', 'Outcome', 'NodeName' }
            @{ View = 'Get-LDPartnerLog'; Source = { Get-LDPartnerLog }; Labels = 'Time', 'NodeName', 'Status', 'RecordId', 'FailureReasons'; Keys = 'RecordId', 'NodeName', 'ResponseStatusCode' }
            @{ View = 'Get-LDOutreachUser'; Source = { Get-LDOutreachUser }; Labels = 'Id', 'Name', 'Email', 'Mailbox', 'Sends'; Keys = 'Id', 'Email' }
            @{ View = 'Start-LDRetryWorker summary'; Source = { $Worker }; Labels = 'Processed', 'Succeeded', 'Pending', 'Failed', 'TakenOver', 'InStore', 'NextDueAt', 'Duration'; Keys = 'Processed', 'StillPending' }
            @{ View = 'Test-LDOutreachConnection'; Source = { Test-LDOutreachConnection }; Labels = 'Name', 'Status', 'Detail'; Keys = 'Name', 'Status' }
            @{ View = 'Get-LDSequence'; Source = { Get-LDSequence }; Labels = 'Id', 'Name', 'Usable', 'Email', 'UnusableReason'; Keys = 'Id', 'Name' }
            @{ View = 'Get-LDRateLimitStatus'; Source = { Get-LDRateLimitStatus }; Labels = 'UserId', 'UserName', 'Used', 'Remaining', 'Budget', 'ServerLeft', 'ServerResetAt'; Keys = 'OutreachUserId', 'ClientRemaining' }
            @{ View = 'Import-LDSalesforceUser -PassThru'; Source = { $Links }; Labels = 'SalesforceUserId', 'OutreachUserId', 'Name', 'ImportedAt'; Keys = 'SalesforceUserId', 'OutreachUserId' }
            @{ View = 'Get-LDMailbox'; Source = { Get-LDMailbox }; Labels = 'Id', 'UserId', 'Email', 'Send', 'Sync', 'CredentialsValid'; Keys = 'Id', 'Email' }
            @{ View = 'Test-LDFieldMapping'; Source = { Import-Csv (Join-Path $PSScriptRoot '../../samples/leads.csv') | Test-LDFieldMapping -ObjectType Lead -Online }; Labels = '#', 'RecordId', 'Field', 'Value', 'Passed', 'Detail'; Keys = 'RecordId', 'Passed' }
            @{ View = 'Get-LDRoutingInsight -GroupBy Node, Sequence'; Source = { Get-LDRoutingInsight -GroupBy Node, Sequence }; Labels = 'Group', 'Total', 'Succeeded', 'Pending', 'Failed', 'Edges', 'Success'; Keys = 'Node', 'Total' }
        )
    }

    It '<View>: one header line, every column, key values whole' -TestCases $Views {
        $objects = @(& $Source)
        $objects.Count | Should -BeGreaterThan 0
        $lines = Get-Rendered $objects 80
        $first = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l.Length -gt 0 })
        $header = $lines[$first]
        $lines[$first + 1] | Should -Match '^[- ]+$' -Because "the header of $View must fit on one line:`n$($lines -join "`n")"
        @($lines | Where-Object Length -gt 80) | Should -BeNullOrEmpty
        $actual = @($header -split '\s+' | Where-Object { $_ })
        $actual | Should -Be $Labels -Because 'no column may be dropped or renamed'
        $body = $lines -join "`n"
        foreach ($object in $objects) {
            foreach ($key in $Keys) {
                $value = "$($object.$key)"
                if ($value) { $body | Should -Match ([regex]::Escape($value)) -Because "$key '$value' must show whole at 80 columns" }
            }
        }
    }

    It '<View>: Format-List shows every property' -TestCases $Views {
        $object = @(& $Source)[0]
        $text = $object | Format-List | Out-String -Width 200
        foreach ($name in $object.PSObject.Properties.Name) {
            $text | Should -Match "(?m)^$name\s*:" -Because "Format-List must show $name"
        }
    }

    It 'Get-LDConnection lists store, API base, user, scopes and token expiry, and no secret' {
        $text = Get-LDConnection | Out-String -Width 80
        foreach ($name in 'StorePath', 'ClientId', 'ApiBaseUri', 'AuthorizedUserId', 'AuthorizedUserEmail', 'Scopes', 'TokenExpiresAt', 'TokenExpired', 'ConnectedAt') {
            $text | Should -Match "(?m)^$name\s*:"
        }
    }
}

Describe 'docs/views/Show-Views.ps1 (the 80-column renderings in the closing notes)' {
    It 'renders the Invoke result, the audit log and the other default views within 80 columns' {
        $text = & (Join-Path $PSScriptRoot '../../docs/views/Show-Views.ps1') -ModulePath (Get-LDTestModulePath) -SandboxPath (Get-LDTestSandboxPath)
        $lines = @(($text -join "`n") -split '\r?\n')
        @($lines | Where-Object Length -gt 80) | Should -BeNullOrEmpty
        foreach ($header in '^RecordId\s+Outcome\s+Prospect\s+Mailbox\s+Detail$', '^Time\s+NodeName\s+RecordId\s+Outcome\s+Detail$', '^Name\s+Status\s+Detail$') {
            @($lines | Where-Object { $_ -match $header }).Count | Should -Be 1 -Because "the renderings show $header"
        }
        @($lines | Where-Object { $_ -match '^00Q000000000001AAA Success\s+1\s+2 sequenceState \d+$' }) | Should -Not -BeNullOrEmpty
    }
}
