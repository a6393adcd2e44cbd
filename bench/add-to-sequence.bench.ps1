<#
    Invoke-LDAddToSequence benchmarks (issue 5), each against a fresh sandbox process:
      1. API requests per successful enrollment over 10,000 records, counting every request (catalog
         refresh, token refresh, enrollments): at most 1.01.
      2. Throughput with the sandbox's rate limit off, beside a naive Invoke-RestMethod loop POSTing the
         same kind of enrollments one by one in the same run: at least 1,000/s and 3x the naive rate.
      3. Rate-limit use: sandbox limit 600 per 60 s, 2,000 records, client budget 590 per 60 s: at least 90%
         of the allowed requests used per full window, and no 429.
      4. Memory: 1,000,000 generated records through -WhatIf in a child process: peak working set under 300 MB
         and flat (compared with 100,000 records).
    Writes its section to stdout and to bench/results/add-to-sequence.md. -Only picks benchmarks by number.
#>
param([Parameter(Mandatory)][string] $ModulePath, [Parameter(Mandatory)][string] $SandboxPath, [int[]] $Only = @(1, 2, 3, 4),
    [int] $Records = 10000, [int] $ThroughputRecords = 5000, [int] $NaiveRecords = 1000, [int] $MemoryRecords = 1000000)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$SandboxPath = (Resolve-Path $SandboxPath).Path
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot 'Support/AddToSequenceBench.psm1') -Force
$rows = [Collections.Generic.List[string]]::new()
function Add-Row([string] $Measure, [string] $Value, [string] $Baseline, [bool] $Pass) {
    $rows.Add("| $Measure | $Value | $Baseline | $(if ($Pass) { 'PASS' } else { 'FAIL' }) |")
}

if (1 -in $Only) {
    $sandbox = Start-BenchSandbox -SandboxPath $SandboxPath -Seed "generated:$($Records):1:0" -ExtraArguments '--rate-limit', '0'
    try {
        $store = New-BenchStore $sandbox
        # The sandbox's limit is off; lift the client budget (default 5,000/hour) so it does not pace the run.
        Set-LDRateLimit -Limit 1000000 -Window ([TimeSpan]::FromHours(1)) -StorePath $store
        Clear-BenchCounters $sandbox
        $results = New-BenchLead 1 $Records | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $store -ThrottleLimit 16 -BatchSize 200 -NoBulk
        $counters = Get-BenchCounters $sandbox
        $succeeded = @($results | Where-Object Outcome -eq 'Success').Count
        $requests = Get-BenchApiRequestCount $counters
        $ratio = $requests / [Math]::Max(1, $succeeded)
        Add-Row "API requests per successful enrollment ($Records records; every request incl. catalog refresh)" `
            ('{0:N4} ({1} requests, {2} enrollments, {3} duplicates)' -f $ratio, $requests, $succeeded, $counters.duplicates) 'at most 1.01' ($ratio -le 1.01 -and $succeeded -eq $Records)
    } finally { Stop-BenchSandbox $sandbox; Remove-BenchStore $store }
}

if (2 -in $Only) {
    $sandbox = Start-BenchSandbox -SandboxPath $SandboxPath -Seed "generated:$($ThroughputRecords + $NaiveRecords):1:0" -ExtraArguments '--rate-limit', '0'
    try {
        $store = New-BenchStore $sandbox
        Set-LDRateLimit -Limit 1000000 -Window ([TimeSpan]::FromHours(1)) -StorePath $store
        # Warm the catalog and the JIT with one record outside the measurement.
        New-BenchLead 1 1 | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $store | Out-Null
        $leads = New-BenchLead 2 $ThroughputRecords
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = $leads | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $store -ThrottleLimit 32 -BatchSize 500 -NoBulk
        $watch.Stop()
        $moduleRate = @($results | Where-Object Outcome -eq 'Success').Count / $watch.Elapsed.TotalSeconds

        $token = (Invoke-RestMethod -Method Post -Uri "$($sandbox.AdminUrl)/tokens" -ContentType application/json -Body '{"userId":1}').access_token
        $headers = @{ Authorization = "Bearer $token" }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $naiveOk = 0
        foreach ($i in ($ThroughputRecords + 1)..($ThroughputRecords + $NaiveRecords)) {
            $body = @{ data = @{ type = 'sequenceState'; relationships = @{
                prospect = @{ data = @{ type = 'prospect'; id = $i } }
                sequence = @{ data = @{ type = 'sequence'; id = 1 } }
                mailbox  = @{ data = @{ type = 'mailbox'; id = 1 } } } } } | ConvertTo-Json -Depth 6
            $r = Invoke-RestMethod -Method Post -Uri "$($sandbox.BaseUrl)/sequenceStates" -Headers $headers -ContentType 'application/vnd.api+json' -Body $body
            if ($r.data.id) { $naiveOk++ }
        }
        $watch.Stop()
        $naiveRate = $naiveOk / $watch.Elapsed.TotalSeconds
        Add-Row "Throughput, sandbox rate limit off ($($leads.Count) records, -ThrottleLimit 32)" ('{0:N0} enrollments/s' -f $moduleRate) 'at least 1,000/s' ($moduleRate -ge 1000)
        Add-Row 'Throughput vs naive Invoke-RestMethod loop (same run)' ('{0:N1}x ({1:N0}/s vs {2:N0}/s over {3} POSTs)' -f ($moduleRate / $naiveRate), $moduleRate, $naiveRate, $naiveOk) 'at least 3x' ($moduleRate -ge 3 * $naiveRate)
    } finally { Stop-BenchSandbox $sandbox; Remove-BenchStore $store }
}

if (3 -in $Only) {
    $limit = 600; $window = 60; $count = 2000
    $sandbox = Start-BenchSandbox -SandboxPath $SandboxPath -Seed "generated:$($count):1:0" -ExtraArguments '--rate-limit', "$limit", '--rate-window', "$window"
    try {
        $store = New-BenchStore $sandbox
        Set-LDRateLimit -Limit ($limit - 10) -Window ([TimeSpan]::FromSeconds($window)) -StorePath $store
        Clear-BenchCounters $sandbox
        # Sample the sandbox's request counter twice a second, to count requests per server window.
        $sampler = Start-ThreadJob -ArgumentList $sandbox.AdminUrl -ScriptBlock {
            param($admin)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            while ($true) {
                $c = Invoke-RestMethod "$admin/counters"
                [pscustomobject]@{ T = $clock.Elapsed.TotalSeconds; N = ($c.requests | Measure-Object -Property count -Sum).Sum }
                Start-Sleep -Milliseconds 250
            }
        }
        Start-Sleep -Milliseconds 500
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = New-BenchLead 1 $count | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath $store -ThrottleLimit 8 -WarningAction SilentlyContinue
        $watch.Stop()
        Start-Sleep -Milliseconds 500
        Stop-Job $sampler; $samples = @(Receive-Job $sampler | Where-Object { $_.N -ne $null }); Remove-Job $sampler -Force
        $counters = Get-BenchCounters $sandbox
        $throttled = ($counters.requests | Where-Object status -eq 429 | Measure-Object -Property count -Sum).Sum
        $requests = Get-BenchApiRequestCount $counters
        $succeeded = @($results | Where-Object Outcome -eq 'Success').Count
        # The sandbox's window starts at the first request; count requests in each full window after it.
        $t0 = ($samples | Where-Object N -gt 0 | Select-Object -First 1).T - 0.25
        function CountAt([double] $t) { $s = $samples | Where-Object T -le $t | Select-Object -Last 1; if ($s) { [double] $s.N } else { 0 } }
        $perWindow = @()
        for ($k = 0; ; $k++) {
            $end = $t0 + ($k + 1) * $window
            if ((CountAt $end) -ge $requests) { break }   # the window in which the run finished is partial
            $perWindow += (CountAt $end) - (CountAt ($t0 + $k * $window))
        }
        $minUse = if ($perWindow.Count) { ($perWindow | Measure-Object -Minimum).Minimum / $limit } else { 1 }
        Add-Row "Rate-limit use: sandbox $limit per $($window) s, $count records, client budget $($limit - 10)/$($window) s" `
            ('requests per full server window: {0} (lowest {1:P0} of {2}); {3} requests in {4:N0} s; {5} enrolled' -f ($perWindow -join ', '), $minUse, $limit, $requests, $watch.Elapsed.TotalSeconds, $succeeded) `
            'at least 90% per window' ($minUse -ge 0.9 -and $succeeded -eq $count)
        Add-Row 'HTTP 429 answers with the client budget below the server limit' "$([int]$throttled)" '0' ([int]$throttled -eq 0)
    } finally { Stop-BenchSandbox $sandbox; Remove-BenchStore $store }
}

if (4 -in $Only) {
    $process = [Environment]::ProcessPath
    $prefix = [string[]] @(if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    $measure = {
        param([int] $n)
        $folder = Join-Path ([IO.Path]::GetTempPath()) ('ld-bench-' + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory $folder | Out-Null
        $out = Join-Path $folder 'peak.txt'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$store = Join-Path '$folder' 'store.db'
Set-LDFieldMapping -Lead Outreach_ID__c -Contact Outreach_Contact_ID__c -User Outreach_User_ID__c -StorePath `$store
filter New-Lead { [pscustomobject]@{ Id = '00Q{0:D12}AAA' -f `$_; Outreach_ID__c = [string] `$_; Email = 'p@example.com'; OwnerId = '005000000000001AAA'; 'Owner.Outreach_User_ID__c' = '1' } }
`$watch = [Diagnostics.Stopwatch]::StartNew()
1..$n | New-Lead | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -StorePath `$store -WhatIf -ErrorAction SilentlyContinue | Out-Null
`$p = [Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh()
"`$(`$p.PeakWorkingSet64) `$(`$watch.Elapsed.TotalSeconds)" | Set-Content '$out'
"@
        & $process @prefix -NoProfile -NonInteractive -Command $script > $null
        $peak, $seconds = (Get-Content $out) -split ' '
        Remove-Item $folder -Recurse -Force
        [pscustomobject]@{ PeakMB = [double] $peak / 1MB; Seconds = [double] $seconds }
    }
    $small = & $measure ([int] ($MemoryRecords / 10))
    $large = & $measure $MemoryRecords
    Add-Row "Peak memory, $MemoryRecords generated records through -WhatIf (child pwsh)" ('{0:N0} MB in {1:N0} s ({2:N0} MB for {3} records)' -f $large.PeakMB, $large.Seconds, $small.PeakMB, ($MemoryRecords / 10)) 'under 300 MB, flat' ($large.PeakMB -lt 300 -and $large.PeakMB -lt $small.PeakMB * 1.5)
}

$section = @(
    '## Invoke-LDAddToSequence (bench/add-to-sequence.bench.ps1)'
    ''
    '| measure | figure | baseline / target | verdict |'
    '|---|---|---|---|'
) + $rows
$text = $section -join "`n"
$text | Set-Content (Join-Path $PSScriptRoot 'results/add-to-sequence.md')
$text
