using System.Data.SQLite;
using System.Globalization;
using System.Text.RegularExpressions;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Logs;
using LeanData.Outreach.Reports;
using LeanData.Outreach.Routing;

namespace LeanData.Outreach.Store;

/// <summary>
/// Aggregates the routing report in SQL: one pass for outcomes, edges and exhausted retries per time bucket,
/// one for nodes and sequences, one each for failure categories, the Pending backlog, callout durations and
/// status codes, failure reasons and the busiest budget windows; a short indexed read per failure category for its latest
/// records. Each statement is cancelled (sqlite3_interrupt) when the token is.
/// </summary>
public sealed class RoutingReportQuery(LDStore store)
{
    public RoutingReport Read(RoutingReportFilter filter, DateTimeOffset now, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var reader = new Reader(connection, filter, cancellationToken);

        progress?.Report("Finding the time range");
        var (min, max) = reader.Span();
        var axis = ReportTimeAxis.For(filter, now, min is { } first ? SqlRead.Time(first) : null, max is { } last ? SqlRead.Time(last + 1) : null);
        var buckets = axis.Starts.Count;
        var width = axis.WidthMs;
        var origin = axis.Origin;

        progress?.Report("Counting outcomes, edges and exhausted retries over time");
        var timeline = Enumerable.Repeat(OutcomeCounts.Zero, buckets).ToArray();
        var edges = EdgeTrend.Names.ToDictionary(e => e, _ => new long[buckets]);
        var exhausted = new long[buckets];
        reader.Rows($"""
            SELECT (a.created_ms - {reader.P(SqlRead.Ms(origin))}) / {reader.P(width)} AS b, a.outcome, a.edge,
                   COALESCE(a.error_category = 'RetryAttemptsExceeded', 0), COUNT(*)
            FROM actions a {reader.Where} GROUP BY b, a.outcome, a.edge, 4
            """, r =>
        {
            var b = (int)Math.Clamp(r.GetInt64(0), 0, buckets - 1);
            var outcome = r.GetString(1);
            var count = r.GetInt64(4);
            timeline[b] = timeline[b].Add(outcome, count);
            if (outcome == "Edge" && SqlRead.Text(r, 2) is { } edge && edges.TryGetValue(edge, out var series)) series[b] += count;
            if (r.GetInt64(3) != 0) exhausted[b] += count;
        });

        progress?.Report("Counting outcomes per node and per sequence");
        // One pass (one sort) for both: nodes route to few sequences, so (node, sequence, outcome) stays a short list.
        var byNode = new Dictionary<string, OutcomeCounts>(StringComparer.Ordinal);
        var bySequence = new Dictionary<long, (string? Name, OutcomeCounts Counts)>();
        reader.Rows($"""
            SELECT a.node_name, COALESCE(a.sequence_id, 0), MAX(NULLIF(a.sequence_name, '')), a.outcome, COUNT(*)
            FROM actions a {reader.Where} GROUP BY a.node_name, 2, a.outcome
            """, r =>
        {
            var (node, id, outcome, count) = (r.GetString(0), r.GetInt64(1), r.GetString(3), r.GetInt64(4));
            byNode[node] = byNode.GetValueOrDefault(node, OutcomeCounts.Zero).Add(outcome, count);
            var existing = bySequence.GetValueOrDefault(id, (null, OutcomeCounts.Zero));
            bySequence[id] = (existing.Name ?? SqlRead.Text(r, 2), existing.Counts.Add(outcome, count));
        });

        progress?.Report("Grouping failures by error category");
        var failures = new List<FailureGroup>();
        reader.Rows($"""
            SELECT a.error_category, SUM(a.outcome = 'Error'), SUM(a.outcome = 'Pending'), COUNT(DISTINCT a.record_id), MAX(a.created_ms)
            FROM actions a {reader.Where} AND a.outcome IN ('Error', 'Pending') AND a.error_category IS NOT NULL
            GROUP BY a.error_category
            """, r =>
        {
            var (title, remedy) = FailureGroup.Describe(r.GetString(0));
            failures.Add(new FailureGroup(r.GetString(0), title, remedy, r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), SqlRead.Time(r.GetInt64(4)), []));
        });
        failures = failures.OrderByDescending(f => f.Total).ThenBy(f => f.Category, StringComparer.Ordinal)
            .Select(f => f with { Latest = reader.Latest(f.Category, filter.Top) }).ToList();

        progress?.Report("Reading the Pending backlog");
        var backlog = reader.Backlog(now);

        progress?.Report("Summarising callouts");
        var callouts = reader.Callouts();

        progress?.Report("Measuring rate-limit use");
        var rateLimit = new ConfigurationRepository(store).GetRateLimit();
        var busiest = reader.BusiestWindows(origin, width, buckets, SqlRead.Ms(axis.From), SqlRead.Ms(axis.To), (long)rateLimit.WindowSpan.TotalMilliseconds);

        return new RoutingReport
        {
            GeneratedAt = now,
            Filter = filter,
            From = axis.From,
            To = axis.To,
            Interval = axis.Interval,
            BucketStarts = axis.Starts,
            Totals = timeline.Aggregate(OutcomeCounts.Zero, (sum, c) => sum.Add(c)),
            Timeline = timeline,
            ByNode = byNode.Select(n => new OutcomeGroup(n.Key, null, n.Value)).OrderByDescending(g => g.Counts.Total).ThenBy(g => g.Name, StringComparer.Ordinal).ToList(),
            BySequence = bySequence.Select(s => new OutcomeGroup(s.Value.Name ?? (s.Key == 0 ? "(no sequence)" : $"Sequence {s.Key}"), s.Key == 0 ? null : s.Key, s.Value.Counts))
                .OrderByDescending(g => g.Counts.Total).ThenBy(g => g.Name, StringComparer.Ordinal).ToList(),
            Failures = failures,
            Edges = EdgeTrend.Names.Select(e => EdgeTrend.For(e, edges[e])).ToList(),
            RetriesExhaustedPerBucket = exhausted,
            Backlog = backlog,
            Callouts = callouts,
            RateLimits = new RateLimitUse(
                new RateLimitStatusQuery(store).Read(now).Select(u => new RateLimitUser(u.OutreachUserId, u.UserName, u.ClientUsed, u.ClientRemaining,
                    u.ClientLimit, u.ServerLimit, u.ServerRemaining, u.ServerResetAt)).ToList(),
                rateLimit.Limit, rateLimit.WindowSpan, busiest),
        };
    }

    /// <summary>One connection, one filter: the filter's WHERE clause is built once and its parameters bound on every statement.</summary>
    private sealed class Reader
    {
        private readonly SQLiteConnection _connection;
        private readonly CancellationToken _cancellation;
        private readonly List<(string Name, object Value)> _parameters = [];

        public Reader(SQLiteConnection connection, RoutingReportFilter filter, CancellationToken cancellation)
        {
            _connection = connection;
            _cancellation = cancellation;
            var clauses = new List<string> { $"a.action_type = {P(RoutingInsightFilter.AddToSequenceActionType)}" };
            if (filter.Since is { } since) clauses.Add($"a.created_ms >= {P(SqlRead.Ms(since))}");
            if (filter.Until is { } until) clauses.Add($"a.created_ms < {P(SqlRead.Ms(until))}");
            if (filter.NodeNames.Count > 0) clauses.Add("(" + string.Join(" OR ", filter.NodeNames.Select(n => Match("a.node_name", n))) + ")");
            var sequences = filter.SequenceIds.Distinct().Select(id => $"a.sequence_id = {P(id)}")
                .Concat(filter.SequenceNames.Select(n => Match("a.sequence_name", n))).ToList();
            if (sequences.Count > 0) clauses.Add("(" + string.Join(" OR ", sequences) + ")");
            Where = "WHERE " + string.Join(" AND ", clauses);
            // A callout never starts before its action was created, so -Since bounds the callouts too (ix_callouts_started).
            CalloutWhere = filter.Since is { } from ? $"{Where} AND c.started_ms >= {P(SqlRead.Ms(from))}" : Where;
        }

        public string Where { get; }

        /// <summary><see cref="Where"/> for a join driven by the callouts table (alias c).</summary>
        public string CalloutWhere { get; }

        /// <summary>A named parameter holding <paramref name="value"/>.</summary>
        public string P(object value)
        {
            var name = "@r" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
            _parameters.Add((name, value));
            return name;
        }

        private string Match(string column, string value) =>
            value.IndexOfAny(['*', '?']) >= 0
                ? $"{column} LIKE {P(SqlFilterBuilder.LikePattern(value))} ESCAPE '\\'"
                : $"{column} = {P(value)} COLLATE NOCASE";

        public void Rows(string sql, Action<SQLiteDataReader> read)
        {
            _cancellation.ThrowIfCancellationRequested();
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in _parameters)
                if (Regex.IsMatch(sql, Regex.Escape(name) + @"\b")) command.Parameters.AddWithValue(name, value);
            using var registration = _cancellation.Register(command.Cancel);
            try
            {
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    _cancellation.ThrowIfCancellationRequested();
                    read(reader);
                }
            }
            catch (SQLiteException) when (_cancellation.IsCancellationRequested)
            {
                throw new OperationCanceledException(_cancellation);
            }
        }

        public (long? Min, long? Max) Span()
        {
            (long? Min, long? Max) span = (null, null);
            Rows($"SELECT MIN(a.created_ms), MAX(a.created_ms) FROM actions a {Where}", r => span = (SqlRead.Long(r, 0), SqlRead.Long(r, 1)));
            return span;
        }

        public IReadOnlyList<AffectedRecord> Latest(string category, int top)
        {
            var list = new List<AffectedRecord>();
            if (top <= 0) return list;
            // a.error_category = @c COLLATE NOCASE walks ix_actions_category_created backwards: a few rows per category.
            Rows($"""
                SELECT a.id, a.record_id, a.record_type, a.node_name, a.sequence_name, a.outcome, a.created_ms, a.message
                FROM actions a {Where} AND a.outcome IN ('Error', 'Pending') AND a.error_category = {P(category)} COLLATE NOCASE
                ORDER BY a.error_category COLLATE NOCASE DESC, a.created_ms DESC, a.id DESC LIMIT {P(top)}
                """, r => list.Add(new AffectedRecord(r.GetInt64(0), SqlRead.Text(r, 1), SqlRead.Text(r, 2), r.GetString(3), SqlRead.Text(r, 4),
                    r.GetString(5), SqlRead.Time(r.GetInt64(6)), SecretRedactor.Redact(SqlRead.Text(r, 7)))));
            return list;
        }

        public PendingBacklog Backlog(DateTimeOffset now)
        {
            var nowMs = SqlRead.Ms(now);
            var cases = string.Concat(PendingBacklog.Windows.Select((w, i) => w.Within is { } within
                ? $" WHEN COALESCE(a.next_attempt_ms, 0) <= {P(nowMs + (long)within.TotalMilliseconds)} THEN {i}"
                : $" ELSE {i}"));
            var counts = new long[PendingBacklog.Windows.Count];
            long? next = null, last = null;
            Rows($"""
                SELECT CASE{cases} END AS due, COUNT(*), MIN(a.next_attempt_ms), MAX(a.next_attempt_ms)
                FROM actions a {Where} AND a.outcome = 'Pending' GROUP BY due
                """, r =>
            {
                counts[r.GetInt64(0)] = r.GetInt64(1);
                if (SqlRead.Long(r, 2) is { } min && (next is null || min < next)) next = min;
                if (SqlRead.Long(r, 3) is { } max && (last is null || max > last)) last = max;
            });
            return new PendingBacklog(
                PendingBacklog.Windows.Select((w, i) => new CountedLabel(w.Label, counts[i])).ToList(),
                next is { } n ? SqlRead.Time(n) : null,
                last is { } l ? SqlRead.Time(l) : null);
        }

        public CalloutSummary Callouts()
        {
            var byStatus = new SortedDictionary<int, List<(long Value, long Count)>>();
            Rows($"""
                SELECT c.status_code, c.duration_ms, COUNT(*) FROM callouts c CROSS JOIN actions a ON a.id = c.action_id
                {CalloutWhere} GROUP BY c.status_code, c.duration_ms ORDER BY c.status_code, c.duration_ms
                """, r =>
            {
                var status = (int)r.GetInt64(0);
                if (!byStatus.TryGetValue(status, out var histogram)) byStatus[status] = histogram = [];
                histogram.Add((r.GetInt64(1), r.GetInt64(2)));
            });
            var all = byStatus.Values.SelectMany(h => h).GroupBy(h => h.Value).Select(g => (Value: g.Key, Count: g.Sum(h => h.Count))).OrderBy(h => h.Value).ToList();
            var binCounts = new long[CalloutSummary.DurationBins.Count];
            foreach (var (value, count) in all)
                binCounts[CalloutSummary.DurationBins.Select((b, i) => (b, i)).First(x => x.b.BelowMs is null || value < x.b.BelowMs).i] += count;
            var bins = CalloutSummary.DurationBins.Select((b, i) => new CountedLabel(b.Label, binCounts[i])).ToList();

            var reasons = new List<CountedLabel>();
            // CROSS JOIN keeps SQLite's join order: one pass over callouts, a primary-key probe per callout, rather than an
            // index probe per action of the range. The partner log's naming: callout reasons, the action's own reason, and "Log length hit", each counted once per action.
            Rows($"""
                SELECT reason, COUNT(*) FROM (
                    SELECT c.action_id AS id, c.failure_reason AS reason FROM callouts c CROSS JOIN actions a ON a.id = c.action_id
                        {CalloutWhere} AND c.failure_reason IS NOT NULL
                    UNION SELECT a.id, a.failure_reason FROM actions a {Where} AND a.failure_reason IS NOT NULL AND {PartnerLogQuery.PartnerRows}
                    UNION SELECT a.id, {P(CalloutHistoryCap.FailureReason)} FROM actions a {Where} AND a.log_length_hit = 1)
                GROUP BY reason ORDER BY COUNT(*) DESC, reason
                """, r => reasons.Add(new CountedLabel(r.GetString(0), r.GetInt64(1))));

            return new CalloutSummary(
                all.Sum(h => h.Count),
                Percentiles.Of(all, 50),
                Percentiles.Of(all, 95),
                byStatus.Select(s => new StatusCodeSummary(s.Key, s.Value.Sum(h => h.Count), Percentiles.Of(s.Value, 50), Percentiles.Of(s.Value, 95))).ToList(),
                bins,
                reasons);
        }

        /// <summary>
        /// Every request in the store counts against the budget, whichever node made it, so this reads all callouts
        /// in the report's time range (not only the filtered actions'), as Get-LDRateLimitStatus does.
        /// </summary>
        public IReadOnlyList<long> BusiestWindows(DateTimeOffset origin, long width, int buckets, long fromMs, long toMs, long windowMs)
        {
            var busiest = new long[buckets];
            var originMs = SqlRead.Ms(origin);
            Rows($"""
                SELECT (w * {P(windowMs)} - {P(originMs)}) / {P(width)} AS b, MAX(n) FROM (
                    SELECT c.started_ms / {P(windowMs)} AS w, COUNT(*) AS n FROM callouts c
                    WHERE c.started_ms >= {P(fromMs)} AND c.started_ms < {P(toMs)} GROUP BY w)
                GROUP BY b
                """, r =>
            {
                var b = (int)Math.Clamp(r.GetInt64(0), 0, buckets - 1);
                busiest[b] = Math.Max(busiest[b], r.GetInt64(1));
            });
            return busiest;
        }
    }
}
