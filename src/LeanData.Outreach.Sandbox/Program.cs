using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;

// Starts the Outreach sandbox and prints one JSON line with its URLs; serves until Ctrl+C or SIGTERM.
SandboxOptions options;
try
{
    options = SandboxOptions.Parse(args);
    LeanData.Outreach.Sandbox.Seeding.SeedRequest.Parse(options.Seed);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

await using var host = await SandboxHost.StartAsync(options);
var line = JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["baseUrl"] = host.BaseUri.ToString(),
    ["adminUrl"] = host.AdminUri.ToString(),
    ["oauthUrl"] = host.OAuthUri.ToString(),
    ["port"] = host.Port,
    ["pid"] = Environment.ProcessId,
});
Console.Out.WriteLine(line);
Console.Out.Flush();
await host.WaitForShutdownAsync();
return 0;
