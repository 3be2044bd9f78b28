namespace ObjectQL.Sql;

/// <summary>One change of the metadata that the stored rows do not allow, found before schema sync changes anything.</summary>
/// <param name="Code">The error code: <see cref="ErrorCodes.Conflict"/> for values a new unique index would reject, otherwise <see cref="ErrorCodes.InvalidRequest"/>.</param>
/// <param name="Field">The field concerned.</param>
/// <param name="Reason">A stable reason, e.g. <c>required_without_default</c>.</param>
/// <param name="Message">What is wrong, where, and what to do.</param>
internal sealed record SchemaProblem(string Code, string? Field, string Reason, string Message)
{
    /// <summary>One error for every problem found, so a single open names them all.</summary>
    public static ObjectQLException Refuse(IReadOnlyList<SchemaProblem> problems)
    {
        var code = problems.All(static p => p.Code == ErrorCodes.Conflict) ? ErrorCodes.Conflict : ErrorCodes.InvalidRequest;
        var message = problems.Count == 1
            ? problems[0].Message
            : "The stored data does not allow these metadata changes; nothing was changed:\n- " + string.Join("\n- ", problems.Select(static p => p.Message));
        return new ObjectQLException(code, message, [.. problems.Select(static p => new ErrorDetail(p.Field, p.Message, p.Reason))]);
    }

    public static SchemaProblem RequiredWithoutDefault(SqlTable table, SqlColumn column, long rows) => Invalid(column, "required_without_default",
        $"Object '{table.Definition.Name}' has {rows} record(s) and its new required field '{column.Name}' has no defaultValue, so they would have no value. " +
        "Give the field a defaultValue (existing records get it), or add it without `required: true`, fill it in, then make it required.");

    public static SchemaProblem RequiredWithNulls(SqlTable table, SqlColumn column, long rows) => Invalid(column, "required_with_nulls",
        $"Field '{column.Name}' of '{table.Definition.Name}' is now required, but {rows} record(s) have no value in it. " +
        "Give the field a defaultValue (those records get it), or fill them in before making it required.");

    public static SchemaProblem StorageChanged(SqlTable table, SqlColumn column, FieldState before, long rows) => Invalid(column, "type_changed",
        $"Field '{column.Name}' of '{table.Definition.Name}' changed from {Describe(before)} to {Describe(ObjectState.FieldState(column))}, and {rows} record(s) hold a value stored as {before.TypeName}. " +
        "ObjectQL never rewrites data: keep the type, or add a field with a new name and the new type, copy the values over, then remove the old field.");

    public static SchemaProblem Incompatible(SqlTable table, SqlColumn column, string databaseType, string wanted) => Invalid(column, "incompatible_column",
        $"Column {table.QuotedName}.{column.QuotedName} is {databaseType} in the database, but field '{column.Name}' ({column.TypeName}) of '{table.Definition.Name}' is stored as {wanted}. " +
        $"ObjectQL never rewrites data: migrate the column to {wanted} yourself, or give the field a new name and copy the values over.");

    public static SchemaProblem NotAnOption(SqlTable table, SqlColumn column, string? value, long rows) => Invalid(column, "invalid_option",
        $"Field '{column.Name}' of '{table.Definition.Name}' no longer has the option '{value}', and {rows} record(s) hold it or another value outside its options. " +
        "Keep the option, or change those records to one of the options before removing it.");

    public static SchemaProblem InvalidDefault(SqlTable table, SqlColumn column, string? error) => Invalid(column, "invalid_default",
        $"The defaultValue of field '{column.Name}' of '{table.Definition.Name}' does not fit the field ({error}), so existing records cannot be given it.");

    public static SchemaProblem DefaultNotFound(SqlTable table, SqlColumn column, string target, string id, long rows) => Invalid(column, "default_not_found",
        $"The defaultValue '{id}' of field '{column.Name}' of '{table.Definition.Name}' names no '{target}' record, so the {rows} existing record(s) cannot be given it. " +
        "Create that record first, or give the field a defaultValue that names one.");

    public static SchemaProblem Duplicates(SqlTable table, SchemaIndex index)
    {
        var names = string.Join(", ", index.Fields);
        return new(ErrorCodes.Conflict, index.Fields[0], "unique",
            $"'{names}' of '{table.Definition.Name}' is now unique, but existing records share a value of it, so the unique index {index.Name} cannot be built. " +
            "Make those values distinct (or clear them), or remove `unique`, then open again.");
    }

    public static SchemaProblem Renamed(SqlTable table, string oldObject, string oldTable, long rows) => Invalid(null, "renamed_object",
        $"Object '{table.Definition.Name}' is new and has the same fields as '{oldObject}', which is no longer in the model but whose table '{oldTable}' holds {rows} record(s). " +
        $"If '{table.Definition.Name}' is '{oldObject}' renamed, add `tableName: {oldTable}` to its object file so it keeps those records. " +
        $"If '{oldObject}' was removed on purpose, rename or drop its table yourself (ObjectQL never drops data), then open again.");

    private static SchemaProblem Invalid(SqlColumn? column, string reason, string message) => new(ErrorCodes.InvalidRequest, column?.Name, reason, message);

    // A list field keeps its values as a JSON array of another kind; say so, as that alone changes how values are read.
    private static string Describe(FieldState field) =>
        field.Storage.StartsWith("Json/", StringComparison.Ordinal) && field.Storage != "Json/Json" ? $"a list of {field.TypeName}" : field.TypeName;
}
