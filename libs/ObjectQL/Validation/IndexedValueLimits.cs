namespace ObjectQL.Validation;

/// <summary>
/// How large a value an indexed field may hold. A unique or indexed field is a key of a store index, and stores bound
/// their index entries (PostgreSQL's btree refuses entries of about 2,700 bytes), so every driver refuses a larger
/// value the same way before it reaches the store: <see cref="ErrorCodes.ValidationError"/> naming the field, reason
/// <c>too_large</c>.
/// </summary>
public static class IndexedValueLimits
{
    /// <summary>
    /// The most UTF-8 bytes the text values of one index entry may hold together. A field that is <c>unique</c> or has
    /// <c>index: true</c> may hold this many; a field of a composite index (<c>indexes:</c>) an equal share of it, for
    /// example 1,000 bytes in an index of two fields. A list field's limit holds for each of its values.
    /// </summary>
    public const int MaxBytes = 2000;
}
