using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LeanData.Outreach.HelpGen;

// Usage: HelpGen <module manifest> <docs/cmdlets folder> <output MAML path> [<docs/about folder>]
// With the about folder, each about_*.md there becomes about_*.help.txt beside the MAML file.
// Fails (exit 1) if any exported cmdlet lacks a page, a synopsis, a description, an example, or a
// description for any of its parameters: help is part of the build, not an afterthought.
if (args.Length is not (3 or 4))
{
    Console.Error.WriteLine("usage: HelpGen <manifest.psd1> <docs folder> <output.xml> [<about docs folder>]");
    return 2;
}
var (manifest, docsFolder, output) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]), Path.GetFullPath(args[2]));

var state = InitialSessionState.CreateDefault2();
if (OperatingSystem.IsWindows()) state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
using var powershell = PowerShell.Create(state);
powershell.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("PassThru").AddParameter("ErrorAction", "Stop");
var module = powershell.Invoke<PSModuleInfo>().Single();
var cmdlets = module.ExportedCmdlets.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

var commonPage = Path.Combine(docsFolder, "common-parameters.md");
var common = File.Exists(commonPage) ? MarkdownHelpParser.Parse(File.ReadAllText(commonPage), "common").Parameters : [];

var problems = new List<string>();
var pages = new List<(CmdletInfo, HelpPage)>();
foreach (var cmdlet in cmdlets)
{
    var path = Path.Combine(docsFolder, cmdlet.Name + ".md");
    if (!File.Exists(path)) { problems.Add($"{cmdlet.Name}: no help page at {path}"); continue; }
    var page = MarkdownHelpParser.Parse(File.ReadAllText(path), cmdlet.Name);
    if (!string.Equals(page.Name, cmdlet.Name, StringComparison.Ordinal)) problems.Add($"{path}: heading '{page.Name}' should be '{cmdlet.Name}'");
    if (string.IsNullOrWhiteSpace(page.Synopsis)) problems.Add($"{cmdlet.Name}: no SYNOPSIS");
    if (page.Description.Count == 0) problems.Add($"{cmdlet.Name}: no DESCRIPTION");
    if (page.Examples.Count == 0 || page.Examples.Any(e => string.IsNullOrWhiteSpace(e.Code))) problems.Add($"{cmdlet.Name}: needs at least one example, each with a code block");
    foreach (var parameter in MamlWriter.OwnParameters(cmdlet))
    {
        var described = (page.Parameters.TryGetValue(parameter.Name, out var d) && d.Count > 0) || (common.TryGetValue(parameter.Name, out var c) && c.Count > 0);
        if (!described) problems.Add($"{cmdlet.Name}: parameter -{parameter.Name} has no description");
    }
    foreach (var documented in page.Parameters.Keys.Where(k => !cmdlet.Parameters.ContainsKey(k)))
        problems.Add($"{cmdlet.Name}: documents -{documented}, which the cmdlet does not have");
    pages.Add((cmdlet, page));
}

if (problems.Count > 0)
{
    foreach (var problem in problems) Console.Error.WriteLine("help: " + problem);
    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
MamlWriter.Write(pages, common).Save(output);
Console.WriteLine($"help: wrote {pages.Count} cmdlet(s) to {output}");
if (args.Length == 4)
{
    var topics = Directory.GetFiles(Path.GetFullPath(args[3]), "about_*.md").Order(StringComparer.Ordinal).ToList();
    foreach (var topic in topics)
    {
        var target = Path.Combine(Path.GetDirectoryName(output)!, Path.GetFileNameWithoutExtension(topic) + ".help.txt");
        File.WriteAllText(target, AboutTopicWriter.Convert(File.ReadAllText(topic)));
    }
    Console.WriteLine($"help: wrote {topics.Count} about topic(s)");
}
return 0;
