BeforeAll {
    # The runner turns module autoloading off: import what these tests use.
    Import-Module Microsoft.PowerShell.Security, Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:KeyFolder = Join-Path ([IO.Path]::GetTempPath()) ("ld-key-" + [guid]::NewGuid().ToString('n'))
    $env:LD_OUTREACH_KEYFILE = Join-Path $KeyFolder 'key'
    # Access tokens live 3 seconds, so expiry happens inside the tests.
    $script:Sandbox = Start-LDTestSandbox -ExtraArguments '--token-ttl', '3'
    $script:Secret = ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force
    $script:Admin = $Sandbox.AdminUrl

    function script:New-RefreshToken([long] $UserId = 1, [string[]] $Scopes) {
        $body = @{ userId = $UserId }
        if ($Scopes) { $body.scopes = $Scopes }
        $minted = Invoke-RestMethod -Method Post -Uri "$Admin/tokens" -ContentType application/json -Body ($body | ConvertTo-Json)
        ConvertTo-SecureString $minted.refresh_token -AsPlainText -Force
    }

    function script:Connect-Test([long] $UserId = 1) {
        Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -RefreshToken (New-RefreshToken $UserId) -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store -PassThru
    }

    function script:Get-StoreText([string] $Path) {
        (Get-ChildItem "$Path*" | ForEach-Object { [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($_.FullName)) }) -join ''
    }

    function script:Get-FreePort {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop(); $port
    }
}

AfterAll {
    Stop-LDTestSandbox $Sandbox
    Remove-Item $KeyFolder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:LD_OUTREACH_KEYFILE -ErrorAction SilentlyContinue
}

Describe 'Connect-LDOutreach' {
    BeforeEach {
        Invoke-RestMethod -Method Post -Uri "$Admin/reset" -ContentType application/json -Body '{}' | Out-Null
        $script:Store = New-LDTestStorePath
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'completes the interactive flow through the loopback listener and prints the URLs' {
        $browser = Join-Path (Split-Path $Store -Parent) 'browser.sh'
        Set-Content $browser "#!/bin/sh`ncurl -s -L `"`$1`" > /dev/null 2>&1 &`n"
        chmod +x $browser
        $env:BROWSER = $browser
        try {
            $redirect = "http://127.0.0.1:$(Get-FreePort)/callback"
            $info = Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -RedirectUri $redirect -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store -PassThru -TimeoutSeconds 30 -InformationVariable shown 6>$null
        }
        finally { Remove-Item Env:BROWSER }
        $info.AuthorizedUserEmail | Should -Be 'ada.admin@demo.example'
        $info.RedirectUri | Should -Be $redirect
        ($shown -join "`n") | Should -BeLike "*Callback URL to register with Outreach: $redirect*"
        ($shown -join "`n") | Should -BeLike '*oauth/authorize?client_id=ld-demo-client*'
        $printed = ($shown | Where-Object { "$_" -like 'Open this URL*' } | Select-Object -First 1) -replace '^Open this URL to authorize LeanData.Outreach in Outreach: ', ''
        $printed | Should -BeLike '*scope=sequences.all%20sequenceStates.all%20mailboxes.all%20prospects.all%20*'
        $printed | Should -Not -Match ' '   # a copied URL must work as it is
    }

    It 'connects with only the four documented scopes and warns once, naming each missing optional scope and its cost' {
        $four = New-RefreshToken -Scopes 'sequences.all', 'sequenceStates.all', 'mailboxes.all', 'prospects.all'
        $info = Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -RefreshToken $four -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        $info.AuthorizedUserEmail | Should -Be 'ada.admin@demo.example'
        $warned.Count | Should -Be 1
        foreach ($scope in 'users.read', 'sequenceSteps.read', 'rulesets.read') { "$warned" | Should -BeLike "*Without $scope*" }
        "$warned" | Should -Not -BeLike '*sequences.all*'

        $mailboxes = Get-LDMailbox -Refresh -All -StorePath $Store   # needs no users.read
        $mailboxes.Count | Should -Be 6
        (Get-LDOutreachUser -All -StorePath $Store).UserId | Sort-Object | Should -Be @(1, 2, 3, 4, 5, 6)   # from the mailboxes
        $checks = Test-LDOutreachConnection -StorePath $Store
        foreach ($scope in 'sequences.all', 'sequenceStates.all', 'mailboxes.all', 'prospects.all') { ($checks | Where-Object Name -eq "Scope $scope").Status | Should -Be 'Passed' }
        foreach ($scope in 'users.read', 'sequenceSteps.read', 'rulesets.read') {
            $check = $checks | Where-Object Name -eq "Scope $scope"
            $check.Status | Should -Be 'Warning'
            $check.Detail | Should -BeLike 'Optional, not granted:*'
        }
    }

    It 'accepts the API host root as -ApiBaseUri' {
        $root = $Sandbox.BaseUrl -replace '/api/v2$', ''
        $info = Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -RefreshToken (New-RefreshToken) -ApiBaseUri $root -StorePath $Store -PassThru
        "$($info.ApiBaseUri)" | Should -Be $Sandbox.BaseUrl
        (Get-LDSequence -StorePath $Store).Count | Should -BeGreaterThan 0
    }

    It 'succeeds with a warning when re-validated with no arguments while Outreach answers 429 or maintenance' {
        Connect-Test | Out-Null
        # A short Retry-After: the module holds every later request of this process (this whole file) until it passes.
        $fault = @{ route = 'GET /'; kind = 'rateLimit'; count = 10; retryAfterSeconds = 2 } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$Admin/faults" -ContentType application/json -Body $fault | Out-Null
        $info = Connect-LDOutreach -StorePath $Store -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        $info.AuthorizedUserEmail | Should -Be 'ada.admin@demo.example'
        "$warned" | Should -BeLike '*RateLimitExceeded*'
        Invoke-RestMethod -Method Delete -Uri "$Admin/faults" | Out-Null

        $window = @{ startsAt = (Get-Date).ToUniversalTime().AddMinutes(-1).ToString('o'); endsAt = (Get-Date).ToUniversalTime().AddMinutes(10).ToString('o') } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$Admin/maintenance" -ContentType application/json -Body $window | Out-Null
        try {
            $again = Connect-LDOutreach -StorePath $Store -PassThru -WarningVariable maintenance -WarningAction SilentlyContinue
            $again.AuthorizedUserEmail | Should -Be 'ada.admin@demo.example'
            "$maintenance" | Should -BeLike '*ScheduledMaintenance*'
        }
        finally { Invoke-RestMethod -Method Delete -Uri "$Admin/maintenance" | Out-Null }
    }

    It 'never prompts under -Debug: a -NonInteractive Get-LDSequence -Debug with no connection is OutreachNotConnected' {
        $output = Invoke-LDTestChildPwsh @"
Import-Module '$(Get-LDTestModulePath)'
try { Get-LDSequence -Debug -StorePath '$Store' -ErrorAction Stop } catch { 'ID=' + `$_.FullyQualifiedErrorId }
"@
        ($output -join "`n") | Should -BeLike '*ID=OutreachNotConnected,*'
        ($output -join "`n") | Should -Not -BeLike '*Read and Prompt*'
    }

    It 'writes a debug line per Outreach request under -Debug' {
        Connect-Test | Out-Null
        $lines = Get-LDSequence -Refresh -StorePath $Store -Debug 5>&1 | Where-Object { $_ -is [Management.Automation.DebugRecord] }
        ($lines.Message -join "`n") | Should -BeLike '*Outreach GET /api/v2/sequences -> 200*'
    }

    It 'stores no secret in plain text and shows none in any stream or in the connection object' {
        $refresh = New-RefreshToken
        $plainRefresh = [Net.NetworkCredential]::new('', $refresh).Password
        $all = Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -RefreshToken $refresh -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store -PassThru -Verbose -Debug *>&1
        $all += Test-LDOutreachConnection -StorePath $Store -Verbose -Debug *>&1
        $all += Get-LDSequence -StorePath $Store -Refresh -Verbose -Debug *>&1
        $text = ($all | ForEach-Object { $_ | Out-String; $_ | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue }) -join "`n"
        foreach ($secret in 'ld-demo-secret', 'sba_', 'sbr_', $plainRefresh) {
            $text | Should -Not -BeLike "*$secret*"
            Get-StoreText $Store | Should -Not -BeLike "*$secret*"
        }
        ($all | Where-Object { $_.PSObject.TypeNames -contains 'LeanData.Outreach.Store.OutreachConnectionInfo' }).ClientId | Should -Be 'ld-demo-client'
    }

    It 'reuses the stored tokens with no credentials, refreshing an expired access token' {
        $first = Connect-Test
        Invoke-RestMethod -Method Post -Uri "$Admin/tokens/revoke" -ContentType application/json -Body '{"all":true,"expire":true}' | Out-Null   # the access token is past its lifetime
        $again = Connect-LDOutreach -StorePath $Store -PassThru
        $again.TokenExpiresAt | Should -BeGreaterThan $first.TokenExpiresAt
        $again.AuthorizedUserId | Should -Be 1
    }

    It 'keeps working when the access token expires between commands' {
        Connect-Test | Out-Null
        Invoke-RestMethod -Method Post -Uri "$Admin/tokens/revoke" -ContentType application/json -Body '{"all":true,"expire":true}' | Out-Null
        @(Get-LDSequence -StorePath $Store -Refresh).Count | Should -Be 6
    }

    It 'reports a revoked refresh token as a configuration error that says to connect again' {
        Connect-Test | Out-Null
        Invoke-RestMethod -Method Post -Uri "$Admin/tokens/revoke" -ContentType application/json -Body '{"all":true}' | Out-Null
        $err = { Get-LDSequence -StorePath $Store -Refresh } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ConfigurationError,*'
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*Connect-LDOutreach*'
        { Connect-LDOutreach -StorePath $Store } | Should -Throw -ErrorId 'ConfigurationError,LeanData.Outreach.Cmdlets.Commands.Connection.ConnectLDOutreachCommand'
    }

    It 'fails with UnauthorizedOAuthScope and the reference remedy when a scope is missing, storing nothing' {
        $partial = New-RefreshToken -Scopes 'sequences.all', 'mailboxes.all', 'prospects.all'
        $err = { Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -RefreshToken $partial -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'UnauthorizedOAuthScope,LeanData.Outreach.Cmdlets.Commands.Connection.ConnectLDOutreachCommand'
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*Grant the missing scope sequenceStates.all to the LeanData Outreach app*'
        $err.ErrorDetails.RecommendedAction | Should -Not -BeLike '*prospects.all*'   # granted: not asked for again
        $err.Exception.Message | Should -BeLike '*sequenceStates.all*'
        (Test-LDOutreachConnection -StorePath $Store)[0].Passed | Should -BeFalse
    }

    It 'gives a bad client secret and a bad code distinct, stable error ids' {
        $wrong = ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force
        { Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $wrong -RefreshToken (New-RefreshToken) -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store } |
            Should -Throw -ErrorId 'OAuthInvalidClient,LeanData.Outreach.Cmdlets.Commands.Connection.ConnectLDOutreachCommand'
        { Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -AuthorizationCode 'sbc_made-up' -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store } |
            Should -Throw -ErrorId 'OAuthInvalidCode,LeanData.Outreach.Cmdlets.Commands.Connection.ConnectLDOutreachCommand'
    }

    It 'refuses plain http to a host that is not loopback, before creating anything' {
        { Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -RefreshToken (New-RefreshToken) -ApiBaseUri 'http://api.outreach.example/api/v2' -StorePath $Store } |
            Should -Throw -ErrorId 'InsecureApiBaseUri,LeanData.Outreach.Cmdlets.Commands.Connection.ConnectLDOutreachCommand'
        Test-Path $Store | Should -BeFalse
    }

    It 'changes nothing with -WhatIf' {
        Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -RefreshToken (New-RefreshToken) -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store -WhatIf
        (Test-LDOutreachConnection -StorePath $Store)[0].Passed | Should -BeFalse
    }
}

Describe 'Disconnect-LDOutreach' {
    BeforeEach {
        Invoke-RestMethod -Method Post -Uri "$Admin/reset" -ContentType application/json -Body '{}' | Out-Null
        $script:Store = New-LDTestStorePath
        Connect-Test | Out-Null
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'keeps everything with -WhatIf and forgets the authorization without it' {
        Disconnect-LDOutreach -StorePath $Store -WhatIf
        (Test-LDOutreachConnection -StorePath $Store | Where-Object Name -eq 'Authorization stored').Passed | Should -BeTrue
        Disconnect-LDOutreach -StorePath $Store
        (Test-LDOutreachConnection -StorePath $Store | Where-Object Name -eq 'Authorization stored').Passed | Should -BeFalse
        { Get-LDSequence -StorePath $Store -Refresh } | Should -Throw -ErrorId 'OutreachNotConnected,LeanData.Outreach.Cmdlets.Commands.Catalog.GetLDSequenceCommand'
    }
}

Describe 'Test-LDOutreachConnection' {
    BeforeEach {
        Invoke-RestMethod -Method Post -Uri "$Admin/reset" -ContentType application/json -Body '{}' | Out-Null
        $script:Store = New-LDTestStorePath
    }
    AfterEach { Remove-LDTestStore $Store }

    It 'returns one object per check with a remedy on each failure' {
        Connect-Test | Out-Null
        $checks = Test-LDOutreachConnection -StorePath $Store
        $checks.Name | Should -Contain 'Access token valid'
        $checks.Name | Should -Contain 'Scope sequenceStates.all'
        $checks.Name | Should -Contain 'Rate-limit headroom'
        ($checks | Where-Object Name -eq 'Field mapping set').Passed | Should -BeFalse
        $checks | Where-Object Passed -eq $false | ForEach-Object { $_.RecommendedAction | Should -Not -BeNullOrEmpty }
        Test-LDOutreachConnection -StorePath $Store -Quiet | Should -BeFalse
        Set-LDFieldMapping Outreach_ID__c Outreach_ID__c Outreach_User_ID__c -StorePath $Store
        Test-LDOutreachConnection -StorePath $Store -Quiet | Should -BeTrue
    }

    It 'shows a user lacking the sequencing permission' {
        Connect-Test -UserId 6 | Out-Null
        $check = Test-LDOutreachConnection -StorePath $Store | Where-Object Name -eq 'Permission: add Prospects to Sequences'
        $check.Passed | Should -BeFalse
        $check.RecommendedAction | Should -BeLike '*Sequences: Permit Create, Edit, Enable Sequences, Sharing Sequences*'
    }
}
