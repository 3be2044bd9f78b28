namespace ObjectQL.Values;

// The source generator compiles this file too (see generators/ObjectQL.Generators/ObjectQL.Generators.csproj), so it
// must build for netstandard2.0.

/// <summary>
/// The canonical runtime representation of a field's values and their JSON form (docs/modeling.md). The runtime
/// converts, compares and stores values by it; generated JSON converters read each field by it.
/// </summary>
public enum ValueKind
{
    /// <summary><see cref="string"/>; a JSON string.</summary>
    Text,
    /// <summary><see cref="double"/>; a JSON number.</summary>
    Number,
    /// <summary><see cref="decimal"/>; a JSON number.</summary>
    Decimal,
    /// <summary><see cref="bool"/>; JSON <c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary><see cref="long"/> (only <c>_version</c>); a whole JSON number.</summary>
    Integer,
    /// <summary><see cref="DateOnly"/>; a <c>yyyy-MM-dd</c> JSON string.</summary>
    Date,
    /// <summary><see cref="DateTimeOffset"/>, kept to whole microseconds; an ISO-8601 JSON string with its offset.</summary>
    DateTime,
    /// <summary><see cref="TimeOnly"/>, kept to whole microseconds; a <c>HH:mm:ss[.fffffff]</c> JSON string.</summary>
    Time,
    /// <summary><see cref="System.Text.Json.JsonElement"/>; any JSON value.</summary>
    Json,
    /// <summary>An array of <see cref="float"/>; a JSON array of numbers.</summary>
    Vector,
}
