using System.Globalization;
using System.Text;

namespace ObjectQL.Browser.Interop;

/// <summary>
/// Reads the engine's answers, the text of <c>JSON.stringify</c> over a fixed shape (<see cref="BatchResponse"/>), in
/// one pass over the string: no JSON library, whose first use costs the interpreter its reader's code at the start of
/// every page. A row's values are kept as places in the text (<see cref="Cell"/>) and converted when asked for, as a
/// document reader would. Text that is not JSON throws <see cref="FormatException"/>.
/// </summary>
internal sealed class AnswerText(string json)
{
    private int _at;

    /// <summary>The answer's text.</summary>
    public string Json { get; } = json;

    /// <summary>True at the end of the text (white space aside).</summary>
    public bool AtEnd
    {
        get
        {
            SkipSpace();
            return _at == Json.Length;
        }
    }

    /// <summary>Reads <c>{</c>, or <c>,</c> before a further member, and that member's name; null after the closing <c>}</c>.</summary>
    public string? NextMember(ref bool first)
    {
        SkipSpace();
        if (first)
        {
            Expect('{');
            first = false;
            SkipSpace();
            if (TryTake('}'))
            {
                return null;
            }
        }
        else if (TryTake('}'))
        {
            return null;
        }
        else
        {
            Expect(',');
        }
        SkipSpace();
        var name = Text(ReadString());
        SkipSpace();
        Expect(':');
        return name;
    }

    /// <summary>Reads <c>[</c>, or <c>,</c> before a further element; false after the closing <c>]</c>.</summary>
    public bool NextElement(ref bool first)
    {
        SkipSpace();
        if (first)
        {
            Expect('[');
            first = false;
            SkipSpace();
            return !TryTake(']');
        }
        if (TryTake(']'))
        {
            return false;
        }
        Expect(',');
        return true;
    }

    /// <summary>Reads one value that is a row's cell: null, a string, a number, a boolean, or <c>{"i":"digits"}</c>.</summary>
    public Cell ReadCell()
    {
        SkipSpace();
        var c = Peek();
        switch (c)
        {
            case '"':
                return ReadString();
            case 'n':
                Literal("null");
                return new Cell(_at - 4, 4, CellKind.Null);
            case 't':
                Literal("true");
                return new Cell(_at - 4, 4, CellKind.True);
            case 'f':
                Literal("false");
                return new Cell(_at - 5, 5, CellKind.False);
            case '{':
                var first = true;
                var wide = default(Cell);
                while (NextMember(ref first) is { } name)
                {
                    wide = name == "i" ? ReadCell() with { Kind = CellKind.Wide } : throw Malformed("an object other than {\"i\":\"digits\"}");
                }
                return wide.Kind == CellKind.Wide ? wide : throw Malformed("an empty object");
            default:
                return ReadNumber();
        }
    }

    /// <summary>Reads a number as an <see cref="int"/>; null for <c>null</c>.</summary>
    public int? ReadInt32OrNull()
    {
        var cell = ReadCell();
        return cell.Kind switch
        {
            CellKind.Null => null,
            CellKind.Number => int.Parse(Span(cell), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            _ => throw Malformed("a count that is not a number"),
        };
    }

    /// <summary>Skips one value of any kind.</summary>
    public void Skip()
    {
        SkipSpace();
        var first = true;
        switch (Peek())
        {
            case '{':
                while (NextMember(ref first) is not null)
                {
                    Skip();
                }
                break;
            case '[':
                while (NextElement(ref first))
                {
                    Skip();
                }
                break;
            default:
                ReadCell();
                break;
        }
    }

    /// <summary>The characters of <paramref name="cell"/> as written (a string's without its quotes, escapes as written).</summary>
    public ReadOnlySpan<char> Span(Cell cell) => Json.AsSpan(cell.Start, cell.Length);

    /// <summary>The value of a string cell (its escapes read), or any other cell's text as written.</summary>
    public string Text(Cell cell) => cell.Kind == CellKind.EscapedText ? Unescape(Span(cell)) : Json.Substring(cell.Start, cell.Length);

    private Cell ReadString()
    {
        Expect('"');
        var start = _at;
        var escaped = false;
        while (true)
        {
            if (_at >= Json.Length)
            {
                throw Malformed("a string without its closing quote");
            }
            var c = Json[_at];
            if (c == '"')
            {
                break;
            }
            if (c == '\\')
            {
                escaped = true;
                _at++;
            }
            _at++;
        }
        var cell = new Cell(start, _at - start, escaped ? CellKind.EscapedText : CellKind.Text);
        _at++;
        return cell;
    }

    private Cell ReadNumber()
    {
        var start = _at;
        while (_at < Json.Length && Json[_at] is (>= '0' and <= '9') or '-' or '+' or '.' or 'e' or 'E')
        {
            _at++;
        }
        return _at > start ? new Cell(start, _at - start, CellKind.Number) : throw Malformed("a value that is not JSON");
    }

    private static string Unescape(ReadOnlySpan<char> text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                result.Append(c);
                continue;
            }
            // ReadString saw a character after every backslash.
            c = text[++i];
            result.Append(c switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'u' when i + 4 < text.Length => (char)ushort.Parse(text.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
                'u' => throw new FormatException("The SQLite module's answer has a \\u escape without four hex digits."),
                _ => c,
            });
            if (c == 'u')
            {
                i += 4;
            }
        }
        return result.ToString();
    }

    private void Literal(string word)
    {
        if (string.CompareOrdinal(Json, _at, word, 0, word.Length) != 0)
        {
            throw Malformed("a value that is not JSON");
        }
        _at += word.Length;
    }

    private void SkipSpace()
    {
        while (_at < Json.Length && Json[_at] is ' ' or '\n' or '\r' or '\t')
        {
            _at++;
        }
    }

    private char Peek() => _at < Json.Length ? Json[_at] : throw Malformed("the end of the text");

    private bool TryTake(char c)
    {
        if (_at < Json.Length && Json[_at] == c)
        {
            _at++;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        if (!TryTake(c))
        {
            throw Malformed($"'{(_at < Json.Length ? Json[_at] : ' ')}' where '{c}' belongs");
        }
    }

    private FormatException Malformed(string what) => new($"The SQLite module's answer is not the JSON expected: {what} at {_at}.");
}

/// <summary>What a <see cref="Cell"/> holds.</summary>
internal enum CellKind : byte
{
    Null,
    Text,
    EscapedText,
    Number,
    True,
    False,
    /// <summary>An integer beyond JavaScript's exact range, as its digits (<c>{"i":"digits"}</c>).</summary>
    Wide,
}

/// <summary>A value's place in the answer's text.</summary>
internal readonly record struct Cell(int Start, int Length, CellKind Kind);
