BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force

    function script:Invoke-LDTestScheduledCommand {
        <# Runs a scheduled command line the way cron does: /bin/sh, a bare environment (HOME, LOGNAME, PATH=/usr/bin:/bin). #>
        param([Parameter(Mandatory)][string] $CommandLine, [Parameter(Mandatory)][string] $HomeFolder)
        $info = [Diagnostics.ProcessStartInfo]::new('/bin/sh')
        $info.ArgumentList.Add('-c'); $info.ArgumentList.Add($CommandLine)
        $info.Environment.Clear()
        $info.Environment['HOME'] = $HomeFolder
        $info.Environment['LOGNAME'] = [Environment]::UserName
        $info.Environment['PATH'] = '/usr/bin:/bin'
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($info)
        $out = $process.StandardOutput.ReadToEndAsync(); $err = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw 'The scheduled command did not finish within 120 s.' }
        [pscustomobject]@{ ExitCode = $process.ExitCode; Out = $out.Result; Err = $err.Result }
    }

    function script:Get-LDTestCronCommand {
        <# The command part of the crontab line (after the five time fields), with cron's \% unescaped. #>
        param([Parameter(Mandatory)][string] $File)
        $line = Get-Content $File | Where-Object { $_ -and -not $_.StartsWith('#') } | Select-Object -First 1
        ($line -split ' ', 6)[5].Replace('\%', '%')
    }
}

Describe 'A registered worker, run as the scheduler runs it' -Skip:$IsWindows {
    BeforeAll {
        $script:Sandbox = Start-LDTestSandbox
        Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ prospects = 200; users = 2; sequences = 1; seed = 11; errorRate = 0 } | Out-Null
    }
    AfterAll { Stop-LDTestSandbox $Sandbox }

    BeforeEach {
        $script:Store = New-LDTestStorePath
        $script:Root = Split-Path $Store
        $script:Folder = Join-Path $Root 'schedule'
        $script:Log = Join-Path $Root 'worker.log'
        $script:BareHome = Join-Path $Root 'home'
        New-Item -ItemType Directory $BareHome | Out-Null
        $script:SavedKeyFile = $env:LD_OUTREACH_KEYFILE
    }
    AfterEach {
        $env:LD_OUTREACH_KEYFILE = $SavedKeyFile
        Remove-LDTestStore $Store
    }

    It 'carries LD_OUTREACH_KEYFILE into the cron line, so the scheduled run can decrypt the store' {
        # The admin keeps the key apart from the default folder and says so with LD_OUTREACH_KEYFILE.
        $env:LD_OUTREACH_KEYFILE = Join-Path $Root 'keys/outreach.key'
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store
        Add-LDTestPendingActions -StorePath $Store -Count 3 -First 10
        Register-LDRetryWorker -StorePath $Store -Kind Cron -OutputDirectory $Folder -LogPath $Log -WarningAction SilentlyContinue | Out-Null
        $env:LD_OUTREACH_KEYFILE = $SavedKeyFile

        $run = Invoke-LDTestScheduledCommand -CommandLine (Get-LDTestCronCommand (Join-Path $Folder 'leandata-outreach-retry.cron')) -HomeFolder $BareHome
        $run.ExitCode | Should -Be 0 -Because "$($run.Err)$(Get-Content $Log -Raw -ErrorAction SilentlyContinue)"
        @(Get-LDAuditLog -StorePath $Store -Outcome Success).Count | Should -Be 3
        # One timestamped line for the drain.
        $lines = @(Get-Content $Log)
        $lines.Count | Should -Be 1
        $lines[0] | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z drain worker=\S+ processed=3 succeeded=3 failed=0 still-pending=0 pending-in-store=0 duration=\S+ exit=0$'
        $run.Out | Should -BeNullOrEmpty
    }

    It 'exits 2 when actions became Error in the run, and logs each of them' {
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store
        Add-LDTestPendingActions -StorePath $Store -Count 2 -First 20
        Register-LDRetryWorker -StorePath $Store -Kind Cron -OutputDirectory $Folder -LogPath $Log -WarningAction SilentlyContinue | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'status'; status = 422; probability = 1.0 } | Out-Null
        try {
            $run = Invoke-LDTestScheduledCommand -CommandLine (Get-LDTestCronCommand (Join-Path $Folder 'leandata-outreach-retry.cron')) -HomeFolder $BareHome
        }
        finally { Invoke-LDTestSandboxAdmin $Sandbox faults Delete | Out-Null }
        $run.ExitCode | Should -Be 2 -Because "$($run.Err)$(Get-Content $Log -Raw -ErrorAction SilentlyContinue)"
        $lines = @(Get-Content $Log)
        @($lines | Where-Object { $_ -match '^\S+Z action-failed action=\d+ record=00Q\d{15} .*outcome=Error category=\w+ ' }).Count | Should -Be 2
        $lines[-1] | Should -Match '^\S+Z drain .* processed=2 succeeded=0 failed=2 .* exit=2$'
        @(Get-LDAuditLog -StorePath $Store -Outcome Error).Count | Should -Be 2
    }

    It 'exits 3 when it could not run: <Case>' -TestCases @(
        @{ Case = 'not connected'; ErrorId = 'OutreachNotConnected' }
        @{ Case = 'the key does not decrypt the store'; ErrorId = 'SecretProtectionFailed' }
    ) {
        if ($Case -ne 'not connected') { Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store }
        Add-LDTestPendingActions -StorePath $Store -Count 2 -First 30
        Register-LDRetryWorker -StorePath $Store -Kind Cron -OutputDirectory $Folder -LogPath $Log -WarningAction SilentlyContinue | Out-Null
        $command = Get-LDTestCronCommand (Join-Path $Folder 'leandata-outreach-retry.cron')
        if ($Case -ne 'not connected') {
            # Another key than the one that encrypted the store (a copied store, a lost key file).
            $other = Join-Path $Root 'other.key'
            $command = "LD_OUTREACH_KEYFILE='$other' " + ($command -replace '^LD_OUTREACH_KEYFILE=\S+ ', '')
        }
        $run = Invoke-LDTestScheduledCommand -CommandLine $command -HomeFolder $BareHome
        $run.ExitCode | Should -Be 3 -Because "$($run.Err)$(Get-Content $Log -Raw -ErrorAction SilentlyContinue)"
        $run.Err | Should -Not -BeNullOrEmpty
        @(Get-Content $Log) | Should -HaveCount 1
        (Get-Content $Log) | Should -Match "^\S+Z could-not-run error=$ErrorId exit=3 message="
        @(Get-LDAuditLog -StorePath $Store -Outcome Pending).Count | Should -Be 2
        (Get-LDAuditLog -StorePath $Store).AttemptCount | Should -Be @(1, 1)
    }
}

Describe 'A registered worker whose authorization was revoked' -Skip:$IsWindows {
    BeforeAll {
        # One-second access tokens: by the time the scheduled run starts, the token has to be refreshed.
        $script:Sandbox = Start-LDTestSandbox -ExtraArguments '--token-ttl', '1'
        Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ prospects = 50; users = 2; sequences = 1; seed = 12; errorRate = 0 } | Out-Null
        $script:Store = New-LDTestStorePath
        $script:Root = Split-Path $Store
        $script:BareHome = Join-Path $Root 'home'
        New-Item -ItemType Directory $BareHome | Out-Null
    }
    AfterAll {
        Stop-LDTestSandbox $Sandbox
        Remove-LDTestStore $Store
    }

    It 'exits 3 without touching the Pending actions' {
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store
        Add-LDTestPendingActions -StorePath $Store -Count 2 -First 1
        $log = Join-Path $Root 'worker.log'
        Register-LDRetryWorker -StorePath $Store -Kind Cron -OutputDirectory (Join-Path $Root 'schedule') -LogPath $log -WarningAction SilentlyContinue | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox tokens/revoke Post @{ all = $true } | Out-Null
        $run = Invoke-LDTestScheduledCommand -CommandLine (Get-LDTestCronCommand (Join-Path $Root 'schedule/leandata-outreach-retry.cron')) -HomeFolder $BareHome
        $run.ExitCode | Should -Be 3 -Because "$($run.Err)$(Get-Content $log -Raw -ErrorAction SilentlyContinue)"
        (Get-Content $log) | Should -Match '^\S+Z could-not-run error=OAuth\w+ exit=3 message='
        (Invoke-LDTestSandboxAdmin $Sandbox counters).sequenceStatePosts | Should -Be 0
        (Get-LDAuditLog -StorePath $Store).Outcome | Should -Be @('Pending', 'Pending')
    }
}

Describe 'Register-LDRetryWorker writes schedules that run on a server' {
    BeforeEach {
        $script:Store = New-LDTestStorePath
        $script:Root = Split-Path $Store
        $script:Folder = Join-Path $Root 'schedule'
        $script:Log = Join-Path $Root 'worker.log'
        $script:User = [Environment]::UserName
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'writes a system unit that runs as this user with the key file and store, and says so' -Skip:$IsWindows {
        $key = Join-Path $Root 'my.key'
        $saved = $env:LD_OUTREACH_KEYFILE
        try {
            $env:LD_OUTREACH_KEYFILE = $key
            $result = Register-LDRetryWorker -StorePath $Store -Kind Systemd -OutputDirectory $Folder -LogPath $Log -WarningAction SilentlyContinue
        }
        finally { $env:LD_OUTREACH_KEYFILE = $saved }
        $result.Kind | Should -Be 'Systemd'
        $result.RunAs | Should -Be $User
        $result.RunsWhenLoggedOut | Should -BeTrue
        $result.LogPath | Should -Be $Log
        $service = Get-Content (Join-Path $Folder 'leandata-outreach-retry.service') -Raw
        $service | Should -Match "(?m)^User=$([regex]::Escape($User))$"
        $service | Should -Match "(?m)^Wants=network-online.target$"
        $service | Should -Match "(?m)^After=network-online.target$"
        $service | Should -Match ([regex]::Escape("Environment=`"LD_OUTREACH_KEYFILE=$key`""))
        $service | Should -Match ([regex]::Escape("Environment=`"LD_OUTREACH_STORE=$Store`""))
        $service | Should -Match ([regex]::Escape("-LogPath '$Log'"))
        $install = $result.ActivationCommands[0]
        $install | Should -BeLike "*install -m 0644 *leandata-outreach-retry.service *leandata-outreach-retry.timer /etc/systemd/system/"
        $result.ActivationCommands[-1] | Should -BeLike '*systemctl enable --now leandata-outreach-retry.timer'
    }

    It 'writes a user unit without network-online.target and reports lingering' -Skip:$IsWindows {
        $result = Register-LDRetryWorker -StorePath $Store -Kind SystemdUser -OutputDirectory $Folder -WarningVariable warned -WarningAction SilentlyContinue
        $lingering = Test-Path "/var/lib/systemd/linger/$User"
        $result.Kind | Should -Be 'SystemdUser'
        $result.RunsWhenLoggedOut | Should -Be $lingering
        if (-not $lingering) { "$warned" | Should -BeLike "*lingering is off*loginctl enable-linger $User*" }
        $service = Get-Content (Join-Path $Folder 'leandata-outreach-retry.service') -Raw
        $service | Should -Not -Match 'network-online|User='
        $service | Should -Match 'Environment="LD_OUTREACH_KEYFILE='
        $result.ActivationCommands | Should -Contain 'systemctl --user enable --now leandata-outreach-retry.timer'
    }

    It 'writes units that systemd-analyze verify accepts without a warning' -Skip:$IsWindows {
        $analyze = Get-Command systemd-analyze -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if (-not $analyze) { Set-ItResult -Skipped -Because 'systemd-analyze is not installed on this machine'; return }
        foreach ($kind in 'Systemd', 'SystemdUser') {
            $target = Join-Path $Folder $kind
            Register-LDRetryWorker -StorePath $Store -Kind $kind -OutputDirectory $target -LogPath $Log -WarningAction SilentlyContinue | Out-Null
            $output = & $analyze.Source verify (Join-Path $target 'leandata-outreach-retry.service') (Join-Path $target 'leandata-outreach-retry.timer') 2>&1
            $LASTEXITCODE | Should -Be 0 -Because "$output"
            # verify only warns about a bad line (it is ignored), so any output is a failure.
            "$output" | Should -BeNullOrEmpty -Because "$kind units"
        }
    }

    It 'carries the key file and store into the cron line and the launchd plist' -Skip:$IsWindows {
        Register-LDRetryWorker -StorePath $Store -Kind Cron -OutputDirectory $Folder -WarningAction SilentlyContinue | Out-Null
        $line = (Get-Content (Join-Path $Folder 'leandata-outreach-retry.cron'))[1]
        $line | Should -Match ' LD_OUTREACH_KEYFILE=\S+ LD_OUTREACH_STORE=\S+ '
        $line | Should -BeLike '* # LeanData.Outreach retry worker (leandata-outreach-retry)'
        Register-LDRetryWorker -StorePath $Store -Kind Launchd -OutputDirectory $Folder -WarningAction SilentlyContinue | Out-Null
        $plist = [xml] (Get-Content (Join-Path $Folder 'com.leandata.outreach.leandata-outreach-retry.plist') -Raw)
        $keys = @($plist.plist.dict.dict.key)
        $keys | Should -Be @('LD_OUTREACH_KEYFILE', 'LD_OUTREACH_STORE')
        @($plist.plist.dict.dict.string)[1] | Should -Be $Store
    }

    It 'writes a task that runs whether or not the user is logged on, logging to -LogPath' {
        $result = Register-LDRetryWorker -StorePath $Store -Kind TaskScheduler -OutputDirectory $Folder -LogPath $Log -WarningAction SilentlyContinue
        $task = [xml] (Get-Content (Join-Path $Folder 'leandata-outreach-retry.xml') -Raw -Encoding Unicode)
        $task.Task.Principals.Principal.LogonType | Should -Be 'Password'
        $task.Task.Principals.Principal.UserId | Should -Be $result.RunAs
        $task.Task.Actions.Exec.Arguments | Should -BeLike "*-LogPath '$Log'*"
        $task.Task.Actions.Exec.Arguments | Should -BeLike '*exit $summary.ExitCode*'
        $result.ActivationCommands[0] | Should -Match ([regex]::Escape("/RU $($result.RunAs) /RP '*' /F"))
    }

    It 'prefers the pwsh on PATH and the installed module, and says so when they are missing' -Skip:$IsWindows {
        $built = Split-Path (Get-LDTestModulePath)
        # Without: this session's PowerShell and the module's build folder, each with a warning.
        $plain = Invoke-LDTestChildPwsh "`$env:PATH = '/usr/bin:/bin'; Import-Module '$(Get-LDTestModulePath)'; Register-LDRetryWorker -StorePath '$Store' -Kind Cron -OutputDirectory '$Folder/a' -WarningAction SilentlyContinue | ConvertTo-Json -Compress"
        $plainResult = ($plain | Select-Object -Last 1) | ConvertFrom-Json
        ($plainResult.Notes -join ' ') | Should -BeLike '*pwsh is not on PATH*'
        ($plainResult.Notes -join ' ') | Should -BeLike "*LeanData.Outreach is not installed*'$(Get-LDTestModulePath)'*"
        $plainResult.WorkerCommand | Should -BeLike "*Import-Module '$(Get-LDTestModulePath)'*"

        # With: a pwsh on PATH and the module installed in the user's module folder.
        $fakeHome = Join-Path $Root 'home'
        $modules = Join-Path $fakeHome '.local/share/powershell/Modules/LeanData.Outreach'
        New-Item -ItemType Directory -Force $modules | Out-Null
        Copy-Item (Join-Path $built '*') $modules -Recurse
        $bin = Join-Path $Root 'bin'
        New-Item -ItemType Directory $bin | Out-Null
        Set-Content (Join-Path $bin 'pwsh') "#!/bin/sh`nexit 0"
        & chmod +x (Join-Path $bin 'pwsh')
        $output = Invoke-LDTestChildPwsh "`$env:HOME = '$fakeHome'; `$env:PATH = '$bin' + [IO.Path]::PathSeparator + `$env:PATH; Import-Module '$(Join-Path $modules 'LeanData.Outreach.psd1')'; Register-LDRetryWorker -StorePath '$Store' -Kind Cron -OutputDirectory '$Folder/b' | ConvertTo-Json -Compress"
        $result = ($output | Select-Object -Last 1) | ConvertFrom-Json
        $result.Notes | Should -BeNullOrEmpty
        $result.WorkerCommand | Should -BeLike "*Import-Module 'LeanData.Outreach';*"
        (Get-Content (Join-Path $Folder 'b/leandata-outreach-retry.cron'))[1] | Should -BeLike "* $(Join-Path $bin 'pwsh') -NoProfile *"
    }
}
