namespace LeanData.Outreach.SequenceStates;

/// <summary>A state change Outreach offers on a sequenceState (<c>POST /sequenceStates/{id}/actions/{verb}</c>).</summary>
// Based on long because PowerShell's ConvertTo-Json writes long-based enums by name (tests/Pester/Conventions.Tests.ps1).
public enum SequenceStateAction : long
{
    Pause,
    Resume,
    Finish,
}
