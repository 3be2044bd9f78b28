using System.Globalization;

namespace ObjectQL.Browser.Interop;

/// <summary>A failure SQLite reported through the JavaScript module: its message and extended result code.</summary>
internal sealed partial class BrowserSqliteException(string message, int? code, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>SQLite's extended result code, when the module knew it.</summary>
    public int? Code { get; } = code;

    /// <summary>Reads the failure described by a <c>{"message","code"}</c> object at <paramref name="text"/>'s position.</summary>
    public static BrowserSqliteException Read(AnswerText text, Exception? inner = null)
    {
        string? message = null;
        int? code = null;
        var first = true;
        while (text.NextMember(ref first) is { } name)
        {
            var value = text.ReadCell();
            if (name == "message" && value.Kind is CellKind.Text or CellKind.EscapedText)
            {
                message = text.Text(value);
            }
            else if (name == "code" && value.Kind == CellKind.Number && int.TryParse(text.Span(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                code = number;
            }
        }
        return new BrowserSqliteException(message ?? "SQLite failed without a message.", code, inner);
    }
}
