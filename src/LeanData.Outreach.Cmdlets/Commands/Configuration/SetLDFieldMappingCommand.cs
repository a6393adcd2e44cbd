using System.Management.Automation;
using LeanData.Outreach.Errors;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Configuration;

namespace LeanData.Outreach.Cmdlets.Commands.Configuration;

[Cmdlet(VerbsCommon.Set, "LDFieldMapping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FieldMapping))]
public sealed class SetLDFieldMappingCommand : ConfigurationCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Lead { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Contact { get; set; } = "";

    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string User { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var mapping = new FieldMapping(Lead?.Trim() ?? "", Contact?.Trim() ?? "", User?.Trim() ?? "");
        if (!TryApply(ErrorCatalog.InvalidFieldMapping, mapping, () => mapping.Validated())) return;
        if (!ShouldProcess(Store.Path, $"Map the Outreach id to Lead.{mapping.Lead}, Contact.{mapping.Contact} and User.{mapping.User}")) return;
        Configuration.SetFieldMapping(mapping);
        if (PassThru) WriteObject(mapping);
    }
}
