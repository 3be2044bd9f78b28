using ObjectQL.Sync.Client.Storage;

namespace ObjectQL.Sync.Client;

// RFC 10.6: a parked mutation holds the later mutations of its record, which were made on top of it; earlier ones of the
// record and every mutation of other records still flow. The batch and the run's "anything left to send" ask this one
// rule, so a run never ends while the next batch would still send something (nor loops on what it would hold).
internal sealed class ParkedHold
{
    // Per record key, the lowest parked sequence.
    private readonly Dictionary<string, long> _lowestParked;

    private ParkedHold(Dictionary<string, long> lowestParked) => _lowestParked = lowestParked;

    public static ParkedHold Of(IReadOnlyList<LoggedMutation> log)
    {
        var lowest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var mutation in log)
        {
            if (mutation.State == MutationStates.Parked)
            {
                var key = SyncedRecord.KeyOf(mutation.ObjectName, mutation.RecordId);
                lowest[key] = lowest.TryGetValue(key, out var sequence) ? Math.Min(sequence, mutation.Sequence) : mutation.Sequence;
            }
        }
        return new ParkedHold(lowest);
    }

    /// <summary>Whether the mutation waits: parked itself, or later than a parked one of its record.</summary>
    public bool Holds(LoggedMutation mutation) =>
        mutation.State == MutationStates.Parked
        || _lowestParked.TryGetValue(SyncedRecord.KeyOf(mutation.ObjectName, mutation.RecordId), out var parkedAt) && mutation.Sequence > parkedAt;

    /// <summary>Records a mutation parked while a batch is picked, so the later ones of its record wait too.</summary>
    public void Park(LoggedMutation mutation) =>
        _lowestParked.TryAdd(SyncedRecord.KeyOf(mutation.ObjectName, mutation.RecordId), mutation.Sequence);

    /// <summary>Whether any mutation of the log would go in a batch.</summary>
    public static bool AnySendable(IReadOnlyList<LoggedMutation> log)
    {
        var hold = Of(log);
        return log.Any(m => !hold.Holds(m));
    }
}
