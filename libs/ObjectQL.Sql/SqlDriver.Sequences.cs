using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Sql;

public partial class SqlDriver : ISequenceDriver
{
    private string? _reserveSql;

    /// <inheritdoc />
    /// <remarks>One upsert on <see cref="SqlSequences.TableName"/> (created by schema sync) inside <paramref name="transaction"/>.</remarks>
    public async Task<long> ReserveAsync(ObjectDefinition definition, string field, int count, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var table = TableFor(definition);
        var own = Own(transaction);
        var statement = new SqlStatement(_reserveSql ??= SqlSequences.ReserveSql(Dialect),
        [
            new SqlArgument(definition.Name, SqlValueKind.Text),
            new SqlArgument(field, SqlValueKind.Text),
            new SqlArgument((long)count, SqlValueKind.Integer),
        ]);
        try
        {
            var last = await QueryAsync(table, statement, 0, static async (reader, _, ct) =>
                await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetInt64(0) : throw new InvalidOperationException("The counter upsert returned no row."),
                own, cancellationToken).ConfigureAwait(false);
            return last - count + 1;
        }
        catch (Exception exception) when (Translate(exception, table) is { } failure)
        {
            throw failure;
        }
    }
}
