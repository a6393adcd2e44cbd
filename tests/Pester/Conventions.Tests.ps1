# What admins expect from Microsoft.Graph / Az / ExchangeOnlineManagement: a context cmdlet that answers offline,
# -Credential on Connect, the audit log's own outcome names with completion, and JSON with enum names.
BeforeAll {
    Import-Module Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management, Microsoft.PowerShell.Security
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Sandbox = Start-LDTestSandbox
    function script:Get-Code([int] $UserId = 1) {
        $redirect = 'http://127.0.0.1:5123/callback'
        $query = "client_id=ld-demo-client&redirect_uri=$([uri]::EscapeDataString($redirect))&response_type=code&state=pester&user_id=$UserId"
        $answer = Invoke-WebRequest -Uri "$($Sandbox.OAuthUrl)/authorize?$query" -MaximumRedirection 0 -SkipHttpErrorCheck -ErrorAction SilentlyContinue
        [Web.HttpUtility]::ParseQueryString(([uri] "$($answer.Headers.Location)").Query)['code']
    }
    $script:Credential = [pscredential]::new('ld-demo-client', (ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force))
}
AfterAll { Stop-LDTestSandbox $Sandbox }

Describe 'Connect-LDOutreach -Credential and Get-LDConnection' {
    BeforeEach { $script:Store = New-LDTestStorePath }
    AfterEach { Remove-LDTestStore $Store }

    It 'connects with a PSCredential (client id as user name, secret as password)' {
        $info = Connect-LDOutreach -Credential $Credential -AuthorizationCode (Get-Code 2) -RedirectUri http://127.0.0.1:5123/callback `
            -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store -PassThru
        $info.ClientId | Should -Be 'ld-demo-client'
        $info.AuthorizedUserId | Should -Be 2
    }

    It 'a wrong secret in the credential fails like a wrong -ClientSecret' {
        $bad = [pscredential]::new('ld-demo-client', (ConvertTo-SecureString 'wrong' -AsPlainText -Force))
        { Connect-LDOutreach -Credential $bad -AuthorizationCode (Get-Code) -RedirectUri http://127.0.0.1:5123/callback -ApiBaseUri $Sandbox.BaseUrl -StorePath $Store -ErrorAction Stop } |
            Should -Throw -ErrorId 'OAuthInvalidClient*'
    }

    It 'Get-LDConnection answers offline: store, API base, user, scopes, token expiry; never a secret' {
        $own = Start-LDTestSandbox
        try { Connect-LDTestSandbox -Sandbox $own -StorePath $Store | Out-Null }
        finally { Stop-LDTestSandbox $own }   # offline from here on
        $context = Get-LDConnection -StorePath $Store
        $context.StorePath | Should -Be $Store
        $context.ApiBaseUri | Should -Be $own.BaseUrl
        $context.AuthorizedUserId | Should -Be 1
        $context.AuthorizedUserEmail | Should -Be 'ada.admin@demo.example'
        $context.Scopes | Should -Contain 'sequenceStates.all'
        $context.TokenExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        $context.TokenExpired | Should -BeFalse
        $json = $context | ConvertTo-Json -Depth 4
        $json | Should -Not -Match 'ld-demo-secret'
        @($context.PSObject.Properties.Name | Where-Object { $_ -match 'Secret|Token$|AccessToken|RefreshToken' }) | Should -BeNullOrEmpty
    }

    It 'Get-LDConnection writes nothing and creates no store when nothing is connected' {
        Get-LDConnection -StorePath $Store | Should -BeNullOrEmpty
        $Store | Should -Not -Exist
    }
}

Describe 'Get-LDAuditLog -Outcome' {
    BeforeAll {
        $script:LogStore = New-LDTestStorePath
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $LogStore | Out-Null
        Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c -StorePath $LogStore
        Import-Csv (Join-Path $PSScriptRoot '../../samples/leads.csv') |
            Invoke-LDAddToSequence -Sequence 'Demo: Shared Email Nurture' -Mailbox RecordOwner -StorePath $LogStore -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
    }
    AfterAll { Remove-LDTestStore $LogStore }

    It 'accepts ''<Name>'' as <Short>' -TestCases @(
        @{ Name = 'Success (Outreach)'; Short = 'Success' }
        @{ Name = 'Pending (Outreach)'; Short = 'Pending' }
        @{ Name = 'Error (Outreach)'; Short = 'Error' }
        @{ Name = 'error (fallback)'; Short = 'Fallback' }
    ) {
        $long = @(Get-LDAuditLog -Outcome $Name -StorePath $LogStore)
        $short = @(Get-LDAuditLog -Outcome $Short -StorePath $LogStore)
        $long.ActionId | Should -Be $short.ActionId
        if ($Short -in 'Success', 'Error') { $long.Count | Should -BeGreaterThan 0 }
    }

    It 'mixes the names in one call, positionally too' {
        @(Get-LDAuditLog 'Success (Outreach)', Error -StorePath $LogStore).Count |
            Should -Be (@(Get-LDAuditLog -Outcome Success -StorePath $LogStore).Count + @(Get-LDAuditLog -Outcome Error -StorePath $LogStore).Count)
    }

    It 'refuses an unknown name, listing the accepted ones' {
        { Get-LDAuditLog -Outcome 'Bogus (Outreach)' -StorePath $LogStore } | Should -Throw -ExpectedMessage "*'Success (Outreach)'*"
    }

    It 'completes the integration''s names, quoted' {
        $line = "Get-LDAuditLog -Outcome Err"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain "'Error (Outreach)'"
        $completions | Should -Contain "'Error (Fallback)'"
        $completions | Should -Contain 'Error'
    }
}

Describe 'ConvertTo-Json of the output types' {
    BeforeAll {
        $script:JsonStore = New-LDTestStorePath
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $JsonStore | Out-Null
        $PSDefaultParameterValues['*-LD*:StorePath'] = $JsonStore
        Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c
        $script:Results = @(Import-Csv (Join-Path $PSScriptRoot '../../samples/leads.csv') |
            Invoke-LDAddToSequence -Sequence 'Demo: Shared Email Nurture' -Mailbox RecordOwner -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    }
    AfterAll {
        $PSDefaultParameterValues.Remove('*-LD*:StorePath')
        Remove-LDTestStore $JsonStore
    }

    It '<Name> writes every enum as its name' -TestCases @(
        @{ Name = 'Invoke-LDAddToSequence'; Source = { $Results } }
        @{ Name = 'Get-LDAuditLog'; Source = { Get-LDAuditLog } }
        @{ Name = 'Get-LDPartnerLog'; Source = { Get-LDPartnerLog } }
        @{ Name = 'Get-LDRoutingInsight'; Source = { Get-LDRoutingInsight } }
        @{ Name = 'Start-LDRetryWorker'; Source = { Start-LDRetryWorker -Once } }
        @{ Name = 'Get-LDSequence'; Source = { Get-LDSequence } }
        @{ Name = 'Get-LDOutreachUser'; Source = { Get-LDOutreachUser } }
        @{ Name = 'Test-LDOutreachConnection'; Source = { Test-LDOutreachConnection } }
    ) {
        $objects = @(& $Source)
        $objects.Count | Should -BeGreaterThan 0
        $enums = 0
        foreach ($object in $objects) {
            $json = $object | ConvertTo-Json -Depth 3 -Compress | ConvertFrom-Json
            foreach ($property in $object.PSObject.Properties | Where-Object { $_.Value -is [Enum] }) {
                $enums++
                $json.($property.Name) | Should -BeOfType [string] -Because "$($property.Name) must be written by name"
                $json.($property.Name) | Should -Be $property.Value.ToString()
            }
        }
        if ($Name -eq 'Invoke-LDAddToSequence') {
            $enums | Should -BeGreaterThan 0
            $Results[0] | ConvertTo-Json -Compress | Should -Match ('"Outcome":"{0}"' -f $Results[0].Outcome)
        }
    }
}
