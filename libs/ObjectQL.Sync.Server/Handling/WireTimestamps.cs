using System.Globalization;

namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// A change's <c>timestamp</c> text (ISO 8601, UTC, milliseconds), formatted once per run of equal times: the rows of
/// one commit share its commit time, and a page sends hundreds of them.
/// </summary>
internal sealed class WireTimestamps
{
    private DateTimeOffset _last;
    private string? _text;

    public string Of(DateTimeOffset time)
    {
        if (_text is null || _last != time)
        {
            (_last, _text) = (time, time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        return _text;
    }
}
