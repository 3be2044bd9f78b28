using ObjectQL.Entities.Generated;

namespace ObjectQL.Sql;

/// <summary>
/// Writes one entity's fields, by slot, into its run of an argument array in <see cref="SqlTable.Columns"/> order (the
/// typed write path). Each typed value is bound in the column's storage form by the dialect's typed bind, which equals
/// what <see cref="SqlDialect.Bind"/> does with the same value from a record (checks included, e.g. PostgreSQL's
/// refusal of NUL characters); a value whose type does not match its column goes through that general bind.
/// </summary>
internal readonly struct SqlRowTarget : IRowTarget
{
    private readonly SqlTable _table;
    private readonly SqlArgument[] _arguments;
    private readonly int _offset;
    private readonly InstantCache _instants;

    public SqlRowTarget(SqlTable table, SqlArgument[] arguments, int offset, InstantCache instants)
    {
        _table = table;
        _arguments = arguments;
        _offset = offset;
        _instants = instants;
    }

    public void WriteNull(int slot)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = new SqlArgument(null, column.Kind);
        }
    }

    public void WriteString(int slot, string value)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = column.Kind == SqlValueKind.Text ? _table.Dialect.BindText(value) : _table.Dialect.Bind(column, value);
        }
    }

    public void WriteDouble(int slot, double value)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = column.Kind == SqlValueKind.Real ? _table.Dialect.BindReal(value) : _table.Dialect.Bind(column, value);
        }
    }

    public void WriteDecimal(int slot, decimal value)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = column.Kind == SqlValueKind.Decimal ? _table.Dialect.BindDecimal(value) : _table.Dialect.Bind(column, value);
        }
    }

    public void WriteBoolean(int slot, bool value)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = column.Kind == SqlValueKind.Boolean ? _table.Dialect.BindBoolean(value) : _table.Dialect.Bind(column, value);
        }
    }

    public void WriteInt64(int slot, long value)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = column.Kind == SqlValueKind.Integer ? _table.Dialect.BindInteger(value) : _table.Dialect.Bind(column, value);
        }
    }

    public void WriteDateOnly(int slot, DateOnly value)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = column.Kind == SqlValueKind.Date ? _table.Dialect.BindDate(value) : _table.Dialect.Bind(column, value);
        }
    }

    public void WriteTimeOnly(int slot, TimeOnly value)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = column.Kind == SqlValueKind.Time ? _table.Dialect.BindTime(value) : _table.Dialect.Bind(column, value);
        }
    }

    public void WriteDateTimeOffset(int slot, DateTimeOffset value)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = column.Kind == SqlValueKind.DateTime ? _instants.Bind(_table.Dialect, value) : _table.Dialect.Bind(column, value);
        }
    }

    public void WriteValue(int slot, object value)
    {
        if (Column(slot, out var index) is { } column)
        {
            _arguments[index] = _table.Dialect.Bind(column, value);
        }
    }

    // The column of a slot and the argument index it fills; null for slots the store does not hold (computed fields).
    private SqlColumn? Column(int slot, out int index)
    {
        var ordinal = (uint)slot < (uint)_table.Layout.Count
            ? _table.Layout[slot]
            : throw new ArgumentOutOfRangeException(nameof(slot), slot, $"'{_table.Definition.Name}' has no field slot {slot}.");
        index = _offset + ordinal;
        return ordinal < 0 ? null : _table.Columns[ordinal];
    }

    /// <summary>
    /// The last instant bound in one bulk write and its argument: every row of a batch carries the same
    /// <c>created_at</c> and <c>updated_at</c>, and SQLite would otherwise format that instant as text twice per row.
    /// </summary>
    internal sealed class InstantCache
    {
        private DateTimeOffset _instant;
        private SqlArgument _argument;
        private bool _has;

        public SqlArgument Bind(SqlDialect dialect, DateTimeOffset value)
        {
            // Same instant and offset: the dialect would bind it the same way again.
            if (!_has || !value.EqualsExact(_instant))
            {
                _argument = dialect.BindDateTime(value);
                _instant = value;
                _has = true;
            }
            return _argument;
        }
    }
}
