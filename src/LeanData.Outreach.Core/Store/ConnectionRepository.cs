namespace LeanData.Outreach.Store;

/// <summary>Reads and writes <see cref="OutreachConnectionInfo"/> in the settings table.</summary>
public sealed class ConnectionRepository(LDStore store)
{
    private readonly SettingsRepository settings = new(store);

    public OutreachConnectionInfo? Get() => settings.Get<OutreachConnectionInfo>(OutreachConnectionInfo.SettingsKey);
    public void Save(OutreachConnectionInfo connection) => settings.Set(OutreachConnectionInfo.SettingsKey, connection);
    public bool Remove() => settings.Remove(OutreachConnectionInfo.SettingsKey);
}
