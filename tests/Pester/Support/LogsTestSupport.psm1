# Helpers for the log and retry-worker suites: raw SQL against a store (through the module's own SQLite,

# already loaded in its isolated context), Pending actions written as the engine leaves them, and child
# worker processes. Sandbox connections (Connect-LDTestSandbox) come from TestSupport.psm1.
Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1')

function Get-LDTestCoreType {
    param([Parameter(Mandatory)][string] $Name)
    $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'LeanData.Outreach.Core' } | Select-Object -First 1
    if (-not $core) { throw 'The engine is not loaded yet: run any LeanData.Outreach cmdlet with -StorePath first.' }
    $core.GetType($Name, $true)
}

function Invoke-LDTestSql {
    <# Runs SQL against a store; returns the rows as hashtables (or the scalar with -Scalar). #>
    param([Parameter(Mandatory)][string] $StorePath, [Parameter(Mandatory)][string] $Sql, [hashtable] $Parameters = @{}, [switch] $Scalar)
    Get-LDRetryPolicy -StorePath $StorePath | Out-Null   # loads the engine and creates/migrates the store
    $store = (Get-LDTestCoreType 'LeanData.Outreach.Store.LDStore')::new($StorePath)
    $connection = $store.OpenConnection()
    try {
        $command = $connection.CreateCommand()
        $command.CommandText = $Sql
        foreach ($key in $Parameters.Keys) { [void] $command.Parameters.AddWithValue($key, $(if ($null -eq $Parameters[$key]) { [DBNull]::Value } else { $Parameters[$key] })) }
        if ($Scalar) { return $command.ExecuteScalar() }
        $reader = $command.ExecuteReader()
        try {
            while ($reader.Read()) {
                $row = [ordered]@{}
                for ($i = 0; $i -lt $reader.FieldCount; $i++) { $row[$reader.GetName($i)] = if ($reader.IsDBNull($i)) { $null } else { $reader.GetValue($i) } }
                [pscustomobject] $row
            }
        }
        finally { $reader.Dispose() }
    }
    finally { $connection.Dispose() }
}

function Clear-LDTestSqlitePools {
    <# Closes the module's pooled SQLite connections, so a test can change the store file underneath. #>
    $core = (Get-LDTestCoreType 'LeanData.Outreach.Store.LDStore').Assembly
    $sqlite = [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core).Assemblies | Where-Object { $_.GetName().Name -eq 'System.Data.SQLite' } | Select-Object -First 1
    $sqlite.GetType('System.Data.SQLite.SQLiteConnection')::ClearAllPools()
}

function Set-LDTestTableDamaged {
    <# Overwrites the root page of one table with garbage: the store opens, and that table fails as malformed. #>
    param([Parameter(Mandatory)][string] $StorePath, [Parameter(Mandatory)][string] $Table)
    $root = [long] (Invoke-LDTestSql -StorePath $StorePath -Scalar -Sql "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = '$Table'")
    $pageSize = [long] (Invoke-LDTestSql -StorePath $StorePath -Scalar -Sql 'PRAGMA page_size')
    Invoke-LDTestSql -StorePath $StorePath -Sql 'PRAGMA wal_checkpoint(TRUNCATE)' | Out-Null
    Clear-LDTestSqlitePools
    $stream = [IO.File]::Open($StorePath, 'Open')
    try {
        $stream.Position = ($root - 1) * $pageSize
        $garbage = [byte[]]::new($pageSize); [Array]::Fill($garbage, [byte] 0xA5)
        $stream.Write($garbage, 0, $garbage.Length)
    }
    finally { $stream.Dispose() }
}

function Add-LDTestAction {
    <# Writes one action row as the engine stores it; returns its id. #>
    param(
        [Parameter(Mandatory)][string] $StorePath,
        [string] $NodeName = 'Inbound', [string] $RecordId = '00Q000000000001AAA', [string] $RecordType = 'Lead',
        [string] $Outcome = 'Pending', [string] $Edge, [string] $ErrorCategory, [string] $Message, [string] $FailureReason,
        [int] $Attempts = 0, [Nullable[long]] $ProspectId = 1, [Nullable[long]] $SequenceId = 1, [string] $SequenceName = 'Generated: anchor sequence',
        [Nullable[long]] $MailboxId = 1, [Nullable[long]] $UserId = 1, [Nullable[int]] $LastStatusCode,
        [DateTimeOffset] $CreatedAt = [DateTimeOffset]::UtcNow, [Nullable[DateTimeOffset]] $NextAttemptAt
    )
    if ($Outcome -eq 'Pending' -and -not $NextAttemptAt) { $NextAttemptAt = [DateTimeOffset]::UtcNow.AddSeconds(-1) }
    Invoke-LDTestSql -StorePath $StorePath -Scalar -Sql @'
INSERT INTO actions(node_name, record_id, record_type, prospect_id, sequence_id, sequence_name, mailbox_id, user_id, outcome, edge,
    error_category, message, failure_reason, attempts, next_attempt_ms, last_status_code, created_ms, updated_ms)
VALUES(@node, @record, @type, @prospect, @sequence, @sequenceName, @mailbox, @user, @outcome, @edge, @category, @message, @reason,
    @attempts, @next, @status, @created, @created);
SELECT last_insert_rowid();
'@ -Parameters @{
        '@node' = $NodeName; '@record' = $RecordId; '@type' = $RecordType; '@prospect' = $ProspectId; '@sequence' = $SequenceId
        '@sequenceName' = $SequenceName; '@mailbox' = $MailboxId; '@user' = $UserId; '@outcome' = $Outcome; '@edge' = $(if ($Edge) { $Edge })
        '@category' = $(if ($ErrorCategory) { $ErrorCategory }); '@message' = $(if ($Message) { $Message }); '@reason' = $(if ($FailureReason) { $FailureReason })
        '@attempts' = $Attempts; '@next' = $(if ($NextAttemptAt) { $NextAttemptAt.ToUnixTimeMilliseconds() }); '@status' = $LastStatusCode
        '@created' = $CreatedAt.ToUnixTimeMilliseconds()
    }
}

function Add-LDTestPendingActions {
    <# Many due Pending actions in one statement: prospects First..First+Count-1 into sequence 1 with mailbox 1 (the generated preset's anchors). #>
    param([Parameter(Mandatory)][string] $StorePath, [Parameter(Mandatory)][int] $Count, [int] $First = 1, [string] $NodeName = 'Retry test')
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    Invoke-LDTestSql -StorePath $StorePath -Sql @"
WITH RECURSIVE n(i) AS (SELECT $First UNION ALL SELECT i + 1 FROM n WHERE i < $($First + $Count - 1))
INSERT INTO actions(node_name, record_id, record_type, prospect_id, sequence_id, sequence_name, mailbox_id, user_id, outcome,
    error_category, message, attempts, next_attempt_ms, last_status_code, created_ms, updated_ms)
SELECT '$NodeName', printf('00Q%015d', i), 'Lead', i, 1, 'Generated: anchor sequence', 1, 1, 'Pending', 'ScheduledMaintenance',
    'Outreach was in maintenance', 1, $now - 1000, 503, $now, $now FROM n;
"@ | Out-Null
}

function Invoke-LDTestSandboxAdmin {
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)][string] $Path, [string] $Method = 'Get', $Body)
    $arguments = @{ Method = $Method; Uri = "$($Sandbox.AdminUrl)/$($Path.TrimStart('/'))" }
    if ($null -ne $Body) { $arguments.ContentType = 'application/json'; $arguments.Body = ($Body | ConvertTo-Json -Depth 5 -Compress) }
    Invoke-RestMethod @arguments
}

function Start-LDTestWorkerProcess {
    <# Starts Start-LDRetryWorker in its own pwsh; returns the Process with .OutTask and .ErrTask (see Start-LDTestPwshProcess). #>
    param([Parameter(Mandatory)][string] $StorePath, [string] $Arguments = '-Once')
    Start-LDTestPwshProcess "`$ErrorActionPreference = 'Stop'; Import-Module '$(Get-LDTestModulePath)'; Start-LDRetryWorker -StorePath '$StorePath' $Arguments | Format-List | Out-String -Width 200"
}

function Start-LDTestPwshProcess {
    <#
    Starts a script in its own pwsh without waiting; returns the Process with .OutTask and .ErrTask (its whole
    stdout and stderr). With -Prepare, the child runs that first, says so on stdout and waits for a line on stdin
    before it runs -Script (Start-LDTestPwshTogether releases several such children at once).
    #>
    param([Parameter(Mandatory)][string] $Script, [string] $Prepare)
    $pwsh = Get-LDTestPwshCommand
    $info = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
    foreach ($a in @($pwsh | Select-Object -Skip 1)) { $info.ArgumentList.Add($a) }
    if ($Prepare) { $Script = "$Prepare`n[Console]::Out.WriteLine('ready'); [Console]::Out.Flush(); [void] [Console]::In.ReadLine()`n$Script" }
    foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $Script) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = [bool] $Prepare
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $process | Add-Member -NotePropertyName ErrTask -NotePropertyValue $process.StandardError.ReadToEndAsync()
    if ($Prepare) {
        $process | Add-Member -NotePropertyName ReadyTask -NotePropertyValue $process.StandardOutput.ReadLineAsync()
    } else {
        $process | Add-Member -NotePropertyName OutTask -NotePropertyValue $process.StandardOutput.ReadToEndAsync()
    }
    $process
}

function Start-LDTestPwshTogether {
    <#
    Starts one pwsh per script; each runs -Prepare (module import, store open) first, and all start their script
    at the same moment, once every one of them is prepared. Returns the processes (see Start-LDTestPwshProcess).
    #>
    param([Parameter(Mandatory)][string[]] $Scripts, [Parameter(Mandatory)][string] $Prepare, [int] $TimeoutSeconds = 300)
    $children = @($Scripts | ForEach-Object { Start-LDTestPwshProcess -Script $_ -Prepare $Prepare })
    foreach ($child in $children) {
        $ready = $child.ReadyTask.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -and $child.ReadyTask.Result -eq 'ready'
        if (-not $ready) {
            $children | ForEach-Object { if (-not $_.HasExited) { $_.Kill($true) } }
            throw "A child pwsh did not get ready within $TimeoutSeconds s: $(if ($child.ErrTask.IsCompleted) { $child.ErrTask.Result })"
        }
    }
    foreach ($child in $children) {
        $child.StandardInput.WriteLine('go')
        $child.StandardInput.Flush()
        $child | Add-Member -NotePropertyName OutTask -NotePropertyValue $child.StandardOutput.ReadToEndAsync()
    }
    $children
}

function Wait-LDTestCondition {
    param([Parameter(Mandatory)][scriptblock] $Condition, [int] $TimeoutMilliseconds = 10000, [int] $IntervalMilliseconds = 50)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    while ($watch.ElapsedMilliseconds -lt $TimeoutMilliseconds) {
        if (& $Condition) { return $true }
        Start-Sleep -Milliseconds $IntervalMilliseconds
    }
    $false
}

Export-ModuleMember -Function *-LDTest*
