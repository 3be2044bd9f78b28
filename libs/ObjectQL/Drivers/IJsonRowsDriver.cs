using ObjectQL.Metadata;

namespace ObjectQL.Drivers;

/// <summary>
/// A driver that inserts many rows of an object from one JSON array in one statement, reading each column's value out of
/// the JSON in the store itself (set-based), so the caller builds no record per row. What it stores for a value is what
/// <see cref="IObjectQLDriver.InsertAsync"/> stores for the same value as a canonical record value, byte for byte; a field
/// whose stored form the store cannot produce that way from JSON is refused by <see cref="CanReadFromJson"/>.
/// </summary>
public interface IJsonRowsDriver
{
    /// <summary>True when <see cref="InsertFromJsonAsync"/> can fill the column of <paramref name="field"/> from a JSON value.</summary>
    bool CanReadFromJson(FieldDefinition field);

    /// <summary>
    /// Inserts one row for each element of <see cref="JsonRows.Json"/> whose id is new and whose values pass the field
    /// rules of <paramref name="definition"/> that <see cref="JsonRows"/> describes (a JSON type that fits the field,
    /// required, lengths, options); the others are left alone for the caller to write its own way. Returns the ids of the
    /// rows inserted, in no particular order.
    /// </summary>
    Task<IReadOnlyList<string>> InsertFromJsonAsync(ObjectDefinition definition, JsonRows rows, IDriverTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>
    /// True when <see cref="UpsertFromJsonAsync"/> can write every stored field of <paramref name="definition"/> from JSON
    /// (text-like fields, booleans and numbers).
    /// </summary>
    bool CanUpsertFromJson(ObjectDefinition definition);

    /// <summary>
    /// Writes one row for each element of <see cref="JsonRows.Json"/> in one statement: a new id is inserted; a held id has
    /// its fields replaced by the element's, when <paramref name="newerBy"/> is null or the element's value of that number
    /// field is greater than the held row's (otherwise the held row stays). For rows of the caller's own making: each value
    /// is stored as the element holds it (a JSON string as text, a number, a boolean, null), stored as
    /// <see cref="IObjectQLDriver.InsertAsync"/> stores the same canonical value, without the JSON type checks and field
    /// rules of <see cref="InsertFromJsonAsync"/>; <see cref="JsonRows.Constants"/> and <see cref="JsonRows.WhenMissing"/>
    /// apply to inserted rows. Returns the ids written, in no particular order. Only when <see cref="CanUpsertFromJson"/>.
    /// </summary>
    Task<IReadOnlyList<string>> UpsertFromJsonAsync(ObjectDefinition definition, JsonRows rows, string? newerBy, IDriverTransaction? transaction, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IJsonRowsDriver.InsertFromJsonAsync"/> writes.</summary>
public sealed record JsonRows
{
    /// <summary>A JSON array of objects, one per row.</summary>
    public required string Json { get; init; }

    /// <summary>The JSON path of the row's id in each element, such as <c>$.id</c>.</summary>
    public required string IdPath { get; init; }

    /// <summary>
    /// The JSON path, in each element, of the object holding the field values by field name, such as <c>$.data</c>;
    /// every declared, stored field of the object is read from there.
    /// </summary>
    public required string ValuesPath { get; init; }

    /// <summary>
    /// The value of a field whose member is missing from an element (a member that is JSON null stores null), as a
    /// canonical value; a field not named here stores null when missing.
    /// </summary>
    public IReadOnlyDictionary<string, object?> WhenMissing { get; init; } = new Dictionary<string, object?>();

    /// <summary>Values every row gets (system fields such as <c>created_at</c>), as canonical values.</summary>
    public IReadOnlyDictionary<string, object?> Constants { get; init; } = new Dictionary<string, object?>();

    /// <summary>
    /// When true, a row is inserted only when every required field has a value (not null, not empty text), text is within
    /// its declared lengths (counted in characters) and a select value is one of its options; otherwise only the JSON
    /// types are checked.
    /// </summary>
    public bool CheckFieldRules { get; init; }
}
