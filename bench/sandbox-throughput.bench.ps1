<#
    build.ps1 Bench entry for the sandbox throughput benchmark: runs sandbox-throughput.ps1 against the
    sandbox that build.ps1 built (-SandboxPath) and returns its markdown section.
#>
param([string] $ModulePath, [string] $SandboxPath)
$ErrorActionPreference = 'Stop'
& (Join-Path $PSScriptRoot 'sandbox-throughput.ps1') -ModulePath $ModulePath -SandboxPath $SandboxPath
exit $LASTEXITCODE
