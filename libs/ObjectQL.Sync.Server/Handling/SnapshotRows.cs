using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// Writes snapshot rows as their canonical JSON text. The rows of one page share a shape (the same fields), so the
/// ordinal order of their fields is worked out once and reused while the next row has exactly those fields.
/// </summary>
internal sealed class SnapshotRows
{
    private string[] _ordered = [];

    /// <summary>Commit times and update times alike: formatted once per run of equal times.</summary>
    public WireTimestamps Timestamps { get; } = new();

    public byte[] Json(Record record)
    {
        if (!HasExactly(record))
        {
            _ordered = [.. record.Fields.Order(StringComparer.Ordinal)];
        }
        return RowValues.RecordJsonUtf8(record, _ordered);
    }

    private bool HasExactly(Record record)
    {
        if (record.Count != _ordered.Length)
        {
            return false;
        }
        foreach (var name in _ordered)
        {
            if (!record.Contains(name))
            {
                return false;
            }
        }
        return true;
    }
}
