namespace LeanData.Outreach.Sandbox.Model;

/// <summary>Time helpers shared by the sandbox.</summary>
public static class SandboxClock
{
    /// <summary>Creation time stamped on seeded records, so seeded data is identical run to run.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
