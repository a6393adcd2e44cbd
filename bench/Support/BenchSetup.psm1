# The set-up the process benchmarks share: the built module and sandbox (defaults under out/), made known to the test
# support modules through LD_TEST_MODULE / LD_TEST_SANDBOX, and all three imported for the calling script.
function Initialize-LDBench {
    param([string] $ModulePath, [string] $SandboxPath)
    $repo = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    if (-not $ModulePath) { $ModulePath = Join-Path $repo 'out/LeanData.Outreach/LeanData.Outreach.psd1' }
    if (-not $SandboxPath) { $SandboxPath = Join-Path $repo 'out/sandbox/LeanData.Outreach.Sandbox.dll' }
    $env:LD_TEST_MODULE = (Resolve-Path $ModulePath).Path
    $env:LD_TEST_SANDBOX = (Resolve-Path $SandboxPath).Path
    Import-Module (Join-Path $repo 'tests/Pester/Support/TestSupport.psm1') -Force -Global
    Import-Module (Join-Path $repo 'tests/Pester/Support/LogsTestSupport.psm1') -Force -Global
    Import-Module $env:LD_TEST_MODULE -Force -Global
}
Export-ModuleMember -Function Initialize-LDBench
