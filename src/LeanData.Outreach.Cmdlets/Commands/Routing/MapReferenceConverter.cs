using System.Globalization;
using System.Management.Automation;
using LeanData.Outreach.Routing;

namespace LeanData.Outreach.Cmdlets.Commands.Routing;

/// <summary>
/// Reads what an admin passed as a user or sequence: a number (id), text (id, name or email), or an object
/// such as Get-LDOutreachUser / Get-LDSequence / Get-LDUserSequenceMap output (its <c>UserId</c> /
/// <c>SequenceId</c> property, else <c>Id</c>).
/// </summary>
internal static class MapReferenceConverter
{
    public static MapReference? Convert(object? value, string idProperty)
    {
        if (value is PSObject wrapped) value = wrapped.BaseObject is PSCustomObject ? wrapped : wrapped.BaseObject;
        switch (value)
        {
            case null:
                return null;
            case long or int or short or byte or uint or ulong or ushort or sbyte:
                return MapReference.FromId(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case decimal or double or float:
                var number = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return number == Math.Floor(number) && number is >= 1 and <= long.MaxValue ? MapReference.FromId((long)number) : new MapReference(0, null);
            case string text:
                return string.IsNullOrWhiteSpace(text) ? null : MapReference.Parse(text);
        }
        var psObject = PSObject.AsPSObject(value);
        foreach (var name in new[] { idProperty, "Id" })
        {
            if (psObject.Properties[name]?.Value is { } property && Convert(property, idProperty) is { } found) return found;
        }
        return MapReference.Parse(value.ToString() ?? "");
    }
}
