using System.Data.SQLite;
using System.Globalization;
using System.Text;

namespace LeanData.Outreach.Store;

/// <summary>Builds a parameterised WHERE clause. Text values may carry PowerShell wildcards (* and ?), turned into LIKE patterns.</summary>
internal sealed class SqlFilterBuilder(SQLiteCommand command)
{
    private readonly List<string> _clauses = [];
    private int _next;

    public string Where => _clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _clauses);

    public string Parameter(object? value)
    {
        var name = "@f" + _next++.ToString(CultureInfo.InvariantCulture);
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return name;
    }

    public void Add(string clause) => _clauses.Add(clause);

    public void In<T>(string column, IReadOnlyCollection<T> values)
    {
        if (values.Count == 0) return;
        _clauses.Add($"{column} IN ({string.Join(", ", values.Select(v => Parameter(v)))})");
    }

    /// <summary>column matches any of the values; values with * or ? match as wildcards, others exactly (case-insensitive).</summary>
    public void Text(IReadOnlyCollection<string> values, params string[] columns) => Text(values, ignoreCase: true, columns);

    public void Text(IReadOnlyCollection<string> values, bool ignoreCase, params string[] columns)
    {
        if (values.Count == 0) return;
        var any = new List<string>();
        foreach (var value in values)
        {
            var wildcard = value.IndexOfAny(['*', '?']) >= 0;
            var p = Parameter(wildcard ? LikePattern(value) : value);
            foreach (var column in columns)
                any.Add(wildcard ? $"{column} LIKE {p} ESCAPE '\\'" : ignoreCase ? $"{column} = {p} COLLATE NOCASE" : $"{column} = {p}");
        }
        _clauses.Add("(" + string.Join(" OR ", any) + ")");
    }

    public static string LikePattern(string wildcard)
    {
        var sb = new StringBuilder(wildcard.Length + 4);
        foreach (var c in wildcard)
        {
            sb.Append(c switch
            {
                '*' => "%",
                '?' => "_",
                '%' => "\\%",
                '_' => "\\_",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
