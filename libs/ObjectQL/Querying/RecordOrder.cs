using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Querying;

/// <summary>
/// The record order of docs/querying.md: each sort key in turn (nulls first ascending, last descending), then
/// <c>id</c> ascending, so equal keys always come back in the same order and paging is stable.
/// </summary>
public sealed class RecordOrder : IComparer<Record>
{
    private readonly IReadOnlyList<SortSpec> _orderBy;

    /// <summary>Creates the comparer for <paramref name="orderBy"/>.</summary>
    public RecordOrder(IReadOnlyList<SortSpec> orderBy) => _orderBy = orderBy ?? [];

    /// <inheritdoc />
    public int Compare(Record? x, Record? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        // An index loop: this runs for every comparison of a sort, and an interface enumerator would allocate each time.
        for (var i = 0; i < _orderBy.Count; i++)
        {
            var sort = _orderBy[i];
            var result = CanonicalValues.Compare(x[sort.Field], y[sort.Field]);
            if (result != 0)
            {
                return sort.Direction == SortDirection.Descending ? -result : result;
            }
        }
        return CanonicalValues.Compare(x[SystemFields.Id], y[SystemFields.Id]);
    }
}
