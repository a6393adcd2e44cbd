using LeanData.Outreach.Outreach.OAuth;
using LeanData.Outreach.Security;
using LeanData.Outreach.Outreach;
using LeanData.Outreach.Outreach.Transport;

namespace LeanData.Outreach.Connection;

/// <summary>Optional overrides when building an <see cref="OutreachSession"/> (tests inject handler, clock, short delays).</summary>
public sealed class OutreachSessionOptions
{
    /// <summary>Client settings; its ApiBaseUri is replaced by the stored connection's unless <see cref="OverrideApiBaseUri"/> is set.</summary>
    public OutreachClientOptions Client { get; set; } = new();
    public Uri? OverrideApiBaseUri { get; set; }
    public TokenManagerOptions Tokens { get; set; } = new();
    public IOutreachObserver? Observer { get; set; }
    public TimeProvider? Time { get; set; }
    public ISecretProtector? Protector { get; set; }

    /// <summary>
    /// Whose budget the session's requests use. Null: from a store, the process-wide one of the connection's
    /// (API, authorized Outreach user) with the stored Set-LDRateLimit settings; otherwise one of its own.
    /// </summary>
    public RequestAdmission? Admission { get; set; }

    /// <summary>The HTTP handler to use (default: a SocketsHttpHandler with pooled connections).</summary>
    public HttpMessageHandler? Handler { get; set; }

    internal OutreachSessionOptions With(RequestAdmission admission)
    {
        var copy = (OutreachSessionOptions)MemberwiseClone();
        copy.Admission = admission;
        return copy;
    }
}
