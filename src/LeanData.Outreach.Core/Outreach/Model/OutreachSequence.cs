namespace LeanData.Outreach.Outreach.Model;

/// <summary>A sequence as listed by Outreach (before steps and ruleset are joined into a <see cref="Catalog.SequenceInfo"/>).</summary>
public sealed record OutreachSequence(long Id, string Name, bool Enabled, bool Locked, string ShareType, long? OwnerUserId, long? RulesetId);
