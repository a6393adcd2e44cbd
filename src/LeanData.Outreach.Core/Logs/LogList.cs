using System.Collections.ObjectModel;

namespace LeanData.Outreach.Logs;

/// <summary>
/// A read-only list inside a log entry. <see cref="ToString"/> joins the items on one line, so
/// Export-Csv writes a readable cell instead of a type name; ConvertTo-Json still sees a JSON array.
/// </summary>
public sealed class LogList<T>(IList<T> items) : ReadOnlyCollection<T>(items)
{
    public static new LogList<T> Empty { get; } = new([]);

    public override string ToString() => string.Join("; ", this.Select(i => i?.ToString()));
}
