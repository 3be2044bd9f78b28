namespace ObjectQL.Drivers;

/// <summary>The rule every driver applies to savepoint names, which SQL drivers write into statement text.</summary>
public static class SavepointNames
{
    /// <summary>The longest name accepted (PostgreSQL truncates identifiers beyond 63 bytes).</summary>
    public const int MaxLength = 63;

    /// <summary>
    /// Returns <paramref name="name"/> when it is an identifier: 1 to <see cref="MaxLength"/> ASCII letters, digits and
    /// underscores, not starting with a digit. Anything else is <see cref="ErrorCodes.InvalidRequest"/> (reason
    /// <c>invalid_savepoint</c>), so no name can carry SQL.
    /// </summary>
    public static string Check(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxLength || char.IsAsciiDigit(name[0]) || !name.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw ObjectQLException.InvalidRequest(
                $"Savepoint name '{Shorten(name)}' is not an identifier: use 1-{MaxLength} ASCII letters, digits and underscores, not starting with a digit.",
                "savepoint", "invalid_savepoint");
        }
        return name;
    }

    /// <summary>The error for a savepoint name the transaction does not hold.</summary>
    public static ObjectQLException Unknown(string name) =>
        ObjectQLException.InvalidRequest($"The transaction has no savepoint '{name}'.", "savepoint", "unknown_savepoint");

    private static string Shorten(string name) => name.Length <= MaxLength ? name : name[..MaxLength] + "...";
}
