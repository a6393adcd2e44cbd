BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/TestSupport.psm1') -Force
    Import-Module (Get-LDTestModulePath) -Force

    function Get-Hash([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash }

    function Invoke-AsAdmin {
        # Runs one command the way an admin would and returns the one terminating error it gave (and how many errors it wrote).
        param([string] $Command, [string] $Path)
        $ev = $null
        $caught = $null
        try {
            switch ($Command) {
                'Get-LDAuditLog' { Get-LDAuditLog -StorePath $Path -ErrorVariable ev | Out-Null }
                'Set-LDRetryPolicy' { Set-LDRetryPolicy -StorePath $Path -Hours 2 -Confirm:$false -ErrorVariable ev }
                'Invoke-LDAddToSequence' {
                    [pscustomobject]@{ Id = '00Q000000000001AAA'; Outreach_ID__c = '5' } |
                        Invoke-LDAddToSequence -StorePath $Path -Sequence 1 -Mailbox RecordOwner -ErrorVariable ev | Out-Null
                }
            }
        }
        catch { $caught = $_ }
        [pscustomobject]@{ Error = $caught; Count = @($ev).Count }
    }

    $script:Root = Split-Path (New-LDTestStorePath) -Parent
    # A real store with some history, closed by its process so the file alone holds it.
    $script:Good = Join-Path $Root 'good.db'
    Invoke-LDTestChildPwsh @"
Import-Module '$(Get-LDTestModulePath)'
Import-Module '$(Join-Path $PSScriptRoot 'Support/LogsTestSupport.psm1')'
Invoke-LDTestSql -StorePath '$Good' -Sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO actions(node_name, outcome, message, created_ms, updated_ms) SELECT 'N', 'Success', printf('%.200c', 'x'), i, i FROM n" | Out-Null
"@ | Out-Null

    $script:Folder = Join-Path $Root 'a-folder'
    New-Item -ItemType Directory $Folder | Out-Null
    $script:Text = Join-Path $Root 'notes.txt'
    Set-Content -LiteralPath $Text -Value 'meeting notes, not a database'
    $script:Truncated = Join-Path $Root 'truncated.db'
    Copy-Item $Good $Truncated
    $stream = [IO.File]::Open($Truncated, 'Open'); $stream.SetLength([long]($stream.Length / 2)); $stream.Dispose()
    $script:Malformed = Join-Path $Root 'malformed.db'
    Copy-Item $Good $Malformed
    $stream = [IO.File]::Open($Malformed, 'Open'); $stream.Position = 100; $stream.Write([byte[]]::new(3000), 0, 3000); $stream.Dispose()

    $script:Cases = @(
        @{ Name = 'a folder'; Path = $Folder; Id = 'StorePathIsDirectory'; Category = 'InvalidArgument' }
        @{ Name = 'a text file'; Path = $Text; Id = 'StoreNotADatabase'; Category = 'InvalidData' }
        @{ Name = 'a truncated store'; Path = $Truncated; Id = 'StoreCorrupt'; Category = 'InvalidData' }
        @{ Name = 'a malformed store'; Path = $Malformed; Id = 'StoreCorrupt'; Category = 'InvalidData' }
    )
    if (-not $IsWindows) { $script:Cases += @{ Name = '/dev/null'; Path = '/dev/null'; Id = 'StorePathIsNotAFile'; Category = 'InvalidArgument' } }
}

AfterAll { Remove-Item $Root -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'A store file that cannot be used' {
    It '<Command> on <Name> stops with one <Id> error naming the path, with a remedy, and changes nothing' -ForEach @(
        foreach ($command in 'Get-LDAuditLog', 'Set-LDRetryPolicy', 'Invoke-LDAddToSequence') {
            foreach ($case in @(
                @{ Name = 'a folder'; Id = 'StorePathIsDirectory'; Category = 'InvalidArgument' }
                @{ Name = 'a text file'; Id = 'StoreNotADatabase'; Category = 'InvalidData' }
                @{ Name = 'a truncated store'; Id = 'StoreCorrupt'; Category = 'InvalidData' }
                @{ Name = 'a malformed store'; Id = 'StoreCorrupt'; Category = 'InvalidData' }
                @{ Name = '/dev/null'; Id = 'StorePathIsNotAFile'; Category = 'InvalidArgument' }
            )) { $case + @{ Command = $command } }
        }
    ) {
        $case = $Cases | Where-Object Name -eq $Name
        if (-not $case) { Set-ItResult -Skipped -Because "$Name does not exist on this platform"; return }
        $path = $case.Path
        $before = if (Test-Path -LiteralPath $path -PathType Leaf) { Get-Hash $path }
        $siblings = @(Get-ChildItem -LiteralPath (Split-Path $path -Parent) -Force | Where-Object Name -like "$(Split-Path $path -Leaf)*").Name

        $result = Invoke-AsAdmin -Command $Command -Path $path

        $result.Error | Should -Not -BeNullOrEmpty -Because "$Command must not treat $Name as a store"
        $result.Count | Should -Be 1
        $result.Error.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $result.Error.CategoryInfo.Category | Should -Be $Category
        $result.Error.TargetObject | Should -Be $path
        $result.Error.Exception.Message | Should -BeLike "*'$path'*"
        $result.Error.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        if ($before) { Get-Hash $path | Should -Be $before }
        @(Get-ChildItem -LiteralPath (Split-Path $path -Parent) -Force | Where-Object Name -like "$(Split-Path $path -Leaf)*").Name | Should -Be $siblings
    }

    It 'a read-only store stops a change with one StoreReadOnly error and stays as it was' {
        $path = Join-Path $Root 'readonly.db'
        Copy-Item $Good $path
        $before = Get-Hash $path
        chmod 0400 $path
        $writable = try { [IO.File]::Open($path, 'Open', 'ReadWrite').Dispose(); $true } catch { $false }
        if ($writable -and (Get-Command chattr -ErrorAction SilentlyContinue)) { chattr +i $path 2>$null; $writable = try { [IO.File]::Open($path, 'Open', 'ReadWrite').Dispose(); $true } catch { $false } }
        if ($writable) { Set-ItResult -Skipped -Because 'this account writes read-only files and cannot make one immutable'; return }
        try {
            $result = Invoke-AsAdmin -Command 'Set-LDRetryPolicy' -Path $path
            $result.Count | Should -Be 1
            $result.Error.FullyQualifiedErrorId | Should -BeLike 'StoreReadOnly,*'
            $result.Error.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $result.Error.TargetObject | Should -Be $path
            $result.Error.ErrorDetails.RecommendedAction | Should -BeLike '*writable*'
        }
        finally {
            if (Get-Command chattr -ErrorAction SilentlyContinue) { chattr -i $path 2>$null }
            chmod 0600 $path
        }
        Get-Hash $path | Should -Be $before
    }

    It 'a good store still works, and a missing one still reads as empty without being created' {
        @(Get-LDAuditLog -StorePath $Good -First 3).Count | Should -Be 3
        $missing = Join-Path $Root 'not-yet.db'
        Get-LDAuditLog -StorePath $missing | Should -BeNullOrEmpty
        Test-Path $missing | Should -BeFalse
    }
}
