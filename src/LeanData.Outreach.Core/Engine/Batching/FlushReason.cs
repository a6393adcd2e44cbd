namespace LeanData.Outreach.Engine.Batching;

/// <summary>Why a batch left the buffer.</summary>
public enum FlushReason
{
    Size,
    Window,
    EndOfInput,
}
