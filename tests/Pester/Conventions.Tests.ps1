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

BeforeDiscovery {
    $script:JsonTypes = @(
        'LeanData.Outreach.Engine.Execution.AddToSequenceResult', 'LeanData.Outreach.Store.OutreachConnectionInfo', 'LeanData.Outreach.Connection.OutreachContext',
        'LeanData.Outreach.Connection.ConnectionCheck', 'LeanData.Outreach.Configuration.FieldMapping', 'LeanData.Outreach.Configuration.RetryPolicy',
        'LeanData.Outreach.Configuration.RateLimitSettings', 'LeanData.Outreach.Configuration.BulkLimit', 'LeanData.Outreach.Logs.RateLimitStatus', 'LeanData.Outreach.Logs.AuditEntry',
        'LeanData.Outreach.Logs.PartnerLogEntry', 'LeanData.Outreach.Logs.PartnerLogTotals', 'LeanData.Outreach.Cmdlets.Commands.Logs.AuditLogRemoval',
        'LeanData.Outreach.Engine.Retry.RetryWorkerSummary', 'LeanData.Outreach.Cmdlets.Commands.Retry.RetryWorkerRegistration', 'LeanData.Outreach.Catalog.SequenceInfo',
        'LeanData.Outreach.Catalog.OutreachSender', 'LeanData.Outreach.Catalog.MailboxInfo', 'LeanData.Outreach.Catalog.SalesforceUserLink',
        'LeanData.Outreach.Catalog.FieldMappingCheck', 'LeanData.Outreach.Routing.UserSequenceMapping', 'LeanData.Outreach.Routing.RoutingInsight',
        'LeanData.Outreach.SequenceStates.SequenceStateInfo', 'LeanData.Outreach.SequenceStates.SequenceStateActionResult'
    )
}

Describe 'ConvertTo-Json of the output types' {
    # Every [OutputType] of every exported cmdlet gets an instance from a real call against the sandbox, and its JSON
    # must write each enum by name and each time span as text that [TimeSpan] reads back, never as an object of
    # Ticks/Days/...; in PowerShell the same properties stay enums and TimeSpans.
    BeforeAll {
        $script:JsonStore = New-LDTestStorePath
        $script:JsonFolder = Join-Path (Split-Path $JsonStore) 'json-schedule'
        $script:Connection = Connect-LDOutreach -ClientId ld-demo-client -ClientSecret (ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force) `
            -AuthorizationCode (Get-Code) -RedirectUri http://127.0.0.1:5123/callback -ApiBaseUri $Sandbox.BaseUrl -StorePath $JsonStore -PassThru
        $PSDefaultParameterValues['*-LD*:StorePath'] = $JsonStore
        Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c
        $script:Results = @(Import-Csv (Join-Path $PSScriptRoot '../../samples/leads.csv') |
            Invoke-LDAddToSequence -Sequence 'Demo: Shared Email Nurture' -Mailbox RecordOwner -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $script:Sources = [ordered]@{
            'LeanData.Outreach.Engine.Execution.AddToSequenceResult' = { $Results }
            'LeanData.Outreach.Store.OutreachConnectionInfo' = { $Connection }
            'LeanData.Outreach.Connection.OutreachContext' = { Get-LDConnection }
            'LeanData.Outreach.Connection.ConnectionCheck' = { Test-LDOutreachConnection }
            'LeanData.Outreach.Configuration.FieldMapping' = { Get-LDFieldMapping }
            'LeanData.Outreach.Configuration.RetryPolicy' = { Set-LDRetryPolicy -Interval '1.02:03:04.5' -PassThru }
            'LeanData.Outreach.Configuration.RateLimitSettings' = { Set-LDRateLimit -Window 00:10:00 -PassThru }
            'LeanData.Outreach.Configuration.BulkLimit' = { Set-LDBulkLimit -ItemsPerDay 4000000 -PassThru }
            'LeanData.Outreach.Logs.RateLimitStatus' = { Get-LDRateLimitStatus }
            'LeanData.Outreach.Logs.AuditEntry' = { Get-LDAuditLog }
            'LeanData.Outreach.Logs.PartnerLogEntry' = { Get-LDPartnerLog }
            'LeanData.Outreach.Logs.PartnerLogTotals' = { Get-LDPartnerLog -Summary }
            'LeanData.Outreach.Cmdlets.Commands.Logs.AuditLogRemoval' = { Remove-LDAuditLog -OlderThan 3650.00:00:00 -PassThru -Confirm:$false }
            'LeanData.Outreach.Engine.Retry.RetryWorkerSummary' = { Start-LDRetryWorker -Once }
            'LeanData.Outreach.Cmdlets.Commands.Retry.RetryWorkerRegistration' = { Register-LDRetryWorker -Kind Cron -OutputDirectory $JsonFolder -WarningAction SilentlyContinue }
            'LeanData.Outreach.Catalog.SequenceInfo' = { Get-LDSequence }
            'LeanData.Outreach.Catalog.OutreachSender' = { Get-LDOutreachUser }
            'LeanData.Outreach.Catalog.MailboxInfo' = { Get-LDMailbox }
            'LeanData.Outreach.Catalog.SalesforceUserLink' = { Get-Content (Join-Path $PSScriptRoot '../../samples/salesforce-users.sf.json') -Raw | ConvertFrom-Json | Import-LDSalesforceUser -PassThru -ErrorAction SilentlyContinue }
            'LeanData.Outreach.Catalog.FieldMappingCheck' = { [pscustomobject]@{ Id = '00Q000000000001'; Outreach_Prospect_ID__c = '1' } | Test-LDFieldMapping }
            'LeanData.Outreach.Routing.UserSequenceMapping' = { Set-LDUserSequenceMap -User 2 -Sequence 'Demo: Shared Email Nurture' -PassThru }
            'LeanData.Outreach.Routing.RoutingInsight' = { Get-LDRoutingInsight }
            'LeanData.Outreach.SequenceStates.SequenceStateInfo' = { Get-LDSequenceState -Sequence 'Demo: Shared Email Nurture' }
            'LeanData.Outreach.SequenceStates.SequenceStateActionResult' = { Get-LDSequenceState -Sequence 'Demo: Shared Email Nurture' -State active | Select-Object -First 1 | Suspend-LDSequenceState -Confirm:$false }
        }
        # Framework types are PowerShell's own business (FileInfo from Export-LDRoutingReport, the bool of -Quiet).
        $script:OutputTypes = @(Get-Command -Module LeanData.Outreach | ForEach-Object { $_.OutputType.Type } |
            Where-Object { $_ -and $_.Namespace -notlike 'System*' } | Sort-Object FullName -Unique)
        $script:Found = @{ Enums = [Collections.Generic.List[string]]::new(); TimeSpans = [Collections.Generic.List[string]]::new() }

        function script:Assert-JsonShape($Object, $Json, [string] $Path) {
            # Walks the object as PowerShell sees it beside its JSON, one property at a time, into nested module objects.
            foreach ($property in $Object.PSObject.Properties) {
                $value = $property.Value
                $written = $Json.($property.Name)
                $here = "$Path.$($property.Name)"
                if ($value -is [Enum]) {
                    $Found.Enums.Add($here)
                    $written | Should -BeOfType [string] -Because "$here must be written by name"
                    $written | Should -Be $value.ToString()
                }
                elseif ($value -is [TimeSpan]) {
                    $Found.TimeSpans.Add($here)
                    $written | Should -BeOfType [string] -Because "$here must be written as readable text, not an object of Ticks"
                    [TimeSpan]::Parse($written, [cultureinfo]::InvariantCulture) | Should -Be $value -Because "$here reads back"
                }
                elseif ($null -ne $value -and $value.GetType().Assembly.GetName().Name -like 'LeanData.Outreach*') {
                    Assert-JsonShape $value $written $here
                }
                elseif ($value -is [Collections.IEnumerable] -and $value -isnot [string]) {
                    $items = @($value); $writtenItems = @($written)
                    for ($i = 0; $i -lt $items.Count; $i++) {
                        if ($null -ne $items[$i] -and $items[$i].GetType().Assembly.GetName().Name -like 'LeanData.Outreach*') { Assert-JsonShape $items[$i] $writtenItems[$i] "$here[$i]" }
                    }
                }
            }
        }
    }
    AfterAll {
        $PSDefaultParameterValues.Remove('*-LD*:StorePath')
        Remove-LDTestStore $JsonStore
    }

    It 'has an instance source for every output type of every exported cmdlet' -TestCases @{ Listed = $JsonTypes } {
        $OutputTypes.Count | Should -BeGreaterThan 20
        @($OutputTypes.FullName | Where-Object { $_ -notin $Listed }) | Should -BeNullOrEmpty -Because 'every output type gets a JSON test below'
        @($OutputTypes.FullName | Where-Object { -not $Sources.Contains($_) }) | Should -BeNullOrEmpty
        @($Sources.Keys | Where-Object { $_ -notin $OutputTypes.FullName }) | Should -BeNullOrEmpty -Because 'a source for a type no cmdlet declares is stale'
    }

    It 'declares no public TimeSpan on an output type (ConvertTo-Json would write it as Ticks, Days, ...)' {
        @(foreach ($type in $OutputTypes) {
            $type.GetProperties('Public,Instance') | Where-Object { ([Nullable]::GetUnderlyingType($_.PropertyType) ?? $_.PropertyType) -eq [TimeSpan] } |
                ForEach-Object { "$($type.Name).$($_.Name)" }
        }) | Should -BeNullOrEmpty
    }

    It '<_> writes enums by name and time spans as text' -ForEach $JsonTypes {
        $type = $_
        $objects = @(& $Sources[$type] | Where-Object { $_.GetType().FullName -eq $type })
        $objects.Count | Should -BeGreaterThan 0 -Because "the source must produce a $type"
        foreach ($object in $objects) {
            $text = $object | ConvertTo-Json -Depth 6 -Compress -WarningAction SilentlyContinue
            $text | Should -Not -Match '"Ticks":' -Because "no time span of $type may be written as an object"
            Assert-JsonShape $object ($text | ConvertFrom-Json) $object.GetType().Name
        }
    }

    It 'found the enums and time spans it checks (so the walk cannot pass by finding nothing)' {
        $Found.Enums | Should -Contain 'AddToSequenceResult.Outcome'
        $Found.Enums | Should -Contain 'SequenceStateActionResult.Action'
        foreach ($span in 'RetryPolicy.Interval', 'RateLimitSettings.Window', 'RateLimitStatus.ClientWindow', 'RetryWorkerSummary.Duration', 'RetryWorkerRegistration.Interval') {
            $Found.TimeSpans | Should -Contain $span
        }
    }

    It 'keeps the time spans TimeSpans for scripts, views and pipeline binding, and JSON reads back into the cmdlets' {
        $policy = Get-LDRetryPolicy
        $policy.Interval | Should -BeOfType [TimeSpan]
        $policy.Interval.TotalSeconds | Should -Be ([TimeSpan]'1.02:03:04.5').TotalSeconds
        ($policy | Select-Object Interval).Interval | Should -BeOfType [TimeSpan]
        ($policy | Format-List | Out-String) | Should -Match '1\.02:03:04\.5'
        ($policy | Get-Member Interval).Definition | Should -Match '^System.TimeSpan '
        (Start-LDRetryWorker -Once).Duration.TotalSeconds | Should -BeOfType [double]

        # Written as JSON, read back and piped in by property name, the policy arrives unchanged.
        $other = New-LDTestStorePath
        try {
            $policy | ConvertTo-Json | ConvertFrom-Json | Set-LDRetryPolicy -StorePath $other
            (Get-LDRetryPolicy -StorePath $other).Interval | Should -Be $policy.Interval
            (Get-LDRateLimit) | ConvertTo-Json | ConvertFrom-Json | Set-LDRateLimit -StorePath $other
            (Get-LDRateLimit -StorePath $other).Window | Should -Be ([TimeSpan]'00:10:00')
        }
        finally { Remove-LDTestStore $other }
    }
}
