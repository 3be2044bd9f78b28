using ObjectQL.Drivers;
using ObjectQL.Entities.Generated;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Sql;

/// <summary>
/// Typed reads (<see cref="ITypedReadDriver"/>): the same SQL and prepared commands as the record reads, with each row
/// handed to the generated <see cref="IEntity{TSelf}.ReadRow"/> instead of becoming a <see cref="Record"/>.
/// </summary>
public partial class SqlDriver : ITypedReadDriver
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<TEntity>> FindAsync<TEntity>(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity>
    {
        var table = TableFor(definition);
        var compiled = SqlCompiler.Find(table, query);
        var state = new TypedRead(table.Dialect, compiled.Columns, LayoutOf(table, compiled.Columns), query.Limit);
        try
        {
            return await QueryAsync(table, compiled.Statement, state, static async (reader, state, ct) =>
            {
                var rows = new List<TEntity>(state.Limit is { } limit ? Math.Clamp(limit, 0, 1024) : 16);
                var source = new SqlRowSource(reader, state.Dialect, state.Columns);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    rows.Add(TEntity.ReadRow(ref source, state.Layout));
                }
                return (IReadOnlyList<TEntity>)rows;
            }, Own(transaction), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc />
    public async Task<TEntity?> FindOneAsync<TEntity>(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        where TEntity : class, IEntity<TEntity>
    {
        ArgumentNullException.ThrowIfNull(id);
        var table = TableFor(definition);
        var statement = new SqlStatement(table.FindByIdSql, [new SqlArgument(id, SqlValueKind.Text)]);
        var state = new TypedRead(table.Dialect, table.Columns, LayoutOf(table, table.Columns), 1);
        try
        {
            return await QueryAsync(table, statement, state, static async (reader, state, ct) =>
            {
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    return null;
                }
                var source = new SqlRowSource(reader, state.Dialect, state.Columns);
                return TEntity.ReadRow(ref source, state.Layout);
            }, Own(transaction), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }

    // The full column list has its layout on the table; projections go through RowLayout's own cache.
    private static RowLayout LayoutOf(SqlTable table, IReadOnlyList<SqlColumn> columns) =>
        ReferenceEquals(columns, table.Columns) ? table.Layout : RowLayout.For(table.Definition, columns.Select(static c => c.Name).ToArray());

    private readonly record struct TypedRead(SqlDialect Dialect, IReadOnlyList<SqlColumn> Columns, RowLayout Layout, int? Limit);
}
