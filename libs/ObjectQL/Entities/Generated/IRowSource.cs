using System.ComponentModel;

namespace ObjectQL.Entities.Generated;

/// <summary>
/// One row of a store's result, read by ordinal straight into entity properties (no <see cref="Record"/>, no boxing).
/// Implementations hide how the store keeps a type (e.g. SQLite keeps dates and currency as text): a getter returns
/// the C# type of the field's canonical form (docs/modeling.md). Getters are only called on non-null values.
/// Used through a generic constraint so calls are neither boxed nor virtual.
/// Implemented by drivers, called by generated code; not used by applications.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRowSource
{
    /// <summary>True when the value at <paramref name="ordinal"/> is null.</summary>
    bool IsNull(int ordinal);

    /// <summary>A text value (text-like fields, select options, system text fields).</summary>
    string GetString(int ordinal);

    /// <summary>
    /// A text or JSON value as its UTF-8 bytes, for a reader that only copies the text on (a JSON post-image written
    /// into a response): a store that holds UTF-8 hands its bytes over without a .NET string in between.
    /// </summary>
    byte[] GetUtf8(int ordinal) => System.Text.Encoding.UTF8.GetBytes(GetString(ordinal));

    /// <summary>A number (<c>number</c>, <c>percent</c>).</summary>
    double GetDouble(int ordinal);

    /// <summary>An exact decimal (<c>currency</c>).</summary>
    decimal GetDecimal(int ordinal);

    /// <summary>A boolean.</summary>
    bool GetBoolean(int ordinal);

    /// <summary>A whole number (<c>_version</c>).</summary>
    long GetInt64(int ordinal);

    /// <summary>A calendar date.</summary>
    DateOnly GetDateOnly(int ordinal);

    /// <summary>A time of day.</summary>
    TimeOnly GetTimeOnly(int ordinal);

    /// <summary>An instant.</summary>
    DateTimeOffset GetDateTimeOffset(int ordinal);

    /// <summary>
    /// The value in the canonical record form (what a <see cref="Record"/> would hold), for JSON, vector and list
    /// fields, which are objects anyway.
    /// </summary>
    object GetValue(int ordinal);
}
