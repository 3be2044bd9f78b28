using System.Data.Common;

namespace ObjectQL.Sql;

/// <summary>
/// An ADO.NET <see cref="DbDataReader"/> as an <see cref="ISqlRowReader"/>: each call goes straight to the reader. An
/// executor keeps one per connection and points it at each query's reader (<see cref="Reset"/>), so reading adds no
/// allocation, neither per row nor per query.
/// </summary>
public sealed class DbRowReader : ISqlRowReader
{
    private DbDataReader? _reader;

    /// <summary>Creates a reader over nothing; call <see cref="Reset"/> before use.</summary>
    public DbRowReader()
    {
    }

    /// <summary>Creates a reader over <paramref name="reader"/>.</summary>
    public DbRowReader(DbDataReader reader) => _reader = reader;

    /// <summary>Points this reader at <paramref name="reader"/> (null once the query is done) and returns it.</summary>
    public DbRowReader Reset(DbDataReader? reader)
    {
        _reader = reader;
        return this;
    }

    private DbDataReader Reader => _reader ?? throw new InvalidOperationException("The row reader is not reading a result.");

    /// <inheritdoc />
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => new(Reader.ReadAsync(cancellationToken));

    /// <inheritdoc />
    public bool IsNull(int ordinal) => Reader.IsDBNull(ordinal);

    /// <inheritdoc />
    public string GetString(int ordinal) => Reader.GetString(ordinal);

    /// <inheritdoc />
    // PostgreSQL (text, json, jsonb) and SQLite (text) hand a text value's bytes over as they hold them: UTF-8.
    public byte[] GetUtf8(int ordinal) => Reader.GetFieldValue<byte[]>(ordinal);

    /// <inheritdoc />
    public long GetInt64(int ordinal) => Reader.GetInt64(ordinal);

    /// <inheritdoc />
    public double GetDouble(int ordinal) => Reader.GetDouble(ordinal);

    /// <inheritdoc />
    public decimal GetDecimal(int ordinal) => Reader.GetDecimal(ordinal);

    /// <inheritdoc />
    public bool GetBoolean(int ordinal) => Reader.GetBoolean(ordinal);

    /// <inheritdoc />
    public DateOnly GetDate(int ordinal) => Reader.GetFieldValue<DateOnly>(ordinal);

    /// <inheritdoc />
    public TimeOnly GetTime(int ordinal) => Reader.GetFieldValue<TimeOnly>(ordinal);

    /// <inheritdoc />
    public DateTimeOffset GetDateTimeOffset(int ordinal) => Reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <inheritdoc />
    public float[] GetFloatArray(int ordinal) => Reader.GetFieldValue<float[]>(ordinal);
}
