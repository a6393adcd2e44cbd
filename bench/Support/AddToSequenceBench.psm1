# Shared plumbing for the Invoke-LDAddToSequence benchmarks: a sandbox process, a connected throwaway
# store, generated Lead records, and the sandbox's counters.

function Start-BenchSandbox {
    param([Parameter(Mandatory)][string] $SandboxPath, [string] $Seed = 'demo', [string[]] $ExtraArguments = @())
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($SandboxPath, '--port', '0', '--seed', $Seed) + $ExtraArguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(60000)) { $process.Kill($true); throw 'The sandbox did not start within 60 s.' }
    if (-not $line.Result) { throw "The sandbox exited: $($process.StandardError.ReadToEnd())" }
    $endpoints = $line.Result | ConvertFrom-Json
    [pscustomobject]@{ BaseUrl = $endpoints.baseUrl.TrimEnd('/'); AdminUrl = $endpoints.adminUrl.TrimEnd('/'); Process = $process }
}

function Stop-BenchSandbox([object] $Sandbox) {
    if ($Sandbox -and -not $Sandbox.Process.HasExited) { $Sandbox.Process.Kill($true); $Sandbox.Process.WaitForExit(5000) | Out-Null }
}

function New-BenchStore {
    param([Parameter(Mandatory)][object] $Sandbox)
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('ld-bench-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory $folder | Out-Null
    $store = Join-Path $folder 'store.db'
    $minted = Invoke-RestMethod -Method Post -Uri "$($Sandbox.AdminUrl)/tokens" -ContentType application/json -Body (@{ userId = 1 } | ConvertTo-Json)
    $secret = ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force
    $refresh = ConvertTo-SecureString $minted.refresh_token -AsPlainText -Force
    Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $secret -RefreshToken $refresh -ApiBaseUri $Sandbox.BaseUrl -StorePath $store | Out-Null
    Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_Contact_ID__c -User Outreach_User_ID__c -StorePath $store
    $store
}

function Remove-BenchStore([string] $Store) {
    if ($Store) { Remove-Item (Split-Path $Store -Parent) -Recurse -Force -ErrorAction SilentlyContinue }
}

function New-BenchLead {
    # Lead records shaped like Import-Csv rows, owned by Outreach user 1, for prospects First..Last.
    param([int] $First, [int] $Last)
    for ($i = $First; $i -le $Last; $i++) {
        [pscustomobject]@{
            Id                          = '00Q{0:D12}AAA' -f $i
            Outreach_ID__c              = [string] $i
            Email                       = "prospect$i@example.com"
            OwnerId                     = '005000000000001AAA'
            'Owner.Outreach_User_ID__c' = '1'
        }
    }
}

function Get-BenchCounters([object] $Sandbox) { Invoke-RestMethod "$($Sandbox.AdminUrl)/counters" }

function Clear-BenchCounters([object] $Sandbox) { Invoke-RestMethod -Method Delete "$($Sandbox.AdminUrl)/counters" | Out-Null }

function Get-BenchApiRequestCount([object] $Counters) {
    # Every API and OAuth request the sandbox answered (not the admin API).
    ($Counters.requests | Measure-Object -Property count -Sum).Sum
}
