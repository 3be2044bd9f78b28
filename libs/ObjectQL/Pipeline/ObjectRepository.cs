using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Repositories;
using ObjectQL.Security;
using ObjectQL.Values;

namespace ObjectQL.Pipeline;

/// <summary>
/// The pipeline of one object for one session: permissions, hooks, validation, system fields and change events
/// around the driver. Reads are here; writes are in the <c>Create</c>, <c>Update</c> and <c>Delete</c> partials.
/// </summary>
internal sealed partial class ObjectRepository : IObjectRepository
{
    private readonly ObjectQLSession _session;

    public ObjectRepository(ObjectQLSession session, ObjectDefinition definition)
    {
        _session = session;
        Definition = definition;
    }

    public ObjectDefinition Definition { get; }

    private ObjectQLDatabase Database => _session.Database;

    private IObjectQLDriver Driver => _session.Database.Driver;

    private HookRegistry Hooks => _session.Database.Hooks;

    public Task<IReadOnlyList<Record>> FindAsync(Query query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return FindCoreAsync(query, cancellationToken);
    }

    public async Task<Record?> FindOneAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        RecordInput.CheckId(Definition, id);
        if (!Hooks.Any(HookOperation.Find, Definition.Name))
        {
            // Without find hooks nothing can change the query, so the driver's keyed lookup gives the same answer.
            var guard = Guard(_session);
            guard.RequireObject(PermissionAction.Read);
            var stored = await Driver.FindOneAsync(Definition, id, _session.Transaction, cancellationToken).ConfigureAwait(false);
            if (stored is null || !guard.Allows(PermissionAction.Read, stored))
            {
                return null;
            }
            var computed = ComputedFields.Of(Definition);
            if (!computed.IsEmpty)
            {
                await computed.CompleteAsync(_session, [stored], null, cancellationToken).ConfigureAwait(false);
            }
            return guard.Mask(stored);
        }
        var rows = await FindCoreAsync(ById(id), cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<long> CountAsync(Filter? where = null, CancellationToken cancellationToken = default)
    {
        var guard = Guard(_session);
        guard.RequireObject(PermissionAction.Read);
        var query = new Query { Where = QueryNormalizer.NormalizeFilter(where, Definition) };
        HookContext? hook = null;
        if (Hooks.Any(HookOperation.Count, Definition.Name))
        {
            hook = new HookContext(_session, Definition, HookOperation.Count) { Query = query };
            await Hooks.RunAsync(HookTiming.Before, hook, cancellationToken).ConfigureAwait(false);
            query = new Query { Where = QueryNormalizer.NormalizeFilter(hook.Query?.Where, Definition) };
        }
        guard.RequireReadable(query);
        var count = await Driver.CountAsync(Definition, Restrict(query.Where, guard.RowFilter(PermissionAction.Read)), _session.Transaction, cancellationToken)
            .ConfigureAwait(false);
        if (hook is null)
        {
            return count;
        }
        hook.Result = count;
        await Hooks.RunAsync(HookTiming.After, hook, cancellationToken).ConfigureAwait(false);
        return hook.Result as long? ?? throw BadResult("count", "a long");
    }

    public async Task<IReadOnlyList<Record>> AggregateAsync(Query query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var guard = Guard(_session);
        guard.RequireObject(PermissionAction.Read);
        if (query.Aggregations.Count == 0 && query.GroupBy.Count == 0)
        {
            throw ObjectQLException.InvalidRequest("An aggregate query needs aggregations or groupBy.", "aggregations", "invalid_aggregation");
        }
        if (query.OrderBy.Count > 0 || query.Limit is not null || query.Offset is not null || query.Fields is not null || query.Distinct)
        {
            throw ObjectQLException.InvalidRequest(
                "An aggregate query takes where, groupBy and aggregations only; its rows come back ordered by the group keys.", null, "invalid_aggregation");
        }
        query = QueryNormalizer.Normalize(query, Definition);
        guard.RequireReadable(query);
        query = query with { Where = Restrict(query.Where, guard.RowFilter(PermissionAction.Read)) };
        return await Driver.AggregateAsync(Definition, query, _session.Transaction, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<object>> DistinctAsync(string field, Filter? where = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(field);
        var guard = Guard(_session);
        guard.RequireObject(PermissionAction.Read);
        var shape = FieldShape.Get(Definition, field);
        if (!shape.IsOrderable)
        {
            throw ObjectQLException.InvalidRequest($"Distinct values of '{field}' cannot be listed: it holds a list or JSON.", field, "invalid_value");
        }
        var query = new Query { Where = QueryNormalizer.NormalizeFilter(where, Definition), Fields = [field] };
        guard.RequireReadable(query);
        return await Driver.DistinctAsync(Definition, field, Restrict(query.Where, guard.RowFilter(PermissionAction.Read)), _session.Transaction, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Record>> FindCoreAsync(Query query, CancellationToken cancellationToken)
    {
        var guard = Guard(_session);
        var expand = query.Expand;
        var references = expand.Count == 0 ? null : ExpansionReferences(guard, expand);
        var (prepared, hook) = await PrepareFindAsync(query, guard, cancellationToken).ConfigureAwait(false);
        if (references is not null)
        {
            // The driver reads the rows only; the expansions are this repository's to do.
            prepared = WithExpandedFields(prepared, expand) with { Expand = [] };
        }
        var computed = ComputedFields.Of(Definition);
        var rows = await Driver.FindAsync(Definition, computed.IsEmpty ? prepared : computed.ForDriver(prepared), _session.Transaction, cancellationToken)
            .ConfigureAwait(false);
        if (!computed.IsEmpty)
        {
            rows = await computed.CompleteAsync(_session, rows, prepared.Fields, cancellationToken).ConfigureAwait(false);
        }
        if (hook is not null)
        {
            hook.Result = rows;
            await Hooks.RunAsync(HookTiming.After, hook, cancellationToken).ConfigureAwait(false);
            rows = hook.Result as IReadOnlyList<Record> ?? throw BadResult("find", "a list of records");
        }
        rows = Mask(guard, rows);
        return references is null ? rows : await ExpandAsync(expand, references, rows, cancellationToken).ConfigureAwait(false);
    }

    // Everything a find does before the driver runs: object permission, normalization, before-hooks, field and row permissions.
    private async ValueTask<(Query Query, HookContext? Hook)> PrepareFindAsync(Query query, PermissionGuard guard, CancellationToken cancellationToken)
    {
        guard.RequireObject(PermissionAction.Read);
        if (query.Distinct || query.GroupBy.Count > 0 || query.Aggregations.Count > 0)
        {
            throw ObjectQLException.InvalidRequest(
                "find returns records; use DistinctAsync for distinct values and AggregateAsync for groupBy and aggregations.",
                query.Distinct ? "distinct" : query.GroupBy.Count > 0 ? "groupBy" : "aggregations", "invalid_query");
        }
        query = QueryNormalizer.Normalize(query, Definition);
        HookContext? hook = null;
        if (Hooks.Any(HookOperation.Find, Definition.Name))
        {
            hook = new HookContext(_session, Definition, HookOperation.Find) { Query = query };
            await Hooks.RunAsync(HookTiming.Before, hook, cancellationToken).ConfigureAwait(false);
            query = QueryNormalizer.Normalize(hook.Query ?? Query.All, Definition);
        }
        guard.RequireReadable(query);
        query = query with { Where = Restrict(query.Where, guard.RowFilter(PermissionAction.Read)) };
        return (query, hook);
    }

    private PermissionGuard Guard(ObjectQLSession session) => new(Definition, session.Context, Database.PermissionSettings);

    private DateTimeOffset Now() => CanonicalValues.TruncateToMicroseconds(Database.Options.TimeProvider.GetUtcNow());

    private static Filter? Restrict(Filter? where, Filter? restriction) =>
        restriction is null ? where : where is null ? restriction : Filter.And.Of(where, restriction);

    private static IReadOnlyList<Record> Mask(PermissionGuard guard, IReadOnlyList<Record> rows)
    {
        if (guard.Bypass)
        {
            return rows;
        }
        var masked = new Record[rows.Count];
        for (var i = 0; i < masked.Length; i++)
        {
            masked[i] = guard.Mask(rows[i]);
        }
        return masked;
    }

    private ObjectQLException BadResult(string operation, string expected) =>
        new(ErrorCodes.InternalError, $"An after-{operation} hook of '{Definition.Name}' set Result to something other than {expected}.");

    // Every write path comes through here, so the rule of ChangeFeed.HasHandlers holds for all of them; callers whose
    // images cost something to build check session.BuildsChanges first.
    private void RecordChange(
        ObjectQLSession session, ChangeOperation operation, string id, Record? data, Record? previousData, long version, DateTimeOffset timestamp)
    {
        if (session.BuildsChanges)
        {
            session.Scope!.Add(ChangeEvent.For(session, Definition.Name, operation, id, data, previousData, version, timestamp));
        }
    }

    private void ThrowIfInvalid(List<ErrorDetail> errors) => RecordInput.ThrowIfAny(Definition, errors);
}
