# Invoke-LDAddToSequence as admins use it, against the built module and the sandbox process: a fresh store
# connected through OAuth, the field mapping and Salesforce users set, then the samples piped in.
# Sandbox facts used here (src/LeanData.Outreach.Sandbox/README.md, `demo` preset): sequence 1 'Demo: Shared
# Email Nurture' (email steps, no duplicates), 2 'Demo: Shared Call Blitz (no email)'; users 1 Ada, 2 Ben,
# 3 Cara (locked), 4 Dan (send disabled); prospect 7 opted out, 8 no email, 9 deleted, 13 locked, 14 custom validation.
BeforeAll {
    Import-Module Microsoft.PowerShell.Security, Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force
    $script:Samples = Join-Path $PSScriptRoot '../../samples'
    $script:EmailSequence = 'Demo: Shared Email Nurture'
    $script:CallSequence = 'Demo: Shared Call Blitz (no email)'
    function script:Get-Leads { Import-Csv (Join-Path $Samples 'leads.csv') }
    function script:Get-Contacts { (Get-Content (Join-Path $Samples 'contacts.sf.json') -Raw | ConvertFrom-Json).result.records }
    function script:Get-Attendees { Import-Csv (Join-Path $Samples 'event-attendees.csv') }
    function script:Get-Counters { Invoke-LDTestSandboxAdmin $Sandbox counters }
    function script:Get-MutatingRequests { @((Get-Counters).requests | Where-Object { $_.route -notlike 'GET *' }) }
    function script:Assert-NoneEnrolledTwice { @((Get-Counters).enrollments | Where-Object count -gt 1) | Should -BeNullOrEmpty }
    $script:Sandbox = Start-LDTestSandbox
}
AfterAll { Stop-LDTestSandbox $Sandbox }

Describe 'Invoke-LDAddToSequence against the sandbox' {
    BeforeEach {
        # Fresh demo data (tokens stay), no faults, a fresh connected store, counters from zero.
        Invoke-LDTestSandboxAdmin $Sandbox seed Post @{ preset = 'demo' } | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox faults Delete | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox maintenance Delete | Out-Null
        $script:Store = New-LDTestStorePath
        $PSDefaultParameterValues['*-LD*:StorePath'] = $Store
        Connect-LDTestSandbox -Sandbox $Sandbox -StorePath $Store | Out-Null
        # As admins do after connecting: fill the catalog cache (names, completion and -WhatIf read it).
        Get-LDSequence -Refresh | Out-Null
        Get-LDOutreachUser -Refresh | Out-Null
        Set-LDFieldMapping -Lead Outreach_Prospect_ID__c -Contact Outreach_Prospect_ID__c -User Outreach_User_ID__c
        Get-Content (Join-Path $Samples 'salesforce-users.sf.json') -Raw | ConvertFrom-Json | Import-LDSalesforceUser | Out-Null
        Invoke-LDTestSandboxAdmin $Sandbox counters Delete | Out-Null
    }
    AfterEach {
        $PSDefaultParameterValues.Remove('*-LD*:StorePath')
        Remove-LDTestStore $Store
    }

    It 'adds CSV rows from each record owner''s mailbox, with one result per row in input order' {
        $leads = @(Get-Leads)
        $results = $leads | Invoke-LDAddToSequence -Sequence $EmailSequence -Mailbox RecordOwner -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $results | Should -HaveCount 11
        $results.RecordId | Should -Be $leads.Id
        $results.Outcome | Should -Be @('Success', 'Success', 'Error', 'Edge', 'Edge', 'Error', 'Error', 'Error', 'Error', 'Success', 'Error')
        # Owner from Owner.Outreach_User_ID__c, or (row 2) from the imported Salesforce user map.
        $results[0..1].UserId | Should -Be @(2, 2)
        $results[0..1].MailboxId | Should -Be @(2, 2)
        $results[0].SequenceStateId | Should -BeGreaterThan 0
        $results[0].SequenceName | Should -Be $EmailSequence
        # The converted Lead adds its Contact.
        $results[9].TargetRecordId | Should -Be '003000000000010AAA'
        $results[9].ProspectId | Should -Be 4
        ($results | Where-Object ErrorCategory).ErrorCategory | Should -Be @('ProspectOptedOut', 'QueueOwner', 'MissingProspectId', 'ResourceNotFound', 'GeneralValidationError', 'UserLocked', 'ProspectLocked', 'ProspectMissingEmail')
        (Get-Counters).sequenceStatesCreated | Should -Be 3
        # The empty Email row and the edges made no call: 11 rows, 3 without a request.
        (Get-Counters).sequenceStatePosts | Should -Be 8
        @(Get-LDAuditLog) | Should -HaveCount 11
    }

    It 'writes a debug line per Outreach request under -Debug (written by the pipeline thread, no prompt)' {
        $out = @(Get-Leads | Select-Object -First 2 | Invoke-LDAddToSequence -Sequence $EmailSequence -Mailbox RecordOwner -Debug 5>&1)
        $debug = @($out | Where-Object { $_ -is [Management.Automation.DebugRecord] }).Message
        @($debug -like 'Outreach POST /api/v2/sequenceStates -> 201 *') | Should -HaveCount 2
        @($out | Where-Object { $_ -isnot [Management.Automation.DebugRecord] }).Outcome | Should -Be @('Success', 'Success')
    }

    It 'adds Salesforce CLI JSON records as the user in -UserField, and as one specific user' {
        $contacts = @(Get-Contacts)
        $results = $contacts | Invoke-LDAddToSequence -Sequence 1 -Mailbox UserField -UserField SDR__c -ErrorAction SilentlyContinue
        $results.RecordId | Should -Be $contacts.Id
        $results.Outcome | Should -Be @('Success', 'Success', 'Error', 'Error', 'Error', 'Edge', 'Edge')
        $results[0..1].UserId | Should -Be @(2, 2)   # SDR__r.Outreach_User_ID__c, then (SDR__r null) the imported map
        ($results | Where-Object ErrorCategory).ErrorCategory | Should -Be @('ObjectMerged', 'ProspectAlreadyTargeted', 'MailboxSendDisabled', 'MissingUserId', 'ConfigurationError')

        $attendees = @(Get-Attendees)
        $event = $attendees | Invoke-LDAddToSequence -Sequence $CallSequence -Mailbox SpecificUser -User 'ada.admin@demo.example'
        $event.Outcome | Should -Be @('Success', 'Success', 'Success', 'Success', 'Success')
        $event.MailboxId | Should -Be @(1, 1, 1, 1, 1)
        $event.SequenceId | Should -Be @(2, 2, 2, 2, 2)
        Assert-NoneEnrolledTwice
    }

    It 'returns each edge as a result with Outcome Edge that Where-Object Edge can pick' {
        $results = @(Get-Leads) + @(Get-Contacts) | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $queue = @($results | Where-Object Edge -eq 'QueueOwner')
        $queue | Should -HaveCount 1
        $queue[0].RecordId | Should -Be '00Q000000000004AAA'
        $queue[0].Outcome | Should -Be 'Edge'
        @($results | Where-Object Edge -eq 'MissingProspectId').RecordId | Should -Be @('00Q000000000005AAA')
        @($results | Where-Object Edge -eq 'ConfigurationError').RecordId | Should -Be @('003000000000007AAA')
        ($results | Where-Object Outcome -eq 'Edge').Edge | Sort-Object -Unique | Should -Be @('ConfigurationError', 'MissingProspectId', 'QueueOwner')

        # MissingUserId: with -Mailbox UserField the Contact with no SDR has no sending user.
        $byField = Get-Contacts | Invoke-LDAddToSequence -Sequence 2 -Mailbox UserField -UserField SDR__c -ErrorAction SilentlyContinue
        @($byField | Where-Object Edge -eq 'MissingUserId').RecordId | Should -Be @('003000000000006AAA')
        # Where-Object Edge (no operator) finds every edge, ConfigurationError included.
        ($byField | Where-Object Edge).Edge | Should -Be @('MissingUserId', 'ConfigurationError')
        ($byField | Where-Object Edge).Outcome | Should -Be @('Edge', 'Edge')
    }

    It 'sends the QueueOwner edge''s records again from a specific mailbox when the results are piped back in' {
        $results = Get-Leads | Invoke-LDAddToSequence -Sequence 1 -Mailbox RecordOwner -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $again = $results | Where-Object Edge -eq 'QueueOwner' | Invoke-LDAddToSequence -Sequence 1 -Mailbox SpecificUser -User 'ada.admin@demo.example'
        $again.RecordId | Should -Be '00Q000000000004AAA'
        $again.Outcome | Should -Be 'Success'
        $again.ProspectId | Should -Be 3
        $again.MailboxId | Should -Be 1
    }

    It 'yields a result or an error for every record when the store breaks mid-run, and sends nothing once it knows it cannot record' {
        # The attempts table is damaged: a batch is stored and sent, but its results cannot be recorded. Up to four batches are
        # sent side by side, so the batches already in flight when the first write fails are sent too (each was stored Pending
        # under the run's lease before it was sent, so the retry worker looks it up before sending again); the batches after
        # it are not sent. How many batches were in flight depends on timing, so each record is checked against the rule.
        Set-LDTestTableDamaged -StorePath $Store -Table attempts
        $leads = @(Get-Leads)
        $results = @($leads | Invoke-LDAddToSequence -Sequence $CallSequence -Mailbox RecordOwner -BatchSize 3 -ErrorVariable problems -ErrorAction SilentlyContinue)

        # One result per record, in input order.
        $results.Count | Should -Be $leads.Count
        $results.RecordId | Should -Be $leads.Id
        $stored = @{}
        Invoke-LDTestSql -StorePath $Store -Sql 'SELECT record_id, outcome, lease_owner FROM actions' | ForEach-Object { $stored[$_.record_id] = $_ }
        $enrolledAt = @{}
        (Get-Counters).enrollments | ForEach-Object { $enrolledAt[[long] $_.prospectId] = $_.count }
        $notRecorded = $notSent = 0
        foreach ($r in $results) {
            $errors = @($problems | Where-Object { $_.TargetObject.Id -eq $r.RecordId -and $_.FullyQualifiedErrorId -like 'Store*' })
            if ($r.GetStoreFailure()) {
                # Handled but not recorded: one error says so, naming the store and the remedy.
                $notRecorded++
                $errors.FullyQualifiedErrorId | Should -BeLike 'StoreResultNotRecorded,*' -Because "$($r.RecordId) was handled but not recorded"
                $errors.Count | Should -Be 1
                $errors[0].Exception.Message | Should -BeLike "*$Store*"
                $errors[0].ErrorDetails.RecommendedAction | Should -BeLike '*retry worker*'
                $errors[0].CategoryInfo.Category | Should -Be 'WriteError'
                # A record that was sent stays Pending under the run's lease in the store (looked up before any retry sends it).
                if ($r.SequenceStateId -or $r.Outcome -eq 'Error') { $stored[$r.RecordId].outcome | Should -Be 'Pending' -Because "$($r.RecordId) was sent and not recorded" }
            }
            elseif ($r.ErrorCategory -eq 'StoreRecordNotSent') {
                # Not sent at all: one error says so, and Outreach never saw it.
                $notSent++
                $errors.FullyQualifiedErrorId | Should -BeLike 'StoreRecordNotSent,*'
                $errors.Count | Should -Be 1
                $enrolledAt.ContainsKey([long] $r.ProspectId) | Should -BeFalse -Because "$($r.RecordId) was not sent"
            }
            else {
                # Recorded: only an edge planned without a call (stored before the failure) can be; the store holds it, and no store error names it.
                $r.Edge | Should -BeIn 'QueueOwner', 'MissingProspectId' -Because "$($r.RecordId) was neither sent nor refused, so it needs no write after the failure"
                $errors | Should -BeNullOrEmpty
                $stored[$r.RecordId].outcome | Should -Be $r.Outcome -Because "$($r.RecordId) was recorded"
            }
        }
        $notRecorded | Should -BeGreaterThan 0 -Because 'the first batch is sent and cannot be recorded'
        # Each enrollment that reached Outreach is in the output with its sequenceState, none twice.
        $enrolled = @($results | Where-Object SequenceStateId)
        @((Get-Counters).enrollments).Count | Should -Be $enrolled.Count
        Assert-NoneEnrolledTwice
    }

    It 'reads fields strictly: a value of the wrong shape is one InvalidRecord naming the record, the field and what was expected' {
        $rows = @"
 Id ,Outreach_Prospect_ID__c,OwnerId,Owner.Outreach_User_ID__c,IsConverted
00Q000000000001AAA,1,005000000000002AAA,2,maybe
00Q000000000002AAA,2,005000000000002AAA,2,false
"@ | ConvertFrom-Csv
        $records = @($rows) + [pscustomobject]@{ Id = '00Q000000000003AAA'; Outreach_Prospect_ID__c = '3'; OwnerId = @{} }
        $results = @($records | Invoke-LDAddToSequence -Sequence $CallSequence -Mailbox RecordOwner -ErrorVariable problems -ErrorAction SilentlyContinue)

        $results.Outcome | Should -Be @('Error', 'Success', 'Error')
        $results.ErrorCategory | Should -Be @('InvalidRecord', $null, 'InvalidRecord')
        $problems.Count | Should -Be 2
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidRecord,*' }
        $problems[0].Exception.Message | Should -BeLike "*record 1 (00Q000000000001AAA): IsConverted holds 'maybe'; expected true or false*"
        $problems[1].Exception.Message | Should -BeLike '*record 3 (00Q000000000003AAA): OwnerId holds an empty object; expected a Salesforce User or Queue id*'
        @((Get-Counters).enrollments).Count | Should -Be 1
    }

    It 'writes each failure as a non-terminating error with the category id, the record and the remedy' {
        $leads = @(Get-Leads)
        $results = $leads | Invoke-LDAddToSequence -Sequence $EmailSequence -Mailbox RecordOwner -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failed = @($results | Where-Object Outcome -in 'Error', 'Edge')
        $problems | Should -HaveCount 8
        $problems.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } | Should -Be $failed.ErrorCategory
        $problems | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike '*,LeanData.Outreach.Cmdlets.Commands.Enrollment.InvokeLDAddToSequenceCommand' }
        # TargetObject is the CSV row itself.
        $problems[0].TargetObject | Should -Be $leads[2]
        $problems.TargetObject.Id | Should -Be $failed.RecordId
        $problems.ErrorDetails.RecommendedAction | Should -Be $failed.RecommendedAction
        $problems[0].ErrorDetails.RecommendedAction | Should -BeLike '*Revert Opt Out*'
        ($problems | Where-Object { $_.FullyQualifiedErrorId -like 'QueueOwner,*' }).ErrorDetails.RecommendedAction | Should -BeLike '*Queues as Salesforce record owners*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $problems[0].Exception.Message | Should -BeLike '*00Q000000000003AAA*'
    }

    It 'stops at the first failure with -ErrorAction Stop, catchable with try/catch' {
        $seen = [Collections.Generic.List[object]]::new()
        $after = $false
        $caught = $null
        try {
            Get-Leads | Invoke-LDAddToSequence -Sequence $EmailSequence -Mailbox RecordOwner -ErrorAction Stop -WarningAction SilentlyContinue | ForEach-Object { $seen.Add($_) }
            $after = $true
        }
        catch { $caught = $_ }
        $after | Should -BeFalse
        $caught.FullyQualifiedErrorId | Should -BeLike 'ProspectOptedOut,*'
        $caught.TargetObject.Id | Should -Be '00Q000000000003AAA'
        $caught.ErrorDetails.RecommendedAction | Should -BeLike '*Revert Opt Out*'
        # Nothing after the failing record reached the pipeline.
        $seen.RecordId | Should -Be @('00Q000000000001AAA', '00Q000000000002AAA', '00Q000000000003AAA')
    }

    It 'Test-LDFieldMapping and -WhatIf agree on every form of Outreach id: <Name>' -TestCases @(
        # Outreach ids are JSON integers (long): a whole number >= 1, read exactly. Salesforce number fields arrive as
        # 42 or "42.0"; text fields may carry blanks or leading zeros. Exponents, fractions, 0, negatives and
        # doubles past 2^53 (not exact, so possibly another prospect) are not ids; blank and null are missing.
        @{ Name = "'42'"; Value = '42'; Expected = 'Valid' }
        @{ Name = "'42.0'"; Value = '42.0'; Expected = 'Valid' }
        @{ Name = "' 42 '"; Value = ' 42 '; Expected = 'Valid' }
        @{ Name = "'042'"; Value = '042'; Expected = 'Valid' }
        @{ Name = "'0'"; Value = '0'; Expected = 'Invalid' }
        @{ Name = "'-1'"; Value = '-1'; Expected = 'Invalid' }
        @{ Name = '1e17'; Value = 1e17; Expected = 'Invalid' }
        @{ Name = "'4.2e1'"; Value = '4.2e1'; Expected = 'Invalid' }
        @{ Name = "''"; Value = ''; Expected = 'Missing' }
        @{ Name = '$null'; Value = $null; Expected = 'Missing' }
        @{ Name = '42 (a number)'; Value = 42; Expected = 'Valid' }
        @{ Name = '42.0 (a double)'; Value = 42.0; Expected = 'Valid' }
    ) {
        param($Name, $Value, $Expected)
        $lead = [pscustomobject]@{ Id = '00Q000000000042AAA'; Outreach_Prospect_ID__c = $Value; OwnerId = '005000000000002AAA' }

        $check = $lead | Test-LDFieldMapping
        $byCheck = if ($check.Passed) { 'Valid' } elseif ($check.FieldPresent -and $null -eq $check.Value) { 'Missing' } else { 'Invalid' }

        $results = @($lead | Invoke-LDAddToSequence -Sequence $EmailSequence -Mailbox RecordOwner -WhatIf -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $byPlan = if ($results.Count -eq 0) { 'Valid' } elseif ($results[0].Edge -eq 'MissingProspectId') { 'Missing' } elseif ($results[0].Edge -eq 'ConfigurationError') { 'Invalid' } else { "Other: $($results[0].Outcome) $($results[0].ErrorCategory)" }

        $byCheck | Should -Be $Expected
        $byPlan | Should -Be $Expected
        if ($Expected -eq 'Valid') { $check.OutreachId | Should -Be 42 }
    }

    It '-WhatIf sends no mutating call and writes no action rows' {
        $results = Get-Leads | Invoke-LDAddToSequence -Sequence $EmailSequence -Mailbox RecordOwner -WhatIf -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-MutatingRequests | Should -BeNullOrEmpty
        (Get-Counters).sequenceStatePosts | Should -Be 0
        @(Get-LDAuditLog) | Should -HaveCount 0
        # Only the records decided without a call come back; none carries an audit id.
        $results.RecordId | Should -Be @('00Q000000000004AAA', '00Q000000000005AAA', '00Q000000000011AAA')
        $results | ForEach-Object { $_.ActionId | Should -BeNullOrEmpty }
    }

    It 'takes the sequence object from Get-LDSequence, and its results pipe into Suspend-LDSequenceState' {
        $sequence = Get-LDSequence -Name $CallSequence
        $results = Get-Attendees | Invoke-LDAddToSequence -Sequence $sequence -Mailbox SpecificUser -User 2
        $results.SequenceId | Should -Be @(2, 2, 2, 2, 2)
        $results.Outcome | Should -Be @('Success', 'Success', 'Success', 'Success', 'Success')

        $paused = @($results | Where-Object Outcome -eq 'Success' | Suspend-LDSequenceState)
        $paused | Should -HaveCount 5
        $paused.SequenceStateId | Should -Be $results.SequenceStateId
        $paused.Outcome | Should -Be @('Success', 'Success', 'Success', 'Success', 'Success')
        $paused.State | Should -Be @('paused', 'paused', 'paused', 'paused', 'paused')
    }

    It 'completes sequence names for -Sequence and sending users for -User from the cache' {
        $line = "Invoke-LDAddToSequence -StorePath '$Store' -Mailbox SpecificUser -Sequence 'Demo: Sh"
        $sequences = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $sequences | Should -Contain "'Demo: Shared Email Nurture'"
        $sequences | Should -Contain "'Demo: Shared Call Blitz (no email)'"
        $sequences | Should -Not -Contain "'Demo: Ada''s Private Sequence'"
        $line = "Invoke-LDAddToSequence -StorePath '$Store' -Mailbox SpecificUser -User ben"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('ben.sender@demo.example')
    }

    It 'routes each record to its owner''s primary sequence with -UseUserSequenceMap' {
        Set-LDUserSequenceMap -User 'ben.sender@demo.example' -Sequence $CallSequence
        $results = Get-Leads | Invoke-LDAddToSequence -UseUserSequenceMap -Mailbox RecordOwner -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        # Ben's records go to the call blitz (no email step: the emailless row 11 and opted-out row 3 are fine there);
        # Cara (row 8) has no primary sequence.
        $results.Outcome | Should -Be @('Success', 'Success', 'Success', 'Edge', 'Edge', 'Error', 'Error', 'Error', 'Error', 'Success', 'Success')
        ($results | Where-Object Outcome -eq 'Success').SequenceId | Sort-Object -Unique | Should -Be 2
        $unmapped = $results[7]
        $unmapped.ErrorCategory | Should -Be 'NoUserSequenceMapping'
        $unmapped.Message | Should -BeLike '*00Q000000000008AAA*Outreach user 3 (Cara Locked)*Set-LDUserSequenceMap -User cara.locked@demo.example -Sequence*'
        $error8 = $problems | Where-Object { $_.FullyQualifiedErrorId -like 'NoUserSequenceMapping,*' }
        $error8.TargetObject.Id | Should -Be '00Q000000000008AAA'
        $error8.ErrorDetails.RecommendedAction | Should -BeLike '*Set-LDUserSequenceMap -User*-Sequence*'
        { Get-Leads | Invoke-LDAddToSequence -UseUserSequenceMap -Sequence 1 -Mailbox RecordOwner } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }

    It 'makes a maintenance window Pending until it ends, and the retry worker finishes them' {
        $window = Invoke-LDTestSandboxAdmin $Sandbox maintenance Post @{ durationSeconds = 600 }
        $results = Get-Attendees | Invoke-LDAddToSequence -Sequence $CallSequence -Mailbox SpecificUser -User 1 -WarningAction SilentlyContinue
        $results.Outcome | Should -Be @('Pending', 'Pending', 'Pending', 'Pending', 'Pending')
        $results.ErrorCategory | Sort-Object -Unique | Should -Be 'ScheduledMaintenance'
        $ends = [DateTimeOffset] $window.endsAt
        $results | ForEach-Object { [Math]::Abs(($_.NextAttemptAt - $ends).TotalSeconds) | Should -BeLessThan 5 }
        $results[0].RecommendedAction | Should -BeLike '*LeanData will retry the request after*'
        @(Get-LDAuditLog -Outcome Pending) | Should -HaveCount 5

        Invoke-LDTestSandboxAdmin $Sandbox maintenance Delete | Out-Null
        $summary = Start-LDRetryWorker -Once -IncludeNotDue
        $summary.Succeeded | Should -Be 5
        $summary.PendingInStore | Should -Be 0
        (Get-LDAuditLog).Outcome | Sort-Object -Unique | Should -Be 'Success'
        Assert-NoneEnrolledTwice
    }

    It 'never enrolls a prospect twice when connections drop after Outreach took the enrollment' {
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'dropAfterBody'; count = 3 } | Out-Null
        $results = Get-Attendees | Invoke-LDAddToSequence -Sequence $CallSequence -Mailbox SpecificUser -User 1 -WarningAction SilentlyContinue
        # Whatever each record's outcome, a retry worker run settles them, and each prospect is in the sequence once.
        $results | Should -HaveCount 5
        Start-LDRetryWorker -Once -IncludeNotDue | Out-Null
        (Get-LDAuditLog).Outcome | Sort-Object -Unique | Should -Be 'Success'
        (Get-Counters).sequenceStatesCreated | Should -Be 5
        Assert-NoneEnrolledTwice
    }

    # Last: what the server's 429 says is remembered for the authorized user in this process until its reset,
    # so a test right after it would see RateLimitExceeded without a call (which is the point of remembering).
    It 'makes a 429 storm Pending with the next attempt time, and the retry worker finishes them' {
        Invoke-LDTestSandboxAdmin $Sandbox faults Post @{ route = 'POST /sequenceStates'; kind = 'rateLimit'; count = 5; retryAfterSeconds = 1 } | Out-Null
        $before = [DateTimeOffset]::UtcNow.AddSeconds(-1)
        $results = Get-Attendees | Invoke-LDAddToSequence -Sequence $CallSequence -Mailbox SpecificUser -User 1 -WarningVariable warnings -WarningAction SilentlyContinue
        $results.Outcome | Should -Be @('Pending', 'Pending', 'Pending', 'Pending', 'Pending')
        $results.ErrorCategory | Sort-Object -Unique | Should -Be 'RateLimitExceeded'
        $results | ForEach-Object { $_.NextAttemptAt | Should -BeGreaterThan $before; $_.NextAttemptAt | Should -BeLessThan ([DateTimeOffset]::UtcNow.AddMinutes(2)) }
        $warnings | Should -HaveCount 5
        (Get-Counters).sequenceStatesCreated | Should -Be 0

        $summary = Start-LDRetryWorker -Once -IncludeNotDue
        $summary.Succeeded | Should -Be 5
        $summary.PendingInStore | Should -Be 0
        @(Get-LDAuditLog -Outcome Success) | Should -HaveCount 5
        (Get-Counters).sequenceStatesCreated | Should -Be 5
        Assert-NoneEnrolledTwice
    }
}
