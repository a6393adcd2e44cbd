using System.Management.Automation;
using System.Reflection;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>
/// -Debug is for reading what the module does, not for answering prompts: PowerShell turns -Debug into
/// "Inquire" for debug and warning messages of a compiled cmdlet, so a -NonInteractive run (a scheduled task)
/// fails with "Read and Prompt functionality is not available" at the first such line. For a -Debug call that
/// names no -WarningAction, both become Continue. PowerShell offers no public setter for a cmdlet's own
/// preferences, so this sets the command runtime's (present since PowerShell 3); if it is ever missing, nothing changes.
/// </summary>
internal static class DebugWithoutPrompts
{
    private static readonly PropertyInfo? DebugPreference = Property("DebugPreference");
    private static readonly PropertyInfo? WarningPreference = Property("WarningPreference");

    public static void Apply(PSCmdlet cmdlet)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        if (!bound.TryGetValue("Debug", out var debug) || debug is not SwitchParameter { IsPresent: true }) return;
        var runtime = cmdlet.CommandRuntime;
        DebugPreference?.SetValue(runtime, ActionPreference.Continue);
        if (!bound.ContainsKey("WarningAction")) WarningPreference?.SetValue(runtime, ActionPreference.Continue);
    }

    private static PropertyInfo? Property(string name)
    {
        var type = typeof(PSCmdlet).Assembly.GetType("System.Management.Automation.MshCommandRuntime");
        var property = type?.GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic);
        return property is { CanWrite: true } && property.PropertyType == typeof(ActionPreference) ? property : null;
    }
}
