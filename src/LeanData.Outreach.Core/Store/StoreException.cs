using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Store;

/// <summary>
/// The store file cannot be used, or a write to it failed: one of the catalog's Store* categories, with the path.
/// Raised instead of SQLite's own exceptions, so callers see a stable id, the file and a remedy.
/// </summary>
public class StoreException(FailureCategory category, string path, string message, Exception? inner = null)
    : LDOutreachException(ErrorCatalog.Definition(category), category, message, inner: inner)
{
    public string Path { get; } = path;
}
