using System.Globalization;
using System.Text;
using System.Text.Json;
using ObjectQL.Sql;

namespace ObjectQL.Cloudflare.D1;

/// <summary>
/// A statement in the form D1 takes: the SQLite dialect's <c>@pN</c> placeholders become D1's numbered <c>?N</c> (D1
/// binds by position and does not document named ones). When a statement needs more than D1's 100 bound parameters,
/// its long <c>IN (...)</c> lists become one JSON array each, read with <c>json_each</c>, and if that is not enough, the
/// parameters past the 99th travel in one JSON array bound last and are read with <c>->></c> (a wide <c>$or</c>, say).
/// A statement whose text still exceeds D1's 100 KB is refused with an <see cref="ObjectQLException"/> before anything is sent.
/// </summary>
internal readonly record struct D1Statement(string Sql, IReadOnlyList<SqlArgument> Arguments)
{
    private const string InOpen = "IN (";

    public static D1Statement From(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var parts = Split(statement.Text);
        var distinct = parts.Where(static p => p.Placeholder >= 0).Select(static p => p.Placeholder).Distinct().Count();
        var shaped = distinct > D1Limits.Parameters ? CollapseInLists(parts, statement.Arguments) : Renumber(parts, statement.Arguments, []);
        if (Encoding.UTF8.GetByteCount(shaped.Sql) > D1Limits.StatementBytes)
        {
            throw D1Limits.Refused($"A statement of {Encoding.UTF8.GetByteCount(shaped.Sql)} bytes exceeds D1's {D1Limits.StatementBytes}-byte limit.", "statement_too_large");
        }
        return shaped;
    }

    // The text cut into literal text and placeholders (@pN outside quotes and identifiers).
    private static List<Part> Split(string sql)
    {
        var parts = new List<Part>();
        var start = 0;
        var quote = '\0';
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
                continue;
            }
            if (c == '@' && i + 2 < sql.Length && sql[i + 1] == 'p' && char.IsAsciiDigit(sql[i + 2]))
            {
                var end = i + 2;
                while (end < sql.Length && char.IsAsciiDigit(sql[end]))
                {
                    end++;
                }
                parts.Add(new Part(sql[start..i], -1));
                parts.Add(new Part("", int.Parse(sql.AsSpan(i + 2, end - i - 2), CultureInfo.InvariantCulture)));
                start = end;
                i = end - 1;
            }
        }
        parts.Add(new Part(sql[start..], -1));
        return parts;
    }

    private static D1Statement Renumber(List<Part> parts, IReadOnlyList<SqlArgument> arguments, Dictionary<int, SqlArgument> collapsed)
    {
        var distinct = parts.Where(static p => p.Placeholder >= 0).Select(static p => p.Placeholder).Distinct().Count();
        var spill = distinct > D1Limits.Parameters;
        var text = new StringBuilder();
        var order = new Dictionary<int, string>();
        var output = new List<SqlArgument>();
        var spilled = new List<SqlArgument>();
        foreach (var part in parts)
        {
            if (part.Placeholder < 0)
            {
                text.Append(part.Text);
                continue;
            }
            if (!order.TryGetValue(part.Placeholder, out var reference))
            {
                var argument = collapsed.TryGetValue(part.Placeholder, out var list) ? list : Argument(arguments, part.Placeholder);
                if (!spill || output.Count < D1Limits.Parameters - 1)
                {
                    output.Add(argument);
                    reference = "?" + output.Count.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    reference = $"(?{D1Limits.Parameters.ToString(CultureInfo.InvariantCulture)}->>{spilled.Count.ToString(CultureInfo.InvariantCulture)})";
                    spilled.Add(argument);
                }
                order.Add(part.Placeholder, reference);
            }
            text.Append(reference);
        }
        if (spilled.Count > 0)
        {
            output.Add(new SqlArgument(JsonList(spilled), SqlValueKind.Json));
        }
        return new D1Statement(text.ToString(), output);
    }

    // "x IN (@p1, @p2, ...)" becomes "x IN (SELECT value FROM json_each(@p1))" with @p1 bound to the list as JSON.
    private static D1Statement CollapseInLists(List<Part> parts, IReadOnlyList<SqlArgument> arguments)
    {
        var rewritten = new List<Part>(parts.Count);
        var collapsed = new Dictionary<int, SqlArgument>();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Placeholder >= 0 || !part.Text.EndsWith(InOpen, StringComparison.Ordinal))
            {
                rewritten.Add(part);
                continue;
            }
            var members = new List<int>();
            var j = i + 1;
            while (j + 1 < parts.Count && parts[j].Placeholder >= 0)
            {
                members.Add(parts[j].Placeholder);
                if (parts[j + 1].Text != ", ")
                {
                    break;
                }
                j += 2;
            }
            var close = i + 2 * members.Count;
            if (members.Count < 2 || close >= parts.Count || !parts[close].Text.StartsWith(')'))
            {
                rewritten.Add(part);
                continue;
            }
            rewritten.Add(new Part(part.Text + "SELECT value FROM json_each(", -1));
            rewritten.Add(new Part("", members[0]));
            collapsed[members[0]] = new SqlArgument(JsonList(members.Select(m => Argument(arguments, m))), SqlValueKind.Json);
            rewritten.Add(new Part(")" + parts[close].Text, -1));
            i = close;
        }
        return Renumber(rewritten, arguments, collapsed);
    }

    private static string JsonList(IEnumerable<SqlArgument> items)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                D1Requests.WriteValue(writer, item.Value);
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static SqlArgument Argument(IReadOnlyList<SqlArgument> arguments, int index) =>
        index < arguments.Count ? arguments[index] : throw new ArgumentException($"The statement uses @p{index} but has {arguments.Count} arguments.", nameof(arguments));

    private readonly record struct Part(string Text, int Placeholder);
}
