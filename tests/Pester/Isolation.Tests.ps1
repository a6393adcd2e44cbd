BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $script:OtherPolly = Join-Path $packages 'polly.core/8.4.2/lib/net8.0/Polly.Core.dll'
    $script:OtherSqlite = Join-Path $packages 'stub.system.data.sqlite.core.netstandard/1.0.119/lib/netstandard2.1/System.Data.SQLite.dll'
    $script:ModulePath = Get-LDTestModulePath
    # Uses SQLite (the store) and reports which load context each dependency came from.
    $script:UseModule = @'
$store = Join-Path ([IO.Path]::GetTempPath()) ("ld-iso-" + [guid]::NewGuid().ToString('n') + ".db")
Set-LDFieldMapping -Lead A__c -Contact B__c -User C__c -StorePath $store
(Get-LDFieldMapping -StorePath $store).Lead
Set-LDRateLimit -Limit 42 -StorePath $store
(Get-LDRateLimit -StorePath $store).Limit
Remove-Item "$store*"
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'Polly.Core', 'System.Data.SQLite', 'LeanData.Outreach.Core' } |
    ForEach-Object { '{0} {1} {2}' -f $_.GetName().Name, $_.GetName().Version, [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }
'@
}

Describe 'Dependency isolation' {
    It 'has the other versions available to load' {
        Test-Path $OtherPolly | Should -BeTrue
        Test-Path $OtherSqlite | Should -BeTrue
    }

    It 'Remove-Module unhooks the resolver and a second import hooks it again' {
        $output = Invoke-LDTestChildPwsh @"
Import-Module '$ModulePath'
`$type = (Get-Command Get-LDRateLimit).ImplementingType.Assembly.GetType('LeanData.Outreach.Cmdlets.Isolation.ModuleInitializer')
`$hooked = `$type.GetProperty('IsHooked', [Reflection.BindingFlags]'NonPublic, Static')
"imported `$(`$hooked.GetValue(`$null))"
Remove-Module LeanData.Outreach
"removed `$(`$hooked.GetValue(`$null))"
Import-Module '$ModulePath'
"again `$(`$hooked.GetValue(`$null))"
$UseModule
"@
        $output | Should -Contain 'imported True'
        $output | Should -Contain 'removed False'
        $output | Should -Contain 'again True'
        $output | Should -Contain '42'
    }

    It 'works when another Polly and System.Data.SQLite were loaded first' {
        $output = Invoke-LDTestChildPwsh @"
Add-Type -Path '$OtherPolly'
Add-Type -Path '$OtherSqlite'
Import-Module '$ModulePath'
$UseModule
"@
        $output | Should -Contain 'A__c'
        $output | Should -Contain '42'
        $output | Should -Contain 'LeanData.Outreach.Core 0.1.0.0 LeanData.Outreach'
        ($output | Where-Object { $_ -like 'System.Data.SQLite 2.*' }) | Should -BeLike '* LeanData.Outreach'
        ($output | Where-Object { $_ -like 'System.Data.SQLite 1.0.119*' }) | Should -Not -BeNullOrEmpty
        ($output | Where-Object { $_ -like 'Polly.Core * Default' }) | Should -Not -BeNullOrEmpty
    }

    It 'keeps working when another Polly and System.Data.SQLite are loaded after it' {
        $output = Invoke-LDTestChildPwsh @"
Import-Module '$ModulePath'
$UseModule
Add-Type -Path '$OtherPolly'
Add-Type -Path '$OtherSqlite'
$UseModule
"@
        @($output | Where-Object { $_ -eq 'A__c' }).Count | Should -Be 2
        @($output | Where-Object { $_ -eq '42' }).Count | Should -Be 2
    }

    It 'opens no store and creates no file at import' {
        $folder = Join-Path ([IO.Path]::GetTempPath()) ("ld-import-" + [guid]::NewGuid().ToString('n'))
        $output = Invoke-LDTestChildPwsh @"
`$env:LD_OUTREACH_STORE = '$folder/store.db'
`$env:XDG_DATA_HOME = '$folder/xdg'
Import-Module '$ModulePath'
[AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -contains 'System.Data.SQLite'
"@
        $output | Should -Contain 'False'
        Test-Path $folder | Should -BeFalse
    }
}
