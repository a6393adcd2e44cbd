using LeanData.Outreach.Sandbox.Model;

namespace LeanData.Outreach.Sandbox.Seeding;

/// <summary>Replaces the sandbox's data with a preset or a generated set. Caller holds <see cref="SandboxData.Sync"/> when the host is running.</summary>
public static class Seeder
{
    public static void Apply(SandboxData data, SeedRequest request)
    {
        data.Clear();
        switch (request.Preset)
        {
            case "demo": DemoPreset.Load(data); break;
            case "empty": data.OrgName = "Sandbox Empty Org"; break;
            case null: GeneratedPreset.Load(data, request); break;
            default: throw new ArgumentException($"Unknown preset '{request.Preset}'. Use demo or empty.");
        }
        data.Reindex();
    }
}
