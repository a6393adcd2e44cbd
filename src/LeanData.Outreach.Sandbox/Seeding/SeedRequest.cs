using System.Globalization;

namespace LeanData.Outreach.Sandbox.Seeding;

/// <summary>
/// Which data set to load: a preset ("demo", "empty") or a generated set. Generated sets are deterministic
/// for a given <see cref="RandomSeed"/>; <see cref="ErrorRate"/> is the share of records that trip a rule.
/// </summary>
public sealed class SeedRequest
{
    public string? Preset { get; set; }
    public int Users { get; set; } = 10;
    public int Sequences { get; set; } = 10;
    public int Prospects { get; set; } = 100;
    public int RandomSeed { get; set; } = 1;
    public double ErrorRate { get; set; } = 0.3;

    public static SeedRequest Demo => new() { Preset = "demo" };

    /// <summary>"demo", "empty", or "generated:PROSPECTS[:SEED[:ERRORRATE]]".</summary>
    public static SeedRequest Parse(string text)
    {
        if (text is "demo" or "empty") return new SeedRequest { Preset = text };
        var parts = text.Split(':');
        if (parts[0] == "generated" && parts.Length >= 2 && int.TryParse(parts[1], out var n) && n >= 0)
        {
            var r = new SeedRequest { Prospects = n, Users = Math.Max(5, n / 10), Sequences = Math.Max(5, Math.Min(200, n / 10)) };
            if (parts.Length >= 3 && int.TryParse(parts[2], out var s)) r.RandomSeed = s;
            if (parts.Length >= 4 && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var e)) r.ErrorRate = e;
            return r;
        }
        throw new ArgumentException($"Unknown seed '{text}'. Use demo, empty or generated:N[:seed[:errorRate]].");
    }
}
