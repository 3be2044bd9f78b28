namespace ObjectQL.Sync.Clocks;

/// <summary>
/// A hybrid logical clock timestamp: wall time in milliseconds, a logical counter, and the node (client id) that issued it.
/// Its text form <c>2026-11-26T09:30:00.123Z-0000001a-client-a</c> is fixed-width up to the node, so ordinal
/// string order equals timestamp order: wall, then counter, then node (the tie-break by client id).
/// </summary>
public readonly struct HlcTimestamp : IEquatable<HlcTimestamp>, IComparable<HlcTimestamp>
{
    /// <summary>The largest wall time the text form can hold (9999-12-31T23:59:59.999Z).</summary>
    public const long MaxWallMilliseconds = 253_402_300_799_999;

    /// <summary>The longest node id accepted.</summary>
    public const int MaxNodeLength = 128;

    /// <summary>The length of the fixed-width part before the node: 24 characters of time, '-', 8 hex digits, '-'.</summary>
    public const int PrefixLength = 34;

    /// <summary>Creates a timestamp; throws <see cref="ArgumentException"/> for a wall time outside 1970..9999 or a bad node.</summary>
    public HlcTimestamp(long wallMilliseconds, uint counter, string node)
    {
        if (wallMilliseconds is < 0 or > MaxWallMilliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(wallMilliseconds), wallMilliseconds, "The wall time must lie between 1970 and 9999.");
        }
        if (!IsValidNode(node))
        {
            throw new ArgumentException($"'{node}' is not a valid clock node: 1 to {MaxNodeLength} printable ASCII characters without spaces.", nameof(node));
        }
        WallMilliseconds = wallMilliseconds;
        Counter = counter;
        Node = node;
    }

    /// <summary>Milliseconds since the Unix epoch: the largest physical time seen when the timestamp was issued.</summary>
    public long WallMilliseconds { get; }

    /// <summary>Orders events that share a wall time.</summary>
    public uint Counter { get; }

    /// <summary>The issuing node; a client id for client writes.</summary>
    public string Node => field ?? string.Empty;

    /// <summary>The wall time as a UTC instant.</summary>
    public DateTimeOffset WallTime => DateTimeOffset.FromUnixTimeMilliseconds(WallMilliseconds);

    /// <summary>True for a node id the text form accepts: 1 to 128 characters from '!' to '~'.</summary>
    public static bool IsValidNode(string? node)
    {
        if (string.IsNullOrEmpty(node) || node.Length > MaxNodeLength)
        {
            return false;
        }
        foreach (var c in node)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The same wall time and counter, issued under another node.</summary>
    public HlcTimestamp WithNode(string node) => new(WallMilliseconds, Counter, node);

    /// <summary>The next timestamp of this node after this one: the next counter, or the next millisecond when the counter is full.</summary>
    public HlcTimestamp Successor() => Counter == uint.MaxValue ? new(WallMilliseconds + 1, 0, Node) : new(WallMilliseconds, Counter + 1, Node);

    /// <summary>Parses the canonical text form; throws an <see cref="ErrorCodes.InvalidRequest"/> error naming <paramref name="field"/>.</summary>
    public static HlcTimestamp Parse(string? text, string field = "clock") =>
        TryParse(text, out var value)
            ? value
            : throw ObjectQLException.InvalidRequest(
                $"'{field}': '{text}' is not a hybrid logical clock; expected the form 2026-11-26T09:30:00.123Z-0000001a-<node>.", field, "invalid_clock");

    /// <summary>Parses the canonical text form (lower-case hex counter, UTC time with milliseconds).</summary>
    public static bool TryParse(string? text, out HlcTimestamp value)
    {
        value = default;
        if (text is null || text.Length <= PrefixLength || text[24] != '-' || text[33] != '-')
        {
            return false;
        }
        if (!HlcText.TryParseWall(text.AsSpan(0, 24), out var millis))
        {
            return false;
        }
        uint counter = 0;
        foreach (var c in text.AsSpan(25, 8))
        {
            var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0)
            {
                return false;
            }
            counter = (counter << 4) | (uint)digit;
        }
        var node = HlcText.Node(text.AsSpan(PrefixLength));
        if (node is null || millis is < 0 or > MaxWallMilliseconds)
        {
            return false;
        }
        value = new HlcTimestamp(millis, counter, node);
        return true;
    }

    /// <summary>The canonical text form, which sorts ordinally in timestamp order.</summary>
    public override string ToString() => HlcText.Format(WallMilliseconds, Counter, Node);

    /// <inheritdoc />
    public int CompareTo(HlcTimestamp other)
    {
        var byWall = WallMilliseconds.CompareTo(other.WallMilliseconds);
        if (byWall != 0)
        {
            return byWall;
        }
        var byCounter = Counter.CompareTo(other.Counter);
        return byCounter != 0 ? byCounter : string.CompareOrdinal(Node, other.Node);
    }

    /// <inheritdoc />
    public bool Equals(HlcTimestamp other) =>
        WallMilliseconds == other.WallMilliseconds && Counter == other.Counter && string.Equals(Node, other.Node, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is HlcTimestamp other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(WallMilliseconds, Counter, StringComparer.Ordinal.GetHashCode(Node));

    /// <summary>Equality.</summary>
    public static bool operator ==(HlcTimestamp left, HlcTimestamp right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(HlcTimestamp left, HlcTimestamp right) => !left.Equals(right);

    /// <summary>Earlier than.</summary>
    public static bool operator <(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) < 0;

    /// <summary>Later than.</summary>
    public static bool operator >(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) > 0;

    /// <summary>Earlier than or equal.</summary>
    public static bool operator <=(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) <= 0;

    /// <summary>Later than or equal.</summary>
    public static bool operator >=(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) >= 0;

    /// <summary>The later of two timestamps.</summary>
    public static HlcTimestamp Max(HlcTimestamp a, HlcTimestamp b) => a >= b ? a : b;
}
