using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Cmdlets.Commands.Configuration;

[Cmdlet(VerbsCommon.Get, "LDFieldMapping")]
[OutputType(typeof(FieldMapping))]
public sealed class GetLDFieldMappingCommand : ConfigurationCmdlet
{
    protected override void ProcessRecord()
    {
        var mapping = Configuration.GetFieldMapping();
        if (mapping is null)
        {
            WriteFailure(ErrorCatalog.FieldMappingNotSet, "No field mapping is set in this store.", Store.Path,
                "Run Set-LDFieldMapping -Lead <field> -Contact <field> -User <field> with the Salesforce fields that hold the Outreach id.");
            return;
        }
        WriteObject(mapping);
    }
}
