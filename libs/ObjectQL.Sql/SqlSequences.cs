using System.Text;
using ObjectQL.Metadata;

namespace ObjectQL.Sql;

/// <summary>
/// The table that keeps the <c>auto_number</c> counters of a SQL store: one row per (object, field) holding the last
/// number handed out. The same statements serve SQLite (3.35 or later) and PostgreSQL.
/// </summary>
public static class SqlSequences
{
    /// <summary>The counter table's name.</summary>
    public const string TableName = "_objectql_sequences";

    /// <summary>Creates the counter table when it is missing; never touches an existing one.</summary>
    public const string CreateTableSql =
        "CREATE TABLE IF NOT EXISTS " + TableName +
        " (object_name TEXT NOT NULL, field_name TEXT NOT NULL, last_number BIGINT NOT NULL, PRIMARY KEY (object_name, field_name))";

    /// <summary>True when one of <paramref name="tables"/> has a field the pipeline numbers.</summary>
    public static bool Needed(IReadOnlyList<SqlTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var table in tables)
        {
            foreach (var field in table.Definition.Fields)
            {
                if (field is { Type: FieldType.AutoNumber, Multiple: false })
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// The statement that adds its third argument to the counter of (object, field), creating it at that value, and
    /// returns the new last number. The upsert locks the counter row until the transaction ends, so concurrent writers
    /// queue on it and never see the same number.
    /// </summary>
    public static string ReserveSql(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return new StringBuilder("INSERT INTO ").Append(TableName).Append(" (object_name, field_name, last_number) VALUES (")
            .Append(dialect.Parameter(0)).Append(", ").Append(dialect.Parameter(1)).Append(", ").Append(dialect.Parameter(2))
            .Append(") ON CONFLICT (object_name, field_name) DO UPDATE SET last_number = ").Append(TableName)
            .Append(".last_number + excluded.last_number RETURNING last_number").ToString();
    }
}
