using System.Runtime.InteropServices.JavaScript;
using System.Text.Json;

namespace ObjectQL.Browser.Interop;

/// <summary>A failure SQLite reported through the JavaScript module: its message and extended result code.</summary>
internal sealed class BrowserSqliteException(string message, int? code, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>SQLite's extended result code, when the module knew it.</summary>
    public int? Code { get; } = code;

    /// <summary>
    /// The failure a rejected promise carried: the module throws <c>{"message","code"}</c> as JSON text, so the code
    /// survives the trip whatever the JavaScript error type was.
    /// </summary>
    public static BrowserSqliteException From(JSException exception)
    {
        var text = exception.Message;
        var start = text.IndexOf('{', StringComparison.Ordinal);
        if (start >= 0)
        {
            try
            {
                using var json = JsonDocument.Parse(text[start..]);
                return From(json.RootElement, exception);
            }
            catch (JsonException)
            {
            }
        }
        return new BrowserSqliteException(text, null, exception);
    }

    /// <summary>The failure described by a <c>{"message","code"}</c> object.</summary>
    public static BrowserSqliteException From(JsonElement error, Exception? inner = null)
    {
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "SQLite failed without a message.";
        int? code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null;
        return new BrowserSqliteException(message, code, inner);
    }
}
