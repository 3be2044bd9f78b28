namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// Creates of one object that a run of a push has decided but not yet written, written together by one
/// <c>CreateManyAsync</c> (one multi-row insert) instead of one insert per mutation. Each record's change event still
/// carries its own mutation (<see cref="WriteOrigin.Records"/>), so the change log stamps and echoes it as before.
/// The run writes the group before anything reads one of its records, before a mutation of another object, and at
/// its end; a group whose write fails, or whose write made other changes (a hook's own writes), sends the run back to
/// one mutation at a time (SyncServer.Runs.cs).
/// </summary>
internal sealed class CreateGroup
{
    private readonly List<Record> _values = [];
    private readonly Dictionary<string, WriteOrigin> _origins = new(StringComparer.Ordinal);
    private readonly List<int> _positions = [];

    // By run position, the records the group's writes returned, until the run answers them. A list, not a dictionary
    // of int keys, which a native build would compile once more for this alone.
    private readonly List<Record?> _written = [];

    /// <summary>The object of the records waiting; null when none waits.</summary>
    public string? ObjectName { get; private set; }

    /// <summary>The position in the run of the first mutation waiting.</summary>
    public int FirstPosition { get; private set; }

    /// <summary>The run position of the mutation being resolved, set by the run before each (what <see cref="Add"/> records).</summary>
    public int Position { get; set; }

    public int Count => _values.Count;

    /// <summary>True when a mutation of <paramref name="objectName"/> on <paramref name="recordId"/> must wait for the group's write.</summary>
    public bool MustWriteBefore(string objectName, string recordId) => ObjectName is not null && (ObjectName != objectName || _origins.ContainsKey(recordId));

    /// <summary>Adds the create of the mutation at <see cref="Position"/>, made with <paramref name="origin"/>; <paramref name="values"/> carry its id.</summary>
    public void Add(string objectName, Record values, WriteOrigin origin)
    {
        if (ObjectName is null)
        {
            ObjectName = objectName;
            FirstPosition = Position;
        }
        _values.Add(values);
        _positions.Add(Position);
        _origins[values.Id!] = origin;
    }

    /// <summary>
    /// Writes the waiting creates through <paramref name="unit"/>'s pipeline as <paramref name="clientId"/>; false when the
    /// write made changes besides the group's creates (then the run must roll back and go one mutation at a time).
    /// </summary>
    public async Task<bool> WriteAsync(ObjectQLSession unit, string clientId, CancellationToken cancellationToken)
    {
        if (ObjectName is not { } objectName)
        {
            return true;
        }
        var mark = unit.TransactionChangeCount;
        var origin = new WriteOrigin { ClientId = clientId, Records = new Dictionary<string, WriteOrigin>(_origins, StringComparer.Ordinal) };
        var created = await unit.WithOrigin(origin).Object(objectName).CreateManyAsync(_values, cancellationToken).ConfigureAwait(false);
        var expected = _values.Count;
        var own = 0;
        foreach (var change in unit.TransactionChangesFrom(mark))
        {
            if (change.ObjectName != objectName || change.Operation != ChangeOperation.Create || !_origins.ContainsKey(change.Id))
            {
                return false;
            }
            own++;
        }
        if (own != expected)
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

    /// <summary>The record the group's write returned for the mutation at run position <paramref name="position"/>, taken once.</summary>
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
        _positions.Clear();
        _origins.Clear();
        ObjectName = null;
    }
}
