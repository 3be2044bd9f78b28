using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.AspNetCore.Hosting;

/// <summary>
/// Logs every driver call at Debug (category <c>ObjectQL.Driver</c>): the operation, the object, the query in its
/// canonical JSON with values redacted unless <see cref="ObjectQLLoggingOptions.IncludeValues"/>, the rows and the time.
/// Costs nothing beyond a level check while Debug is off.
/// </summary>
internal sealed partial class LoggingDriver(IObjectQLDriver inner, ILogger logger, ObjectQLLoggingOptions options) : DelegatingDriver(inner)
{
    public const string Category = "ObjectQL.Driver";

    public override Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        LogAsync("find", definition, () => Describe(query), () => base.FindAsync(definition, query, transaction, cancellationToken), static r => r.Count);

    public override Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        LogAsync("findOne", definition, () => $"id {Value(id)}", () => base.FindOneAsync(definition, id, transaction, cancellationToken), static r => r is null ? 0 : 1);

    public override Task<long> CountAsync(ObjectDefinition definition, Filter? where, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        LogAsync("count", definition, () => Describe(new Query { Where = where }), () => base.CountAsync(definition, where, transaction, cancellationToken), static n => n);

    public override Task InsertAsync(ObjectDefinition definition, IReadOnlyList<Record> records, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        LogAsync("insert", definition, () => $"{records.Count} records", async () => { await base.InsertAsync(definition, records, transaction, cancellationToken).ConfigureAwait(false); return records.Count; }, static n => n);

    public override Task<IReadOnlyList<bool>> UpdateAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        LogAsync("update", definition, () => $"{changes.Count} records", () => base.UpdateAsync(definition, changes, transaction, cancellationToken), static r => r.Count(static done => done));

    public override Task<IReadOnlyList<bool>> UpdateIncrementingVersionAsync(ObjectDefinition definition, IReadOnlyList<RecordChange> changes, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        LogAsync("update", definition, () => $"{changes.Count} records", () => base.UpdateIncrementingVersionAsync(definition, changes, transaction, cancellationToken), static r => r.Count(static done => done));

    public override Task<IReadOnlyList<bool>> DeleteAsync(ObjectDefinition definition, IReadOnlyList<string> ids, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        LogAsync("delete", definition, () => $"{ids.Count} records", () => base.DeleteAsync(definition, ids, transaction, cancellationToken), static r => r.Count(static done => done));

    public override Task<IReadOnlyList<Record>> AggregateAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        LogAsync("aggregate", definition, () => Describe(query), () => base.AggregateAsync(definition, query, transaction, cancellationToken), static r => r.Count);

    public override Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        LogAsync("find", definition, () => Describe(query), () => base.FindAsync<TEntity>(definition, query, transaction, cancellationToken), static r => r.Count);

    public override Task<TEntity?> FindOneAsync<TEntity>(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class =>
        LogAsync("findOne", definition, () => $"id {Value(id)}", () => base.FindOneAsync<TEntity>(definition, id, transaction, cancellationToken), static r => r is null ? 0 : 1);

    private async Task<T> LogAsync<T>(string operation, ObjectDefinition definition, Func<string> detail, Func<Task<T>> call, Func<T, long> rows)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return await call().ConfigureAwait(false);
        }
        var started = Stopwatch.GetTimestamp();
        var result = await call().ConfigureAwait(false);
        LogCall(logger, operation, definition.Name, detail(), rows(result), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    private string Value(string value) => options.IncludeValues ? value : "?";

    private string Describe(Query query) =>
        QueryJsonWriter.Write(options.IncludeValues || query.Where is null ? query : query with { Where = Redact(query.Where) });

    // Operands become "?"; the shape of the filter (fields, operators, nesting) stays readable.
    private static Filter Redact(Filter filter) => filter switch
    {
        Filter.Comparison { Operator: FilterOperator.Null or FilterOperator.Exists } kept => kept,
        Filter.Comparison comparison => comparison with { Value = "?" },
        Filter.And and => new Filter.And(and.Operands.Select(Redact).ToArray()),
        Filter.Or or => new Filter.Or(or.Operands.Select(Redact).ToArray()),
        Filter.Not not => new Filter.Not(Redact(not.Operand)),
        _ => filter,
    };

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "{Operation} {Object} {Detail}: {Rows} rows in {ElapsedMs:0.###} ms")]
    private static partial void LogCall(ILogger logger, string operation, string @object, string detail, long rows, double elapsedMs);
}
