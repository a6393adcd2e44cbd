BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    $script:ManifestPath = Get-LDTestModulePath
    $script:Module = Import-Module $ManifestPath -PassThru -Force
    $script:Manifest = Import-PowerShellDataFile $ManifestPath
    $script:StateChanging = 'Set', 'Remove', 'Invoke', 'Start', 'Register', 'Connect', 'Disconnect', 'Import', 'Clear', 'New', 'Add', 'Update', 'Stop', 'Reset'
}

Describe 'The module manifest' {
    It 'exports exactly the cmdlets it lists, each once' {
        $listed = @($Manifest.CmdletsToExport)
        ($listed | Group-Object | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        @($Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($listed | Sort-Object)
    }

    It 'exports no functions, variables or aliases it does not list' {
        $Module.ExportedFunctions.Count | Should -Be 0
        $Module.ExportedVariables.Count | Should -Be 0
        $Module.ExportedAliases.Count | Should -Be 0
    }

    It 'carries the version from Directory.Build.props' {
        $props = [xml](Get-Content (Join-Path $PSScriptRoot '../../Directory.Build.props') -Raw)
        $Module.Version.ToString(3) | Should -Be ($props.Project.PropertyGroup.VersionPrefix | Where-Object { $_ } | Select-Object -First 1)
    }

    It 'keeps the engine and third-party assemblies out of the module root' {
        $root = Split-Path $ManifestPath -Parent
        Get-ChildItem $root -Filter '*.dll' | Select-Object -ExpandProperty Name | Should -Be 'LeanData.Outreach.Cmdlets.dll'
    }
}

Describe 'Every exported cmdlet' {
    BeforeDiscovery {
        Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
        $m = Import-Module (Get-LDTestModulePath) -PassThru -Force
        $script:Cmdlets = @($m.ExportedCmdlets.Values | ForEach-Object { @{ Name = $_.Name } })
    }

    It '<Name> uses an approved verb and the LD noun prefix' -TestCases $Cmdlets {
        $command = Get-Command $Name
        (Get-Verb).Verb | Should -Contain $command.Verb
        $command.Noun | Should -BeLike 'LD*'
    }

    It '<Name> declares its output type' -TestCases $Cmdlets {
        (Get-Command $Name).OutputType | Should -Not -BeNullOrEmpty
    }

    It '<Name> has help with a synopsis, a description, an example and every parameter described' -TestCases $Cmdlets {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$Name*[<]*"   # auto-generated syntax means no help was found
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterThan 0
        @($help.examples.example)[0].code | Should -Not -BeNullOrEmpty
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $entry = @($help.parameters.parameter) | Where-Object name -eq $parameter
            ($entry.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }

    It '<Name> supports ShouldProcess when it changes state' -TestCases $Cmdlets {
        $command = Get-Command $Name
        if ($command.Verb -in $StateChanging -and $command.Verb -ne 'Import' -or $Name -eq 'Import-LDSalesforceUser') {
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }
    }
}
