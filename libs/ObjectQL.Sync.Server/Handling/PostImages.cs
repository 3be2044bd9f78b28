using System.Text.Json;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>Checks on a change row's stored post-image (canonical JSON text) that need no parse into elements.</summary>
internal static class PostImages
{
    // Member names longer than this are rare enough to be read as strings.
    private const int MaxStackName = 128;

    /// <summary>
    /// True when every member of <paramref name="utf8"/> is one of <paramref name="names"/> (the fields of the record as
    /// the caller's pipeline returns it): then the caller may read the whole post-image and it goes on the wire as stored.
    /// </summary>
    public static bool WithinView(ReadOnlySpan<byte> utf8, HashSet<string> names)
    {
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        var reader = new Utf8JsonReader(utf8);
        Span<char> buffer = stackalloc char[MaxStackName];
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var known = reader.HasValueSequence || reader.ValueSpan.Length > MaxStackName
                    ? names.Contains(reader.GetString()!)
                    : lookup.Contains(buffer[..reader.CopyString(buffer)]);
                if (!known)
                {
                    return false;
                }
            }
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > 0)
            {
                reader.Skip();
            }
        }
        return true;
    }

    /// <summary>Refills <paramref name="names"/> with the fields of <paramref name="view"/> (the caller's scratch set, so nothing is allocated per row).</summary>
    public static HashSet<string> FieldsOf(Record view, HashSet<string> names)
    {
        names.Clear();
        foreach (var (name, _) in view)
        {
            names.Add(name);
        }
        return names;
    }
}
