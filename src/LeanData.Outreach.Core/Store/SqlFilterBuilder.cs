using System.Data.SQLite;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LeanData.Outreach.Store;

/// <summary>
/// Builds a parameterised WHERE clause. Text values may carry PowerShell wildcards (* and ?), turned into LIKE patterns.
/// Lists of values are bound as one JSON array each (json_each), so a filter of any length stays one parameter.
/// </summary>
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

    /// <summary>column is one of the values. The list is bound as one JSON array, so any number of values fits SQLite's limits.</summary>
    public void In<T>(string column, IReadOnlyCollection<T> values)
    {
        if (values.Count == 0) return;
        _clauses.Add($"{column} IN {List(values)}");
    }

    /// <summary>column matches any of the values; values with * or ? match as wildcards, others exactly (case-insensitive).</summary>
    public void Text(IReadOnlyCollection<string> values, params string[] columns) => Text(values, ignoreCase: true, columns);

    public void Text(IReadOnlyCollection<string> values, bool ignoreCase, params string[] columns)
    {
        if (TextCondition(values, ignoreCase, columns) is { } condition) _clauses.Add(condition);
    }

    /// <summary>The condition <see cref="Text(IReadOnlyCollection{string}, bool, string[])"/> adds, for combining with others; null without values.</summary>
    public string? TextCondition(IReadOnlyCollection<string> values, bool ignoreCase, params string[] columns)
    {
        if (values.Count == 0) return null;
        var exact = values.Where(v => !IsWildcard(v)).ToList();
        var patterns = values.Where(IsWildcard).Select(LikePattern).ToList();
        var exactList = exact.Count > 0 ? List(exact) : null;
        var patternList = patterns.Count > 0 ? Parameter(JsonSerializer.Serialize(patterns)) : null;
        var any = new List<string>();
        foreach (var column in columns)
        {
            if (exactList is not null) any.Add(ignoreCase ? $"{column} COLLATE NOCASE IN {exactList}" : $"{column} IN {exactList}");
            if (patternList is not null) any.Add($"EXISTS (SELECT 1 FROM json_each({patternList}) WHERE {column} LIKE json_each.value ESCAPE '\\')");
        }
        return "(" + string.Join(" OR ", any) + ")";
    }

    /// <summary>A subquery over the values, bound as one JSON array parameter: "(SELECT value FROM json_each(@f0))".</summary>
    public string List<T>(IReadOnlyCollection<T> values) => $"(SELECT value FROM json_each({Parameter(JsonSerializer.Serialize(values))}))";

    public static bool IsWildcard(string value) => value.IndexOfAny(['*', '?']) >= 0;

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
