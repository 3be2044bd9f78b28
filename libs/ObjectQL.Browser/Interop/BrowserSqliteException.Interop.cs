using System.Runtime.InteropServices.JavaScript;

namespace ObjectQL.Browser.Interop;

internal sealed partial class BrowserSqliteException
{
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
                return Read(new AnswerText(text[start..]), exception);
            }
            catch (FormatException)
            {
            }
        }
        return new BrowserSqliteException(text, null, exception);
    }
}
