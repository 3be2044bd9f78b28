using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ObjectQL.Generators.Parsing;

/// <summary>Turns metadata names into C# identifiers and labels.</summary>
internal static class Names
{
    /// <summary>Member names the generated entity and patch types use themselves.</summary>
    public static readonly HashSet<string> ReservedMembers = new(System.StringComparer.Ordinal)
    {
        "Id", "CreatedAt", "UpdatedAt", "CreatedBy", "UpdatedBy", "Version", "Fields", "Definition", "TryGetField",
        "SetField", "ToRecord", "FromRecord", "SetFields", "IsSet", "ApplyTo", "GetType", "ToString", "Equals",
        "GetHashCode", "MemberwiseClone", "Finalize", "ReferenceEquals", "TrySetField", "CreateDefinition", "CreatePermissions",
    };

    /// <summary>Type names the generated code uses once per project.</summary>
    public static readonly HashSet<string> ReservedTypes = new(System.StringComparer.Ordinal)
    {
        "AppModel", "AppModelJsonContext", "ObjectQLSessionExtensions",
        "AppModelJsonContext.GetTypeInfo", "AppModelJsonContext.Options", "AppModelJsonContext.Default",
        "AppModelJsonContext.GeneratedSerializerOptions",
    };

    /// <summary>
    /// The candidate within two edits (insert, delete, replace or swap of neighbours) of <paramref name="key"/>, or null:
    /// the suggestion for a misspelled key.
    /// </summary>
    public static string? Closest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(key, candidate);
            if (distance < bestDistance && distance < candidate.Length)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return best;
    }

    // Optimal string alignment distance: Levenshtein plus transposition of two neighbouring characters.
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = System.Math.Min(System.Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = System.Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>True when <paramref name="name"/> is a metadata name we can turn into an identifier.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || !(IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        var hasLetterOrDigit = false;
        foreach (var c in name)
        {
            if (IsAsciiLetter(c) || IsAsciiDigit(c))
            {
                hasLetterOrDigit = true;
            }
            else if (c != '_')
            {
                return false;
            }
        }
        return hasLetterOrDigit;
    }

    /// <summary><c>todo_item</c> -> <c>TodoItem</c>; <c>_version2</c> -> <c>Version2</c>.</summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            if (!(IsAsciiLetter(c) || IsAsciiDigit(c)))
            {
                upperNext = true;
                continue;
            }
            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        if (builder.Length > 0 && IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }
        return builder.ToString();
    }

    /// <summary>A select option value as an enum member: <c>on_hold</c> -> <c>OnHold</c>, <c>3</c> -> <c>Value3</c>.</summary>
    public static string ToMemberName(string value, int index)
    {
        var pascal = ToPascalCase(value.Replace('.', '_').Replace('-', '_'));
        if (pascal.Length == 0)
        {
            return "Option" + (index + 1).ToString(CultureInfo.InvariantCulture);
        }
        return pascal[0] == '_' ? "Value" + pascal.Substring(1) : pascal;
    }

    /// <summary><c>todo_item</c> -> <c>Todo Item</c>.</summary>
    public static string ToTitle(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            if (c == '_' || c == '-' || c == ' ')
            {
                if (builder.Length > 0 && builder[builder.Length - 1] != ' ')
                {
                    builder.Append(' ');
                }
                upperNext = true;
                continue;
            }
            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        return builder.ToString().TrimEnd();
    }

    /// <summary>A plural for the session extension method: <c>TodoItem</c> -> <c>TodoItems</c>, <c>Category</c> -> <c>Categories</c>.</summary>
    public static string Pluralize(string name)
    {
        if (name.EndsWith("y", System.StringComparison.Ordinal) && name.Length > 1 && "aeiouAEIOU".IndexOf(name[name.Length - 2]) < 0)
        {
            return name.Substring(0, name.Length - 1) + "ies";
        }
        if (name.EndsWith("s", System.StringComparison.Ordinal) || name.EndsWith("x", System.StringComparison.Ordinal) ||
            name.EndsWith("z", System.StringComparison.Ordinal) || name.EndsWith("ch", System.StringComparison.Ordinal) ||
            name.EndsWith("sh", System.StringComparison.Ordinal))
        {
            return name + "es";
        }
        return name + "s";
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';
}
