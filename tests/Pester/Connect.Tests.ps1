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
        Start-Sleep -Seconds 4   # the 3-second access token has expired
        $again = Connect-LDOutreach -StorePath $Store -PassThru
        $again.TokenExpiresAt | Should -BeGreaterThan $first.TokenExpiresAt
        $again.AuthorizedUserId | Should -Be 1
    }

    It 'keeps working when the access token expires between commands' {
        Connect-Test | Out-Null
        Start-Sleep -Seconds 4
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
        $partial = New-RefreshToken -Scopes 'sequences.all', 'mailboxes.all', 'prospects.all', 'users.read', 'sequenceSteps.read', 'rulesets.read'
        $err = { Connect-LDOutreach -ClientId ld-demo-client -ClientSecret $Secret -RefreshToken $partial -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'UnauthorizedOAuthScope,LeanData.Outreach.Cmdlets.Commands.Connection.ConnectLDOutreachCommand'
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*Ensure their scope is set to sequences.all, sequenceStates.all, mailboxes.all, prospects.all*'
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
