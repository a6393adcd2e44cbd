# Completion on every parameter that names something the catalog or the store knows, read from the cache only;
# help that shows -WhatIf/-Confirm, INPUTS and wildcards; a whole `sf data query --json` object as input; and a
# progress percentage when the input count is known.
BeforeAll {
    Import-Module Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    $script:ModulePath = Get-LDTestModulePath
    Import-Module $ModulePath -Force
    $script:Sandbox = Start-LDTestSandbox
    $script:Store = New-LDTestStorePath
    Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
    Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c -StorePath $Store
    $script:Leads = @(Import-Csv (Join-Path $PSScriptRoot '../../samples/leads.csv'))
    $Leads | Invoke-LDAddToSequence -Sequence 'Demo: Shared Email Nurture' -Mailbox RecordOwner -NodeName 'Inbound Leads' -StorePath $Store `
        -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
    function script:Complete([string] $Line) {
        $line = "$Line"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
    }
}
AfterAll {
    Stop-LDTestSandbox $Sandbox
    Remove-LDTestStore $Store
}

Describe 'Completion from the catalog and the store' {
    It '<Command> -<Parameter> completes <Expected>' -TestCases @(
        @{ Command = 'Set-LDUserSequenceMap'; Parameter = 'User'; Word = 'ben'; Expected = 'ben.sender@demo.example' }
        @{ Command = 'Set-LDUserSequenceMap'; Parameter = 'Sequence'; Word = "'Demo: Sh"; Expected = "'Demo: Shared Email Nurture'" }
        @{ Command = 'Get-LDAuditLog'; Parameter = 'NodeName'; Word = 'Inb'; Expected = "'Inbound Leads'" }
        @{ Command = 'Get-LDAuditLog'; Parameter = 'Sequence'; Word = "'Demo: Sh"; Expected = "'Demo: Shared Email Nurture'" }
        @{ Command = 'Get-LDPartnerLog'; Parameter = 'NodeName'; Word = 'Inb'; Expected = "'Inbound Leads'" }
        @{ Command = 'Get-LDSequenceState'; Parameter = 'Sequence'; Word = "'Demo: Sh"; Expected = "'Demo: Shared Call Blitz (no email)'" }
        @{ Command = 'Get-LDMailbox'; Parameter = 'Email'; Word = 'eve'; Expected = 'eve.badcreds@demo.example' }
        @{ Command = 'Get-LDUserSequenceMap'; Parameter = 'User'; Word = 'ben'; Expected = 'ben.sender@demo.example' }
        @{ Command = 'Get-LDUserSequenceMap'; Parameter = 'Sequence'; Word = "'Demo: Sh"; Expected = "'Demo: Shared Email Nurture'" }
        @{ Command = 'Remove-LDUserSequenceMap'; Parameter = 'User'; Word = 'ben'; Expected = 'ben.sender@demo.example' }
        @{ Command = 'Get-LDRoutingInsight'; Parameter = 'NodeName'; Word = 'Inb'; Expected = "'Inbound Leads'" }
        @{ Command = 'Export-LDRoutingReport'; Parameter = 'NodeName'; Word = 'Inb'; Expected = "'Inbound Leads'" }
        @{ Command = 'Export-LDRoutingReport'; Parameter = 'Sequence'; Word = "'Demo: Sh"; Expected = "'Demo: Shared Email Nurture'" }
        @{ Command = 'Invoke-LDAddToSequence'; Parameter = 'NodeName'; Word = 'Inb'; Expected = "'Inbound Leads'" }
        @{ Command = 'Suspend-LDSequenceState'; Parameter = 'NodeName'; Word = 'Inb'; Expected = "'Inbound Leads'" }
    ) {
        $completions = Complete "$Command -StorePath '$Store' -$Parameter $Word"
        $completions.CompletionText | Should -Contain $Expected
        $completions.ResultType | Should -Not -Contain 'ProviderItem' -Because 'no fall-back to file names'
    }

    It 'every parameter that names a user, sequence, node or mailbox completes from the store, not from file names' {
        # Set-LDFieldMapping -User is a Salesforce field name, which no store knows.
        $named = 'User', 'Sequence', 'NodeName', 'Email'
        $missing = foreach ($command in (Get-Module LeanData.Outreach).ExportedCmdlets.Values) {
            foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -in $named -or ($_.Name -eq 'Name' -and $command.Noun -in 'LDSequence', 'LDOutreachUser') }) {
                if ($command.Name -eq 'Set-LDFieldMapping') { continue }
                if (-not ($parameter.Attributes | Where-Object { $_ -is [ArgumentCompleter] })) { "$($command.Name) -$($parameter.Name)" }
            }
        }
        @($missing) | Should -BeNullOrEmpty
    }

    It 'offers users who cannot send after those who can, marked with the reason' {
        $completions = @(Complete "Set-LDUserSequenceMap -StorePath '$Store' -User ")
        $texts = $completions.CompletionText
        $texts | Should -Contain 'cara.locked@demo.example'
        $cara = $completions | Where-Object CompletionText -eq 'cara.locked@demo.example'
        $cara.ListItemText | Should -Match 'cannot send: user locked'
        $eve = $completions | Where-Object CompletionText -eq 'eve.badcreds@demo.example'
        $eve.ListItemText | Should -Match 'cannot send: invalid send credentials'
        $ben = $completions | Where-Object CompletionText -eq 'ben.sender@demo.example'
        $ben.ListItemText | Should -Not -Match 'cannot send'
        [array]::IndexOf($texts, 'ben.sender@demo.example') | Should -BeLessThan ([array]::IndexOf($texts, 'cara.locked@demo.example'))
    }

    It 'Get-LDOutreachUser says who cannot send and why' {
        $users = Get-LDOutreachUser -StorePath $Store -All
        ($users | Where-Object Id -eq 3).CannotSendReason | Should -Be 'user locked'
        ($users | Where-Object Id -eq 2).CannotSendReason | Should -BeNullOrEmpty
    }
}

Describe 'Help conventions' {
    It '-WhatIf and -Confirm appear in the SYNTAX of every ShouldProcess cmdlet' {
        foreach ($command in (Get-Module LeanData.Outreach).ExportedCmdlets.Values | Where-Object { $_.Parameters.ContainsKey('WhatIf') }) {
            $syntax = (Get-Help $command.Name).syntax | Out-String -Width 1000
            $syntax | Should -Match '\[-WhatIf\]' -Because "$($command.Name) supports ShouldProcess"
            $syntax | Should -Match '\[-Confirm\]' -Because "$($command.Name) supports ShouldProcess"
        }
    }

    It 'INPUTS is filled for every cmdlet that takes pipeline input' {
        foreach ($command in (Get-Module LeanData.Outreach).ExportedCmdlets.Values) {
            $piped = @($command.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [Parameter] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) } })
            if ($piped.Count -eq 0) { continue }
            $inputs = @((Get-Help $command.Name -Full).inputTypes.inputType.type.name) -join ' '
            $inputs | Should -Not -BeNullOrEmpty -Because "$($command.Name) takes pipeline input"
            $inputs | Should -Not -Match '^None' -Because "$($command.Name) takes pipeline input"
        }
    }

    It 'wildcard parameters are flagged as such' {
        (Get-Help Get-LDAuditLog -Parameter NodeName).globbing | Should -Be 'true'
        (Get-Help Get-LDMailbox -Parameter Email).globbing | Should -Be 'true'
        (Get-Help Get-LDAuditLog -Parameter ActionId).globbing | Should -Be 'false'
    }

    It 'the Invoke-LDAddToSequence description reads as one sentence about the rate budget' {
        $text = (Get-Help Invoke-LDAddToSequence).description.Text -join "`n"
        $text | Should -Match 'client request budget \(Set-LDRateLimit, per authorized Outreach user\)'
        $text | Should -Not -Match 'Set-LDRateLimit\s+Set-LDUserSequenceMap'
    }
}

Describe 'Invoke-LDAddToSequence input' {
    It 'reads a whole sf data query --json object as its result.records' {
        $records = @($Leads[0], $Leads[1] | ForEach-Object {
            [ordered]@{ attributes = @{ type = 'Lead' }; Id = $_.Id; Email = $_.Email; OwnerId = $_.OwnerId
                Owner = @{ Outreach_User_ID__c = '2' }; Outreach_Prospect_ID__c = $_.Outreach_Prospect_ID__c } })
        $sf = @{ status = 0; result = @{ done = $true; totalSize = 2; records = $records } } | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $results = @($sf | Invoke-LDAddToSequence -Sequence 'Demo: Shared Call Blitz (no email)' -Mailbox RecordOwner -NodeName 'sf json' -StorePath $Store)
        $results.RecordId | Should -Be @($Leads[0].Id, $Leads[1].Id)
        $results.Outcome | Should -Be @('Success', 'Success')
    }

    It 'shows a real percentage with -TotalCount and with an -InputObject array' {
        foreach ($call in "`$leads | Invoke-LDAddToSequence -TotalCount `$leads.Count", "Invoke-LDAddToSequence -InputObject `$leads") {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript(@"
Import-Module '$ModulePath'
`$leads = Import-Csv '$(Join-Path $PSScriptRoot '../../samples/leads.csv')'
$call -Sequence 'Demo: Shared Email Nurture' -Mailbox RecordOwner -NodeName 'Progress' -StorePath '$Store' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
"@)
                $output = @($ps.Invoke())
                $output.Count | Should -Be $Leads.Count -Because "$call yields one result per record"
                $running = @($ps.Streams.Progress | Where-Object RecordType -eq 'Processing')
                $running.Count | Should -BeGreaterThan 0
                $running | ForEach-Object { $_.PercentComplete | Should -BeIn (0..100) }
                $running[-1].StatusDescription | Should -Match "of $($Leads.Count)\b"
                @($ps.Streams.Progress | Where-Object RecordType -eq 'Completed').Count | Should -Be 1
            }
            finally { $ps.Dispose() }
        }
    }

    It '-Verbose says that it waits for a maintenance window, why and for how long' {
        Invoke-LDTestSandboxAdmin $Sandbox maintenance Post @{ durationSeconds = 3 } | Out-Null
        try {
            $lead = [pscustomobject]@{ Id = '00Q000000000099AAA'; OwnerId = '005000000000002AAA'; 'Owner.Outreach_User_ID__c' = '2'; Outreach_Prospect_ID__c = '3' }
            $output = @($lead | Invoke-LDAddToSequence -Sequence 'Demo: Shared Call Blitz (no email)' -Mailbox RecordOwner -NodeName 'Maintenance' -StorePath $Store -Verbose -WarningAction SilentlyContinue 4>&1)
        }
        finally { Invoke-LDTestSandboxAdmin $Sandbox maintenance Delete | Out-Null }
        $verbose = @($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message
        @($verbose | Where-Object { $_ -match "^Waiting \d+ s, until .+, for Outreach's scheduled maintenance window\.$" }) |
            Should -Not -BeNullOrEmpty -Because ($verbose -join "`n")
        @($output | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }).Outcome | Should -Be 'Success'
    }

    It '-Verbose says that it waits for Outreach''s rate limit to reset, and for how long' {
        # Its own sandbox with a 2 s window (the shared one's hourly window would stay in this session's server state),
        # then 3 requests per window: seven records sent one at a time must wait for a reset.
        $own = Start-LDTestSandbox -ExtraArguments '--rate-window', '2'
        $ownStore = New-LDTestStorePath
        try {
            Connect-LDTestSandbox -Sandbox $own -StorePath $ownStore | Out-Null
            Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c -StorePath $ownStore
            Invoke-LDTestSandboxAdmin $own rate-limit Post @{ limit = 3; windowSeconds = 2 } | Out-Null
            $leads = 1..7 | ForEach-Object { [pscustomobject]@{ Id = "00Q00000000020$($_)AAA"; OwnerId = '005000000000002AAA'; 'Owner.Outreach_User_ID__c' = '2'; Outreach_Prospect_ID__c = "$(($_ - 1) % 6 + 1)" } }
            $output = @($leads | Invoke-LDAddToSequence -Sequence 'Demo: Shared Call Blitz (no email)' -Mailbox RecordOwner -NodeName 'Rate limit' -ThrottleLimit 1 `
                -StorePath $ownStore -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1)
        }
        finally {
            Stop-LDTestSandbox $own
            Remove-LDTestStore $ownStore
        }
        $verbose = @($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message
        @($verbose | Where-Object { $_ -match "^Waiting \d+ s, until .+, for Outreach's rate limit \(X-RateLimit-Remaining 0\) to reset\.$" }) |
            Should -Not -BeNullOrEmpty -Because ($verbose -join "`n")
        @($output | Where-Object { $_.GetType().FullName -eq 'LeanData.Outreach.Engine.Execution.AddToSequenceResult' }).Count | Should -Be 7
    }
}
