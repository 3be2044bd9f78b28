using System.Security.Cryptography;
using System.Text;

namespace ObjectQL.Sql;

/// <summary>The statements behind <see cref="SqlDriver"/>'s commit positions (<see cref="Drivers.ICommitPositionDriver"/>).</summary>
internal static class SqlCommitPositions
{
    private const int MaxIdentifier = 63;

    /// <summary>The PostgreSQL sequence of a counter: readable when it fits an identifier, else a digest.</summary>
    public static string SequenceName(string objectName, string field)
    {
        var name = "_objectql_pos_" + objectName + "_" + field;
        return name.Length <= MaxIdentifier
            ? name
            : "_objectql_pos_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(objectName + "\n" + field)).AsSpan(0, 16));
    }

    // The advisory lock key of a counter: a 64-bit hash of its sequence's name, computed by the server.
    private static string LockKey(string sequence) => "hashtextextended(" + Literal(sequence) + ", 0)";

    /// <summary>
    /// Shared lock first (the subquery with <c>OFFSET 0</c> runs before the outer projection), then the next number: a
    /// reader's exclusive lock therefore waits for every transaction that holds a number and has not ended.
    /// </summary>
    public static SqlStatement TakeSql(string sequence) => new(
        "SELECT nextval(" + Literal(Identifier(sequence)) + "::regclass) FROM (SELECT pg_advisory_xact_lock_shared(" + LockKey(sequence) + ") OFFSET 0) AS fence");

    /// <summary>Exclusive lock first, then the last number handed out (the sequence's start less one before the first).</summary>
    public static SqlStatement SettledSql(string sequence) => new(
        "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM " + Identifier(sequence) + ") FROM (SELECT pg_advisory_xact_lock("
        + LockKey(sequence) + ") OFFSET 0) AS fence");

    /// <summary>The last number of an <see cref="SqlSequences"/> counter.</summary>
    public static string CounterSql(SqlDialect dialect) =>
        "SELECT last_number FROM " + SqlSequences.TableName + " WHERE object_name = " + dialect.Parameter(0) + " AND field_name = " + dialect.Parameter(1);

    /// <summary>
    /// Creates the sequence unless it exists, starting above the <see cref="SqlSequences"/> counter of the same name;
    /// another process creating it at the same moment is not an error.
    /// </summary>
    public static string CreateSequenceSql(string sequence, string objectName, string field) =>
        "DO $objectql$ DECLARE start bigint := 0; BEGIN "
        + "IF to_regclass(" + Literal(Identifier(sequence)) + ") IS NULL THEN "
        + "IF to_regclass(" + Literal(SqlSequences.TableName) + ") IS NOT NULL THEN "
        + "EXECUTE 'SELECT COALESCE(MAX(last_number), 0) FROM " + SqlSequences.TableName + " WHERE object_name = $1 AND field_name = $2' INTO start USING "
        + Literal(objectName) + ", " + Literal(field) + "; END IF; "
        + "EXECUTE format('CREATE SEQUENCE %I START WITH %s', " + Literal(sequence) + ", start + 1); END IF; "
        + "EXCEPTION WHEN duplicate_table OR unique_violation THEN NULL; END $objectql$";

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
