using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LeanData.Outreach.HelpGen;

/// <summary>
/// Reads a help page: "# Verb-Noun", then "## SYNOPSIS", "## DESCRIPTION", "## EXAMPLES" (each "### title",
/// a fenced code block and remarks), "## PARAMETERS" (each "### -Name" and its text), "## INPUTS",
/// "## OUTPUTS", "## NOTES", "## RELATED LINKS".
/// </summary>
internal static class MarkdownHelpParser
{
    public static HelpPage Parse(string markdown, string fallbackName)
    {
        var document = Markdown.Parse(markdown, new MarkdownPipelineBuilder().UseYamlFrontMatter().Build());
        HelpPage? page = null;
        string section = "";
        string? subsection = null;
        HelpExample? example = null;
        foreach (var block in document)
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 } h1:
                    page = new HelpPage { Name = Text(h1).Trim() };
                    break;
                case HeadingBlock { Level: 2 } h2:
                    section = Text(h2).Trim().ToUpperInvariant();
                    subsection = null;
                    break;
                case HeadingBlock { Level: 3 } h3:
                    subsection = Text(h3).Trim();
                    page ??= new HelpPage { Name = fallbackName };
                    if (section == "EXAMPLES")
                    {
                        example = new HelpExample(subsection, "", []);
                        page.Examples.Add(example);
                    }
                    else if (section == "PARAMETERS")
                    {
                        page.Parameters[subsection.TrimStart('-')] = [];
                    }
                    break;
                case FencedCodeBlock code when section == "EXAMPLES" && example is not null:
                    var index = page!.Examples.IndexOf(example);
                    example = example with { Code = string.Join("\n", code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())).TrimEnd() };
                    page.Examples[index] = example;
                    break;
                case ParagraphBlock or ListBlock or QuoteBlock:
                    page ??= new HelpPage { Name = fallbackName };
                    var text = BlockText(markdown, block);
                    switch (section)
                    {
                        case "SYNOPSIS": page.Synopsis = (page.Synopsis + " " + text).Trim(); break;
                        case "DESCRIPTION": page.Description.Add(text); break;
                        case "EXAMPLES" when example is not null: example.Remarks.Add(text); break;
                        case "PARAMETERS" when subsection is not null: page.Parameters[subsection.TrimStart('-')].Add(text); break;
                        case "INPUTS": page.Inputs.Add(text); break;
                        case "OUTPUTS": page.Outputs.Add(text); break;
                        case "NOTES": page.Notes.Add(text); break;
                        case "RELATED LINKS": page.RelatedLinks.Add(text); break;
                    }
                    break;
            }
        }
        return page ?? new HelpPage { Name = fallbackName };
    }

    private static string Text(LeafBlock block) =>
        block.Inline is null ? "" : string.Concat(block.Inline.Descendants<LiteralInline>().Select(l => l.Content.ToString()))
            + string.Concat(block.Inline.Descendants<CodeInline>().Select(c => c.Content));

    // Help text is shown as plain text, so keep the author's words but drop Markdown emphasis and code marks.
    private static string BlockText(string source, Block block) =>
        source.Substring(block.Span.Start, block.Span.Length).Replace("`", "").Replace("**", "").Trim();
}
