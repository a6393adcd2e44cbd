@{
    RootModule             = 'LeanData.Outreach.Cmdlets.dll'
    ModuleVersion          = '0.0.0'   # stamped by build.ps1 from Directory.Build.props
    CompatiblePSEditions   = @('Core')
    PowerShellVersion      = '7.4'
    GUID                   = '6f1b7a8e-2c4d-4e8b-9a51-3d7c0e9b4f21'
    Author                 = 'LeanData.Outreach contributors'
    CompanyName            = 'LeanData.Outreach'
    Copyright              = '(c) LeanData.Outreach contributors. MIT License.'
    Description            = 'Adds Salesforce Leads and Contacts to Outreach sequences: the LeanData-Outreach "Add to Sequence" integration as PowerShell cmdlets, with batching, rate limiting, durable retries, an audit log and a partner callout log.'
    FormatsToProcess       = @('LeanData.Outreach.Format.ps1xml')
    TypesToProcess         = @('LeanData.Outreach.Types.ps1xml')
    CmdletsToExport        = @(
        'Get-LDFieldMapping'
        'Set-LDFieldMapping'
        'Get-LDRetryPolicy'
        'Set-LDRetryPolicy'
        'Get-LDRateLimit'
        'Set-LDRateLimit'
        'Get-LDBulkLimit'
        'Set-LDBulkLimit'
        'Get-LDAuditLog'
        'Remove-LDAuditLog'
        'Get-LDPartnerLog'
        'Get-LDRateLimitStatus'
        'Start-LDRetryWorker'
        'Register-LDRetryWorker'
        'Invoke-LDAddToSequence'
        'Connect-LDOutreach'
        'Get-LDConnection'
        'Disconnect-LDOutreach'
        'Test-LDOutreachConnection'
        'Get-LDSequence'
        'Get-LDOutreachUser'
        'Get-LDMailbox'
        'Import-LDSalesforceUser'
        'Test-LDFieldMapping'
        'Get-LDSequenceState'
        'Suspend-LDSequenceState'
        'Resume-LDSequenceState'
        'Complete-LDSequenceState'
        'Get-LDUserSequenceMap'
        'Set-LDUserSequenceMap'
        'Remove-LDUserSequenceMap'
        'Get-LDRoutingInsight'
        'Export-LDRoutingReport'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('LeanData', 'Outreach', 'Salesforce', 'Sequence', 'SalesEngagement', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://example.invalid/LeanData.Outreach'
            LicenseUri   = 'https://example.invalid/LeanData.Outreach/blob/main/LICENSE'
            ReleaseNotes = 'Add to Sequence from the pipeline with batching, per-user rate limits, durable retries, an audit log and a partner callout log; ships an Outreach API sandbox (the ld-outreach-sandbox .NET tool) to rehearse against.'
            Prerelease   = ''   # stamped by build.ps1 from Directory.Build.props VersionSuffix; empty means a release
        }
    }
}
