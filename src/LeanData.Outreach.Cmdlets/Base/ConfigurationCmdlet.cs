using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Store;

namespace LeanData.Outreach.Cmdlets.Base;

/// <summary>Base for the Set-/Get- configuration cmdlets: the repository and the shared bad-value error.</summary>
public abstract class ConfigurationCmdlet : LDCmdlet
{
    private ConfigurationRepository? _configuration;

    protected ConfigurationRepository Configuration => _configuration ??= new ConfigurationRepository(Store);

    /// <summary>Applies <paramref name="change"/> if it validates; otherwise writes one error naming the field and stores nothing.</summary>
    protected bool TryApply(ErrorDefinition error, object target, Action change)
    {
        try
        {
            change();
            return true;
        }
        catch (ConfigurationValueException ex)
        {
            WriteFailure(error, ex.Message, target,
                $"Correct the {ex.Parameter} value and run the command again. Nothing was changed.", ex);
            return false;
        }
    }
}
