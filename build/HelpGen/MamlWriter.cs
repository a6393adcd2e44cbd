using System.Management.Automation;
using System.Xml.Linq;

namespace LeanData.Outreach.HelpGen;

/// <summary>Writes MAML (the XML Get-Help reads for binary cmdlets) from a page plus the cmdlet's real metadata.</summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IEnumerable<(CmdletInfo Cmdlet, HelpPage Page)> commands, IReadOnlyDictionary<string, List<string>> commonParameters)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev));
        foreach (var (cmdlet, page) in commands) root.Add(CommandElement(cmdlet, page, commonParameters));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement CommandElement(CmdletInfo cmdlet, HelpPage page, IReadOnlyDictionary<string, List<string>> common)
    {
        var own = OwnParameters(cmdlet).ToList();
        List<string> Describe(string name) => page.Parameters.TryGetValue(name, out var d) && d.Count > 0 ? d : common.GetValueOrDefault(name) ?? [];
        return new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                new XElement(Maml + "description", Paras(page.Synopsis))),
            new XElement(Maml + "description", Paras(page.Description)),
            new XElement(Command + "syntax", cmdlet.ParameterSets.Select(set =>
                new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", cmdlet.Name),
                    set.Parameters.Where(p => !IsCommon(p.Name) || IsRiskMitigation(p.Name)).OrderBy(p => IsRiskMitigation(p.Name))
                        .Select(p => ParameterElement(p.Name, p.ParameterType, p.IsMandatory, p.Position,
                            PipelineInput(p.ValueFromPipeline, p.ValueFromPipelineByPropertyName), Wildcards(cmdlet, p.Name), Describe(p.Name)))))),
            new XElement(Command + "parameters", own.Concat(RiskMitigation(cmdlet)).Select(p =>
            {
                var first = p.ParameterSets.Values.First();
                return ParameterElement(p.Name, p.ParameterType, p.ParameterSets.Values.Any(s => s.IsMandatory), first.Position,
                    PipelineInput(p.ParameterSets.Values.Any(s => s.ValueFromPipeline), p.ParameterSets.Values.Any(s => s.ValueFromPipelineByPropertyName)),
                    Wildcards(cmdlet, p.Name), Describe(p.Name));
            })),
            new XElement(Command + "inputTypes", Inputs(cmdlet, page).Select(i => new XElement(Command + "inputType",
                new XElement(Dev + "type", new XElement(Maml + "name", i))))),
            new XElement(Command + "returnValues", page.Outputs.Select(o => new XElement(Command + "returnValue",
                new XElement(Dev + "type", new XElement(Maml + "name", o))))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(page.Notes))),
            new XElement(Command + "examples", page.Examples.Select((e, i) => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- Example {i + 1}: {e.Title} --------------------------"),
                new XElement(Dev + "code", e.Code),
                new XElement(Dev + "remarks", Paras(e.Remarks))))),
            new XElement(Maml + "relatedLinks", page.RelatedLinks.Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l)))));
    }

    public static IEnumerable<ParameterMetadata> OwnParameters(CmdletInfo cmdlet) =>
        cmdlet.Parameters.Values.Where(p => !IsCommon(p.Name)).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static bool IsCommon(string name) =>
        Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name);

    // -WhatIf and -Confirm belong in SYNTAX and PARAMETERS of a ShouldProcess cmdlet, as in PowerShell's own help.
    private static bool IsRiskMitigation(string name) => name is "WhatIf" or "Confirm";

    private static IEnumerable<ParameterMetadata> RiskMitigation(CmdletInfo cmdlet) =>
        cmdlet.Parameters.Values.Where(p => IsRiskMitigation(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).Reverse();

    private static bool Wildcards(CmdletInfo cmdlet, string name) =>
        cmdlet.Parameters.TryGetValue(name, out var p) && p.Attributes.OfType<SupportsWildcardsAttribute>().Any();

    /// <summary>The page's INPUTS, else what the cmdlet's pipeline parameters take (so no piped cmdlet shows "None").</summary>
    public static IReadOnlyList<string> Inputs(CmdletInfo cmdlet, HelpPage page)
    {
        if (page.Inputs.Count > 0) return page.Inputs;
        var piped = OwnParameters(cmdlet).ToList();
        var byValue = piped.Where(p => p.ParameterSets.Values.Any(s => s.ValueFromPipeline))
            .Select(p => $"{(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType).FullName} (by value, to -{p.Name})");
        var byName = piped.Where(p => p.ParameterSets.Values.Any(s => s.ValueFromPipelineByPropertyName) && !p.ParameterSets.Values.Any(s => s.ValueFromPipeline))
            .Select(p => p.Name).ToList();
        var inputs = byValue.ToList();
        if (byName.Count > 0) inputs.Add($"Objects with any of these properties, bound by name: {string.Join(", ", byName)}");
        return inputs.Count > 0 ? inputs : ["None. This cmdlet takes no pipeline input."];
    }

    private static XElement ParameterElement(string name, Type type, bool required, int position, string pipeline, bool wildcards, List<string> description) =>
        new(Command + "parameter",
            new XAttribute("required", required ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", wildcards ? "true" : "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", position < 0 ? "named" : position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new XElement(Maml + "name", name),
            new XElement(Maml + "description", Paras(description)),
            type == typeof(SwitchParameter) ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), TypeName(type)),
            new XElement(Dev + "type", new XElement(Maml + "name", TypeName(type))));

    private static string PipelineInput(bool byValue, bool byName) => (byValue, byName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    private static string TypeName(Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        return (nullable ?? type).Name;
    }

    private static IEnumerable<XElement> Paras(string text) => Paras([text]);

    private static IEnumerable<XElement> Paras(IEnumerable<string> texts) =>
        texts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => new XElement(Maml + "para", t));
}
