#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, documents and demonstrates the LeanData.Outreach module.
.DESCRIPTION
    Tasks:
      Build    publish the module to out/LeanData.Outreach (manifest, cmdlet dll, format file, MAML help,
               dependencies/ with the engine, Polly, System.Data.SQLite and native e_sqlite3 per RID),
               and the Outreach sandbox to out/sandbox.
      Test     Package, then xunit (tests/Unit), then Pester (tests/Pester) against the built module in a
               child pwsh with autoloading off; tests on the real clock (xunit Category=RealTime, Pester tag
               RealTime) run as a separate step of each. Prints a RealTime count line and the total
               "N passed, N failed" (RealTime included), and exits non-zero on failure.
      Package  Build, then write out/packages/LeanData.Outreach.<version>.nupkg (PowerShell Gallery format, made by
               Publish-PSResource; install it with Install-PSResource) and LeanData.Outreach.Sandbox.<version>.nupkg
               (a .NET tool: dotnet tool install --add-source out/packages LeanData.Outreach.Sandbox).
      Demo     Build, then run the end-to-end demo against a local sandbox.
      Bench    Build, then run every bench/*.bench.ps1 and rewrite bench/RESULTS.md.
      Docs     Turn docs/cmdlets/*.md into MAML help and docs/about/about_*.md into about_ topics in the built module.
      Clean    Remove out/ and every bin/ and obj/.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Package', 'Test', 'Demo', 'Bench', 'Docs', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # For working on one area: a dotnet test --filter expression for xunit, and the Pester test files or folders
    # to run (several as an array or one comma-separated string; each must hold a *.Tests.ps1 file).
    [string] $UnitFilter,
    [string[]] $PesterPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'LeanData.Outreach'
$SandboxOut = Join-Path $Out 'sandbox'
$PackagesOut = Join-Path $Out 'packages'
$Rids = 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64', 'win-x64', 'win-arm64'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-PwshCommand {
    # Under `dotnet pwsh` the process is the dotnet host, so start pwsh.dll through it.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    @($process)
}

function Invoke-Pwsh {
    param([string[]] $Arguments)
    $pwsh = @(Get-PwshCommand)
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive @Arguments
}

function Get-VersionPart([string] $Name) {
    ([xml](Get-Content (Join-Path $Root 'Directory.Build.props') -Raw)).SelectNodes("/Project/PropertyGroup/$Name") |
        ForEach-Object InnerText | Where-Object { $_ } | Select-Object -First 1
}

function Get-Version { Get-VersionPart VersionPrefix }

function Get-PackageVersion {
    $suffix = Get-VersionPart VersionSuffix
    if ($suffix) { "$(Get-Version)-$suffix" } else { Get-Version }
}

function Merge-FormatFiles {
    param([string] $Destination)
    $merged = [xml]'<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions /></Configuration>'
    $target = $merged.Configuration.SelectSingleNode('ViewDefinitions')
    foreach ($file in Get-ChildItem (Join-Path $Root 'src/LeanData.Outreach.Cmdlets/Formats') -Filter '*.format.ps1xml' | Sort-Object Name) {
        foreach ($view in ([xml](Get-Content $file.FullName -Raw)).Configuration.ViewDefinitions.View) {
            [void] $target.AppendChild($merged.ImportNode($view, $true))
        }
    }
    $merged.Save($Destination)
}

function Invoke-Build {
    Write-Host '== Build' -ForegroundColor Cyan
    $publish = Join-Path $Out '.publish'
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/LeanData.Outreach.Cmdlets'), '-c', $Configuration, '-o', $publish, '--nologo', '-v', 'quiet')
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/LeanData.Outreach.Sandbox'), '-c', $Configuration, '-o', $SandboxOut, '--nologo', '-v', 'quiet')

    $dependencies = Join-Path $ModuleOut 'dependencies'
    New-Item -ItemType Directory -Force $dependencies | Out-Null
    # The thin cmdlet assembly sits at the root; everything it loads at run time goes into dependencies/
    # and is loaded into the module's own AssemblyLoadContext.
    Copy-Item (Join-Path $publish 'LeanData.Outreach.Cmdlets.dll') $ModuleOut
    Get-ChildItem $publish -Filter '*.dll' | Where-Object Name -ne 'LeanData.Outreach.Cmdlets.dll' |
        Copy-Item -Destination $dependencies
    foreach ($rid in $Rids) {
        $native = Join-Path $publish "runtimes/$rid/native"
        if (Test-Path $native) {
            $dest = Join-Path $dependencies "runtimes/$rid/native"
            New-Item -ItemType Directory -Force $dest | Out-Null
            Get-ChildItem $native -Filter '*e_sqlite3*' | Copy-Item -Destination $dest
        }
    }
    $manifest = Get-Content (Join-Path $Root 'module/LeanData.Outreach.psd1') -Raw
    $manifest = $manifest -replace "ModuleVersion(\s*)=(\s*)'[^']*'", "ModuleVersion`$1=`$2'$(Get-Version)'"
    # The gallery's prerelease label comes from the same version source; a release has no Prerelease key.
    $suffix = Get-VersionPart VersionSuffix
    $manifest = if ($suffix) { $manifest -replace "Prerelease(\s*)=(\s*)''[^\r\n]*", "Prerelease`$1=`$2'$suffix'" }
                else { $manifest -replace "[ \t]*Prerelease\s*=\s*''[^\r\n]*\r?\n", '' }
    Set-Content -Path (Join-Path $ModuleOut 'LeanData.Outreach.psd1') -Value $manifest -NoNewline
    Merge-FormatFiles (Join-Path $ModuleOut 'LeanData.Outreach.Format.ps1xml')
    Copy-Item (Join-Path $Root 'src/LeanData.Outreach.Cmdlets/Types/LeanData.Outreach.Types.ps1xml') $ModuleOut
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut
    Remove-Item $publish -Recurse -Force

    Invoke-Docs
    Assert-BuildOutput
}

function Assert-BuildOutput {
    $expected = @(
        'LeanData.Outreach.psd1'
        'LICENSE'
        'LeanData.Outreach.Cmdlets.dll'
        'LeanData.Outreach.Format.ps1xml'
        'LeanData.Outreach.Types.ps1xml'
        'en-US/LeanData.Outreach.Cmdlets.dll-Help.xml'
        'en-US/about_LeanData.Outreach.help.txt'
        'en-US/about_LeanData.Outreach_Errors.help.txt'
        'en-US/about_LeanData.Outreach_Sandbox.help.txt'
        'dependencies/LeanData.Outreach.Core.dll'
        'dependencies/Polly.Core.dll'
        'dependencies/Polly.RateLimiting.dll'
        'dependencies/System.Data.SQLite.dll'
        'dependencies/runtimes/linux-x64/native/libe_sqlite3.so'
        'dependencies/runtimes/linux-arm64/native/libe_sqlite3.so'
        'dependencies/runtimes/osx-x64/native/libe_sqlite3.dylib'
        'dependencies/runtimes/osx-arm64/native/libe_sqlite3.dylib'
        'dependencies/runtimes/win-x64/native/e_sqlite3.dll'
        'dependencies/runtimes/win-arm64/native/e_sqlite3.dll'
    )
    $missing = $expected | Where-Object { -not (Test-Path (Join-Path $ModuleOut $_)) }
    if ($missing) { throw "The build output is missing: $($missing -join ', ')" }
    foreach ($unexpected in 'LeanData.Outreach.Core.dll', 'Polly.Core.dll', 'System.Data.SQLite.dll') {
        if (Test-Path (Join-Path $ModuleOut $unexpected)) { throw "$unexpected must live in dependencies/, not next to the cmdlet assembly." }
    }
    if (-not (Test-Path (Join-Path $SandboxOut 'LeanData.Outreach.Sandbox.dll'))) { throw 'The sandbox build is missing.' }
    Write-Host "Built $ModuleOut"
}

function Invoke-Package {
    Invoke-Build
    Write-Host '== Package' -ForegroundColor Cyan
    if (Test-Path $PackagesOut) { Remove-Item $PackagesOut -Recurse -Force }
    New-Item -ItemType Directory -Force $PackagesOut | Out-Null
    # Publish-PSResource (PSResourceGet, bundled with PowerShell) writes the gallery's own nupkg. It publishes only
    # to a registered repository, so a child pwsh registers out/packages under per-user folders moved into out/:
    # the admin's own PSResourceGet and NuGet settings are never touched.
    $settings = Join-Path $Out '.psresourceget'
    if (Test-Path $settings) { Remove-Item $settings -Recurse -Force }
    # .NET reports a per-user folder only if it exists (else PSResourceGet would write into the current directory).
    New-Item -ItemType Directory -Force $settings | Out-Null
    $script = @"
`$ErrorActionPreference = 'Stop'
foreach (`$name in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'LOCALAPPDATA', 'APPDATA') { Set-Item "env:`$name" '$settings' }
Import-Module Microsoft.PowerShell.PSResourceGet
Register-PSResourceRepository -Name LeanDataOutreachBuild -Uri '$PackagesOut' -Trusted
try { Publish-PSResource -Path '$ModuleOut' -Repository LeanDataOutreachBuild -SkipDependenciesCheck }
finally { Unregister-PSResourceRepository -Name LeanDataOutreachBuild }
"@
    Invoke-Pwsh @('-Command', $script)
    if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource failed with exit code $LASTEXITCODE." }
    Remove-Item $settings -Recurse -Force -ErrorAction SilentlyContinue
    Invoke-Native dotnet @('pack', (Join-Path $Root 'src/LeanData.Outreach.Sandbox'), '-c', $Configuration, '-o', $PackagesOut, '--nologo', '-v', 'quiet')
    Assert-PackageOutput
}

function Assert-PackageOutput {
    $version = Get-PackageVersion
    $module = Join-Path $PackagesOut "LeanData.Outreach.$version.nupkg"
    $tool = Join-Path $PackagesOut "LeanData.Outreach.Sandbox.$version.nupkg"
    foreach ($package in $module, $tool) { if (-not (Test-Path $package)) { throw "The package step did not write $package." } }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::OpenRead($module)
    try {
        $entries = @($zip.Entries.FullName)
        $expected = @('LeanData.Outreach.psd1', 'LICENSE', 'LeanData.Outreach.Cmdlets.dll', 'en-US/LeanData.Outreach.Cmdlets.dll-Help.xml') +
            @($Rids | ForEach-Object { "dependencies/runtimes/$_/native/" })
        $missing = $expected | Where-Object { $want = $_; -not ($entries | Where-Object { $_.StartsWith($want, [StringComparison]::Ordinal) }) }
        if ($missing) { throw "$module is missing: $($missing -join ', ')" }
    }
    finally { $zip.Dispose() }
    Write-Host "Packed $module and $tool"
}

function Invoke-Docs {
    Write-Host '== Docs' -ForegroundColor Cyan
    $helpGen = Join-Path $Out 'helpgen'
    Invoke-Native dotnet @('build', (Join-Path $Root 'build/HelpGen'), '-c', $Configuration, '-o', $helpGen, '--nologo', '-v', 'quiet')
    Invoke-Native dotnet @((Join-Path $helpGen 'HelpGen.dll'), (Join-Path $ModuleOut 'LeanData.Outreach.psd1'),
        (Join-Path $Root 'docs/cmdlets'), (Join-Path $ModuleOut 'en-US/LeanData.Outreach.Cmdlets.dll-Help.xml'), (Join-Path $Root 'docs/about'))
}

function Get-PesterManifest {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $path = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 was not restored to $path (tests/Unit restores it with PackageDownload)." }
    $path
}

function Resolve-PesterPaths {
    # From bash, `-PesterPath a,b` arrives as one string "a,b": split it, and refuse a path with no test file in it.
    if (-not $PesterPath) { return @(Join-Path $Root 'tests/Pester') }
    $paths = @($PesterPath | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
    foreach ($path in $paths) {
        $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($path)
        $tests = @(if (Test-Path $full) { Get-ChildItem $full -Recurse -File -Filter '*.Tests.ps1' })
        if (-not $tests) { throw "-PesterPath '$path' names no Pester test file (*.Tests.ps1)." }
        $full
    }
}

function Get-TrxCounts([string] $Directory, [string] $Name, [int] $ExitCode) {
    $trx = Get-ChildItem $Directory -Filter $Name -Recurse | Select-Object -First 1
    $counts = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    if ($trx) {
        $c = ([xml](Get-Content $trx.FullName -Raw)).TestRun.ResultSummary.Counters
        $counts.Passed = [int] $c.passed
        $counts.Failed = [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        # Skipped tests (e.g. conformance without the reference OpenAPI file) are counted as not executed.
        $counts.Skipped = [int] $c.total - [int] $c.executed
    }
    if ($ExitCode -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }  # the run itself broke
    $counts
}

function Invoke-Test {
    $pesterPaths = @(Resolve-PesterPaths)
    Invoke-Package
    $results = Join-Path $Out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force $results | Out-Null

    # Tests on the real clock (a promise such as "Ctrl+C stops within a second") carry the RealTime category/tag;
    # they run as their own step after the rest, and are counted on their own line as well as in the total.
    $scope = if ($UnitFilter) { "($UnitFilter)&" } else { '' }
    $unit = @{}
    foreach ($step in @(@{ Name = 'Main'; Title = 'xunit'; Filter = "${scope}Category!=RealTime"; Trx = 'unit.trx' },
                        @{ Name = 'RealTime'; Title = 'xunit (RealTime)'; Filter = "${scope}Category=RealTime"; Trx = 'unit-realtime.trx' })) {
        Write-Host "== $($step.Title)" -ForegroundColor Cyan
        $unitArgs = @('test', (Join-Path $Root 'tests/Unit'), '-c', $Configuration, '--nologo', '--filter', $step.Filter,
            '--logger', "trx;LogFileName=$($step.Trx)", '--logger', 'console;verbosity=minimal', '--results-directory', $results)
        # One at a time: a promise such as "within a second" is measured without sibling tests competing for the cores.
        if ($step.Name -eq 'RealTime') { $unitArgs += '--no-build', '--', 'xUnit.ParallelizeTestCollections=false' }
        & dotnet @unitArgs
        $unit[$step.Name] = Get-TrxCounts $results $step.Trx $LASTEXITCODE
    }

    Write-Host '== Pester' -ForegroundColor Cyan
    $pester = Get-PesterManifest
    $summary = Join-Path $results 'pester-summary.json'
    $env:LD_TEST_MODULE = Join-Path $ModuleOut 'LeanData.Outreach.psd1'
    $env:LD_TEST_SANDBOX = Join-Path $SandboxOut 'LeanData.Outreach.Sandbox.dll'
    $env:LD_TEST_PACKAGES = $PackagesOut
    $script = @"
`$PSModuleAutoLoadingPreference = 'None'
`$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.Management, Microsoft.PowerShell.Utility
Import-Module '$pester'
`$counts = @{}
foreach (`$step in 'Main', 'RealTime') {
    if (`$step -eq 'RealTime') { Write-Host '== Pester (RealTime)' -ForegroundColor Cyan }
    `$config = New-PesterConfiguration
    `$config.Run.Path = @('$($pesterPaths -join "','")')
    `$config.Run.PassThru = `$true
    `$config.Output.Verbosity = 'Detailed'
    if (`$step -eq 'Main') { `$config.Filter.ExcludeTag = @('RealTime') } else { `$config.Filter.Tag = @('RealTime') }
    `$config.TestResult.Enabled = `$true
    `$config.TestResult.OutputPath = Join-Path '$results' "pester-`$(`$step.ToLowerInvariant()).xml"
    `$result = `$null
    try { `$result = Invoke-Pester -Configuration `$config }
    catch { Write-Host "Pester (`$step) did not finish: `$_" -ForegroundColor Red }
    # A run that did not report its counts (its result export failed, say) is a failure, never a silent zero.
    `$counts[`$step] = if (`$null -eq `$result -or `$null -eq `$result.PassedCount) { @{ Passed = 0; Failed = 1; Skipped = 0 } }
        else { @{ Passed = `$result.PassedCount; Failed = `$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount; Skipped = `$result.SkippedCount } }
}
`$counts | ConvertTo-Json | Set-Content '$summary'
"@
    Invoke-Pwsh @('-Command', $script)
    $pesterCounts = @{}
    foreach ($name in 'Main', 'RealTime') { $pesterCounts[$name] = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    if (Test-Path $summary) {
        $s = Get-Content $summary -Raw | ConvertFrom-Json
        foreach ($name in 'Main', 'RealTime') { if ($null -ne $s.$name.Passed) { $pesterCounts[$name] = $s.$name } }
    }

    $unitPassed = $unit.Main.Passed + $unit.RealTime.Passed; $unitFailed = $unit.Main.Failed + $unit.RealTime.Failed
    $unitSkipped = $unit.Main.Skipped + $unit.RealTime.Skipped
    $pesterPassed = $pesterCounts.Main.Passed + $pesterCounts.RealTime.Passed
    $pesterFailed = $pesterCounts.Main.Failed + $pesterCounts.RealTime.Failed
    $pesterSkipped = $pesterCounts.Main.Skipped + $pesterCounts.RealTime.Skipped
    $realPassed = $unit.RealTime.Passed + $pesterCounts.RealTime.Passed
    $realFailed = $unit.RealTime.Failed + $pesterCounts.RealTime.Failed
    $passed = $unitPassed + $pesterPassed
    $failed = $unitFailed + $pesterFailed
    Write-Host ("xunit: {0} passed, {1} failed, {2} skipped; Pester: {3} passed, {4} failed, {5} skipped" -f
        $unitPassed, $unitFailed, $unitSkipped, $pesterPassed, $pesterFailed, $pesterSkipped)
    Write-Host ("RealTime (on the real clock, included above): {0} passed, {1} failed (xunit {2}, Pester {3})" -f
        $realPassed, $realFailed, ($unit.RealTime.Passed + $unit.RealTime.Failed), ($pesterCounts.RealTime.Passed + $pesterCounts.RealTime.Failed)) -ForegroundColor $(if ($realFailed) { 'Red' } else { 'Green' })
    Write-Host "$passed passed, $failed failed" -ForegroundColor $(if ($failed) { 'Red' } else { 'Green' })
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Write-Host '== Demo' -ForegroundColor Cyan
    Invoke-Pwsh @('-File', (Join-Path $Root 'samples/Demo.ps1'), '-ModulePath', (Join-Path $ModuleOut 'LeanData.Outreach.psd1'), '-SandboxPath', (Join-Path $SandboxOut 'LeanData.Outreach.Sandbox.dll'))
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Bench {
    Invoke-Build
    Write-Host '== Bench' -ForegroundColor Cyan
    $sections = foreach ($script in Get-ChildItem (Join-Path $Root 'bench') -Filter '*.bench.ps1' | Sort-Object Name) {
        Write-Host "-- $($script.Name)"
        $text = Invoke-Pwsh @('-File', $script.FullName, '-ModulePath', (Join-Path $ModuleOut 'LeanData.Outreach.psd1'), '-SandboxPath', (Join-Path $SandboxOut 'LeanData.Outreach.Sandbox.dll'))
        if ($LASTEXITCODE -ne 0) { throw "$($script.Name) failed." }
        ($text | Out-String).Trim()
    }
    $cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Select-String '^model name' | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $header = @(
        '# Benchmark results'
        ''
        "Machine: $([Environment]::ProcessorCount) cores, $cpu, $([Runtime.InteropServices.RuntimeInformation]::OSDescription)"
        "Date: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC; PowerShell $($PSVersionTable.PSVersion); .NET $([Environment]::Version)"
        "Produced by: dotnet pwsh ./build.ps1 Bench"
        ''
    )
    ($header + ($sections -join "`n`n")) -join "`n" | Set-Content (Join-Path $Root 'bench/RESULTS.md')
    Write-Host "Wrote bench/RESULTS.md"
}

function Invoke-Clean {
    Write-Host '== Clean' -ForegroundColor Cyan
    if (Test-Path $Out) { Remove-Item $Out -Recurse -Force }
    Get-ChildItem $Root -Directory -Recurse -Include bin, obj | Where-Object FullName -notmatch '[\\/]\.git[\\/]' |
        Remove-Item -Recurse -Force
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Package' { Invoke-Package }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Docs' { Invoke-Docs }
        'Clean' { Invoke-Clean }
    }
}
