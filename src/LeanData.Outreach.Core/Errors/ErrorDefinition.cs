namespace LeanData.Outreach.Errors;

/// <summary>
/// One error id with its PowerShell ErrorCategory name (Core cannot reference System.Management.Automation, so the
/// cmdlet layer parses it) and its default remedy. Every instance is declared in <see cref="ErrorCatalog"/>.
/// </summary>
public sealed record ErrorDefinition(string Id, string PowerShellCategory, string RecommendedAction)
{
    public override string ToString() => Id;
}
