# The layering rules of the source tree (build/ArchitectureCheck.ps1): SQL only in Core's Store/, no cycle among
# Core's namespaces, error ids declared only in the error catalog, no test sleeping on the real clock outside the
# RealTime set. build/ArchitectureCheck.baseline.txt lists the
# violations not yet removed; it may only shrink: a new violation fails, and so does a listed one that is gone.
BeforeAll {
    $script:Root = Join-Path $PSScriptRoot '../..'
    $script:Check = & (Join-Path $Root 'build/ArchitectureCheck.ps1') -Root $Root -PassThru
    $baselinePath = Join-Path $Root 'build/ArchitectureCheck.baseline.txt'
    $script:Baseline = @(if (Test-Path $baselinePath) { Get-Content $baselinePath | Where-Object { $_ -and -not $_.StartsWith('#') } })
    function script:Get-NewViolations([string] $Rule) {
        @($Check.Violations | Where-Object { $_.Rule -eq $Rule -and $_.Key -notin $Baseline } | ForEach-Object { "$($_.File):$($_.Line) $($_.Found)" })
    }
}

Describe 'The source tree' {
    It 'has SQL only in Core''s Store/' {
        Get-NewViolations 'Sql' | Should -BeNullOrEmpty
    }

    It 'has no namespace cycle among Core''s folders' {
        Get-NewViolations 'Cycles' | Should -BeNullOrEmpty
    }

    It 'declares error ids only in the error catalog' {
        Get-NewViolations 'ErrorIds' | Should -BeNullOrEmpty
    }

    It 'has no test that sleeps on the real clock outside the RealTime set' {
        Get-NewViolations 'Sleeps' | Should -BeNullOrEmpty
    }

    It 'lists in the baseline only violations that still exist' {
        $keys = @($Check.Violations.Key)
        @($Baseline | Where-Object { $_ -notin $keys }) | Should -BeNullOrEmpty
    }

    It 'sees Core''s namespaces and their dependencies' {
        # Guards the check itself: were the parse to find nothing, every rule above would pass vacuously.
        $names = @($Check.Namespaces.Namespace)
        $names | Should -Contain 'Store'
        $names | Should -Contain 'Engine.Execution'
        ($Check.Namespaces | Where-Object Namespace -eq 'Engine.Execution').DependsOn | Should -Contain 'Engine.Planning'
    }
}

Describe 'The architecture check' {
    BeforeAll {
        $script:Fixture = Join-Path ([IO.Path]::GetTempPath()) ("ld-arch-" + [guid]::NewGuid().ToString('n'))
        $core = Join-Path $Fixture 'src/LeanData.Outreach.Core'
        New-Item -ItemType Directory -Force (Join-Path $core 'A'), (Join-Path $core 'B'), (Join-Path $core 'Store'), (Join-Path $core 'Errors') | Out-Null
        Set-Content (Join-Path $core 'A/TypeA.cs') "using LeanData.Outreach.B;`nnamespace LeanData.Outreach.A;`npublic sealed class TypeA { public TypeB? B; public string Q = `"SELECT id FROM actions`"; }"
        Set-Content (Join-Path $core 'B/TypeB.cs') "using LeanData.Outreach.A;`nnamespace LeanData.Outreach.B;`npublic sealed class TypeB { public TypeA? A; const string WrongId = `"Wrong`"; }"
        Set-Content (Join-Path $core 'Store/Repo.cs') "namespace LeanData.Outreach.Store;`npublic sealed class Repo { public string Q = `"SELECT id FROM actions`"; }"
        Set-Content (Join-Path $core 'Errors/ErrorCatalog.cs') "namespace LeanData.Outreach.Errors;`npublic static class ErrorCatalog { public const string FineId = `"Fine`"; }"
        $unit = Join-Path $Fixture 'tests/Unit'
        $pester = Join-Path $Fixture 'tests/Pester'
        New-Item -ItemType Directory -Force $unit, $pester | Out-Null
        Set-Content (Join-Path $unit 'SleepTests.cs') @'
public class SleepTests
{
    [Fact]
    public void Sleeps() { Thread.Sleep(100); }

    [Fact]
    [Trait("Category", "RealTime")]
    public async Task Waits() { await Task.Delay(100); }

    [Fact]
    public async Task Simulates(CancellationToken ct) { await Task.Delay(delay, ct); }
}

[Trait("Category", "RealTime")]
public class RealTimeTests
{
    [Fact]
    public void Sleeps() { Thread.Sleep(100); }
}
'@
        Set-Content (Join-Path $pester 'Sleep.Tests.ps1') @'
Describe 'a' {
    It 'sleeps' { Start-Sleep -Milliseconds 10 }
    It 'polls' { while ($true) { Start-Sleep -Milliseconds 10 } }
    It 'is real time' -Tag RealTime { Start-Sleep -Milliseconds 10 }
}
Describe 'b' -Tag 'RealTime' { It 'sleeps' { Start-Sleep 1 } }
'@
        $script:FixtureCheck = & (Join-Path $Root 'build/ArchitectureCheck.ps1') -Root $Fixture -PassThru
    }
    AfterAll { Remove-Item $Fixture -Recurse -Force -ErrorAction SilentlyContinue }

    It 'reports SQL outside Store/, and not inside it' {
        @($FixtureCheck.Violations | Where-Object Rule -eq 'Sql').File | Should -Be @('src/LeanData.Outreach.Core/A/TypeA.cs')
    }

    It 'reports a cycle between two namespaces' {
        @($FixtureCheck.Violations | Where-Object Rule -eq 'Cycles').Found | Should -Match 'cycle among A, B'
    }

    It 'reports an error id declared outside the catalog, and not inside it' {
        @($FixtureCheck.Violations | Where-Object Rule -eq 'ErrorIds').File | Should -Be @('src/LeanData.Outreach.Core/B/TypeB.cs')
    }

    It 'reports a sleep outside the RealTime set, and not a tagged one, a poll or a simulated delay' {
        $found = @($FixtureCheck.Violations | Where-Object Rule -eq 'Sleeps' | ForEach-Object { "$($_.File):$($_.Line)" })
        $found | Should -Be @('tests/Unit/SleepTests.cs:4', 'tests/Pester/Sleep.Tests.ps1:2')
    }
}
