using LeanData.Outreach.Catalog;
using LeanData.Outreach.Errors;
using System.Management.Automation;
using System.Security;
using LeanData.Outreach.Cmdlets.Base;
using LeanData.Outreach.Connection;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Store;
using CoreFailure = LeanData.Outreach.Errors.LDOutreachException;

namespace LeanData.Outreach.Cmdlets.Commands.Connection;

/// <summary>
/// Authorizes the module in Outreach and stores the tokens and client secret encrypted: interactively (a
/// loopback listener receives the redirect), with a code pasted by hand, with a refresh token, or — with no
/// credentials — by re-validating what the store already holds.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "LDOutreach", DefaultParameterSetName = StoredSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(OutreachConnectionInfo))]
public sealed class ConnectLDOutreachCommand : ConnectedLDCmdlet
{
    private const string InteractiveSet = "Interactive";
    private const string CodeSet = "AuthorizationCode";
    private const string RefreshTokenSet = "RefreshToken";
    private const string StoredSet = "Stored";
    // The same three flows with -Credential (client id as user name, client secret as password), as Get-Credential gives it.
    private const string CredentialSuffix = "Credential";
    private const string InteractiveCredentialSet = InteractiveSet + CredentialSuffix;
    private const string CodeCredentialSet = CodeSet + CredentialSuffix;
    private const string RefreshTokenCredentialSet = RefreshTokenSet + CredentialSuffix;

    /// <summary>The callback URL used when -RedirectUri is not given (register it with Outreach).</summary>
    public static readonly Uri DefaultRedirectUri = new("http://127.0.0.1:8710/callback");

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InteractiveSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CodeSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RefreshTokenSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("ApplicationId", "AppId")]
    public string ClientId { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = InteractiveSet)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = CodeSet)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = RefreshTokenSet)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InteractiveCredentialSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CodeCredentialSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RefreshTokenCredentialSet)]
    [ValidateNotNull]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = CodeSet)]
    [Parameter(Mandatory = true, ParameterSetName = CodeCredentialSet)]
    [ValidateNotNullOrEmpty]
    [Alias("Code")]
    public string AuthorizationCode { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet)]
    [Parameter(Mandatory = true, ParameterSetName = RefreshTokenCredentialSet)]
    [ValidateNotNull]
    public SecureString? RefreshToken { get; set; }

    [Parameter(ParameterSetName = InteractiveSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CodeSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = RefreshTokenSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = InteractiveCredentialSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CodeCredentialSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = RefreshTokenCredentialSet, ValueFromPipelineByPropertyName = true)]
    [Alias("CallbackUrl")]
    public Uri? RedirectUri { get; set; }

    [Parameter(ParameterSetName = InteractiveSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CodeSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = RefreshTokenSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = InteractiveCredentialSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = CodeCredentialSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = RefreshTokenCredentialSet, ValueFromPipelineByPropertyName = true)]
    public Uri? ApiBaseUri { get; set; }

    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = InteractiveCredentialSet)]
    public SwitchParameter NoBrowser { get; set; }

    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = InteractiveCredentialSet)]
    [ValidateRange(5, 3600)]
    public int TimeoutSeconds { get; set; } = 300;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var apiBaseUri = ValidateApiBaseUri();
        var redirectUri = RedirectUri ?? DefaultRedirectUri;
        if (!redirectUri.IsAbsoluteUri)
            ThrowFailure(ErrorCatalog.InvalidRedirectUri, $"The redirect URI '{redirectUri}' is not absolute.", redirectUri,
                "Pass the full callback URL registered with Outreach, for example http://127.0.0.1:8710/callback.");

        var flow = ParameterSetName.EndsWith(CredentialSuffix, StringComparison.Ordinal) ? ParameterSetName[..^CredentialSuffix.Length] : ParameterSetName;
        var action = flow switch
        {
            StoredSet => "Re-validate the stored Outreach authorization and store the refreshed tokens",
            InteractiveSet => $"Authorize Outreach in a browser (callback {redirectUri}) and store the encrypted tokens and client secret",
            CodeSet => "Redeem the authorization code and store the encrypted tokens and client secret",
            _ => "Redeem the refresh token and store the encrypted tokens and client secret",
        };
        if (!ShouldProcess(Store.Path, action)) return;

        OutreachConnectionInfo? info = null;
        switch (flow)
        {
            case StoredSet:
                RunConnected(async (output, ct) =>
                    info = await OutreachConnector.ReconnectFromStoreAsync(Store, CreateSessionOptions(), ct, output.WriteWarning).ConfigureAwait(false), Store.Path);
                break;
            case InteractiveSet:
                info = ConnectInteractively(apiBaseUri, redirectUri);
                break;
            case CodeSet:
                RunConnected(async (output, ct) =>
                    info = await OutreachConnector.ConnectWithCodeAsync(Store, Credentials(redirectUri), apiBaseUri, AuthorizationCode, CreateSessionOptions(), ct, output.WriteWarning).ConfigureAwait(false), EffectiveClientId);
                break;
            default:
                RunConnected(async (output, ct) =>
                    info = await OutreachConnector.ConnectWithRefreshTokenAsync(Store, Credentials(redirectUri), apiBaseUri, SecureStrings.Reveal(RefreshToken!), CreateSessionOptions(), ct, output.WriteWarning).ConfigureAwait(false), EffectiveClientId);
                break;
        }

        if (info is null) return;
        WriteVerbose($"Connected to {info.ApiBaseUri} as {info.AuthorizedUserEmail ?? "(unknown user)"} (Outreach user {info.AuthorizedUserId?.ToString() ?? "?"}); scopes: {string.Join(' ', info.Scopes)}.");
        if (OutreachScopes.DescribeMissingOptional(info.Scopes) is { } degraded) WriteWarning(degraded);
        FillCatalog();
        if (PassThru) WriteObject(info);
    }

    // Read sequences, users and mailboxes now, so completion, -WhatIf plans and names work straight after connecting.
    // The connection already stands, so a failure here is a warning, not an error.
    private void FillCatalog() => RunConnected(async (output, ct) =>
    {
        try
        {
            await EnsureCatalogAsync(CatalogKinds.All, force: true, output, ct).ConfigureAwait(false);
        }
        catch (LeanData.Outreach.Errors.LDOutreachException failure)
        {
            output.WriteWarning($"Connected, but could not read the Outreach catalog ({failure.ErrorId}: {failure.Message}). Run Get-LDSequence -Refresh later.");
        }
    }, Store.Path);

    private OutreachConnectionInfo? ConnectInteractively(Uri apiBaseUri, Uri redirectUri)
    {
        var state = AuthorizeUrlBuilder.NewState();
        var authorizeUrl = AuthorizeUrlBuilder.Build(apiBaseUri, EffectiveClientId, redirectUri, state);
        LoopbackRedirectListener listener;
        try
        {
            listener = LoopbackRedirectListener.Start(redirectUri);
        }
        catch (CoreFailure failure)
        {
            ThrowFailure(failure, redirectUri);
            return null;
        }

        using (listener)
        {
            Say($"Callback URL to register with Outreach: {redirectUri}");
            Say($"Open this URL to authorize LeanData.Outreach in Outreach: {authorizeUrl.AbsoluteUri}");
            if (NoBrowser)
                Say("Waiting for the authorization (-NoBrowser: open the URL yourself).");
            else if (BrowserLauncher.TryOpen(authorizeUrl, out var reason))
                Say("A browser window was opened; waiting for the authorization.");
            else
                Say($"No browser was opened ({reason}); open the URL yourself. Waiting for the authorization.");

            OutreachConnectionInfo? info = null;
            RunConnected(async (output, ct) =>
            {
                var code = await listener.WaitForCodeAsync(state, TimeSpan.FromSeconds(TimeoutSeconds), ct).ConfigureAwait(false);
                output.WriteVerbose("Authorization code received; redeeming it.");
                info = await OutreachConnector.ConnectWithCodeAsync(Store, Credentials(redirectUri), apiBaseUri, code, CreateSessionOptions(), ct, output.WriteWarning).ConfigureAwait(false);
            }, EffectiveClientId);
            return info;
        }
    }

    private Uri ValidateApiBaseUri()
    {
        try
        {
            return OutreachEndpoints.ValidateApiBaseUri(ApiBaseUri ?? OutreachEndpoints.DefaultApiBaseUri);
        }
        catch (CoreFailure failure)
        {
            ThrowFailure(failure, ApiBaseUri);
            throw; // not reached
        }
    }

    private string EffectiveClientId => Credential?.UserName ?? ClientId;

    private OAuthClientCredentials Credentials(Uri redirectUri) =>
        new(EffectiveClientId, SecureStrings.Reveal(Credential?.Password ?? ClientSecret!), redirectUri);

    /// <summary>Shown like Write-Host (information stream, PSHOST tag): the URLs the admin needs.</summary>
    private void Say(string text) =>
        WriteInformation(new HostInformationMessage { Message = text }, ["PSHOST"]);
}
