# The about_ topics, generated from docs/about by build.ps1 Docs, as Get-Help shows them from the built module.
BeforeAll {
    Import-Module Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
}

Describe 'about_ help' {
    It 'Get-Help <Topic> shows the topic from the built module, wrapped at 80 columns' -TestCases @(
        @{ Topic = 'about_LeanData.Outreach'; Expect = 'Node placement by sync direction' }
        @{ Topic = 'about_LeanData.Outreach_Errors'; Expect = 'ERROR CATALOG' }
        @{ Topic = 'about_LeanData.Outreach_Sandbox'; Expect = 'ld-outreach-sandbox --seed demo' }
    ) {
        $text = Get-Help $Topic | Out-String
        $text | Should -Match ([regex]::Escape($Expect))
        $file = Join-Path (Split-Path (Get-LDTestModulePath) -Parent) "en-US/$Topic.help.txt"
        # Prose is wrapped; only code examples (indented 8) may run longer.
        @(Get-Content $file | Where-Object { $_.Length -gt 80 -and $_ -notmatch '^ {8}' }) | Should -BeNullOrEmpty
    }

    It 'the overview walks the set-up in the integration''s order' {
        $text = Get-Help about_LeanData.Outreach | Out-String
        $steps = 'Sync', 'Authorize Outreach', 'Field mapping', 'Retry Action In', 'Sequence and mailbox set-up', 'Node placement', 'Edges', 'Monitoring'
        $positions = $steps | ForEach-Object { $text.IndexOf($_, [StringComparison]::Ordinal) }
        $positions | Should -Not -Contain -1
        $positions | Should -Be ($positions | Sort-Object)
        $text | Should -Match 'Outreach_Prospect_ID__c != null'   # the SOQL for Salesforce-to-Outreach placement
        $text | Should -Match 'Where-Object Outreach_Prospect_ID__c'
    }

    It 'the errors topic lists every category of the error catalog with its category, retry rule and remedy' {
        $text = Get-Help about_LeanData.Outreach_Errors | Out-String
        $categories = [Enum]::GetNames((Get-Command Get-LDAuditLog).Parameters['ErrorCategory'].ParameterType.GetElementType()) | Where-Object { $_ -ne 'None' }
        foreach ($id in $categories) { $text | Should -Match "(?m)^\s{4}$id\s*$" -Because "$id is in the catalog" }
        $text | Should -Match 'RateLimitExceeded\s+\S.*\s+Category: LimitsExceeded\. Retried: yes'
        $text | Should -Match 'ProspectOptedOut\s+\S.*\s+Category: \w+\. Retried: no'
        ([regex]::Matches($text, 'Remedy: ')).Count | Should -Be $categories.Count
    }
}

Describe 'about_LeanData.Outreach_Sandbox and ld-outreach-sandbox --help describe the demo seed as the sandbox seeds it' {
    BeforeAll {
        $script:Sandbox = Start-LDTestSandbox
        $script:Store = New-LDTestStorePath
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
        function script:Get-Flat([string] $Text) { ($Text -replace "''", "'" -replace '\s+', ' ') -replace "'Demo: Exclusive Sequence A' and 'B'", "'Demo: Exclusive Sequence A' 'Demo: Exclusive Sequence B'" -replace "4/5 'Demo: Exclusive Sequence A/B'", "4 'Demo: Exclusive Sequence A' 5 'Demo: Exclusive Sequence B'" }
        $script:Topic = Get-Flat (Get-Help about_LeanData.Outreach_Sandbox | Out-String)
        $script:Usage = Get-Flat ((& dotnet (Get-LDTestSandboxPath) --help 2>&1) -join "`n")
    }
    AfterAll {
        Stop-LDTestSandbox $Sandbox
        Remove-LDTestStore $Store
    }

    It 'lists every demo user with its id and email' {
        foreach ($user in Get-LDOutreachUser -All -StorePath $Store) {
            $Topic | Should -Match ([regex]::Escape("$($user.Id) $($user.Email)")) -Because 'the topic lists the demo users'
            $Usage | Should -Match ([regex]::Escape("$($user.Id) $(($user.Email -split '@')[0])")) -Because '--help lists the demo users'
        }
    }

    It 'lists every demo sequence by name' {
        foreach ($sequence in Get-LDSequence -IncludePrivate -StorePath $Store) {
            $Topic | Should -Match ([regex]::Escape("'$($sequence.Name)'")) -Because 'the topic lists the demo sequences'
            $Usage | Should -Match ([regex]::Escape("$($sequence.Id) '$($sequence.Name)'")) -Because '--help lists the demo sequences'
        }
    }
}
