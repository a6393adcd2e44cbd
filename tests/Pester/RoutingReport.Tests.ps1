# Export-LDRoutingReport as an admin uses it: one self-contained HTML file from a seeded week of routing,
# -WhatIf, replacing a file only with -Force, bad paths, a store that does not exist; then the file opened in
# headless Chromium (Debian's chromium, driven by playwright-core from npm), which must draw every chart with
# the seeded series and points, log no console error and fetch nothing. The screenshot lands in
# out/test-results/routing-report.png. Without node or chromium the browser tests are skipped, unless
# LD_REQUIRE_BROWSER is set (CI's .ci/run installs both and sets it), when they fail.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/RoutingReportSeed.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Store = New-LDTestStorePath
    $script:Folder = Split-Path $Store
    $script:Seeded = Add-LDTestReportActions -StorePath $Store
    $script:Range = Get-LDTestReportRange
    $script:Report = Join-Path $Folder 'routing-report.html'
    $script:File = Export-LDRoutingReport -StorePath $Store -Path $Report -Since $Range.Since -Until $Range.Until
    $script:Html = Get-Content $Report -Raw
}
AfterAll { Remove-LDTestStore $Store }

Describe 'Export-LDRoutingReport' {
    It 'writes one self-contained HTML file and returns its FileInfo' {
        $File | Should -BeOfType System.IO.FileInfo
        $File.FullName | Should -Be $Report
        $Html | Should -Match '<meta http-equiv="Content-Security-Policy" content="default-src ''none''; script-src ''unsafe-inline''; style-src ''unsafe-inline''; img-src data:">'
        $Html | Should -Match 'Chart\.js v4\.6\.1'
        $Html | Should -Not -Match '<(script|img|link|iframe)[^>]+(src|href)='
        $File.Length | Should -BeLessThan 300KB
        Get-ChildItem $Folder -Filter '*.tmp' -Force | Should -BeNullOrEmpty
    }

    It 'lists every error category with its remedy from the catalog and links to the records affected' {
        foreach ($category in 'ProspectOptedOut', 'RateLimitExceeded', 'RetryAttemptsExceeded', 'UserLocked', 'TokenInvalid') {
            $Html | Should -Match "href=""#records-$category"""
            $Html | Should -Match "<h3 id=""records-$category"">"
        }
        $Html | Should -Match ([regex]::Escape('navigate to the Outreach Record, click the arrow next to Edit and select &quot;Revert Opt Out&quot;'))
        $Html | Should -Match '<tr id="action-\d+"><td><a href="#action-\d+"><code>00Q000000000005AAA</code></a> Lead'
    }

    It 'states the callout percentiles, the backlog and exhausted retries' {
        $Html | Should -Match '10 callouts; duration p50 95 ms, p95 2,400 ms\.'
        $Html | Should -Match '2 actions wait for the retry worker, due \d{4}-\d\d-\d\d \d\d:\d\d UTC\.'
        $Html | Should -Match '1 action ran out of retries'
    }

    It 'narrows to a node and a sequence by name or id, with wildcards' {
        $narrow = Join-Path $Folder 'narrow.html'
        Export-LDRoutingReport -StorePath $Store -Path $narrow -Since $Range.Since -Until $Range.Until -NodeName 'inbound*' -Sequence 12, 'sequence 11' | Out-Null
        $text = Get-Content $narrow -Raw
        $text | Should -Match '<div class="value">7</div><div class="label">Actions</div>'
        $text | Should -Match 'nodes: inbound\*'
        $text | Should -Not -Match 'Outreach User is locked'
    }

    It '-WhatIf says what it would write and writes nothing' {
        $target = Join-Path $Folder 'whatif.html'
        $output = Invoke-LDTestChildPwsh "Import-Module '$(Get-LDTestModulePath)'; Export-LDRoutingReport -StorePath '$Store' -Path '$target' -Since '$($Range.Since.ToString('o'))' -Until '$($Range.Until.ToString('o'))' -WhatIf"
        ($output -join "`n") | Should -Match ([regex]::Escape("What if: Performing the operation `"Write the routing report of 16 actions from 2026-11-02 00:00 to 2026-11-09 00:00 UTC (by day, 5 error categories) as one HTML file`" on target `"$target`"."))
        Test-Path $target | Should -BeFalse
    }

    It 'replaces an existing file only with -Force; a host that cannot ask keeps it and says how' {
        $target = Join-Path $Folder 'existing.html'
        Set-Content $target 'an older report'
        { Export-LDRoutingReport -StorePath $Store -Path $target -ErrorAction Stop } |
            Should -Throw -ErrorId 'RoutingReport.FileExists,LeanData.Outreach.Cmdlets.Commands.Routing.ExportLDRoutingReportCommand'
        Get-Content $target -Raw | Should -Be "an older report$([Environment]::NewLine)"
        Export-LDRoutingReport -StorePath $Store -Path $target -Force | Out-Null
        Get-Content $target -Raw | Should -Match '<!DOCTYPE html>'
    }

    It 'rejects <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'a folder as -Path'; ErrorId = 'RoutingReport.PathIsFolder'; Arguments = @{ Path = '.' } }
        @{ Case = 'a missing folder'; ErrorId = 'RoutingReport.FolderNotFound'; Arguments = @{ Path = './no-such-folder/report.html' } }
        @{ Case = '-Until before -Since'; ErrorId = 'RoutingReport.EmptyRange'; Arguments = @{ Path = 'r.html'; Since = (Get-Date); Until = (Get-Date).AddDays(-1) } }
    ) {
        Push-Location $Folder
        try {
            { Export-LDRoutingReport -StorePath $Store @Arguments -ErrorAction Stop } |
                Should -Throw -ErrorId "$ErrorId,LeanData.Outreach.Cmdlets.Commands.Routing.ExportLDRoutingReportCommand"
            Test-Path (Join-Path $Folder 'r.html') | Should -BeFalse
        }
        finally { Pop-Location }
    }

    It 'reports a store that does not exist as empty, without creating it' {
        $missing = Join-Path $Folder 'missing/store.db'
        $empty = Join-Path $Folder 'empty.html'
        Export-LDRoutingReport -StorePath $missing -Path $empty | Out-Null
        Test-Path (Split-Path $missing) | Should -BeFalse
        $text = Get-Content $empty -Raw
        $text | Should -Match '<div class="value">0</div><div class="label">Actions</div>'
        $text | Should -Match '<p class="empty">Nothing to show for this range.</p>'
        $text | Should -Match '"charts":\[\]'
    }
}

Describe 'The routing report in headless Chromium' {
    BeforeAll {
        $script:Out = Split-Path (Split-Path (Get-LDTestModulePath))
        $script:Results = Join-Path $Out 'test-results'
        New-Item -ItemType Directory -Force $Results | Out-Null
        $chromium = @('/usr/bin/chromium', $env:LD_CHROMIUM) | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
        $node = Get-Command node -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        $npm = Get-Command npm -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        $script:Missing = @(if (-not $chromium) { 'chromium' }; if (-not $node) { 'node' }; if (-not $npm) { 'npm' })
        function script:Assert-LDTestBrowser {
            if ($Missing.Count -eq 0) { return $true }
            if ($env:LD_REQUIRE_BROWSER) { throw "LD_REQUIRE_BROWSER is set but $($Missing -join ', ') is missing." }
            Set-ItResult -Skipped -Because "$($Missing -join ', ') is not installed (.ci/run installs them)"
            $false
        }
        if ($Missing.Count -eq 0) {
            # playwright-core from npm, pinned by tests/Browser/package-lock.json, installed into out/ (never a browser download).
            $script:Checker = Join-Path $Out 'browser-check'
            New-Item -ItemType Directory -Force $Checker | Out-Null
            $source = Join-Path $PSScriptRoot '../Browser'
            Copy-Item (Join-Path $source 'package.json'), (Join-Path $source 'package-lock.json'), (Join-Path $source 'check-report.mjs') $Checker -Force
            if (-not (Test-Path (Join-Path $Checker 'node_modules/playwright-core/package.json'))) {
                $env:PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1'
                & $npm.Source ci --prefix $Checker --no-audit --no-fund --loglevel error 2>&1 | Write-Host
                if ($LASTEXITCODE -ne 0) { throw "npm ci in $Checker failed ($LASTEXITCODE)." }
            }
            function script:Open-LDTestReport([string] $Path, [string] $Screenshot) {
                $json = & $node.Source (Join-Path $Checker 'check-report.mjs') $Path $Screenshot $chromium 2>&1
                if ($LASTEXITCODE -ne 0) { throw "The browser check failed ($LASTEXITCODE): $($json -join [Environment]::NewLine)" }
                ($json | Where-Object { $_ -is [string] }) -join '' | ConvertFrom-Json
            }
            $script:Seen = Open-LDTestReport $Report (Join-Path $Results 'routing-report.png')
        }
    }

    It 'opens without a console error, a page error or any request beyond the file' {
        if (-not (Assert-LDTestBrowser)) { return }
        $Seen.consoleErrors | Should -BeNullOrEmpty
        $Seen.pageErrors | Should -BeNullOrEmpty
        $Seen.requests | Should -BeNullOrEmpty
        $Seen.title | Should -Be 'Routing report: 2026-11-02 00:00 to 2026-11-09 00:00 (UTC)'
    }

    It 'draws every chart: <Id> with <Series> series of <Points> points' -TestCases @(
        @{ Id = 'outcomes'; Series = 'Success', 'Pending', 'Error', 'Edge'; Points = 7 }
        @{ Id = 'nodes'; Series = 'Success', 'Pending', 'Error', 'Edge'; Points = 3 }
        @{ Id = 'sequences'; Series = 'Success', 'Pending', 'Error', 'Edge'; Points = 3 }
        @{ Id = 'failures'; Series = 'Error', 'Pending'; Points = 5 }
        @{ Id = 'edges'; Series = 'Configuration Error', 'Missing Prospect ID', 'Missing User ID', 'Queue Owner'; Points = 7 }
        @{ Id = 'backlog'; Series = , 'Pending'; Points = 6 }
        @{ Id = 'retries-exhausted'; Series = , 'Retry attempt exceeded'; Points = 7 }
        @{ Id = 'status-codes'; Series = , 'Callouts'; Points = 5 }
        @{ Id = 'durations'; Series = , 'Callouts'; Points = 8 }
        @{ Id = 'failure-reasons'; Series = , 'Actions'; Points = 2 }
        @{ Id = 'rate-limit-users'; Series = 'Used', 'Remaining'; Points = 1 }
        @{ Id = 'rate-limit-trend'; Series = , 'Busiest hour'; Points = 7 }
    ) {
        $chart = $Seen.charts | Where-Object id -eq $Id
        $chart | Should -Not -BeNullOrEmpty -Because "the page has a canvas for $Id"
        $chart.rendered | Should -BeTrue
        $chart.caption | Should -Not -BeNullOrEmpty
        $chart.xTitle | Should -Not -BeNullOrEmpty
        $chart.yTitle | Should -Not -BeNullOrEmpty
        $chart.labels | Should -Be $Points
        @($chart.series.label) | Should -Be $Series
        @($chart.series.points) | Should -Be @($Series | ForEach-Object { $Points })
    }

    It 'draws no more charts than it describes' {
        if (-not (Assert-LDTestBrowser)) { return }
        $Seen.chartsDrawn | Should -Be 12
        @($Seen.charts).Count | Should -Be 12
        $Seen.empty | Should -BeNullOrEmpty
    }

    It 'shows an empty store as sentences, not empty axes, without an error' {
        if (-not (Assert-LDTestBrowser)) { return }
        $empty = Join-Path $Folder 'empty-browser.html'
        Export-LDRoutingReport -StorePath (Join-Path $Folder 'none/store.db') -Path $empty | Out-Null
        $seen = Open-LDTestReport $empty (Join-Path $Results 'routing-report-empty.png')
        $seen.consoleErrors + $seen.pageErrors | Should -BeNullOrEmpty
        $seen.chartsDrawn | Should -Be 0
        @($seen.empty).Count | Should -Be 12
    }
}
