using System.Data.SQLite;

namespace LeanData.Outreach.Store;

/// <summary>Null-aware column reads and Unix-millisecond times for the log readers.</summary>
internal static class SqlRead
{
    public static string? Text(SQLiteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    public static long? Long(SQLiteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
    public static int? Int(SQLiteDataReader r, int i) => r.IsDBNull(i) ? null : (int)r.GetInt64(i);
    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime();
    public static DateTimeOffset? Time(SQLiteDataReader r, int i) => r.IsDBNull(i) ? null : Time(r.GetInt64(i));
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
