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

    // The counter's current value: the last number handed out, or the start less one before the first.
    private static string Current(string sequence) =>
        "(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM " + Identifier(sequence) + ")";

    // Advisory locks of a counter use the two-key form with the sequence's oid as the first key: unique per database,
    // also when several schemas of one database hold a sequence of the same name.
    private static string Oid(string sequence) => Literal(Identifier(sequence)) + "::regclass::oid";

    /// <summary>
    /// Reads the counter's current value c, takes a shared advisory lock keyed (counter, c mod 2^32) to the end of the
    /// transaction, then the next number (above c). The subquery with <c>OFFSET 0</c> runs before the outer projection,
    /// so the lock is held before the number exists. No one takes these locks exclusively: a writer never waits.
    /// </summary>
    public static SqlStatement TakeSql(string sequence) => new(
        "SELECT nextval(" + Literal(Identifier(sequence)) + "::regclass) FROM (SELECT pg_advisory_xact_lock_shared(" + Oid(sequence) + "::bigint::bit(32)::int4, "
        + Current(sequence) + "::bit(32)::int4) OFFSET 0) AS intent");

    /// <summary>
    /// Reads the counter's current value r, then (the correlated subquery runs on the row that holds r) the locks of
    /// <see cref="TakeSql"/> held now in this database; the settled position is r, lowered to the smallest c those locks
    /// name. A lock's c is recovered from its low 32 bits as the closest value at or below r; one that reads as more
    /// than 2^31 below r was taken after r was read (its c is above r) and bounds nothing. Takes no lock, never waits.
    /// </summary>
    public static SqlStatement SettledSql(string sequence) => new(Settled(sequence, null));

    // The settled position among the intents held now, only those the condition on pg_locks (l) keeps when one is given.
    private static string Settled(string sequence, string? holders) =>
        "SELECT s.r - COALESCE((SELECT max(x.d) FROM (SELECT ((s.r - l.objid::bigint) % 4294967296 + 4294967296) % 4294967296 AS d FROM pg_locks l "
        + "WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.classid = " + Oid(sequence)
        + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())" + (holders is null ? "" : " AND " + holders) + ") AS x WHERE x.d < 2147483648), 0) "
        + "FROM (SELECT " + Current(sequence) + " AS r OFFSET 0) AS s";

    /// <summary>
    /// Inserts one row of <paramref name="table"/> whose <paramref name="position"/> column takes the next number as
    /// <see cref="TakeSql"/> does (the intent lock first, then <c>nextval</c>), the other columns bound in
    /// <see cref="SqlTable.Columns"/> order, and returns the position, then the settled position as
    /// <see cref="SettledSql"/> reads it with this transaction's own intent left out. RETURNING runs after the row's
    /// values, so that read comes after the number was taken.
    /// </summary>
    public static string InsertTakingSql(SqlTable table, SqlColumn position, string sequence)
    {
        var values = new List<string>(table.Columns.Count);
        var parameter = 0;
        foreach (var column in table.Columns)
        {
            values.Add(ReferenceEquals(column, position) ? "(" + TakeSql(sequence).Text + ")" : table.Dialect.Parameter(parameter++));
        }
        return "INSERT INTO " + table.QuotedName + " (" + table.SelectList + ") VALUES (" + string.Join(", ", values) + ") RETURNING "
            + position.QuotedName + "::bigint, (" + Settled(sequence, "l.pid <> pg_backend_pid()") + ")";
    }

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
