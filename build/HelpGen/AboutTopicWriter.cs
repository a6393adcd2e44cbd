using System.Text;
using System.Text.RegularExpressions;
using LeanData.Outreach.Errors;

namespace LeanData.Outreach.HelpGen;

/// <summary>
/// Turns docs/about/about_*.md into the plain-text about_*.help.txt files Get-Help reads: "# about_X" becomes
/// TOPIC, "## HEADING" a heading, prose and lists are wrapped at 80 columns, fenced code is kept as written, and
/// the line {{ErrorCatalog}} becomes the error catalog (id, category, retried or not, remedy) from Core.
/// </summary>
internal static partial class AboutTopicWriter
{
    public const int Width = 80;
    private const string Indent = "    ";
    private const string CatalogMarker = "{{ErrorCatalog}}";

    public static string Convert(string markdown)
    {
        var output = new StringBuilder();
        var paragraph = new List<string>();
        string? listIndent = null;
        var inList = false;
        var inCode = false;
        var codeMargin = 0;

        void Flush()
        {
            if (paragraph.Count == 0) return;
            var text = Inline(string.Join(' ', paragraph.Select(p => p.Trim())));
            if (listIndent is null) Wrap(output, text, Indent, Indent);
            else Wrap(output, text[2..], listIndent + "- ", listIndent + "  ");
            inList = listIndent is not null;
            paragraph.Clear();
            listIndent = null;
        }

        foreach (var raw in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var trimmed = raw.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                if (!inCode) codeMargin = raw.Length - trimmed.Length;
                output.AppendLine();
                inCode = !inCode;
                inList = false;
                continue;
            }
            if (inCode)
            {
                var line = raw.Length >= codeMargin ? raw[codeMargin..] : raw.TrimStart();
                output.AppendLine((Indent + Indent + line).TrimEnd());
                continue;
            }
            if (raw.StartsWith("# ", StringComparison.Ordinal))
            {
                output.AppendLine("TOPIC").AppendLine(Indent + raw[2..].Trim());
                continue;
            }
            if (raw.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                output.AppendLine().AppendLine(raw[3..].Trim().ToUpperInvariant());
                inList = false;
                continue;
            }
            if (raw.StartsWith("### ", StringComparison.Ordinal))
            {
                Flush();
                output.AppendLine().AppendLine(Indent + raw[4..].Trim());
                inList = false;
                continue;
            }
            if (trimmed == CatalogMarker)
            {
                Flush();
                WriteCatalog(output);
                continue;
            }
            if (trimmed.Length == 0)
            {
                Flush();
                continue;
            }
            if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                Flush();
                if (!inList) output.AppendLine();
                listIndent = Indent + new string(' ', raw.Length - trimmed.Length);
                paragraph.Add(trimmed);
                continue;
            }
            if (paragraph.Count == 0) { output.AppendLine(); inList = false; }
            paragraph.Add(trimmed);
        }
        Flush();
        return Tidy(output.ToString());
    }

    // One blank line between blocks, none right under a section heading (the layout of PowerShell's own about_ topics).
    private static string Tidy(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.Split(Environment.NewLine))
        {
            if (line.Length == 0 && (lines.Count == 0 || lines[^1].Length == 0 || SectionHeading().IsMatch(lines[^1]))) continue;
            lines.Add(line);
        }
        return string.Join(Environment.NewLine, lines).TrimEnd() + Environment.NewLine;
    }

    [GeneratedRegex(@"^[A-Z][A-Z ]+$")]
    private static partial Regex SectionHeading();

    private static void WriteCatalog(StringBuilder output)
    {
        foreach (var entry in ErrorCatalog.All.Where(e => e.Category != FailureCategory.None).OrderBy(e => e.ErrorId, StringComparer.Ordinal))
        {
            output.AppendLine();
            output.AppendLine(Indent + entry.ErrorId);
            Wrap(output, entry.Title, Indent + Indent, Indent + Indent);
            Wrap(output, $"Category: {entry.PowerShellCategory}. Retried: {(entry.IsRetryable ? "yes, by Start-LDRetryWorker after the retry interval" : "no")}." +
                (entry.FailureReason is { } reason ? $" Partner log reason: {reason}." : ""), Indent + Indent, Indent + Indent);
            Wrap(output, "Remedy: " + entry.FormatRecommendedAction(null), Indent + Indent, Indent + Indent + "  ");
        }
    }

    private static string Inline(string text) => InlineMarkup().Replace(text, m => m.Groups["code"].Success ? m.Groups["code"].Value : m.Groups["strong"].Value);

    /// <summary>Greedy word wrap; a word longer than the line stays whole on its own line.</summary>
    internal static void Wrap(StringBuilder output, string text, string first, string rest)
    {
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                output.AppendLine(line.ToString());
                line.Clear().Append(rest);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        if (!empty) output.AppendLine(line.ToString());
    }

    [GeneratedRegex(@"`(?<code>[^`]+)`|\*\*(?<strong>[^*]+)\*\*")]
    private static partial Regex InlineMarkup();
}
