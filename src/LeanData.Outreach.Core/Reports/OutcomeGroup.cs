namespace LeanData.Outreach.Reports;

/// <summary>The outcomes of one node or one sequence (<see cref="Id"/> is the sequence id; null for nodes and for actions without a sequence).</summary>
public sealed record OutcomeGroup(string Name, long? Id, OutcomeCounts Counts);
