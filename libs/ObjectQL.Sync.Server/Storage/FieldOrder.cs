namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// The ordinal order of a record's fields, for records that mostly share one shape (a page of snapshot rows, a commit's
/// post-images): worked out once and reused while the next record has exactly those fields, instead of a sort per record.
/// </summary>
internal sealed class FieldOrder
{
    private string[] _ordered = [];

    /// <summary>Exactly <paramref name="record"/>'s field names, in ordinal order.</summary>
    public IReadOnlyList<string> Of(Record record)
    {
        if (!HasExactly(record))
        {
            _ordered = [.. record.Fields.Order(StringComparer.Ordinal)];
        }
        return _ordered;
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
