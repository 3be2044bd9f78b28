using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// Creates, or updates, of one object that a run of a push has decided but not yet written, written together: creates
/// by one <c>CreateManyAsync</c> (one multi-row insert), updates by one <c>UpdateManyAsync</c> of patches that each
/// carry the version their resolver read (one read of the records for the pipeline's checks instead of one per update,
/// and the compare-and-swap of each), instead of one write per mutation. Each record's change event still carries its
/// own mutation (<see cref="WriteOrigin.Records"/>), so the change log stamps and echoes it as before.
/// The run writes the group before anything reads one of its records, before a mutation of another object or of
/// another operation, and at its end; a group whose write fails, or whose write made other changes (a hook's own
/// writes), sends the run back to one mutation at a time (SyncServer.Runs.cs).
/// </summary>
internal sealed class WriteGroup
{
    private readonly List<Record> _values = [];
    private readonly List<string> _ids = [];
    private readonly Dictionary<string, WriteOrigin> _origins = new(StringComparer.Ordinal);
    private readonly List<int> _positions = [];

    // By run position, the records the group's creates returned, until the run answers them. A list, not a dictionary
    // of int keys, which a native build would compile once more for this alone.
    private readonly List<Record?> _written = [];

    /// <summary>The object of the records waiting; null when none waits.</summary>
    public string? ObjectName { get; private set; }

    /// <summary>What the records waiting are written by: <see cref="ChangeOperation.Create"/> or <see cref="ChangeOperation.Update"/>.</summary>
    public ChangeOperation Operation { get; private set; }

    /// <summary>The position in the run of the first mutation waiting.</summary>
    public int FirstPosition { get; private set; }

    /// <summary>The run position of the mutation being resolved, set by the run before each (what <see cref="TryAdd"/> records).</summary>
    public int Position { get; set; }

    public int Count => _values.Count;

    /// <summary>
    /// True when a mutation of <paramref name="objectName"/> on <paramref name="recordId"/> with <paramref name="operation"/>
    /// must wait for the group's write: another object, a record already waiting, or another operation.
    /// </summary>
    public bool MustWriteBefore(string objectName, string recordId, MutationOperation operation) =>
        ObjectName is not null && (ObjectName != objectName || _origins.ContainsKey(recordId) || operation != MutationOf(Operation));

    /// <summary>
    /// Adds the write of the mutation at <see cref="Position"/>, made with <paramref name="origin"/>: a create's
    /// <paramref name="values"/> carry its id, an update's its expected version. False when the group holds writes of
    /// another object or operation; the caller then writes the record itself.
    /// </summary>
    public bool TryAdd(ChangeOperation operation, string objectName, string recordId, Record values, WriteOrigin origin)
    {
        if (ObjectName is null)
        {
            ObjectName = objectName;
            Operation = operation;
            FirstPosition = Position;
        }
        else if (ObjectName != objectName || Operation != operation)
        {
            return false;
        }
        _values.Add(values);
        _ids.Add(recordId);
        _positions.Add(Position);
        _origins[recordId] = origin;
        return true;
    }

    /// <summary>
    /// Writes the waiting records through <paramref name="unit"/>'s pipeline as <paramref name="clientId"/>; false when the
    /// write made changes besides the group's own (then the run must roll back and go one mutation at a time).
    /// </summary>
    public async Task<bool> WriteAsync(ObjectQLSession unit, string clientId, CancellationToken cancellationToken)
    {
        if (ObjectName is not { } objectName)
        {
            return true;
        }
        var mark = unit.TransactionChangeCount;
        var origin = new WriteOrigin { ClientId = clientId, Records = new Dictionary<string, WriteOrigin>(_origins, StringComparer.Ordinal) };
        var records = unit.WithOrigin(origin).Object(objectName);
        IReadOnlyList<Record> created = [];
        if (Operation == ChangeOperation.Create)
        {
            created = await OwnedCreates.CreateAsync(records, _values, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var patches = new RecordPatch[_values.Count];
            for (var i = 0; i < patches.Length; i++)
            {
                patches[i] = new RecordPatch(_ids[i], _values[i]);
            }
            await records.UpdateManyAsync(patches, cancellationToken).ConfigureAwait(false);
        }
        var own = 0;
        foreach (var change in unit.TransactionChangesFrom(mark))
        {
            if (change.ObjectName != objectName || change.Operation != Operation || !_origins.ContainsKey(change.Id))
            {
                return false;
            }
            own++;
        }
        if (own != _values.Count)
        {
            return false;
        }
        for (var i = 0; i < created.Count; i++)
        {
            var position = _positions[i];
            while (_written.Count <= position)
            {
                _written.Add(null);
            }
            _written[position] = created[i];
        }
        Clear();
        return true;
    }

    /// <summary>The record the group's create returned for the mutation at run position <paramref name="position"/>, taken once.</summary>
    public Record? TakeWritten(int position)
    {
        if (position >= _written.Count || _written[position] is not { } record)
        {
            return null;
        }
        _written[position] = null;
        return record;
    }

    public void Clear()
    {
        _values.Clear();
        _ids.Clear();
        _positions.Clear();
        _origins.Clear();
        ObjectName = null;
    }

    private static MutationOperation MutationOf(ChangeOperation operation) =>
        operation == ChangeOperation.Create ? MutationOperation.Create : MutationOperation.Update;
}
