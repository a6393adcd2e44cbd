namespace LeanData.Outreach.Reports;

/// <summary>A label and how many times it occurred (a status code, a failure reason, a due window).</summary>
public sealed record CountedLabel(string Label, long Count);
