using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;

// Starts the Outreach sandbox and prints one JSON line with its URLs on stdout (for scripts), and what a person
// needs to rehearse against it on stderr; serves until Ctrl+C or SIGTERM.
if (args is ["--help"] or ["-h"] or ["-?"])
{
    Console.Out.Write(SandboxBanner.Usage);
    return 0;
}

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
Console.Error.Write(SandboxBanner.Started(host.BaseUri, host.AdminUri, options));
Console.Error.Flush();
await host.WaitForShutdownAsync();
return 0;
