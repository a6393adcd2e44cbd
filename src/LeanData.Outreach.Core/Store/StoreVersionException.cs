using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Store;

/// <summary>The store was written by a newer module version; we never downgrade a schema.</summary>
public sealed class StoreVersionException(string path, int found, int supported)
    : StoreException(FailureCategory.StoreNewerVersion, path,
        $"The store '{path}' has schema version {found}, newer than this module supports ({supported}). Update the LeanData.Outreach module.")
{
    public int Found { get; } = found;
    public int Supported { get; } = supported;
}
