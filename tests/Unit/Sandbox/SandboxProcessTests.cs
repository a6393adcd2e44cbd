using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LeanData.Outreach.Sandbox.Hosting;
using Xunit;

namespace LeanData.Outreach.Tests.Sandbox;

/// <summary>The built sandbox as a process: one JSON line on stdout, serves, stops cleanly on SIGTERM.</summary>
public class SandboxProcessTests
{
    [SkippableFact]
    public async Task Built_dll_prints_one_json_line_serves_and_exits_on_sigterm()
    {
        Skip.If(OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal.");
        var dll = typeof(SandboxHost).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--port", "0", "--seed", "demo", "--rate-limit", "50", "--rate-window", "5" }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        try
        {
            var readLine = process.StandardOutput.ReadLineAsync();
            var line = await readLine.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(line);
            using var doc = JsonDocument.Parse(line!);
            var baseUrl = doc.RootElement.GetProperty("baseUrl").GetString()!;
            var adminUrl = doc.RootElement.GetProperty("adminUrl").GetString()!;
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/api/v2$", baseUrl);
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/__sandbox$", adminUrl);
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/oauth$", doc.RootElement.GetProperty("oauthUrl").GetString()!);

            // For a person: the API root and the exact Connect-LDOutreach line, on stderr (stdout stays one JSON line).
            var banner = new List<string>();
            while (!banner.Any(l => l.Contains("Connect-LDOutreach", StringComparison.Ordinal)))
                banner.Add(await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException("stderr closed"));
            Assert.Contains(banner, l => l.Trim() == $"API root:  {baseUrl}");
            Assert.Contains(banner, l => l.Trim() ==
                $"Connect-LDOutreach -ClientId 'ld-demo-client' -ClientSecret (ConvertTo-SecureString 'ld-demo-secret' -AsPlainText -Force) -ApiBaseUri {baseUrl}");

            using var http = new HttpClient();
            var tokenResponse = await http.PostAsync($"{adminUrl}/tokens", new StringContent("{\"userId\":2}", System.Text.Encoding.UTF8, "application/json"));
            var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var r = await http.GetAsync($"{baseUrl}/sequences");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("50", r.Headers.GetValues("X-RateLimit-Limit").Single());

            Assert.Equal(0, Sys.Kill(process.Id, 15));
            Assert.True(process.WaitForExit(15_000), "sandbox did not stop on SIGTERM");
            Assert.Equal(0, process.ExitCode);
            var rest = await process.StandardOutput.ReadToEndAsync();
            Assert.Equal("", rest.Trim());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Bad_option_exits_2_with_a_message_on_stderr()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(SandboxHost).Assembly.Location);
        psi.ArgumentList.Add("--seed");
        psi.ArgumentList.Add("nonsense");
        using var process = Process.Start(psi)!;
        var err = await process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(15_000));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Unknown seed", err);
        Assert.Equal("", (await process.StandardOutput.ReadToEndAsync()).Trim());
    }

    private static class Sys
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
