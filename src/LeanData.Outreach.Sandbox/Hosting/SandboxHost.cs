using System.Net;
using LeanData.Outreach.Sandbox.Admin;
using LeanData.Outreach.Sandbox.Faults;
using LeanData.Outreach.Sandbox.Model;
using LeanData.Outreach.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>
/// A running sandbox on 127.0.0.1. Start one in-process with <see cref="StartAsync"/>; dispose it to stop.
/// <see cref="BaseUri"/> is the API root (…/api/v2), <see cref="AdminUri"/> the admin API (…/__sandbox),
/// <see cref="OAuthUri"/> the OAuth root (…/oauth).
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxHost(WebApplication app, SandboxRuntime runtime, Uri root)
    {
        _app = app;
        Runtime = runtime;
        RootUri = root;
        BaseUri = new Uri(root, "api/v2");
        AdminUri = new Uri(root, "__sandbox");
        OAuthUri = new Uri(root, "oauth");
    }

    public Uri RootUri { get; }
    public Uri BaseUri { get; }
    public Uri AdminUri { get; }
    public Uri OAuthUri { get; }
    public int Port => RootUri.Port;
    public SandboxRuntime Runtime { get; }
    public SandboxData Data => Runtime.Data;
    public SandboxCounters Counters => Runtime.Counters;
    public FaultInjector Faults => Runtime.Faults;

    /// <summary>Mints an access/refresh token pair for a user (all scopes unless given).</summary>
    public TokenIssue MintToken(long userId = 1, IReadOnlyList<string>? scopes = null, TimeSpan? ttl = null) => Runtime.MintToken(userId, scopes, ttl);

    public static async Task<SandboxHost> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var runtime = new SandboxRuntime(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (options.LogWarningsToStderr)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        }
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // A sequenceStates lookup with filter[prospect][id] of 1,000 percent-encoded ids is a ~10 KB request line.
            k.Limits.MaxRequestLineSize = 64 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 96 * 1024;
            k.Listen(IPAddress.Loopback, options.Port);
        });

        var app = builder.Build();
        var pipeline = new SandboxPipeline(runtime);
        app.Use((ctx, next) => SandboxPipeline.Handles(ctx.Request.Path) ? pipeline.InvokeAsync(ctx) : next(ctx));
        AdminEndpoints.Map(app, runtime);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new SandboxHost(app, runtime, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM, or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(cts.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            Runtime.Dispose();
        }
    }

    private sealed class QuietHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
