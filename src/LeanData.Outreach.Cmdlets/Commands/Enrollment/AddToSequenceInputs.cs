using System.Collections;
using System.Management.Automation;
using LeanData.Outreach.Catalog;
using LeanData.Outreach.Engine.Execution;

namespace LeanData.Outreach.Cmdlets.Commands.Enrollment;

/// <summary>What Invoke-LDAddToSequence's -InputObject and -Sequence arguments stand for.</summary>
internal static class AddToSequenceInputs
{
    /// <summary>
    /// The inputs in one -InputObject: an array given as a parameter is its records (and their count, else null); from
    /// the pipeline each object is one input. A result of an earlier run (for example its QueueOwner edges) stands for
    /// the record it came from.
    /// </summary>
    public static (IReadOnlyList<PSObject?> Inputs, long? Count) Expand(PSObject? input, bool fromPipeline)
    {
        if (!fromPipeline && input?.BaseObject is IList list and not IDictionary)
            return (list.Cast<object?>().Select(item => Unwrap(item is null ? null : PSObject.AsPSObject(item))).ToList(), list.Count);
        return ([Unwrap(input)], null);
    }

    /// <summary>-Sequence as the front door takes it: a SequenceInfo, an id or a name; another object by its Id.</summary>
    public static object Sequence(object sequence)
    {
        var value = sequence is PSObject ps ? ps.BaseObject : sequence;
        return value is SequenceInfo or long or int or string ? value : PSObject.AsPSObject(sequence).Properties["Id"]?.Value is { } id ? Sequence(id) : value;
    }

    private static PSObject? Unwrap(PSObject? input) =>
        input?.BaseObject is AddToSequenceResult { } earlier && earlier.GetSource() is { } source ? PSObject.AsPSObject(source) : input;
}
