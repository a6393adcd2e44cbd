using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Model;
using Microsoft.AspNetCore.Http;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>A collection described by delegates: how to enumerate, find, filter, sort and write its records.</summary>
public sealed class ResourceCollection<T> : IResourceCollection where T : class
{
    public delegate IEnumerable<string?> FilterValues(T item, string key, SandboxData data);

    /// <summary>
    /// For an unsorted list: the records that can pass the query's filters, in id order, none with an id at or
    /// below <paramref name="after"/> — an index lookup instead of a scan — or null to scan every record.
    /// </summary>
    public delegate IEnumerable<T>? Candidates(SandboxData data, ListQuery query, long after);

    private readonly Func<SandboxData, IEnumerable<T>> _all;
    private readonly Func<SandboxData, long, T?> _find;
    private readonly Func<T, long> _id;
    private readonly FilterValues _filter;
    private readonly Action<Utf8JsonWriter, T, SandboxData, string> _write;
    private readonly HashSet<string> _filters;
    private readonly HashSet<string> _sortable;
    private readonly Candidates? _candidates;

    public ResourceCollection(string plural, string type, Func<SandboxData, IEnumerable<T>> all, Func<SandboxData, long, T?> find,
        Func<T, long> id, string[] filters, string[] sortable, FilterValues filter, Action<Utf8JsonWriter, T, SandboxData, string> write,
        Candidates? candidates = null, string? scope = null)
    {
        _candidates = candidates;
        Scope = scope ?? plural;
        _filters = new HashSet<string>(filters, StringComparer.Ordinal);
        _sortable = new HashSet<string>(sortable, StringComparer.Ordinal);
        Plural = plural;
        Type = type;
        _all = all;
        _find = find;
        _id = id;
        _filter = filter;
        _write = write;
    }

    public string Plural { get; }
    public string Type { get; }
    public string Scope { get; }

    public ApiResult Get(SandboxData data, long id, string baseUrl)
    {
        lock (data.Sync)
        {
            var item = _find(data, id);
            if (item is null) return ApiErrors.NotFound(Type, id);
            return ApiResult.Json(200, JsonBuffer.Write((item, data, baseUrl, this), static (w, s) =>
            {
                w.WriteStartObject();
                w.WritePropertyName("data");
                s.Item4._write(w, s.item, s.data, s.baseUrl);
                w.WriteEndObject();
            }));
        }
    }

    public ApiResult List(SandboxData data, IQueryCollection query, string baseUrl)
    {
        var q = ListQuery.Parse(query);
        if (q.Error is not null) return ApiErrors.BadRequest(q.Error);
        foreach (var f in q.Filters)
        {
            if (!_filters.Contains(f.Key))
                return ApiErrors.BadRequest($"The sandbox does not support filter '{f.RawKey}' on {Plural}.");
        }
        foreach (var (key, _) in q.Sort)
        {
            if (!_sortable.Contains(key))
                return ApiErrors.BadRequest($"'{key}' is not a sortable attribute of {Type}.");
        }
        lock (data.Sync)
        {
            var page = new List<T>(Math.Min(q.PageSize, 64));
            var more = false;
            var total = 0;
            long? cursor = null;
            if (q.Sort.Count == 0)
            {
                var items = _candidates?.Invoke(data, q, q.Count ? 0 : q.After) ?? _all(data);
                foreach (var item in items)
                {
                    if (!Passes(item, q, data)) continue;
                    total++;
                    if (_id(item) <= q.After) continue;
                    if (page.Count < q.PageSize) page.Add(item);
                    else
                    {
                        more = true;
                        if (!q.Count) break;
                    }
                }
                if (more) cursor = _id(page[^1]);
            }
            else
            {
                var matching = _all(data).Where(i => Passes(i, q, data)).ToList();
                matching.Sort((a, b) => Compare(a, b, q, data));
                total = matching.Count;
                page.AddRange(matching.Skip((int)Math.Min(q.Offset, int.MaxValue)).Take(q.PageSize));
                more = q.Offset + page.Count < total;
                if (more) cursor = q.Offset + page.Count;
            }
            var next = cursor is long c ? Link(baseUrl, q, c) : null;
            var first = Link(baseUrl, q, null);
            var fields = q.Fields.GetValueOrDefault(Type);
            return ApiResult.Json(200, JsonBuffer.Write((page, data, baseUrl, next, first, q, total, this, fields), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var item in s.page)
                {
                    if (s.fields is null) s.Item8._write(w, item, s.data, s.baseUrl);
                    else s.Item8.WriteSparse(w, item, s.data, s.baseUrl, s.fields);
                }
                w.WriteEndArray();
                w.WriteStartObject("links");
                w.WriteString("first", s.first);
                if (s.next is not null) w.WriteString("next", s.next);
                w.WriteEndObject();
                if (s.q.Count)
                {
                    w.WriteStartObject("meta");
                    w.WriteNumber("count", s.total);
                    w.WriteBoolean("count_truncated", false);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }));
        }
    }

    /// <summary>Writes a resource with only the attributes and relationships named in fields[type].</summary>
    private void WriteSparse(Utf8JsonWriter w, T item, SandboxData data, string baseUrl, HashSet<string> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var full = new Utf8JsonWriter(buffer)) _write(full, item, data, baseUrl);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        w.WriteStartObject();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name is "attributes" or "relationships")
            {
                w.WriteStartObject(p.Name);
                foreach (var member in p.Value.EnumerateObject())
                    if (fields.Contains(member.Name)) member.WriteTo(w);
                w.WriteEndObject();
            }
            else p.WriteTo(w);
        }
        w.WriteEndObject();
    }

    private bool Passes(T item, ListQuery q, SandboxData data)
    {
        foreach (var f in q.Filters)
        {
            if (!f.Matches(_filter(item, f.Key, data))) return false;
        }
        return true;
    }

    private int Compare(T a, T b, ListQuery q, SandboxData data)
    {
        foreach (var (key, descending) in q.Sort)
        {
            var c = ListQuery.CompareValues(_filter(a, key, data).FirstOrDefault(), _filter(b, key, data).FirstOrDefault());
            if (c != 0) return descending ? -c : c;
        }
        return _id(a).CompareTo(_id(b));
    }

    /// <summary>A first/next link: every parameter name and value percent-encoded, so the link is a valid URI.</summary>
    private string Link(string baseUrl, ListQuery q, long? cursor)
    {
        var sb = new StringBuilder(baseUrl).Append('/').Append(Plural).Append('?');
        void Add(string key, string value) => sb.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        foreach (var f in q.Filters) Add(f.RawKey, string.Join(',', f.Values));
        foreach (var (raw, value) in q.FieldParameters) Add(raw, value);
        if (q.SortText is { } sort) Add("sort", sort);
        if (q.Count) Add("count", "true");
        Add("page[size]", q.PageSize.ToString(CultureInfo.InvariantCulture));
        if (cursor is long c) Add("page[after]", ListQuery.EncodeCursor(c, offset: q.Sort.Count > 0));
        return sb.ToString(0, sb.Length - 1);
    }
}
