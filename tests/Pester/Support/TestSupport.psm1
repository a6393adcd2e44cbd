# Helpers shared by the Pester suites: where the built module and sandbox are, throwaway stores,
# a sandbox process per test file on a free port, and a store connected to it.

function Get-LDTestModulePath {
    if ($env:LD_TEST_MODULE) { return $env:LD_TEST_MODULE }
    Join-Path $PSScriptRoot '../../../out/LeanData.Outreach/LeanData.Outreach.psd1' | Resolve-Path | Select-Object -ExpandProperty Path
}

function Get-LDTestSandboxPath {
    if ($env:LD_TEST_SANDBOX) { return $env:LD_TEST_SANDBOX }
    Join-Path $PSScriptRoot '../../../out/sandbox/LeanData.Outreach.Sandbox.dll' | Resolve-Path | Select-Object -ExpandProperty Path
}

function New-LDTestStorePath {
    $folder = Join-Path ([IO.Path]::GetTempPath()) ("ld-test-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory $folder | Out-Null
    Join-Path $folder 'store.db'
}

function Remove-LDTestStore {
    param([string] $Path)
    if ($Path) { Remove-Item (Split-Path $Path -Parent) -Recurse -Force -ErrorAction SilentlyContinue }
}

function Get-LDTestStoreSnapshot {
    # Everything the store holds that admins can read back, as one string, for "nothing changed" checks.
    param([string] $Path)
    if (-not (Test-Path $Path)) { return '<no store>' }
    @(
        Get-LDFieldMapping -StorePath $Path -ErrorAction SilentlyContinue
        Get-LDRetryPolicy -StorePath $Path
        Get-LDRateLimit -StorePath $Path
        Get-LDUserSequenceMap -StorePath $Path
        # The actions, their attempts and their callouts.
        Get-LDAuditLog -StorePath $Path
        Get-LDPartnerLog -StorePath $Path
    ) | ConvertTo-Json -Depth 4 -Compress
}

function Get-LDTestPwshCommand {
    # Under `dotnet pwsh` the process is the dotnet host, so start pwsh.dll through it.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    @($process)
}

function Start-LDTestSandbox {
    <# Starts the built sandbox on a free port and returns an object with BaseUrl, AdminUrl, OAuthUrl and Process. #>
    param([string] $Seed = 'demo', [string[]] $ExtraArguments = @())
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @((Get-LDTestSandboxPath), '--port', '0', '--seed', $Seed) + $ExtraArguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait(30000)) { $process.Kill($true); throw 'The sandbox did not start within 30 s.' }
    $line = $readLine.Result
    if (-not $line) { throw "The sandbox exited: $($process.StandardError.ReadToEnd())" }
    $endpoints = $line | ConvertFrom-Json
    [pscustomobject]@{
        BaseUrl  = $endpoints.baseUrl
        AdminUrl = $endpoints.adminUrl
        OAuthUrl = $endpoints.oauthUrl
        Process  = $process
    }
}

function Connect-LDTestSandbox {
    <# Connects a store to a test sandbox with Connect-LDOutreach -AuthorizationCode (the sandbox's authorize endpoint approves at once). #>
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)][string] $StorePath, [int] $UserId = 1)
    $redirect = 'http://127.0.0.1:5123/callback'
    $query = "client_id=ld-demo-client&redirect_uri=$([uri]::EscapeDataString($redirect))&response_type=code&state=pester&user_id=$UserId"
    $answer = Invoke-WebRequest -Uri "$($Sandbox.OAuthUrl)/authorize?$query" -MaximumRedirection 0 -SkipHttpErrorCheck -ErrorAction SilentlyContinue
    $code = [Web.HttpUtility]::ParseQueryString(([uri] "$($answer.Headers.Location)").Query)['code']
    if (-not $code) { throw "The sandbox did not issue a code (HTTP $($answer.StatusCode))." }
    Connect-LDOutreach -ClientId ld-demo-client -ClientSecret ([Net.NetworkCredential]::new('', 'ld-demo-secret').SecurePassword) -AuthorizationCode $code `
        -RedirectUri $redirect -ApiBaseUri $Sandbox.BaseUrl -StorePath $StorePath
}

function Stop-LDTestSandbox {
    param($Sandbox)
    if ($Sandbox -and -not $Sandbox.Process.HasExited) {
        $Sandbox.Process.Kill($true)
        $Sandbox.Process.WaitForExit(10000) | Out-Null
    }
}

function Invoke-LDTestChildPwsh {
    <# Runs a script in a fresh pwsh (autoloading off) and returns its output lines; throws on a non-zero exit. #>
    param([Parameter(Mandatory)][string] $Script)
    $pwsh = Get-LDTestPwshCommand
    $output = & $pwsh[0] $pwsh[1..9] -NoProfile -NonInteractive -Command "`$PSModuleAutoLoadingPreference = 'None'; Import-Module Microsoft.PowerShell.Management, Microsoft.PowerShell.Utility; $Script" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Child pwsh failed ($LASTEXITCODE): $($output -join [Environment]::NewLine)" }
    $output
}

Export-ModuleMember -Function *-LDTest*
