namespace LeanData.Outreach.Outreach.OAuth;

/// <summary>A scope the module asks for but can do without, and what works less well when it is not granted.</summary>
public sealed record OptionalScope(string Scope, string WithoutIt);
