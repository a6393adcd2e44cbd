namespace LeanData.Outreach.HelpGen;

/// <summary>One docs/cmdlets page, parsed.</summary>
internal sealed class HelpPage
{
    public required string Name { get; init; }
    public string Synopsis { get; set; } = "";
    public List<string> Description { get; } = [];
    public List<HelpExample> Examples { get; } = [];
    public Dictionary<string, List<string>> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Inputs { get; } = [];
    public List<string> Outputs { get; } = [];
    public List<string> Notes { get; } = [];
    public List<string> RelatedLinks { get; } = [];
}

internal sealed record HelpExample(string Title, string Code, List<string> Remarks);
