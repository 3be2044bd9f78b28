using System.ComponentModel;

namespace ObjectQL.Entities.Generated;

/// <summary>
/// Receives one entity's stored fields by slot, typed, for writing without a <see cref="Record"/> (the mirror of
/// <see cref="IRowSource"/>). Slots are <see cref="RowLayout"/>'s: the system fields in <see cref="Metadata.SystemFields.All"/>
/// order, then the declared fields in declaration order; computed fields are never written. A generated
/// <see cref="IEntity{TSelf}.WriteRow"/> calls exactly one method per stored slot, with the typed method of the field's
/// canonical C# type, so targets used through a generic constraint neither box nor dispatch virtually.
/// Implemented by drivers, called by generated code; not used by applications.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRowTarget
{
    /// <summary>The field at <paramref name="slot"/> is null (for <c>_version</c>: never called; 0 is written).</summary>
    void WriteNull(int slot);

    /// <summary>A text value (text-like fields, lookups, system text fields).</summary>
    void WriteString(int slot, string value);

    /// <summary>A number (<c>number</c>, <c>percent</c>).</summary>
    void WriteDouble(int slot, double value);

    /// <summary>An exact decimal (<c>currency</c>).</summary>
    void WriteDecimal(int slot, decimal value);

    /// <summary>A boolean.</summary>
    void WriteBoolean(int slot, bool value);

    /// <summary>A whole number (<c>_version</c>).</summary>
    void WriteInt64(int slot, long value);

    /// <summary>A calendar date.</summary>
    void WriteDateOnly(int slot, DateOnly value);

    /// <summary>A time of day.</summary>
    void WriteTimeOnly(int slot, TimeOnly value);

    /// <summary>An instant.</summary>
    void WriteDateTimeOffset(int slot, DateTimeOffset value);

    /// <summary>
    /// A value in its canonical record form (what <see cref="IEntity.ToRecord"/> would hold): select options, lists,
    /// JSON and vectors.
    /// </summary>
    void WriteValue(int slot, object value);
}
