using System.Security.Cryptography;

namespace ObjectQL.Pipeline;

/// <summary>
/// Generates UUIDv7 record ids (RFC 9562) from a <see cref="TimeProvider"/>: 48 bits of Unix milliseconds, then a
/// 12-bit counter that keeps ids of one generator strictly increasing within a millisecond, then 62 random bits.
/// </summary>
public sealed class UuidV7
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastMilliseconds = -1;
    private int _counter;

    /// <summary>Creates a generator reading <paramref name="time"/>.</summary>
    public UuidV7(TimeProvider time) => _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>A new id as a lowercase hyphenated string.</summary>
    public string NewId()
    {
        long milliseconds;
        int counter;
        lock (_gate)
        {
            milliseconds = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds)
            {
                if (++_counter > 0xFFF)
                {
                    // The counter ran out within one millisecond: borrow the next millisecond to stay ordered.
                    milliseconds++;
                    _counter = 0;
                }
            }
            else
            {
                _counter = RandomNumberGenerator.GetInt32(0, 0x400);
            }
            _lastMilliseconds = milliseconds;
            counter = _counter;
        }
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        bytes[0] = (byte)(milliseconds >> 40);
        bytes[1] = (byte)(milliseconds >> 32);
        bytes[2] = (byte)(milliseconds >> 24);
        bytes[3] = (byte)(milliseconds >> 16);
        bytes[4] = (byte)(milliseconds >> 8);
        bytes[5] = (byte)milliseconds;
        bytes[6] = (byte)(0x70 | ((counter >> 8) & 0x0F));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        // Read big-endian, the bytes format in order as lowercase hex: one string per id, no intermediate pieces.
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
