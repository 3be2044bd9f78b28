using System.Buffers;

namespace ObjectQL.AspNetCore.Sync;

/// <summary>
/// A request body read into one pooled buffer, never past a byte limit: a body over the limit stops being read at the
/// first read that crosses it, so a hostile or runaway client costs at most the limit plus one read.
/// </summary>
internal sealed class BoundedBody : IDisposable
{
    private const int FirstRead = 16 * 1024;
    private byte[] _buffer;

    private BoundedBody(byte[] buffer) => _buffer = buffer;

    /// <summary>The bytes read; when <see cref="OverLimit"/> is true, the ones read before reading stopped.</summary>
    public long Length { get; private set; }

    /// <summary>The body is longer than the limit; its content is incomplete and must not be used.</summary>
    public bool OverLimit { get; private set; }

    /// <summary>The whole body, when it is within the limit.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, (int)Length);

    public static async Task<BoundedBody> ReadAsync(Stream body, int limit, long? declaredLength, CancellationToken cancellationToken)
    {
        var first = (int)Math.Clamp(declaredLength ?? FirstRead, 1, Ceiling(limit));
        var result = new BoundedBody(ArrayPool<byte>.Shared.Rent(first));
        try
        {
            while (true)
            {
                if (result.Length == result._buffer.Length)
                {
                    result.Grow(limit);
                }
                var read = await body.ReadAsync(result._buffer.AsMemory((int)result.Length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return result;
                }
                result.Length += read;
                if (result.Length > limit)
                {
                    result.OverLimit = true;
                    return result;
                }
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    // Doubles up to limit + 1 bytes: one byte past the limit is enough to know the body is too long.
    private void Grow(int limit)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, Ceiling(limit)));
        _buffer.AsSpan(0, (int)Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private static long Ceiling(int limit) => Math.Min((long)limit + 1, Array.MaxLength);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
