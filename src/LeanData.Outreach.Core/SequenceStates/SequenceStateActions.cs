namespace LeanData.Outreach.SequenceStates;

/// <summary>Names of each <see cref="SequenceStateAction"/>: the API verb and the action type the audit and partner logs show.</summary>
public static class SequenceStateActions
{
    public const string PauseActionType = "Pause Sequence State";
    public const string ResumeActionType = "Resume Sequence State";
    public const string FinishActionType = "Finish Sequence State";

    /// <summary>The node name stored when the caller gives none.</summary>
    public const string DefaultNodeName = "Update Sequence State";

    public static string ActionType(this SequenceStateAction action) => action switch
    {
        SequenceStateAction.Pause => PauseActionType,
        SequenceStateAction.Resume => ResumeActionType,
        SequenceStateAction.Finish => FinishActionType,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>The path segment after <c>/actions/</c>.</summary>
    public static string Verb(this SequenceStateAction action) => action.ToString().ToLowerInvariant();

    /// <summary>The state Outreach requires before the action (its guard), as the sandbox and Outreach enforce it.</summary>
    public static string Precondition(this SequenceStateAction action) => action switch
    {
        SequenceStateAction.Pause => "active",
        SequenceStateAction.Resume => "paused",
        SequenceStateAction.Finish => "any state but finished",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
