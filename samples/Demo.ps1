<#
.SYNOPSIS
    The whole job end to end against a local Outreach sandbox: connect, map fields, import Salesforce users
    and records, add them to sequences with each mailbox mode, ride out a maintenance window with the retry
    worker, summarise the audit and partner logs, and write the routing report (HTML with charts).
.DESCRIPTION
    Run through `dotnet pwsh ./build.ps1 Demo`. Starts the sandbox (seeded with its demo org) on a free
    loopback port, uses a throwaway store, and stops and removes both at the end, whatever happens.
    -SummaryPath writes the closing figures as JSON (the Pester test reads them). The routing report is kept
    (-ReportPath, default out/demo/routing-report.html) and its path is the last line printed.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $SandboxPath,
    [string] $SummaryPath,
    [string] $ReportPath = (Join-Path $PSScriptRoot '../out/demo/routing-report.html')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$samples = $PSScriptRoot
$work = Join-Path ([IO.Path]::GetTempPath()) ("ld-demo-" + [guid]::NewGuid().ToString('n'))
$store = Join-Path $work 'store.db'
$sandbox = $null
$clock = [Diagnostics.Stopwatch]::StartNew()

function Write-Step([string] $text) { Write-Host ''; Write-Host "== $text" -ForegroundColor Cyan }
function Show([object[]] $objects) { $objects | Out-String -Width 160 | ForEach-Object TrimEnd | Write-Host }

function Start-Sandbox {
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $SandboxPath, '--port', '0', '--seed', 'demo') { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(30000) -or -not $line.Result) { $process.Kill($true); throw "The sandbox did not start: $($process.StandardError.ReadToEnd())" }
    $endpoints = $line.Result | ConvertFrom-Json
    [pscustomobject]@{ Process = $process; BaseUrl = $endpoints.baseUrl; AdminUrl = $endpoints.adminUrl; OAuthUrl = $endpoints.oauthUrl }
}

function Invoke-Admin([string] $Path, [string] $Method = 'Get', $Body) {
    $arguments = @{ Method = $Method; Uri = "$($sandbox.AdminUrl)/$Path" }
    if ($null -ne $Body) { $arguments.ContentType = 'application/json'; $arguments.Body = $Body | ConvertTo-Json -Compress }
    Invoke-RestMethod @arguments
}

try {
    New-Item -ItemType Directory $work | Out-Null
    Import-Module $ModulePath
    $PSDefaultParameterValues['*-LD*:StorePath'] = $store

    Write-Step 'Starting the Outreach sandbox (demo org)'
    $sandbox = Start-Sandbox
    Write-Host "Outreach API: $($sandbox.BaseUrl)"

    Write-Step 'Connecting through OAuth (authorization code flow)'
    # The sandbox's authorize page approves at once and redirects with a code, as Outreach does after the admin clicks Authorize.
    $redirect = 'http://127.0.0.1:5123/callback'
    $state = [guid]::NewGuid().ToString('n')
    # Granted: the four scopes the integration documents and the Bulk API's two; the other optional ones are left out on purpose.
    $scopes = [uri]::EscapeDataString('sequences.all sequenceStates.all mailboxes.all prospects.all batches.read batches.write')
    $authorize = "$($sandbox.OAuthUrl)/authorize?client_id=ld-demo-client&redirect_uri=$([uri]::EscapeDataString($redirect))&response_type=code&scope=$scopes&state=$state"
    $answer = Invoke-WebRequest -Uri $authorize -MaximumRedirection 0 -SkipHttpErrorCheck -ErrorAction SilentlyContinue
    $query = [Web.HttpUtility]::ParseQueryString(([uri] "$($answer.Headers.Location)").Query)
    if ($query['state'] -ne $state) { throw 'The authorization answer carried the wrong state.' }
    $secret = ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force
    Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $secret -AuthorizationCode $query['code'] -RedirectUri $redirect -ApiBaseUri $sandbox.BaseUrl

    Write-Step 'Field mapping, retry policy, connection check, Salesforce users'
    Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c
    Set-LDRetryPolicy -Minutes 15 -MaxAttempts 6
    Show (Get-LDFieldMapping)
    Show (Test-LDOutreachConnection | Where-Object Status -ne 'NotChecked' | Select-Object Name, Status)
    $users = Get-Content (Join-Path $samples 'salesforce-users.sf.json') -Raw | ConvertFrom-Json
    Show ($users | Import-LDSalesforceUser -PassThru)

    Write-Step 'Leads from a CSV export -> "Demo: Shared Email Nurture", sent from each record owner''s mailbox'
    $leads = Import-Csv (Join-Path $samples 'leads.csv')
    $leadResults = $leads | Invoke-LDAddToSequence -Sequence 'Demo: Shared Email Nurture' -Mailbox RecordOwner -NodeName 'Inbound Leads' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    Show $leadResults

    Write-Step 'Contacts from Salesforce CLI JSON -> the same sequence, sent as the SDR in SDR__c'
    $contacts = (Get-Content (Join-Path $samples 'contacts.sf.json') -Raw | ConvertFrom-Json).result.records
    $contactResults = $contacts | Invoke-LDAddToSequence -Sequence 1 -Mailbox UserField -UserField SDR__c -NodeName 'Contact Nurture' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    Show $contactResults

    Write-Step 'Outreach goes into scheduled maintenance'
    $window = Invoke-Admin 'maintenance' Post @{ durationSeconds = 600 }
    Write-Host "Maintenance window until $($window.endsAt)"
    $attendees = Import-Csv (Join-Path $samples 'event-attendees.csv')
    Write-Host "Event attendees -> 'Demo: Shared Call Blitz (no email)', sent from ada.admin@demo.example's mailbox"
    $eventResults = $attendees | Invoke-LDAddToSequence -Sequence 'Demo: Shared Call Blitz (no email)' -Mailbox SpecificUser -User 'ada.admin@demo.example' -NodeName 'Event Follow-up' -WarningAction SilentlyContinue
    Show $eventResults
    Show (Get-LDAuditLog -Outcome Pending | Format-Table ActionId, RecordId, OutcomeDisplay, ErrorCategory, AttemptCount, NextAttemptAt)

    Write-Step 'What the retry worker would send'
    Start-LDRetryWorker -Once -IncludeNotDue -WhatIf

    Write-Step 'Maintenance ends early; the retry worker sends the Pending actions now'
    Invoke-Admin 'maintenance' Delete | Out-Null
    $retry = Start-LDRetryWorker -Once -IncludeNotDue
    Show $retry
    if ($retry.PendingInStore -ne 0) { throw "$($retry.PendingInStore) actions are still Pending after the retry worker ran." }

    Write-Step 'A campaign list -> "Demo: Re-add When Inactive" in one bulk action (Outreach''s Bulk API)'
    # Six prospects from Ada's mailbox; -BulkThreshold 5 (default 25) because the demo org is small.
    $campaign = 1..6 | ForEach-Object { [pscustomobject]@{ Id = '00Q0000000001{0:D2}AAA' -f $_; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1'; Outreach_Prospect_ID__c = "$_" } }
    $campaignResults = $campaign | Invoke-LDAddToSequence -Sequence 'Demo: Re-add When Inactive' -Mailbox RecordOwner -NodeName 'Campaign (bulk)' -BulkThreshold 5
    Show ($campaignResults | Format-Table RecordId, ProspectId, Outcome, Via, SequenceStateId)

    Write-Step 'Summary: outcomes by node'
    $audit = @(Get-LDAuditLog)
    $byNode = $audit | Group-Object NodeName | ForEach-Object {
        $node = $_
        $row = [ordered]@{ NodeName = $node.Name; Entries = $node.Count }
        foreach ($outcome in 'Success', 'Pending', 'Error', 'Edge', 'Skipped') { $row[$outcome] = @($node.Group | Where-Object Outcome -eq $outcome).Count }
        [pscustomobject] $row
    }
    Show ($byNode | Format-Table)

    Write-Step 'Summary: edges taken (Error (Fallback))'
    $edges = $audit | Where-Object Edge | Group-Object Edge | ForEach-Object {
        [pscustomobject]@{ Edge = $_.Name; Count = $_.Count; Records = ($_.Group.RecordId -join ', '); Remedy = $_.Group[0].RecommendedAction }
    }
    Show ($edges | Format-Table -Wrap)

    Write-Step 'Summary: errors by category, with their remedies'
    $errors = $audit | Where-Object Outcome -eq 'Error' | Group-Object ErrorCategory | Sort-Object Count -Descending | ForEach-Object {
        [pscustomobject]@{ ErrorCategory = $_.Name; Count = $_.Count; Records = ($_.Group.RecordId -join ', '); Remedy = $_.Group[0].RecommendedAction }
    }
    Show ($errors | Format-List)

    Write-Step 'Summary: partner log'
    $partner = Get-LDPartnerLog -Summary
    Show ($partner | Format-List Actions, Callouts, Succeeded, Failed, Pending, TotalCalloutDurationMs)
    if ($partner.FailureReasons.Count) { Show ($partner.FailureReasons.GetEnumerator() | Select-Object @{ n = 'FailureReason'; e = 'Key' }, @{ n = 'Actions'; e = 'Value' }) }
    Show (Get-LDRateLimitStatus)

    $counters = Invoke-Admin 'counters'
    $twice = @($counters.enrollments | Where-Object count -gt 1)
    Write-Host ("Sandbox: {0} enrollment requests and {1} bulk action(s), {2} sequenceStates created, {3} prospects enrolled twice." -f $counters.sequenceStatePosts, $counters.batchPosts, $counters.sequenceStatesCreated, $twice.Count)

    Write-Step 'Routing report'
    New-Item -ItemType Directory -Force (Split-Path $ReportPath) | Out-Null
    $report = Export-LDRoutingReport -Path $ReportPath -Force
    Write-Host ("Demo finished in {0:N1} s." -f $clock.Elapsed.TotalSeconds) -ForegroundColor Green
    Write-Host "Routing report: $($report.FullName)" -ForegroundColor Green

    if ($SummaryPath) {
        [ordered]@{
            Entries            = $audit.Count
            Outcomes           = [ordered]@{ Success = @($audit | Where-Object Outcome -eq 'Success').Count; Pending = @($audit | Where-Object Outcome -eq 'Pending').Count
                                             Error = @($audit | Where-Object Outcome -eq 'Error').Count; Edge = @($audit | Where-Object Outcome -eq 'Edge').Count }
            Nodes              = @($byNode)
            Edges              = @($edges | Select-Object Edge, Count)
            Errors             = @($errors | Select-Object ErrorCategory, Count, Remedy)
            PendingDuringMaintenance = @($eventResults | Where-Object Outcome -eq 'Pending').Count
            Retry              = $retry | Select-Object Processed, Succeeded, Failed, StillPending, PendingInStore
            Partner            = $partner | Select-Object Actions, Callouts, Succeeded, Failed, Pending
            EnrollmentRequests = $counters.sequenceStatePosts
            BulkActions        = $counters.batchPosts
            EnrolledInBulk     = @($campaignResults | Where-Object { $_.Via -eq 'Bulk' -and $_.Outcome -eq 'Success' }).Count
            EnrolledTwice      = $twice.Count
            Seconds            = [Math]::Round($clock.Elapsed.TotalSeconds, 1)
            SandboxProcessId   = $sandbox.Process.Id
            ReportPath         = $report.FullName
        } | ConvertTo-Json -Depth 5 | Set-Content -Path $SummaryPath
    }
}
finally {
    if ($sandbox -and -not $sandbox.Process.HasExited) {
        $sandbox.Process.Kill($true)
        $sandbox.Process.WaitForExit(10000) | Out-Null
    }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
