namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>What the command line tells a person: the options, and once started, the API root and the exact Connect-LDOutreach line.</summary>
public static class SandboxBanner
{
    public const string Usage = """
        ld-outreach-sandbox: a local emulator of Outreach's REST API for rehearsing LeanData.Outreach flows.

        Options:
          --port N              port on 127.0.0.1 (default 0: a free one)
          --seed S              demo (default), empty, or generated:N[:SEED[:ERRORRATE]]
          --client-id ID        the OAuth client id (default ld-demo-client)
          --client-secret S     its secret (default ld-demo-secret)
          --token-ttl SECONDS   access-token lifetime (default 7200)
          --rate-limit N        requests per Outreach user per window (default 10000; 0 = off)
          --rate-window SECONDS rate-limit window (default 3600)
          --batch-rate N        Bulk API items enrolled per second (default 50000)
          --batch-daily-cap N   Bulk API items per org per UTC day (default 5000000)

        --seed demo: the org "LeanData Demo Org" with
          users/mailboxes 1 ada.admin@demo.example (authorizes, owns every sequence), 2 ben.sender@demo.example
            (owns the prospects), 3 cara.locked (user locked), 4 dan.nosend (send disabled),
            5 eve.badcreds (invalid send credentials), 6 finn.restricted (may not sequence);
          sequences 1 'Demo: Shared Email Nurture' (the main target), 2 'Demo: Shared Call Blitz (no email)',
            3 'Demo: Ada's Private Sequence', 4/5 'Demo: Exclusive Sequence A/B', 6 'Demo: Re-add When Inactive',
            7 'Demo: Disabled Sequence', 8 'Demo: Exclusive of All Sequences', 9 'Demo: Locked Shared Sequence';
          prospects 1-6 succeed; 7 opted out, 8 no email, 9 deleted, 10 merged, 11 already in sequence 1,
            12 active in an exclusive sequence, 13 locked, 14 fails custom validation, 15 and 16 active elsewhere.

        Stdout gets one JSON line (baseUrl, adminUrl, oauthUrl, port, pid) for scripts; stderr gets the
        Connect-LDOutreach line. Get-Help about_LeanData.Outreach_Sandbox has the whole walk-through.

        """;

    public static string Started(Uri apiRoot, Uri adminRoot, SandboxOptions options) => $"""
        Outreach sandbox listening (seed '{options.Seed}'). Ctrl+C stops it; its data lives in memory only.
          API root:  {apiRoot}
          Admin API: {adminRoot}  (faults, maintenance, rate limits, counters)
        Connect a store to it (the sandbox approves the authorization at once; add -NoBrowser where no
        browser can open, then open the printed authorize URL with: curl -sL '<url>'):
          Connect-LDOutreach -ClientId {Quote(options.ClientId)} -ClientSecret (ConvertTo-SecureString {Quote(options.ClientSecret)} -AsPlainText -Force) -ApiBaseUri {apiRoot}

        """;

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
