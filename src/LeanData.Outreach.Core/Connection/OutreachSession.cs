using LeanData.Outreach.Errors;
using LeanData.Outreach.Configuration;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Outreach.Transport;
using LeanData.Outreach.Security;
using LeanData.Outreach.Store;
using LeanData.Outreach.Outreach.Client;
using LeanData.Outreach.Outreach;

namespace LeanData.Outreach.Connection;

/// <summary>
/// Everything needed to talk to Outreach as the stored connection: the HttpClient, the OAuth client, the token
/// manager over the store's encrypted tokens, and the <see cref="OutreachClient"/>. Build one with
/// <see cref="FromStore"/>; dispose it when done.
/// </summary>
public sealed class OutreachSession : IDisposable
{
    private readonly HttpClient http;

    private OutreachSession(HttpClient http, OutreachConnectionInfo connection, OAuthClient oauth, TokenManager tokens, OutreachClient client)
    {
        this.http = http;
        Connection = connection;
        OAuth = oauth;
        Tokens = tokens;
        Client = client;
    }

    public OutreachConnectionInfo Connection { get; }
    public OAuthClient OAuth { get; }
    public TokenManager Tokens { get; }
    public OutreachClient Client { get; }

    /// <summary>
    /// Opens a session on the store's connection. Throws <see cref="TokenRefreshFailedException"/> (id
    /// OutreachNotConnected, category ConfigurationError) when nothing is stored.
    /// </summary>
    public static OutreachSession FromStore(LDStore store, OutreachSessionOptions? options = null)
    {
        options ??= new OutreachSessionOptions();
        var protector = options.Protector ?? SecretProtector.CreateDefault();
        var secrets = new SecretRepository(store, protector);
        var connection = new ConnectionRepository(store).Get()
            ?? throw new TokenRefreshFailedException(ErrorCatalog.OutreachNotConnected, "Outreach is not connected: no authorization is stored.");
        var clientSecret = secrets.Get(SecretNames.ClientSecret)
            ?? throw new TokenRefreshFailedException(ErrorCatalog.OutreachNotConnected, "Outreach is not connected: the client secret is not stored.");
        var credentials = new OAuthClientCredentials(connection.ClientId, clientSecret, connection.RedirectUri);
        var apiBaseUri = options.OverrideApiBaseUri ?? connection.ApiBaseUri;
        if (options.Admission is null)
        {
            var userId = connection.AuthorizedUserId ?? 0;
            var time = options.Time ?? TimeProvider.System;
            var admission = AdmissionRegistry.For(apiBaseUri, userId, new ConfigurationRepository(store).GetRateLimit(), time);
            // Another process (or an earlier one) may have used the server's budget: start from what it last said.
            if (new ActionRepository(store).GetRateLimitStatus(userId) is { } stored)
                admission.Server.Seed(stored.Remaining, stored.ResetAt, time.GetUtcNow());
            options = options.With(admission);
        }
        return Create(apiBaseUri, credentials, new StoreTokenStore(secrets), connection, options);
    }

    /// <summary>A session over any token store (tests, one-off use); nothing is read from a store.</summary>
    public static OutreachSession Create(Uri apiBaseUri, OAuthClientCredentials credentials, ITokenStore tokenStore, OutreachConnectionInfo? connection, OutreachSessionOptions? options = null)
    {
        options ??= new OutreachSessionOptions();
        apiBaseUri = OutreachEndpoints.ValidateApiBaseUri(apiBaseUri);
        var http = CreateHttpClient(options.Handler);
        try
        {
            var oauth = new OAuthClient(http, apiBaseUri, credentials, options.Time, options.Observer);
            var tokens = new TokenManager(oauth, tokenStore, options.Tokens, options.Time);
            var clientOptions = options.Client.Clone();
            clientOptions.ApiBaseUri = apiBaseUri;
            var client = new OutreachClient(http, tokens, clientOptions, options.Observer, options.Time, options.Admission);
            connection ??= new OutreachConnectionInfo(credentials.ClientId, apiBaseUri, credentials.RedirectUri, [], null, null, null, DateTimeOffset.UtcNow);
            return new OutreachSession(http, connection, oauth, tokens, client);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    internal static HttpClient CreateHttpClient(HttpMessageHandler? handler)
    {
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // never forward the bearer token through a redirect
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 256,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose() => http.Dispose();
}
