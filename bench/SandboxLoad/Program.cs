using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// Drives POST /sequenceStates with a fixed number of concurrent workers and prints one JSON result line.
// Usage: SandboxLoad --base <apiBaseUrl> [--count 40000] [--concurrency 32] [--prospects 20000] [--sequence 1] [--mailbox 1] [--warmup 2000]
// The bearer token comes from the SANDBOX_TOKEN environment variable (never from the command line).
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
string Opt(string name, string fallback) => opts.TryGetValue(name, out var v) ? v : fallback;
var baseUrl = Opt("base", "") is { Length: > 0 } b ? b.TrimEnd('/') : throw new ArgumentException("--base is required");
var count = int.Parse(Opt("count", "40000"));
var concurrency = int.Parse(Opt("concurrency", "32"));
var prospects = int.Parse(Opt("prospects", "20000"));
var sequence = long.Parse(Opt("sequence", "1"));
var mailbox = long.Parse(Opt("mailbox", "1"));
var warmup = int.Parse(Opt("warmup", "2000"));
var token = Environment.GetEnvironmentVariable("SANDBOX_TOKEN") ?? throw new ArgumentException("SANDBOX_TOKEN is not set");

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = concurrency,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
})
{ Timeout = TimeSpan.FromSeconds(30) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
var uri = new Uri(baseUrl + "/sequenceStates");
var mediaType = new MediaTypeHeaderValue("application/vnd.api+json");

byte[] Body(long prospect) => Encoding.UTF8.GetBytes(
    $"{{\"data\":{{\"type\":\"sequenceState\",\"relationships\":{{\"prospect\":{{\"data\":{{\"type\":\"prospect\",\"id\":{prospect}}}}},\"sequence\":{{\"data\":{{\"type\":\"sequence\",\"id\":{sequence}}}}},\"mailbox\":{{\"data\":{{\"type\":\"mailbox\",\"id\":{mailbox}}}}}}}}}}}");

async Task<(int[] statuses, long[] latencies, double seconds)> RunAsync(int total, int offset)
{
    var statuses = new int[total];
    var latencies = new long[total];
    var next = -1;
    var sw = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < total)
        {
            var content = new ByteArrayContent(Body((i + offset) % prospects + 1));
            content.Headers.ContentType = mediaType;
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.PostAsync(uri, content);
                await response.Content.LoadIntoBufferAsync();
                statuses[i] = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                statuses[i] = -1;
            }
            latencies[i] = Stopwatch.GetTimestamp() - t0;
        }
    }).ToArray();
    await Task.WhenAll(workers);
    return (statuses, latencies, sw.Elapsed.TotalSeconds);
}

if (warmup > 0) await RunAsync(warmup, count);
var (codes, lat, secs) = await RunAsync(count, 0);
Array.Sort(lat);
double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
var result = new Dictionary<string, object>
{
    ["requests"] = count,
    ["concurrency"] = concurrency,
    ["seconds"] = Math.Round(secs, 3),
    ["perSecond"] = Math.Round(count / secs, 1),
    ["created201"] = codes.Count(c => c == 201),
    ["otherStatuses"] = codes.Where(c => c != 201).GroupBy(c => c).ToDictionary(g => g.Key.ToString(), g => g.Count()),
    ["p50Ms"] = Math.Round(Ms(lat[lat.Length / 2]), 2),
    ["p99Ms"] = Math.Round(Ms(lat[(int)(lat.Length * 0.99)]), 2),
    ["warmup"] = warmup,
};
Console.WriteLine(JsonSerializer.Serialize(result));
return codes.All(c => c == 201) ? 0 : 1;
