using System.Data.SQLite;
using LeanData.Outreach.Security;

namespace LeanData.Outreach.Store;

/// <summary>Named secrets, encrypted by an <see cref="ISecretProtector"/> before they reach the <c>secrets</c> table.</summary>
public sealed class SecretRepository(LDStore store, ISecretProtector protector)
{
    public string? Get(string name) => throw new NotImplementedException();
    public void Set(string name, string value) => throw new NotImplementedException();

    /// <summary>Writes several secrets in one transaction: all or none.</summary>
    public void SetMany(IReadOnlyDictionary<string, string> values) => throw new NotImplementedException();

    public bool Remove(string name) => throw new NotImplementedException();
    public void RemoveAll(params string[] names) => throw new NotImplementedException();

    internal void SetMany(SQLiteConnection connection, IReadOnlyDictionary<string, string> values) => throw new NotImplementedException();
    internal LDStore Store => store;
    internal ISecretProtector Protector => protector;
}
