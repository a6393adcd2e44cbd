# The README as a new admin reads it (issue 13): how to install, and a rehearsal against the sandbox that runs as
# written, with names that exist in the demo org.
BeforeAll {
    Import-Module Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management, Microsoft.PowerShell.Security
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Readme = Get-Content (Join-Path $PSScriptRoot '../../README.md') -Raw
    function script:Get-Section([string] $Heading) {
        $match = [regex]::Match($Readme, '(?ms)^## ' + [regex]::Escape($Heading) + '\s*$(.*?)(?=^## |\z)')
        $match.Success | Should -BeTrue -Because "the README has a '## $Heading' section"
        $match.Groups[1].Value
    }
    function script:Get-CodeBlocks([string] $Text) {
        @([regex]::Matches($Text, '(?ms)^```powershell\s*$(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
    }
    $script:Sandbox = Start-LDTestSandbox
}
AfterAll { Stop-LDTestSandbox $Sandbox }

Describe 'README: install it' {
    It 'says how to install by name from the package file and from a company feed' {
        $code = (Get-CodeBlocks (Get-Section 'Install it')) -join "`n"
        $code | Should -Match 'Register-PSResourceRepository -Name \S+ -Uri \(Resolve-Path \./out/packages\)'
        $code | Should -Match 'Install-PSResource LeanData\.Outreach -Repository LeanDataLocal'
        $code | Should -Match 'Import-Module LeanData\.Outreach'
        $code | Should -Match 'Publish-PSResource -Path \./out/LeanData\.Outreach -Repository CompanyGallery'
        $code | Should -Match 'Install-PSResource LeanData\.Outreach -Repository CompanyGallery'
        # Every line of it parses (the install itself runs in Package.Tests.ps1).
        $errors = $null
        [Management.Automation.Language.Parser]::ParseInput($code, [ref] $null, [ref] $errors) | Out-Null
        $errors | Should -BeNullOrEmpty
    }
}

Describe 'README: rehearse against the sandbox' {
    BeforeAll {
        $script:Section = Get-Section 'Rehearse against the sandbox'
        $script:Blocks = @(Get-CodeBlocks $Section)
        $script:Store = New-LDTestStorePath
    }
    AfterAll { Remove-LDTestStore $Store }

    It 'installs the sandbox tool from out/packages and starts it with the demo seed' {
        $Blocks[0] | Should -Match 'dotnet tool install --global LeanData\.Outreach\.Sandbox --add-source \./out/packages'
        $Blocks[0] | Should -Match 'ld-outreach-sandbox --seed demo'
    }

    It 'connects with the line the sandbox prints (the port is the placeholder it says it is)' {
        $connect = @($Blocks[1] -split "`n" | Where-Object { $_ -match '^Connect-LDOutreach ' })
        $connect.Count | Should -Be 1
        $Section | Should -Match '`41234` below is a placeholder'
        # The banner's line for the demo client, as Package.Tests.ps1 reads it from the installed tool.
        $connect[0].Trim() | Should -Be "Connect-LDOutreach -ClientId 'ld-demo-client' -ClientSecret (ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force) -ApiBaseUri http://127.0.0.1:41234/api/v2"
    }

    It 'runs as written after the connect: mapping, your CSV into Invoke, then the logs' {
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
        $lines = @($Blocks[1] -split "`n" | Where-Object { $_.Trim() -and $_ -notmatch '^Connect-LDOutreach ' })
        $lines[0] | Should -Match '^\$env:LD_OUTREACH_STORE = ' -Because 'the rehearsal starts on a throwaway store'
        $csv = Join-Path $PSScriptRoot '../../samples/leads.csv'
        $script = (@("`$env:LD_OUTREACH_STORE = '$Store'") + ($lines | Select-Object -Skip 1)) -join "`n"
        $script = $script.Replace('./my-leads.csv', $csv)
        $saved = $env:LD_OUTREACH_STORE
        # The sample's edge and error rows write errors and warnings, as they would at the admin's prompt.
        try { $output = @(& { $ErrorActionPreference = 'SilentlyContinue'; $WarningPreference = 'SilentlyContinue'; & ([scriptblock]::Create($script)) }) }
        finally { $env:LD_OUTREACH_STORE = $saved }

        $rows = @(Import-Csv $csv)
        $results = @($output | Where-Object { $_.GetType().FullName -eq 'LeanData.Outreach.Engine.Execution.AddToSequenceResult' })
        $audit = @($output | Where-Object { $_.GetType().FullName -eq 'LeanData.Outreach.Logs.AuditEntry' })
        $totals = @($output | Where-Object { $_.GetType().FullName -eq 'LeanData.Outreach.Logs.PartnerLogTotals' })
        $results.Count | Should -Be $rows.Count -Because 'every CSV row gets a result'
        $audit.Count | Should -Be $rows.Count -Because 'Get-LDAuditLog -NodeName Rehearsal reads them back'
        @($audit | Where-Object NodeName -ne 'Rehearsal') | Should -BeNullOrEmpty
        $totals.Count | Should -BeGreaterThan 0
        # "demo prospects 1-6 succeed, 7-16 each trip one Outreach rule", as the section says (rows also test owners).
        $succeeded = @($results | Where-Object Outcome -eq 'Success')
        $succeeded.Count | Should -BeGreaterThan 0
        @($succeeded | Where-Object ProspectId -notin (1..6)) | Should -BeNullOrEmpty
        @($results | Where-Object { $_.ProspectId -ge 7 -and $_.Outcome -eq 'Success' }) | Should -BeNullOrEmpty
        @($results | Where-Object { $_.ProspectId -ge 7 }) | Should -Not -BeNullOrEmpty
        $Section | Should -Match 'demo prospects 1-6 succeed, 7-16 each trip one Outreach rule'
    }

    It 'names each CSV column a record needs, and samples/leads.csv has them' {
        foreach ($column in 'Id', 'OwnerId', 'Owner.Outreach_User_ID__c', 'Outreach_Prospect_ID__c') {
            $Section | Should -Match ([regex]::Escape("``$column``"))
            (Get-Content (Join-Path $PSScriptRoot '../../samples/leads.csv') -TotalCount 1) -split ',' | Should -Contain $column
        }
    }
}

Describe 'README: the names in its examples' {
    It 'uses sequence names that exist in the demo org' {
        $store = New-LDTestStorePath
        try {
            Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $store | Out-Null
            $names = @(Get-LDSequence -StorePath $store -IncludePrivate).Name
            $used = @([regex]::Matches(((Get-CodeBlocks $Readme) -join "`n"), "-Sequence '([^']+)'") | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
            $used.Count | Should -BeGreaterThan 0
            @($used | Where-Object { $_ -notin $names }) | Should -BeNullOrEmpty -Because 'the README''s examples use names that exist in the demo org'
        }
        finally { Remove-LDTestStore $store }
    }

    It 'says which names are placeholders' {
        $Readme | Should -Match '`\$appId`, `new-leads.csv` and the Salesforce fields are placeholders'
        $Readme | Should -Match 'a label you choose'
    }
}
