<#
.SYNOPSIS
    Renders the module's default views as an 80-column console shows them, against the sandbox's demo org:
    Invoke-LDAddToSequence results, Get-LDAuditLog, Get-LDPartnerLog, Get-LDOutreachUser, Start-LDRetryWorker
    and Test-LDOutreachConnection.
.DESCRIPTION
    Starts the sandbox (seeded with its demo org) on a free loopback port and a throwaway store, sends
    samples/leads.csv to 'Demo: Shared Email Nurture' from each record owner's mailbox, and writes each view through
    Out-String -Width 80 to the output (and to -OutFile). Times and ids differ from run to run; the layout does not.
    tests/Pester/Views.Tests.ps1 runs it and fails on a line wider than 80 columns.
.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh ./docs/views/Show-Views.ps1 -OutFile ./docs/views/at-80-columns.txt
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/LeanData.Outreach/LeanData.Outreach.psd1'),
    [string] $SandboxPath = (Join-Path $PSScriptRoot '../../out/sandbox/LeanData.Outreach.Sandbox.dll'),
    [string] $OutFile,
    [int] $Width = 80
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module Microsoft.PowerShell.Management, Microsoft.PowerShell.Utility, Microsoft.PowerShell.Security
$rendering = $PSStyle.OutputRendering
$PSStyle.OutputRendering = 'PlainText'
$work = Join-Path ([IO.Path]::GetTempPath()) ("ld-views-" + [guid]::NewGuid().ToString('n'))
$store = Join-Path $work 'store.db'
$sandbox = $null
$text = [Text.StringBuilder]::new()

function Add-View([string[]] $Command, [object[]] $Objects) {
    [void] $text.AppendLine("PS> $($Command[0])")
    foreach ($continued in $Command | Select-Object -Skip 1) { [void] $text.AppendLine(">>   $continued") }
    [void] $text.AppendLine((($Objects | Out-String -Width $Width) -split "`r?`n" | ForEach-Object TrimEnd | Out-String).TrimEnd())
    [void] $text.AppendLine()
}

try {
    New-Item -ItemType Directory $work | Out-Null
    Import-Module $ModulePath
    $PSDefaultParameterValues['*-LD*:StorePath'] = $store

    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $SandboxPath, '--port', '0', '--seed', 'demo') { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(30000) -or -not $line.Result) { $process.Kill($true); throw "The sandbox did not start: $($process.StandardError.ReadToEnd())" }
    $sandbox = [pscustomobject]@{ Process = $process; Endpoints = $line.Result | ConvertFrom-Json }

    # The sandbox's authorize page approves at once and redirects with a code.
    $redirect = 'http://127.0.0.1:5123/callback'
    $authorize = "$($sandbox.Endpoints.oauthUrl)/authorize?client_id=ld-demo-client&redirect_uri=$([uri]::EscapeDataString($redirect))&response_type=code&state=views"
    $answer = Invoke-WebRequest -Uri $authorize -MaximumRedirection 0 -SkipHttpErrorCheck -ErrorAction SilentlyContinue
    $code = [Web.HttpUtility]::ParseQueryString(([uri] "$($answer.Headers.Location)").Query)['code']
    Connect-LDOutreach -ClientId ld-demo-client -ClientSecret (ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force) `
        -AuthorizationCode $code -RedirectUri $redirect -ApiBaseUri $sandbox.Endpoints.baseUrl | Out-Null
    Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c

    $results = @(Import-Csv (Join-Path $PSScriptRoot '../../samples/leads.csv') |
        Invoke-LDAddToSequence -Sequence 'Demo: Shared Email Nurture' -Mailbox RecordOwner -NodeName 'Inbound Leads' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    Add-View @('Import-Csv ./samples/leads.csv |', "Invoke-LDAddToSequence -Sequence 'Demo: Shared Email Nurture' ``", "    -Mailbox RecordOwner -NodeName 'Inbound Leads'") $results
    Add-View 'Get-LDAuditLog' @(Get-LDAuditLog)
    Add-View 'Get-LDPartnerLog | Select-Object -Last 5' @(Get-LDPartnerLog | Select-Object -Last 5)
    Add-View 'Get-LDOutreachUser -All' @(Get-LDOutreachUser -All)
    Add-View 'Start-LDRetryWorker -Once' @(Start-LDRetryWorker -Once)
    Add-View 'Test-LDOutreachConnection' @(Test-LDOutreachConnection)

    $rendered = $text.ToString().TrimEnd() + "`n"
    if ($OutFile) { Set-Content -Path $OutFile -Value $rendered -NoNewline -Encoding utf8 }
    $rendered
}
finally {
    $PSStyle.OutputRendering = $rendering
    if ($sandbox) { $sandbox.Process.Kill($true); $sandbox.Process.WaitForExit(10000) | Out-Null; $sandbox.Process.Dispose() }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
