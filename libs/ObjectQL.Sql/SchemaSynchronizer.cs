
namespace ObjectQL.Sql;

/// <summary>
/// Brings the store up to the metadata: creates missing tables, adds missing columns (existing rows get the field's
/// default), creates missing indexes and drops the indexes it made that the metadata no longer declares, and the
/// <c>auto_number</c> counter table (<see cref="SqlSequences"/>) when a table needs it. It never drops or rewrites data.
/// Every table is checked against its rows before anything runs, so a change the stored data does not allow (a required
/// field without a default, a changed type, a removed option still in use, duplicates under a new unique rule, a renamed
/// object) fails the whole sync with one error that names each object and field and says what to do, and changes
/// nothing. docs/schema-evolution.md lists what each change does.
/// </summary>
public static class SchemaSynchronizer
{
    /// <summary>Plans and applies the statements for <paramref name="tables"/> in one transaction; returns the statements run.</summary>
    public static Task<IReadOnlyList<string>> SyncAsync(ISqlExecutor executor, IReadOnlyList<SqlTable> tables, CancellationToken cancellationToken = default) =>
        SyncAsync(executor, tables, translate: null, foreignKeys: false, trustStored: false, cancellationToken);

    /// <summary>
    /// <see cref="SyncAsync(ISqlExecutor, IReadOnlyList{SqlTable}, CancellationToken)"/>; a store error in a statement of a
    /// table goes through <paramref name="translate"/> with that table (e.g. a unique index that existing rows break).
    /// With <paramref name="foreignKeys"/>, single-valued references to objects of <paramref name="tables"/> get foreign
    /// keys (<see cref="SqlForeignKey"/>).
    /// </summary>
    /// <remarks>
    /// With <paramref name="trustStored"/>, the model's schema fingerprint (<see cref="SchemaHash"/>) is stored with the
    /// states, and an open whose fingerprint equals the stored one runs nothing more than the states' read.
    /// </remarks>
    internal static async Task<IReadOnlyList<string>> SyncAsync(
        ISqlExecutor executor, IReadOnlyList<SqlTable> tables, Func<Exception, SqlTable, Exception?>? translate, bool foreignKeys, bool trustStored,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(tables);
        // The fingerprint first: it needs no store, so its first-time code runs while a store still opening (the
        // browser's Worker) gets ready, instead of after the first read.
        var hash = trustStored ? SchemaHash.Of(tables, foreignKeys) : null;
        var stored = await SchemaStates.ReadStoredAsync(executor, cancellationToken).ConfigureAwait(false);
        if (hash is not null && string.Equals(hash, stored.Hash, StringComparison.Ordinal))
        {
            return [];
        }
        var states = stored.States;
        var existingKeys = foreignKeys ? await ForeignKeyNamesAsync(executor, cancellationToken).ConfigureAwait(false) : null;
        var later = new List<(SqlTable? Table, SqlStatement Statement)>();
        var plan = new List<(SqlTable? Table, SqlStatement Statement)>();
        if (SqlSequences.Needed(tables))
        {
            plan.Add((null, new SqlStatement(SqlSequences.CreateTableSql)));
        }
        var problems = new List<SchemaProblem>();
        var records = new List<StateRecord>();
        foreach (var table in tables)
        {
            var planner = new SchemaPlanner(executor, states, tables, existingKeys);
            await planner.PlanAsync(table, cancellationToken).ConfigureAwait(false);
            problems.AddRange(planner.Problems);
            plan.AddRange(planner.Statements.Select(statement => ((SqlTable?)table, statement)));
            later.AddRange(planner.Later.Select(statement => ((SqlTable?)table, statement)));
            var previous = states.GetValueOrDefault(table.Definition.Name);
            var now = ObjectState.Of(table).Keeping(previous);
            if (previous is null || previous.Table != now.Table || previous.FieldsText != now.FieldsText || previous.IndexesText != now.IndexesText)
            {
                records.Add(new StateRecord(table.Definition.Name, now));
            }
        }
        if (problems.Count > 0)
        {
            throw SchemaProblem.Refuse(problems);
        }
        plan.AddRange(later);
        if (records.Count > 0)
        {
            plan.Add((null, new SqlStatement(SchemaStates.CreateTableSql)));
            if (hash is null)
            {
                plan.AddRange(records.Select(record => ((SqlTable?)null, SchemaStates.Record(executor.Dialect, record.ObjectName, record.State))));
            }
            else
            {
                // Every record and the fingerprint in one statement: on a store where each statement is a call (the
                // browser's Worker), a first open pays one call for them, not one per object.
                plan.Add((null, SchemaStates.RecordAll(executor.Dialect, records, hash)));
            }
        }
        var planned = plan.Count;
        if (hash is null && planned > 0 && stored.Hash is not null)
        {
            // This open changes the schema but does not trust the store, so it cannot vouch for a fingerprint: the stored
            // one describes the schema before this change, and a trusted open of that model would skip its check on it.
            plan.Add((null, SchemaStates.ForgetHash()));
        }
        if (hash is not null && records.Count == 0)
        {
            // Bookkeeping, not part of the schema: written in its transaction, and not among the statements returned.
            plan.Add((null, new SqlStatement(SchemaStates.CreateTableSql)));
            plan.Add((null, SchemaStates.RecordAll(executor.Dialect, [], hash)));
        }
        if (plan.Count == 0)
        {
            return [];
        }
        var transaction = await executor.BeginTransactionAsync(TransactionIsolation.Unspecified, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var (table, statement) in plan)
            {
                try
                {
                    await executor.ExecuteAsync(statement, transaction, cancellationToken).ConfigureAwait(false);
                }
                // The counter and state tables belong to no object; the first one stands in for the message.
                catch (Exception exception) when (translate?.Invoke(exception, table ?? tables[0]) is { } failure)
                {
                    throw failure;
                }
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return plan.GetRange(0, planned).ConvertAll(static entry => entry.Statement.Text);
    }

    /// <summary>
    /// The statements that would bring <paramref name="table"/> up to its metadata, after checking its stored rows; a
    /// change they do not allow throws the error <see cref="SyncAsync(ISqlExecutor, IReadOnlyList{SqlTable}, CancellationToken)"/> would.
    /// </summary>
    public static async Task<IReadOnlyList<SqlStatement>> PlanAsync(ISqlExecutor executor, SqlTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(table);
        var planner = new SchemaPlanner(executor, await SchemaStates.ReadAsync(executor, cancellationToken).ConfigureAwait(false), [table], foreignKeys: null);
        await planner.PlanAsync(table, cancellationToken).ConfigureAwait(false);
        return planner.Problems.Count > 0 ? throw SchemaProblem.Refuse(planner.Problems) : planner.Statements;
    }

    // The foreign keys the store has, for a dialect that adds them after the tables (PostgreSQL); empty otherwise.
    private static async Task<IReadOnlySet<string>> ForeignKeyNamesAsync(ISqlExecutor executor, CancellationToken cancellationToken)
    {
        if (executor.Dialect.ListForeignKeys() is not { } statement)
        {
            return new HashSet<string>();
        }
        return await executor.QueryAsync(statement, 0, static async (reader, _, ct) =>
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
            return names;
        }, null, cancellationToken).ConfigureAwait(false);
    }
}
