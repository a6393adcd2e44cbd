#requires -Version 7.4
<#
.SYNOPSIS
    Checks the layering rules of the source tree and prints Core's namespace graph.
.DESCRIPTION
    Three rules, each reported as violations (file:line and what was found):
      Sql       SQL text or System.Data.SQLite appears only in src/LeanData.Outreach.Core/Store/.
      Cycles    Core's namespaces (one per folder) form no cycle. A namespace depends on another when one of
                its files has a using directive for it, names it fully qualified, or (for an enclosing
                namespace, which C# makes visible without a using) names one of its types.
      ErrorIds  Error ids are declared only in Core's Errors/ErrorCatalog*.cs: no ErrorRecord built outside
                the cmdlets' ErrorRecords, no ErrorDefinition or ErrorDescriptor constructed outside the
                catalog, no string constant named *Id/*ErrorId outside it, and no string literal passed where
                an error id goes (WriteFailure, ThrowFailure, ErrorRecords.Create, an LDOutreachException).
      Sleeps    No test waits on the real clock to synchronise: Thread.Sleep, or Task.Delay of a literal time, in
                tests/Unit, and Start-Sleep in tests/Pester, only in a test tagged RealTime (xunit
                [Trait("Category", "RealTime")] on the test or its class, Pester -Tag RealTime on the It or an
                enclosing block). A Start-Sleep inside a loop (polling a condition with a timeout) is allowed.
    tests/Pester/Architecture.Tests.ps1 runs it in the suite.
.EXAMPLE
    dotnet pwsh ./build/ArchitectureCheck.ps1 -Graph
    Prints the namespace graph and every violation; exits 1 when there is one.
#>
[CmdletBinding()]
param(
    [string] $Root = (Split-Path $PSScriptRoot -Parent),
    # Print the namespace graph (one line per namespace: its dependencies).
    [switch] $Graph,
    # With -Graph, name under each dependency the files that cause it.
    [switch] $Why,
    # Return the result object instead of printing and setting the exit code.
    [switch] $PassThru
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$Root = [IO.Path]::GetFullPath($Root)
$Src = Join-Path $Root 'src'
$Core = Join-Path $Src 'LeanData.Outreach.Core'
$Store = Join-Path $Core 'Store'
$RootNamespace = 'LeanData.Outreach'

# Strings, chars and comments, in the order C# reads them (a // inside a string is not a comment).
$Lexemes = [regex]::new(@'
(?<raw>\$*"""[\s\S]*?""")|(?<verbatim>\$?@"(?:[^"]|"")*"|@\$"(?:[^"]|"")*")|(?<string>\$?"(?:[^"\\\n]|\\.)*")|(?<char>'(?:[^'\\\n]|\\.)+')|(?<line>//[^\n]*)|(?<block>/\*[\s\S]*?\*/)
'@.Trim())

function Read-Source([string] $Path) {
    $text = [IO.File]::ReadAllText($Path)
    $strings = [Collections.Generic.List[object]]::new()
    # Code: the text with comments and literals blanked out (newlines kept, so line numbers stay right).
    $code = $Lexemes.Replace($text, {
            param($m)
            if ($m.Groups['raw'].Success -or $m.Groups['verbatim'].Success -or $m.Groups['string'].Success) {
                $strings.Add([pscustomobject]@{ Index = $m.Index; Value = $m.Value })
            }
            [regex]::Replace($m.Value, '[^\n]', ' ')
        })
    [pscustomobject]@{ Path = $Path; Text = $text; Code = $code; Strings = $strings }
}

function Get-LineNumber([string] $Text, [int] $Index) { ([regex]::Matches($Text.Substring(0, $Index), "`n")).Count + 1 }

function Get-RelativePath([string] $Path) { [IO.Path]::GetRelativePath($Root, $Path) -replace '\\', '/' }

function Test-UnderFolder([string] $Path, [string] $Folder) {
    $Path.StartsWith($Folder.TrimEnd([IO.Path]::DirectorySeparatorChar) + [IO.Path]::DirectorySeparatorChar, [StringComparison]::Ordinal)
}

$files = Get-ChildItem $Src -Recurse -Filter '*.cs' |
    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
    ForEach-Object { Read-Source $_.FullName }

# ---- Sql -------------------------------------------------------------------------------------------------
$sqlPattern = [regex]::new('\b(SELECT\s[\s\S]*?\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|UNIQUE|VIEW|TRIGGER)\s|DROP\s+(TABLE|INDEX)\s|ALTER\s+TABLE\s|PRAGMA\s+\w|BEGIN\s+(IMMEDIATE|EXCLUSIVE|TRANSACTION)\b|VACUUM\b)')
$sql = foreach ($file in $files) {
    if (Test-UnderFolder $file.Path $Store) { continue }
    foreach ($m in [regex]::Matches($file.Code, '\bSystem\.Data\.SQLite\b|\bSQLite(Connection|Command|DataReader|Transaction|Parameter)\b')) {
        [pscustomobject]@{ Rule = 'Sql'; File = Get-RelativePath $file.Path; Line = Get-LineNumber $file.Text $m.Index; Found = $m.Value }
    }
    foreach ($s in $file.Strings) {
        $m = $sqlPattern.Match($s.Value)
        if ($m.Success) {
            [pscustomobject]@{ Rule = 'Sql'; File = Get-RelativePath $file.Path; Line = Get-LineNumber $file.Text $s.Index; Found = ($m.Value -replace '\s+', ' ').Trim() }
        }
    }
}

# ---- Namespace graph ---------------------------------------------------------------------------------------
$coreFiles = @($files | Where-Object { Test-UnderFolder $_.Path $Core })
$typesByNamespace = @{}
foreach ($file in $coreFiles) {
    $ns = [regex]::Match($file.Code, '(?m)^\s*namespace\s+([\w.]+)').Groups[1].Value
    $file | Add-Member Namespace $ns
    if (-not $typesByNamespace.ContainsKey($ns)) { $typesByNamespace[$ns] = [Collections.Generic.HashSet[string]]::new() }
    foreach ($m in [regex]::Matches($file.Code, '\b(?:class|struct|interface|enum|record|delegate\s+[\w<>?,\s]+?)\s+(?!class\b|struct\b)(\w+)')) {
        [void] $typesByNamespace[$ns].Add($m.Groups[1].Value)
    }
}
$namespaces = @($typesByNamespace.Keys | Sort-Object)
$edges = @{}
$evidence = @{}
foreach ($ns in $namespaces) { $edges[$ns] = [Collections.Generic.SortedSet[string]]::new() }
function Add-Edge([string] $From, [string] $To, [string] $Path) {
    if (-not $typesByNamespace.ContainsKey($To) -or $To -eq $From) { return }
    [void] $edges[$From].Add($To)
    $key = "$From>$To"
    if (-not $evidence.ContainsKey($key)) { $evidence[$key] = [Collections.Generic.SortedSet[string]]::new() }
    [void] $evidence[$key].Add([IO.Path]::GetRelativePath($Core, $Path))
}
foreach ($file in $coreFiles) {
    $ns = $file.Namespace
    foreach ($m in [regex]::Matches($file.Code, '(?m)^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)\s*;')) {
        $target = $m.Groups[1].Value
        # A using of a type (using static, or an alias to a type) depends on the type's namespace.
        while ($target -and -not $typesByNamespace.ContainsKey($target) -and $target.Contains('.')) { $target = $target.Substring(0, $target.LastIndexOf('.')) }
        Add-Edge $ns $target $file.Path
    }
    foreach ($m in [regex]::Matches($file.Code, "\b$([regex]::Escape($RootNamespace))(\.\w+)+")) {
        $target = $m.Value
        while ($target -and -not $typesByNamespace.ContainsKey($target) -and $target.Contains('.')) { $target = $target.Substring(0, $target.LastIndexOf('.')) }
        Add-Edge $ns $target $file.Path
    }
    # Enclosing namespaces are in scope without a using: depend on them where one of their types is named.
    $identifiers = [Collections.Generic.HashSet[string]]::new([string[]] @([regex]::Matches($file.Code, '\b[A-Z]\w*\b').Value))
    $enclosing = $ns
    while ($enclosing.Contains('.')) {
        $enclosing = $enclosing.Substring(0, $enclosing.LastIndexOf('.'))
        if ($typesByNamespace.ContainsKey($enclosing) -and $typesByNamespace[$enclosing].Overlaps($identifiers)) { Add-Edge $ns $enclosing $file.Path }
    }
}

# Strongly connected components (Tarjan); any with more than one namespace is a cycle.
$index = @{}; $low = @{}; $onStack = @{}; $stack = [Collections.Generic.Stack[string]]::new(); $counter = 0
$components = [Collections.Generic.List[object]]::new()
function Visit([string] $v) {
    $script:index[$v] = $script:counter; $script:low[$v] = $script:counter; $script:counter++
    $script:stack.Push($v); $script:onStack[$v] = $true
    foreach ($w in $script:edges[$v]) {
        if (-not $script:index.ContainsKey($w)) { Visit $w; $script:low[$v] = [Math]::Min($script:low[$v], $script:low[$w]) }
        elseif ($script:onStack[$w]) { $script:low[$v] = [Math]::Min($script:low[$v], $script:index[$w]) }
    }
    if ($script:low[$v] -eq $script:index[$v]) {
        $component = do { $w = $script:stack.Pop(); $script:onStack[$w] = $false; $w } while ($w -ne $v)
        $script:components.Add(@($component | Sort-Object))
    }
}
foreach ($ns in $namespaces) { if (-not $index.ContainsKey($ns)) { Visit $ns } }
$short = { param($n) if ($n -eq $RootNamespace) { '(root)' } else { $n.Substring($RootNamespace.Length + 1) } }
$cycles = foreach ($component in $components | Where-Object Count -GT 1) {
    $set = [Collections.Generic.HashSet[string]]::new([string[]] $component)
    $inner = foreach ($from in $component) { foreach ($to in $edges[$from]) { if ($set.Contains($to)) { "$(& $short $from) -> $(& $short $to)" } } }
    [pscustomobject]@{ Rule = 'Cycles'; File = 'src/LeanData.Outreach.Core'; Line = 0; Found = "cycle among $(($component | ForEach-Object { & $short $_ }) -join ', '): $($inner -join '; ')" }
}

# ---- Error ids ---------------------------------------------------------------------------------------------
$catalog = Join-Path $Core 'Errors'
$errorIds = foreach ($file in $files) {
    $inCatalog = (Test-UnderFolder $file.Path $catalog) -and ([IO.Path]::GetFileName($file.Path) -like 'ErrorCatalog*.cs')
    $isErrorRecords = [IO.Path]::GetFileName($file.Path) -eq 'ErrorRecords.cs'
    $checks = @()
    if (-not $isErrorRecords) { $checks += '\bnew\s+(System\.Management\.Automation\.)?ErrorRecord\s*\(' }
    if (-not $inCatalog) {
        $checks += '\bnew\s+(ErrorDefinition|ErrorDescriptor)\s*\('
        $checks += '\b(ErrorDefinition|ErrorDescriptor)\s+\w+\s*=\s*new\s*\('
        $checks += '\bconst\s+string\s+\w*(Id|ErrorId)\s*='
        $checks += '\bclass\s+\w*ErrorIds\b'
    }
    foreach ($pattern in $checks) {
        foreach ($m in [regex]::Matches($file.Code, $pattern)) {
            [pscustomobject]@{ Rule = 'ErrorIds'; File = Get-RelativePath $file.Path; Line = Get-LineNumber $file.Text $m.Index; Found = ($m.Value -replace '\s+', ' ').Trim() }
        }
    }
    # A literal (or interpolated) string as the first argument where an error id goes.
    foreach ($m in [regex]::Matches($file.Text, '\b(WriteFailure|ThrowFailure|ErrorRecords\.Create|LDOutreachException)\s*\(\s*\$?"')) {
        if ($file.Code.Substring($m.Index, $m.Groups[1].Length) -ne $m.Groups[1].Value) { continue }  # inside a comment or string
        [pscustomobject]@{ Rule = 'ErrorIds'; File = Get-RelativePath $file.Path; Line = Get-LineNumber $file.Text $m.Index; Found = ($m.Value -replace '\s+', ' ').Trim() }
    }
}

# ---- Sleeps in tests -----------------------------------------------------------------------------------------
$Tests = Join-Path $Root 'tests'
$realTimeTrait = [regex]::new('\[\s*Trait\s*\(\s*"Category"\s*,\s*"RealTime"\s*\)\s*\]')
# Where the attributes of the declaration at $At begin: just after the end of the previous member.
function Get-AttributeStart([string] $Code, [int] $At) { $Code.LastIndexOfAny([char[]] '};{', [Math]::Max(0, $At - 1)) + 1 }
$sleeps = @(
    foreach ($path in @(if (Test-Path (Join-Path $Tests 'Unit')) { Get-ChildItem (Join-Path $Tests 'Unit') -Recurse -Filter '*.cs' | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } })) {
        $file = Read-Source $path.FullName
        foreach ($m in [regex]::Matches($file.Code, '\bThread\.Sleep\s*\(|\bTask\.Delay\s*\(\s*(\d|TimeSpan\.From\w+\s*\(\s*\d)')) {
            $before = $file.Code.Substring(0, $m.Index)
            # The test method (its [Fact]/[Theory]) and the class around the sleep, each with its own attributes.
            $test = [regex]::Matches($before, '\[\s*(Fact|Theory)\b') | Select-Object -Last 1
            $class = [regex]::Matches($before, '\bclass\s+\w+') | Select-Object -Last 1
            # Its attributes, and the test's signature up to its body, read from the text (the code has literals blanked).
            $zones = @()
            if ($test -and (-not $class -or $test.Index -gt $class.Index)) {
                $start = Get-AttributeStart $file.Code $test.Index
                $body = $file.Code.IndexOf('{', $test.Index)
                $zones += $file.Text.Substring($start, [Math]::Max($body, $test.Index) - $start)
            }
            if ($class) { $start = Get-AttributeStart $file.Code $class.Index; $zones += $file.Text.Substring($start, $class.Index - $start) }
            $realTime = @($zones | Where-Object { $realTimeTrait.IsMatch($_) }).Count -gt 0
            if (-not $realTime) {
                $line = Get-LineNumber $file.Text $m.Index
                [pscustomobject]@{ Rule = 'Sleeps'; File = Get-RelativePath $path.FullName; Line = $line; Found = ($file.Text -split "`n")[$line - 1].Trim() }
            }
        }
    }
    foreach ($path in @(if (Test-Path (Join-Path $Tests 'Pester')) { Get-ChildItem (Join-Path $Tests 'Pester') -Recurse -Include '*.ps1', '*.psm1' })) {
        $ast = [Management.Automation.Language.Parser]::ParseFile($path.FullName, [ref] $null, [ref] $null)
        foreach ($sleep in $ast.FindAll({ param($n) $n -is [Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Start-Sleep' }, $true)) {
            $allowed = $false
            for ($p = $sleep.Parent; $p -and -not $allowed; $p = $p.Parent) {
                if ($p -is [Management.Automation.Language.LoopStatementAst]) { $allowed = $true }
                if ($p -is [Management.Automation.Language.CommandAst] -and $p.GetCommandName() -in 'Describe', 'Context', 'It') {
                    $elements = $p.CommandElements
                    for ($i = 0; $i -lt $elements.Count - 1; $i++) {
                        if ($elements[$i] -is [Management.Automation.Language.CommandParameterAst] -and $elements[$i].ParameterName -like 'Tag*' -and
                            $elements[$i + 1].Extent.Text -match '\bRealTime\b') { $allowed = $true }
                    }
                }
            }
            if (-not $allowed) {
                [pscustomobject]@{ Rule = 'Sleeps'; File = Get-RelativePath $path.FullName; Line = $sleep.Extent.StartLineNumber; Found = $sleep.Extent.Text }
            }
        }
    }
)

$violations = @(@($sql) + @($cycles) + @($errorIds) + @($sleeps) | Where-Object { $_ })
# A violation's key leaves out the line number, so a baseline survives edits above it.
foreach ($v in $violations) { $v | Add-Member Key "$($v.Rule) $($v.File) $($v.Found)" }
$result = [pscustomobject]@{
    Namespaces = @($namespaces | ForEach-Object { [pscustomobject]@{ Namespace = & $short $_; DependsOn = @($edges[$_] | ForEach-Object { & $short $_ }) } })
    Violations = $violations
}
if ($PassThru) { return $result }

if ($Graph) {
    Write-Output "Core namespace graph ($RootNamespace.*):"
    foreach ($ns in $namespaces) {
        Write-Output ("  {0,-22} -> {1}" -f (& $short $ns), (($edges[$ns] | ForEach-Object { & $short $_ }) -join ', '))
        if ($Why) { foreach ($to in $edges[$ns]) { Write-Output ("      {0,-20} {1}" -f (& $short $to), ($evidence["$ns>$to"] -join ', ')) } }
    }
}
foreach ($v in $result.Violations) { Write-Output ("{0,-8} {1}:{2}  {3}" -f $v.Rule, $v.File, $v.Line, $v.Found) }
Write-Output "$(@($result.Violations).Count) violation(s)."
if ($result.Violations) { exit 1 }
