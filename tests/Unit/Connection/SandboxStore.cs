using System.Net.Http.Json;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Sandbox.Hosting;
using LeanData.Outreach.Security;
using LeanData.Outreach.Store;
using LeanData.Outreach.Connection;

namespace LeanData.Outreach.Tests.Connection;

/// <summary>
/// A throwaway store (and key file) connected to an in-process sandbox through the real connector, plus the
/// sandbox's admin API for faults, revocation and seeding.
/// </summary>
public sealed class SandboxStore : IDisposable
{
    public const string ClientId = "ld-demo-client";
    public const string ClientSecret = "ld-demo-secret";
    public static readonly Uri RedirectUri = new("http://127.0.0.1:8710/callback");

    private readonly TempDirectory temp = new();
    private readonly HttpClient admin = new() { Timeout = TimeSpan.FromSeconds(20) };

    public SandboxStore(SandboxHost host)
    {
        Host = host;
        Store = new LDStore(temp.File("store.db"));
        Protector = new AesGcmSecretProtector(temp.File("keys/key"));
    }

    public SandboxHost Host { get; }
    public LDStore Store { get; }
    public ISecretProtector Protector { get; }
    public OAuthClientCredentials Credentials => new(ClientId, ClientSecret, RedirectUri);

    public OutreachSessionOptions Options(int pageSize = 1000, TimeSpan? minimumRefreshInterval = null) => new()
    {
        Protector = Protector,
        Client = new OutreachClientOptions { PageSize = pageSize, TransientRetryCount = 1, TransientRetryBaseDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(10) },
        Tokens = new TokenManagerOptions { MinimumRefreshInterval = minimumRefreshInterval ?? TimeSpan.FromSeconds(60) },
    };

    /// <summary>Connects the store with a refresh token the sandbox mints for <paramref name="userId"/>.</summary>
    public Task<OutreachConnectionInfo> ConnectAsync(long userId = 1, IReadOnlyList<string>? scopes = null, TimeSpan? ttl = null)
    {
        var minted = Host.MintToken(userId, scopes, ttl);
        return OutreachConnector.ConnectWithRefreshTokenAsync(Store, Credentials, Host.BaseUri, minted.RefreshToken, Options(), CancellationToken.None);
    }

    public async Task AdminAsync(string path, object body)
    {
        using var response = await admin.PostAsJsonAsync(new Uri(Host.AdminUri + "/" + path.TrimStart('/')), body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every byte of the store (main file and WAL) as Latin-1 text, for "no secret at rest" checks.</summary>
    public string StoreBytes()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in new[] { Store.Path, Store.Path + "-wal", Store.Path + "-journal" })
            if (File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                text.Append(System.Text.Encoding.Latin1.GetString(memory.ToArray()));
            }
        return text.ToString();
    }

    public void Dispose()
    {
        admin.Dispose();
        temp.Dispose();
    }
}
