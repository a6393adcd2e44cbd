using System.Data.SQLite;
using LeanData.Outreach.Errors;

namespace LeanData.Outreach.Store;

/// <summary>Turns what SQLite and the file system say about a store file into the catalog's Store* failures.</summary>
public static class StoreFailures
{
    /// <summary>The store failure for <paramref name="error"/>; a StoreException is returned as it is.</summary>
    public static StoreException From(Exception error, string path)
    {
        if (error is StoreException store) return store;
        if (error is SQLiteException sqlite)
        {
            var primary = (SQLiteErrorCode)((int)sqlite.ResultCode & 0xFF);
            var reason = sqlite.Message.ReplaceLineEndings(" ");
            return primary switch
            {
                SQLiteErrorCode.NotADb => new StoreException(FailureCategory.StoreNotADatabase, path,
                    $"The store '{path}' is not a SQLite database ({reason}). Nothing was changed in it.", error),
                SQLiteErrorCode.Corrupt => new StoreException(FailureCategory.StoreCorrupt, path,
                    $"The store '{path}' is damaged ({reason}). Nothing more was written to it.", error),
                SQLiteErrorCode.ReadOnly or SQLiteErrorCode.Perm or SQLiteErrorCode.Auth => new StoreException(FailureCategory.StoreReadOnly, path,
                    $"The store '{path}' cannot be written ({reason}).", error),
                _ => new StoreException(FailureCategory.StoreUnavailable, path, $"The store '{path}' could not be used ({reason}).", error),
            };
        }
        if (error is UnauthorizedAccessException)
            return new StoreException(FailureCategory.StoreReadOnly, path, $"The store '{path}' cannot be created or written: {error.Message}", error);
        return new StoreException(FailureCategory.StoreUnavailable, path, $"The store '{path}' could not be used: {error.Message}", error);
    }

    /// <summary>True for a store failure: a StoreException, or SQLite's own exception that <see cref="From"/> turns into one.</summary>
    public static bool IsStoreFailure(Exception error) => error is StoreException or SQLiteException;
}
