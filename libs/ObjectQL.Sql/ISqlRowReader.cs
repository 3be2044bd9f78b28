namespace ObjectQL.Sql;

/// <summary>
/// The rows of one query result, read forward, value by value by ordinal: what an executor hands the driver. An ADO.NET
/// executor wraps its data reader (<see cref="DbRowReader"/>); a store that answers with JSON rows reads its parsed
/// rows. Getters are called only on non-null values and only with the types the store's dialect reads (the SQLite
/// dialect asks for text, whole numbers and doubles only).
/// </summary>
public interface ISqlRowReader
{
    /// <summary>Moves to the next row; false when there is none.</summary>
    ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    /// <summary>True when the value at <paramref name="ordinal"/> is SQL NULL.</summary>
    bool IsNull(int ordinal);

    /// <summary>A text value.</summary>
    string GetString(int ordinal);

    /// <summary>A text value as its UTF-8 bytes; a store that holds UTF-8 overrides this to skip the string.</summary>
    byte[] GetUtf8(int ordinal) => System.Text.Encoding.UTF8.GetBytes(GetString(ordinal));

    /// <summary>A 64-bit integer.</summary>
    long GetInt64(int ordinal);

    /// <summary>A double-precision number.</summary>
    double GetDouble(int ordinal);

    /// <summary>An exact decimal (stores with a native decimal type).</summary>
    decimal GetDecimal(int ordinal);

    /// <summary>A boolean (stores with a native boolean type).</summary>
    bool GetBoolean(int ordinal);

    /// <summary>A calendar date (stores with a native date type).</summary>
    DateOnly GetDate(int ordinal);

    /// <summary>A time of day (stores with a native time type).</summary>
    TimeOnly GetTime(int ordinal);

    /// <summary>An instant (stores with a native timestamp type).</summary>
    DateTimeOffset GetDateTimeOffset(int ordinal);

    /// <summary>An array of single-precision numbers (stores with a native array type).</summary>
    float[] GetFloatArray(int ordinal);
}
