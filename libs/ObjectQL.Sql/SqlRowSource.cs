using ObjectQL.Entities.Generated;

namespace ObjectQL.Sql;

/// <summary>
/// The current row of a <see cref="ISqlRowReader"/> as an <see cref="IRowSource"/>: typed getters by ordinal, the store's
/// storage forms (e.g. SQLite's text dates) converted by the dialect exactly as <see cref="SqlDialect.Read"/> does.
/// </summary>
internal readonly struct SqlRowSource : IRowSource
{
    private readonly ISqlRowReader _reader;
    private readonly SqlDialect _dialect;
    private readonly IReadOnlyList<SqlColumn> _columns;

    public SqlRowSource(ISqlRowReader reader, SqlDialect dialect, IReadOnlyList<SqlColumn> columns)
    {
        _reader = reader;
        _dialect = dialect;
        _columns = columns;
    }

    public bool IsNull(int ordinal) => _reader.IsNull(ordinal);

    public string GetString(int ordinal) => _reader.GetString(ordinal);

    public byte[] GetUtf8(int ordinal) => _reader.GetUtf8(ordinal);

    public double GetDouble(int ordinal) => _reader.GetDouble(ordinal);

    public decimal GetDecimal(int ordinal) => _dialect.ReadDecimal(_reader, ordinal);

    public bool GetBoolean(int ordinal) => _dialect.ReadBoolean(_reader, ordinal);

    public long GetInt64(int ordinal) => _reader.GetInt64(ordinal);

    public DateOnly GetDateOnly(int ordinal) => _dialect.ReadDate(_reader, ordinal);

    public TimeOnly GetTimeOnly(int ordinal) => _dialect.ReadTime(_reader, ordinal);

    public DateTimeOffset GetDateTimeOffset(int ordinal) => _dialect.ReadDateTime(_reader, ordinal);

    public object GetValue(int ordinal) => _dialect.Read(_reader, ordinal, _columns[ordinal])!;
}
