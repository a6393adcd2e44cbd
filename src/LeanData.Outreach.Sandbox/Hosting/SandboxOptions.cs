namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>Start-up options of a sandbox (command line: --port, --seed, --client-id, --client-secret, --token-ttl, --rate-limit, --rate-window, --lenient, --batch-rate, --batch-daily-cap).</summary>
public sealed class SandboxOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }
    /// <summary>"demo" (default), "empty", or "generated:N[:seed]" (N prospects, N/10 users and sequences).</summary>
    public string Seed { get; set; } = "demo";
    public string ClientId { get; set; } = "ld-demo-client";
    public string ClientSecret { get; set; } = "ld-demo-secret";
    public int TokenTtlSeconds { get; set; } = 7200;
    /// <summary>Requests per user per window; 0 disables limiting.</summary>
    public int RateLimit { get; set; } = 10_000;
    public int RateWindowSeconds { get; set; } = 3600;
    /// <summary>Bulk API items enrolled per second of <see cref="Time"/> (--batch-rate).</summary>
    public int BatchItemsPerSecond { get; set; } = BatchSettings.Default.ItemsPerSecond;
    /// <summary>Batch items the org may submit per UTC day (--batch-daily-cap).</summary>
    public long BatchDailyItemCap { get; set; } = BatchSettings.Default.DailyItemCap;
    /// <summary>
    /// False (the default) is strict like Outreach's documentation: every API request must carry
    /// Content-Type application/vnd.api+json, GETs included, else 415. True only refuses a body of another type
    /// (for rehearsing with tools that send no Content-Type on GETs).
    /// </summary>
    public bool Lenient { get; set; }
    /// <summary>Write ASP.NET Core warnings to stderr (the command line does; in-process hosts stay silent).</summary>
    public bool LogWarningsToStderr { get; set; }
    /// <summary>Clock for tokens, windows and timestamps (tests may pass a fake).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> on a bad option.</summary>
    public static SandboxOptions Parse(string[] args)
    {
        var o = new SandboxOptions { LogWarningsToStderr = true };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
            int Int() { var name = args[i]; var v = Value(); return int.TryParse(v, out var n) && n >= 0 ? n : throw new ArgumentException($"Option {name} needs a non-negative integer, got '{v}'."); }
            switch (args[i])
            {
                case "--port": o.Port = Int(); break;
                case "--seed": o.Seed = Value(); break;
                case "--client-id": o.ClientId = Value(); break;
                case "--client-secret": o.ClientSecret = Value(); break;
                case "--token-ttl": o.TokenTtlSeconds = Int(); break;
                case "--rate-limit": o.RateLimit = Int(); break;
                case "--rate-window": o.RateWindowSeconds = Int(); break;
                case "--lenient": o.Lenient = true; break;
                case "--batch-rate": o.BatchItemsPerSecond = Int(); break;
                case "--batch-daily-cap": o.BatchDailyItemCap = Int(); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --port --seed --client-id --client-secret --token-ttl --rate-limit --rate-window --lenient --batch-rate --batch-daily-cap.");
            }
        }
        if (o.RateWindowSeconds == 0) throw new ArgumentException("--rate-window must be at least 1 second.");
        if (o.BatchItemsPerSecond == 0) throw new ArgumentException("--batch-rate must be at least 1 item per second.");
        return o;
    }
}
