namespace LeanData.Outreach.Engine.Bulk;

/// <summary>Under -WhatIf: a flush's group that would go to Outreach as one bulk action.</summary>
public sealed record BulkPreview(int Count, long SequenceId, string? SequenceName, long MailboxId)
{
    public string Describe() =>
        $"would add {Count} records to sequence '{SequenceName}' ({SequenceId}) from mailbox {MailboxId} in one bulk action";
}
