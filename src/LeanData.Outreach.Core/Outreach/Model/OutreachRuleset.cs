namespace LeanData.Outreach.Outreach.Model;

/// <summary>A sequence ruleset's duplicate and exclusivity settings.</summary>
public sealed record OutreachRuleset(long Id, string? Name, string? PermitDuplicateProspects, string? SequenceExclusivity);
