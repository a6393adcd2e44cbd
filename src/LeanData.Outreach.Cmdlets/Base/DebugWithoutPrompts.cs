using System.Management.Automation;
using System.Reflection;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>
/// -Debug is for reading what the module does, not for answering prompts: PowerShell turns -Debug into
/// "Inquire" for the debug, verbose and warning messages of a compiled cmdlet, so a -NonInteractive run (a
/// scheduled task) fails with "Read and Prompt functionality is not available" at the first such line. Under
/// -Debug they become Continue (shown, as Inquire shows them, without the question), except where the call
/// names -Verbose or -WarningAction itself. PowerShell offers no public setter for a cmdlet's own preferences,
/// so this sets the command runtime's (present since PowerShell 3); if one is ever missing, nothing changes.
/// </summary>
internal static class DebugWithoutPrompts
{
    private static readonly PropertyInfo? DebugPreference = Property("DebugPreference");
    private static readonly PropertyInfo? WarningPreference = Property("WarningPreference");
    private static readonly PropertyInfo? VerboseFlag = Property("Verbose", typeof(bool));

    public static void Apply(PSCmdlet cmdlet)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        if (!bound.TryGetValue("Debug", out var debug) || debug is not SwitchParameter { IsPresent: true }) return;
        var runtime = cmdlet.CommandRuntime;
        DebugPreference?.SetValue(runtime, ActionPreference.Continue);
        if (!bound.ContainsKey("WarningAction")) WarningPreference?.SetValue(runtime, ActionPreference.Continue);
        if (!bound.ContainsKey("Verbose")) VerboseFlag?.SetValue(runtime, true);
    }

    private static PropertyInfo? Property(string name, Type? type = null)
    {
        var runtime = typeof(PSCmdlet).Assembly.GetType("System.Management.Automation.MshCommandRuntime");
        var property = runtime?.GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic);
        return property is { CanWrite: true } && property.PropertyType == (type ?? typeof(ActionPreference)) ? property : null;
    }
}
