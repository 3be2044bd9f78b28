using System.Diagnostics.CodeAnalysis;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// The change rows of commits a pull of this server read whole, by the commit's transaction id, at most a bounded number
/// of rows (the oldest commits go first). Concurrent pushers each answer with the same recent commits of the others, so
/// every commit is read by several of them in turn; from here only the first of them reads its rows from the store.
/// </summary>
/// <remarks>
/// A commit's rows never change once its commit row is visible: they are written in the commit's own transaction, and
/// only pruning removes them (commit row and rows together). Which commits a page holds is still read from the store
/// every time, up to the settled position (RFC 6.1), so the no-gap proof is the store's as before: these rows only
/// replace the read of a listed commit's rows, and a pruned commit is never listed again. Transaction ids are unique
/// over the database, so several server instances over one store each keep their own without any coordination.
/// </remarks>
internal sealed class CommittedChanges(int maxRows)
{
    private readonly Dictionary<string, List<ChangeRow>> _rows = new(StringComparer.Ordinal);
    private readonly Queue<string> _oldestFirst = new();
    private int _count;

    /// <summary>The rows of a commit in ordinal order, when kept; the list is shared and never changed.</summary>
    public bool TryGet(string txId, [NotNullWhen(true)] out List<ChangeRow>? rows)
    {
        lock (_rows)
        {
            return _rows.TryGetValue(txId, out rows);
        }
    }

    /// <summary>Keeps every row of a commit (in ordinal order; not changed afterwards), unless the commit alone would take a quarter of the room.</summary>
    public void Add(string txId, List<ChangeRow> rows)
    {
        if (rows.Count == 0 || rows.Count > maxRows / 4)
        {
            return;
        }
        lock (_rows)
        {
            if (!_rows.TryAdd(txId, rows))
            {
                return;
            }
            foreach (var row in rows)
            {
                row.Kept = true;
            }
            _oldestFirst.Enqueue(txId);
            _count += rows.Count;
            while (_count > maxRows && _oldestFirst.TryDequeue(out var oldest))
            {
                if (_rows.Remove(oldest, out var gone))
                {
                    _count -= gone.Count;
                }
            }
        }
    }
}
