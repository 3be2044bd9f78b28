using System.Buffers;
using System.Text.Json.Serialization.Metadata;

namespace ObjectQL.Sync.Protocol;

/// <summary>
/// A push response's wire text, measured before a byte of it is sent: the response without its changes (a small
/// "shell"), and the page's changes as they were written into pooled segments when the page was built. A server sends
/// the shell around the segments straight into its body writer, so a page of hundreds of KiB is never copied into one
/// array of its own (an allocation on the large-object heap for every page).
/// </summary>
internal sealed class ResponseText
{
    private readonly byte[] _shell;
    private readonly WrittenChanges? _changes;
    // Where the empty array of the shell's serverChanges member starts (its '[').
    private readonly int _array;

    private ResponseText(byte[] shell, WrittenChanges? changes, int array)
    {
        _shell = shell;
        _changes = changes;
        _array = array;
        Length = changes is null ? shell.Length : shell.Length - 2 + changes.Utf8Length;
    }

    /// <summary>The number of bytes <see cref="WriteTo"/> writes.</summary>
    public int Length { get; }

    /// <summary>The text of <paramref name="response"/>, equal to what the serializer writes with <paramref name="typeInfo"/>.</summary>
    public static ResponseText Of(SyncPushResponse response, JsonTypeInfo<SyncPushResponse> typeInfo)
    {
        if (typeInfo.Options.WriteIndented)
        {
            return new ResponseText(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(response, typeInfo), null, 0);
        }
        var written = response.ServerChanges is WrittenChanges { HoldsText: true } text ? text : null;
        // The results are written into the shell apart (ResultsText); the page's changes, when they are held as text,
        // are sent around it.
        var shell = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            response with { Results = [], ServerChanges = written is null ? response.ServerChanges : [] }, typeInfo);
        if (response.Results.Count > 0)
        {
            if (ResultsText.Into(shell, response.Results, typeInfo.Options) is not { } withResults)
            {
                return new ResponseText(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(response, typeInfo), null, 0);
            }
            shell = withResults;
        }
        if (written is null)
        {
            return new ResponseText(shell, null, 0);
        }
        // The last occurrence is the member itself: only results come before it (a record may have a field of that
        // name), and after it nothing but the checkpoint, flags, clock and numbers, none of which can hold that text
        // unescaped.
        var at = shell.AsSpan().LastIndexOf("\"serverChanges\":[]"u8);
        return at < 0
            ? new ResponseText(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(response, typeInfo), null, 0)
            : new ResponseText(shell, written, at + "\"serverChanges\":".Length);
    }

    /// <summary>Writes the text to <paramref name="destination"/>; the page's segments go back to the pool, so it is written once.</summary>
    public void WriteTo(IBufferWriter<byte> destination)
    {
        if (_changes is null)
        {
            destination.Write(_shell);
            return;
        }
        destination.Write(_shell.AsSpan(0, _array));
        _changes.TakeText(destination);
        destination.Write(_shell.AsSpan(_array + 2));
    }

    /// <summary>The text as one array.</summary>
    public byte[] ToArray()
    {
        if (_changes is null)
        {
            return _shell;
        }
        var body = new byte[Length];
        _shell.AsSpan(0, _array).CopyTo(body);
        _changes.TakeText(body.AsSpan(_array, Length - _shell.Length + 2));
        _shell.AsSpan(_array + 2).CopyTo(body.AsSpan(Length - (_shell.Length - _array - 2)));
        return body;
    }
}
