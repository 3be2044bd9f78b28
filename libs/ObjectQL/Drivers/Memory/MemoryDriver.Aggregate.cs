using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Values;

namespace ObjectQL.Drivers.Memory;

public sealed partial class MemoryDriver
{
    /// <inheritdoc />
    public Task<IReadOnlyList<Record>> AggregateAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var rows = Rows(definition, transaction).Where(r => FilterEvaluator.Matches(query.Where, r)).ToList();
        var groups = new Dictionary<GroupKey, List<Record>>();
        foreach (var row in rows)
        {
            var key = new GroupKey(query.GroupBy.Select(f => row[f]).ToArray());
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
            }
            members.Add(row);
        }
        if (query.GroupBy.Count == 0 && groups.Count == 0)
        {
            groups[new GroupKey([])] = [];
        }
        var result = new List<Record>(groups.Count);
        foreach (var (key, members) in groups.OrderBy(g => g.Key, GroupKeyOrder.Instance))
        {
            var output = new Record(query.GroupBy.Count + query.Aggregations.Count);
            for (var i = 0; i < query.GroupBy.Count; i++)
            {
                output[query.GroupBy[i]] = CanonicalValues.DeepCopy(key.Values[i]);
            }
            foreach (var aggregation in query.Aggregations)
            {
                output[aggregation.Alias] = Aggregate(aggregation, members);
            }
            result.Add(output);
        }
        return Task.FromResult<IReadOnlyList<Record>>(result);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<object>> DistinctAsync(ObjectDefinition definition, string field, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(field);
        cancellationToken.ThrowIfCancellationRequested();
        var values = Rows(definition, transaction)
            .Where(r => FilterEvaluator.Matches(where, r))
            .Select(r => r[field])
            .Where(static v => v is not null)
            .Distinct(CanonicalValues.EqualityComparer)
            .Order(CanonicalValues.Comparer)
            .Select(static v => CanonicalValues.DeepCopy(v)!)
            .ToList();
        return Task.FromResult<IReadOnlyList<object>>(values);
    }

    private static object? Aggregate(Aggregation aggregation, List<Record> members)
    {
        if (aggregation.Function == AggregateFunction.Count)
        {
            return aggregation.Field is null ? members.Count : (long)members.Count(m => m[aggregation.Field] is not null);
        }
        var values = members.Select(m => m[aggregation.Field!]).Where(static v => v is not null).ToList();
        if (values.Count == 0)
        {
            return null;
        }
        return aggregation.Function switch
        {
            AggregateFunction.Min => values.Min(CanonicalValues.Comparer),
            AggregateFunction.Max => values.Max(CanonicalValues.Comparer),
            AggregateFunction.Sum => values[0] switch
            {
                decimal => values.Sum(static v => (decimal)v!),
                long => values.Sum(static v => (long)v!),
                _ => (object)values.Sum(static v => (double)v!),
            },
            AggregateFunction.Avg => values[0] switch
            {
                decimal => values.Average(static v => (decimal)v!),
                long => values.Average(static v => (long)v!),
                _ => (object)values.Average(static v => (double)v!),
            },
            _ => throw ObjectQLException.InvalidRequest($"Unknown aggregate function {aggregation.Function}.", aggregation.Field),
        };
    }

    private readonly record struct GroupKey(object?[] Values)
    {
        public bool Equals(GroupKey other) => CanonicalValues.Equals(Values, other.Values);

        public override int GetHashCode() => CanonicalValues.GetHashCode(Values);
    }

    private sealed class GroupKeyOrder : IComparer<GroupKey>
    {
        public static readonly GroupKeyOrder Instance = new();

        public int Compare(GroupKey x, GroupKey y)
        {
            for (var i = 0; i < x.Values.Length; i++)
            {
                var result = CanonicalValues.Compare(x.Values[i], y.Values[i]);
                if (result != 0)
                {
                    return result;
                }
            }
            return 0;
        }
    }
}
