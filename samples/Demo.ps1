param([Parameter(Mandatory)][string] $ModulePath, [Parameter(Mandatory)][string] $SandboxPath)
$ErrorActionPreference = 'Stop'
$store = Join-Path ([IO.Path]::GetTempPath()) "ld-demo-$([guid]::NewGuid().ToString('n')).db"
try {
    Import-Module $ModulePath
    $env:LD_OUTREACH_STORE = $store
    Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c -PassThru | Format-Table
    Set-LDRetryPolicy -Hours 1 -PassThru | Format-Table
    Get-LDRateLimit | Format-Table
}
finally {
    Remove-Item "$store*" -ErrorAction SilentlyContinue
}
