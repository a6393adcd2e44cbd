# What `build.ps1 Package` ships, used the way admins use it: the sandbox installed as a .NET tool from
# out/packages and started by its command name; the module installed by name with PSResourceGet from out/packages
# as a local repository, imported by name in a fresh pwsh whose PSModulePath and per-user folders are temporary,
# then connected to that sandbox and used for real. And Publish-PSResource of the built module folder to another
# folder repository, as a company feeds its internal gallery.
BeforeAll {
    Import-Module Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    $script:Packages = if ($env:LD_TEST_PACKAGES) { $env:LD_TEST_PACKAGES } else { Join-Path $PSScriptRoot '../../out/packages' | Resolve-Path | Select-Object -ExpandProperty Path }
    $script:ModuleFolder = Split-Path (Get-LDTestModulePath) -Parent
    $script:Version = (Import-PowerShellDataFile (Get-LDTestModulePath)).ModuleVersion
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("ld-package-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory $Work | Out-Null

    function script:Invoke-IsolatedPwsh {
        # A fresh pwsh as a new admin's would be: per-user data/config folders and PSModulePath under $Work.
        param([Parameter(Mandatory)][string] $Script)
        $saved = @{}
        # PSResourceGet installs CurrentUser modules under HOME/.local/share on Linux and macOS, pwsh looks there
        # through XDG_DATA_HOME; .NET reports such a folder only if it exists, so create it first.
        $home_ = Join-Path $Work 'home'
        $data = Join-Path $home_ '.local/share'
        $modules = Join-Path $data 'powershell/Modules'
        New-Item -ItemType Directory -Force $modules, (Join-Path $home_ '.config') | Out-Null
        $environment = @{
            HOME = $IsWindows ? $env:HOME : $home_
            XDG_DATA_HOME = $data; XDG_CONFIG_HOME = (Join-Path $home_ '.config')
            LOCALAPPDATA = $data; APPDATA = (Join-Path $home_ '.config')
            PSModulePath = $modules
        }
        foreach ($name in $environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            foreach ($name in $environment.Keys) { [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
            $pwsh = Get-LDTestPwshCommand
            $output = & $pwsh[0] $pwsh[1..9] -NoProfile -NonInteractive -Command "`$ErrorActionPreference = 'Stop'; $Script" 2>&1
            if ($LASTEXITCODE -ne 0) { throw "Child pwsh failed ($LASTEXITCODE): $($output -join [Environment]::NewLine)" }
            $output
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
}
AfterAll {
    if ($script:ToolSandbox -and -not $ToolSandbox.HasExited) { $ToolSandbox.Kill($true); $ToolSandbox.WaitForExit(10000) | Out-Null }
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'build.ps1 Package' {
    It 'writes the module in the PowerShell Gallery''s format: manifest PSData, LICENSE, natives for six RIDs, help' {
        $nupkg = Join-Path $Packages "LeanData.Outreach.$Version.nupkg"
        $nupkg | Should -Exist
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $entries = @($zip.Entries.FullName)
            $nuspec = [xml] [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'LeanData.Outreach.nuspec').Open()).ReadToEnd()
            $manifestText = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'LeanData.Outreach.psd1').Open()).ReadToEnd()
        }
        finally { $zip.Dispose() }
        $entries | Should -Contain 'LICENSE'
        $entries | Should -Contain 'en-US/LeanData.Outreach.Cmdlets.dll-Help.xml'
        $entries | Should -Contain 'en-US/about_LeanData.Outreach.help.txt'
        foreach ($native in 'linux-x64/native/libe_sqlite3.so', 'linux-arm64/native/libe_sqlite3.so', 'osx-x64/native/libe_sqlite3.dylib',
            'osx-arm64/native/libe_sqlite3.dylib', 'win-x64/native/e_sqlite3.dll', 'win-arm64/native/e_sqlite3.dll') {
            $entries | Should -Contain "dependencies/runtimes/$native"
        }
        $nuspec.package.metadata.id | Should -Be 'LeanData.Outreach'
        $nuspec.package.metadata.version | Should -Be $Version
        $nuspec.package.metadata.tags | Should -Match '\bPSModule\b'
        $nuspec.package.metadata.licenseUrl | Should -Not -BeNullOrEmpty
        $nuspec.package.metadata.projectUrl | Should -Not -BeNullOrEmpty
        $nuspec.package.metadata.releaseNotes | Should -Not -BeNullOrEmpty

        $psData = ([scriptblock]::Create($manifestText).Ast.Find({ $args[0] -is [Management.Automation.Language.HashtableAst] }, $false).SafeGetValue()).PrivateData.PSData
        foreach ($key in 'Tags', 'ProjectUri', 'LicenseUri', 'ReleaseNotes') { $psData[$key] | Should -Not -BeNullOrEmpty -Because "PSData.$key" }
        $psData.Keys | Should -Not -Contain 'Prerelease' -Because 'a release version (no VersionSuffix) carries no prerelease label'
    }

    It 'ships the sandbox as a .NET tool that prints its API root and the exact Connect-LDOutreach line' {
        $toolPath = Join-Path $Work 'tools'
        $config = Join-Path $Work 'nuget.config'
        # Only out/packages as a source: the tool must install from the package step alone.
        Set-Content $config "<?xml version=`"1.0`" encoding=`"utf-8`"?><configuration><packageSources><clear /><add key=`"local`" value=`"$Packages`" /></packageSources></configuration>"
        $installed = & dotnet tool install LeanData.Outreach.Sandbox --version $Version --tool-path $toolPath --configfile $config 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($installed -join "`n")
        $command = Join-Path $toolPath ($IsWindows ? 'ld-outreach-sandbox.exe' : 'ld-outreach-sandbox')
        $command | Should -Exist

        $info = [Diagnostics.ProcessStartInfo]::new($command)
        foreach ($a in '--port', '0', '--seed', 'demo') { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $script:ToolSandbox = [Diagnostics.Process]::Start($info)
        $first = $ToolSandbox.StandardOutput.ReadLineAsync()
        $first.Wait(30000) | Should -BeTrue -Because 'the sandbox prints its URLs once listening'
        $script:Endpoints = $first.Result | ConvertFrom-Json
        $banner = [Collections.Generic.List[string]]::new()
        while (-not ($banner | Where-Object { $_ -match 'Connect-LDOutreach' })) {
            $next = $ToolSandbox.StandardError.ReadLineAsync()
            $next.Wait(10000) | Should -BeTrue
            if ($null -eq $next.Result) { break }
            $banner.Add($next.Result)
        }
        $banner -join "`n" | Should -Match ([regex]::Escape("API root:  $($Endpoints.baseUrl)"))
        $connectLine = ($banner | Where-Object { $_ -match 'Connect-LDOutreach' }).Trim()
        $connectLine | Should -Be "Connect-LDOutreach -ClientId 'ld-demo-client' -ClientSecret (ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force) -ApiBaseUri $($Endpoints.baseUrl)"
        # The line is valid PowerShell that binds to the real cmdlet (the interactive set: it would open a browser).
        $errors = $null
        [Management.Automation.Language.Parser]::ParseInput($connectLine, [ref] $null, [ref] $errors) | Out-Null
        $errors | Should -BeNullOrEmpty
    }

    It 'installs by name from out/packages with PSResourceGet, imports by name and works against the sandbox' {
        $Endpoints | Should -Not -BeNullOrEmpty -Because 'the previous test started the tool sandbox'
        $store = Join-Path $Work 'store.db'
        $output = Invoke-IsolatedPwsh @"
Register-PSResourceRepository -Name local -Uri '$Packages'
Install-PSResource LeanData.Outreach -Repository local -TrustRepository -Quiet
Import-Module LeanData.Outreach
`$module = Get-Module LeanData.Outreach
`$redirect = 'http://127.0.0.1:5123/callback'
`$answer = Invoke-WebRequest -Uri "$($Endpoints.oauthUrl)/authorize?client_id=ld-demo-client&redirect_uri=`$([uri]::EscapeDataString(`$redirect))&response_type=code&state=x" -MaximumRedirection 0 -SkipHttpErrorCheck -ErrorAction SilentlyContinue
`$code = [Web.HttpUtility]::ParseQueryString(([uri] "`$(`$answer.Headers.Location)").Query)['code']
`$credential = [pscredential]::new('ld-demo-client', (ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force))
Connect-LDOutreach -ClientId ld-demo-client -ClientSecret `$credential.Password -AuthorizationCode `$code -RedirectUri `$redirect -ApiBaseUri '$($Endpoints.baseUrl)' -StorePath '$store'
Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c -StorePath '$store'
`$lead = [pscustomobject]@{ Id = '00Q000000000001AAA'; Email = 'paula.success@acme.example'; OwnerId = '005000000000002AAA'; 'Owner.Outreach_User_ID__c' = '2'; Outreach_Prospect_ID__c = '1' }
`$result = `$lead | Invoke-LDAddToSequence -Sequence 'Demo: Shared Email Nurture' -Mailbox RecordOwner -NodeName 'Install test' -StorePath '$store'
[pscustomobject]@{
    Version = `$module.Version.ToString()
    ModuleBase = `$module.ModuleBase
    Outcome = "`$(`$result.Outcome)"
    SequenceStateId = `$result.SequenceStateId
    Installed = (Get-InstalledPSResource LeanData.Outreach).Version.ToString()
    AboutTopic = (Get-Help about_LeanData.Outreach | Out-String) -match 'Rehearse against the sandbox'
} | ConvertTo-Json -Compress
"@
        $answer = ($output | Select-Object -Last 1) | ConvertFrom-Json
        $answer.Version | Should -Be $Version
        $answer.Installed | Should -Be $Version
        $answer.ModuleBase | Should -BeLike "$Work*" -Because 'the module came from the temporary PSModulePath, not the build output'
        $answer.Outcome | Should -Be 'Success'
        $answer.SequenceStateId | Should -BeGreaterThan 0
        $answer.AboutTopic | Should -BeTrue -Because 'about_ help ships in the package and Get-Help finds it for the installed module'
    }

    It 'publishes the built module folder to a folder repository with Publish-PSResource' {
        $feed = Join-Path $Work 'company-feed'
        New-Item -ItemType Directory $feed | Out-Null
        $output = Invoke-IsolatedPwsh @"
Register-PSResourceRepository -Name company -Uri '$feed' -Trusted
Publish-PSResource -Path '$ModuleFolder' -Repository company
(Find-PSResource LeanData.Outreach -Repository company).Version.ToString()
"@
        ($output | Select-Object -Last 1) | Should -Be $Version
        Join-Path $feed "LeanData.Outreach.$Version.nupkg" | Should -Exist
    }
}
