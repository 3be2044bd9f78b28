using System.Collections.Concurrent;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// The client rows one server last read or committed, by client id, so a client's next push skips reading its row
/// before the push (<see cref="Clients.BindAsync"/>): the push's lock compares the remembered version in the write that
/// takes the lock, and reads the row only when another request (of this or another server process) wrote it since.
/// A remembered binding is trusted only to admit its own principal: a caller it does not match is checked against the
/// stored row. The binding of a client id to its user and tenant never changes once written, so what stays stale is at
/// most the version, which costs the lock one read.
/// </summary>
internal sealed class KnownClients
{
    // A bound on the memory of a server with very many devices; past it the rows start over (each costs a read again).
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, ClientRow> _rows = new(StringComparer.Ordinal);
    private int _count;

    public ClientRow? Find(string clientId) => _rows.GetValueOrDefault(clientId);

    public void Remember(ClientRow row)
    {
        if (!_rows.ContainsKey(row.ClientId) && Interlocked.Increment(ref _count) > Capacity)
        {
            _rows.Clear();
            Volatile.Write(ref _count, 1);
        }
        _rows[row.ClientId] = row;
    }

    public void Forget(string clientId) => _rows.TryRemove(clientId, out _);
}
