using ObjectQL.Sync.Resolution;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// What the pushes of one transaction tell its before-commit stage: per mutation, the record it writes and the state
/// its resolver decided, so that record's log row carries the mutation's client and id (the echo, RFC 6.4) and the
/// resolved field clocks, while rows that hooks wrote in the same transaction carry neither. It also tells the id of the
/// record's clock row when the transaction began (the mutation read it), so the stage need not read it again.
/// The stage tells the push back what it committed (<see cref="Committed"/>).
/// </summary>
internal sealed class PushScope
{
    private readonly Dictionary<(string Object, string Record, string Mutation), Expected> _expected = [];

    /// <summary>
    /// What the push of one mutation expects its record's change to carry; ClockRowId is null when the record had no
    /// clock row. ClockText, when given, is the text of the state's clock, already formatted for the mutation's answer.
    /// </summary>
    public readonly record struct Expected(string ClientId, RecordState State, string? ClockRowId, string? ClockText = null);

    /// <summary>The commit the before-commit stage wrote for the transaction; null when it wrote none.</summary>
    public OwnCommit? Committed { get; set; }

    /// <summary>Makes room for <paramref name="count"/> more mutations at once, not by doubling as they come.</summary>
    public void Reserve(int count)
    {
        lock (_expected)
        {
            _expected.EnsureCapacity(_expected.Count + count);
        }
    }

    public void Expect(string objectName, string recordId, string mutationId, Expected expected)
    {
        lock (_expected)
        {
            _expected[(objectName, recordId, mutationId)] = expected;
        }
    }

    public bool TryGet(string objectName, string recordId, string mutationId, out Expected expected)
    {
        lock (_expected)
        {
            return _expected.TryGetValue((objectName, recordId, mutationId), out expected);
        }
    }
}
