using System.Text;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Model;
using Microsoft.AspNetCore.Http;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>A collection described by delegates: how to enumerate, find, filter and write its records.</summary>
public sealed class ResourceCollection<T> : IResourceCollection where T : class
{
    public delegate IEnumerable<string?> FilterValues(T item, string key);

    private readonly Func<SandboxData, IEnumerable<T>> _all;
    private readonly Func<SandboxData, long, T?> _find;
    private readonly Func<T, long> _id;
    private readonly FilterValues _filter;
    private readonly Action<Utf8JsonWriter, T, SandboxData, string> _write;
    private readonly HashSet<string> _filters;

    public ResourceCollection(string plural, string type, Func<SandboxData, IEnumerable<T>> all, Func<SandboxData, long, T?> find,
        Func<T, long> id, string[] filters, FilterValues filter, Action<Utf8JsonWriter, T, SandboxData, string> write)
    {
        _filters = new HashSet<string>(filters, StringComparer.Ordinal);
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
        lock (data.Sync)
        {
            var page = new List<T>(Math.Min(q.PageSize, 64));
            var more = false;
            var total = 0;
            foreach (var item in _all(data))
            {
                if (!Passes(item, q)) continue;
                total++;
                if (_id(item) <= q.After) continue;
                if (page.Count < q.PageSize) page.Add(item);
                else
                {
                    more = true;
                    if (!q.Count) break;
                }
            }
            var next = more ? NextLink(baseUrl, q, _id(page[^1])) : null;
            var first = FirstLink(baseUrl, q);
            return ApiResult.Json(200, JsonBuffer.Write((page, data, baseUrl, next, first, q, total, this), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var item in s.page) s.Item8._write(w, item, s.data, s.baseUrl);
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

    private bool Passes(T item, ListQuery q)
    {
        foreach (var (key, _, values) in q.Filters)
        {
            if (!ListQuery.Matches(values, _filter(item, key))) return false;
        }
        return true;
    }

    private string FirstLink(string baseUrl, ListQuery q) => Link(baseUrl, q, null);

    private string NextLink(string baseUrl, ListQuery q, long lastId) => Link(baseUrl, q, lastId);

    private string Link(string baseUrl, ListQuery q, long? after)
    {
        var sb = new StringBuilder(baseUrl).Append('/').Append(Plural).Append('?');
        foreach (var (_, raw, values) in q.Filters)
        {
            sb.Append(raw).Append('=').Append(Uri.EscapeDataString(string.Join(',', values))).Append('&');
        }
        if (q.Count) sb.Append("count=true&");
        sb.Append("page[size]=").Append(q.PageSize);
        if (after is long a) sb.Append("&page[after]=").Append(ListQuery.EncodeCursor(a));
        return sb.ToString();
    }
}
