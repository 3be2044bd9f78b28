using System.Collections.Immutable;
using ObjectQL.Metadata;

namespace ObjectQL.Drivers.Memory;

public sealed partial class MemoryDriver : ISequenceDriver
{
    // Counters live beside the tables and are copied, changed and published with them, so a rollback drops the
    // reservation and a commit keeps it for as long as this driver instance lives.
    private ImmutableDictionary<string, long> _sequences = ImmutableDictionary.Create<string, long>(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<long> ReserveAsync(ObjectDefinition definition, string field, int count, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        cancellationToken.ThrowIfCancellationRequested();
        if (transaction is not null)
        {
            return Reserve(Own(transaction), definition, field, count);
        }
        await using var implicitTransaction = await BeginAsync(cancellationToken).ConfigureAwait(false);
        var first = Reserve(implicitTransaction, definition, field, count);
        await implicitTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return first;
    }

    internal ImmutableDictionary<string, long> Sequences => Volatile.Read(ref _sequences);

    private static long Reserve(MemoryTransaction transaction, ObjectDefinition definition, string field, int count)
    {
        var key = definition.Name + "\0" + field;
        var last = transaction.Sequences.GetValueOrDefault(key);
        transaction.Sequences = transaction.Sequences.SetItem(key, checked(last + count));
        return last + 1;
    }
}
