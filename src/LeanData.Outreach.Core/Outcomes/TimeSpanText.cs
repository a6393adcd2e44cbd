using System.Globalization;

namespace LeanData.Outreach.Outcomes;

/// <summary>
/// How an output type carries a time span: as .NET's constant text ("00:15:00", "1.02:03:04.5000000"), which
/// [TimeSpan] parses back without loss. PowerShell's ConvertTo-Json writes every public property of an object by
/// reflection and a TimeSpan as an object of Ticks, Days, Hours...; it has no hook an engine type could use
/// without referencing PowerShell. So an output type's public property is this text, its TimeSpan is internal,
/// and the module's types file (LeanData.Outreach.Types.ps1xml) shows PowerShell the TimeSpan under the same name
/// (tests/Pester/Conventions.Tests.ps1).
/// </summary>
public static class TimeSpanText
{
    public static string Of(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
