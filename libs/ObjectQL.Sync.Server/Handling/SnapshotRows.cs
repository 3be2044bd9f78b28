using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// Writes snapshot rows as their canonical JSON text. The rows of one page share a shape (the same fields), so the
/// ordinal order of their fields is worked out once and reused while the next row has exactly those fields.
/// </summary>
internal sealed class SnapshotRows
{
    private readonly FieldOrder _order = new();

    /// <summary>Commit times and update times alike: formatted once per run of equal times.</summary>
    public WireTimestamps Timestamps { get; } = new();

    public byte[] Json(Record record) => RowValues.RecordJsonUtf8(record, _order.Of(record));
}
