using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>HTTP/1.1 by hand, for requests no well-behaved client sends.</summary>
internal static class RawHttp
{
    public sealed record Answer(int StatusCode, string Headers, string Body);

    /// <summary>
    /// Posts a chunked body of <paramref name="length"/> bytes of <c>a</c> after <c>{"clientId":"</c>, writing until the
    /// whole body is sent or the server closes, while reading the answer; returns the answer with lower-case headers.
    /// </summary>
    public static async Task<Answer> PostEndlessChunkedAsync(Uri server, string path, IEnumerable<string> headers, long length)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var head = new StringBuilder($"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nTransfer-Encoding: chunked\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        using var stop = new CancellationTokenSource();
        var writing = WriteChunksAsync(stream, length, stop.Token);
        var answer = await ReadAnswerAsync(stream);
        await stop.CancelAsync();
        await writing;
        return answer;
    }

    private static async Task WriteChunksAsync(NetworkStream stream, long length, CancellationToken stop)
    {
        var chunk = Enumerable.Repeat((byte)'a', 16 * 1024).ToArray();
        "{\"clientId\":\""u8.CopyTo(chunk);
        var frame = Encoding.ASCII.GetBytes(chunk.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n").Concat(chunk).Concat("\r\n"u8.ToArray()).ToArray();
        try
        {
            for (long sent = 0; sent < length && !stop.IsCancellationRequested; sent += chunk.Length)
            {
                await stream.WriteAsync(frame, stop);
                "aaaaaaaaaaaaa"u8.CopyTo(frame.AsSpan(6));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The server answered and closed: the rest is not wanted.
        }
    }

    private static async Task<Answer> ReadAnswerAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOf(received, "\r\n\r\n"u8.ToArray())) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("The server closed the connection without an answer.");
            }
            received.AddRange(buffer.AsSpan(0, read));
        }
        var headers = Encoding.ASCII.GetString(received.GetRange(0, headerEnd).ToArray()).ToLowerInvariant();
        var status = int.Parse(headers.Split(' ')[1], CultureInfo.InvariantCulture);
        var lengthLine = headers.Split("\r\n").Single(line => line.StartsWith("content-length:", StringComparison.Ordinal));
        var bodyLength = int.Parse(lengthLine["content-length:".Length..].Trim(), CultureInfo.InvariantCulture);
        while (received.Count < headerEnd + 4 + bodyLength)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }
            received.AddRange(buffer.AsSpan(0, read));
        }
        return new Answer(status, headers, Encoding.UTF8.GetString(received.GetRange(headerEnd + 4, bodyLength).ToArray()));
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            if (haystack.GetRange(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        return -1;
    }
}
