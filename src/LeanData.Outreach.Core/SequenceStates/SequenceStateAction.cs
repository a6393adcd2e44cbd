namespace LeanData.Outreach.SequenceStates;

/// <summary>A state change Outreach offers on a sequenceState (<c>POST /sequenceStates/{id}/actions/{verb}</c>).</summary>
public enum SequenceStateAction
{
    Pause,
    Resume,
    Finish,
}
