namespace LeanData.Outreach.Sandbox.Hosting;

/// <summary>A scheduled maintenance window; API requests inside it answer 503 scheduledServerMaintenance.</summary>
public sealed record MaintenanceWindow(DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public bool Covers(DateTimeOffset now) => now >= StartsAt && now < EndsAt;
}
