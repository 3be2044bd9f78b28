using System.Globalization;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// A change row's id: its commit's transaction id, then its ordinal as digits led by their count less one
/// (<c>0</c>-<c>9</c> as <c>00</c>-<c>09</c>, 10 as <c>110</c>, 100 as <c>2100</c>). Ids of one commit share its
/// transaction id as their prefix and sort in ordinal order, so the primary key's index answers "the rows of these
/// commits" and "the rows of this commit after ordinal n" as range reads, and the log needs no index on tx_id.
/// </summary>
/// <remarks>
/// Only digits and lowercase hex letters, no punctuation: every store's text order (SQLite's and D1's binary order,
/// PostgreSQL's under any collation, the memory store's ordinal order) compares them character by character the same way.
/// </remarks>
internal static class ChangeKeys
{
    // Ordinals are a commit's row counts (an int): at most ten digits, so the count's digit is 0-9.
    private const int MaxDigits = 10;

    // Above every key of a commit: the count digit 9 followed by ten nines is the largest ordinal's key or above it.
    private static readonly string Last = new('9', MaxDigits + 1);

    /// <summary>The id of the change row at <paramref name="ordinal"/> of commit <paramref name="txId"/>.</summary>
    public static string Of(string txId, long ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        var digits = DigitsOf(ordinal);
        if (digits > MaxDigits)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, "A change row's ordinal has at most ten digits.");
        }
        // Written in place: a push of 1000 keys its 1000 rows.
        return string.Create(txId.Length + 1 + digits, (txId, ordinal, digits), static (key, state) =>
        {
            state.txId.AsSpan().CopyTo(key);
            key[state.txId.Length] = (char)('0' + state.digits - 1);
            state.ordinal.TryFormat(key[(state.txId.Length + 1)..], out _, default, CultureInfo.InvariantCulture);
        });
    }

    private static int DigitsOf(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }

    /// <summary>The rows of these commits: one range of the key per commit.</summary>
    public static Filter OfCommits(IEnumerable<string> txIds)
    {
        var ranges = new List<Filter>();
        foreach (var txId in txIds)
        {
            ranges.Add(new Filter.Comparison(SystemFields.Id, FilterOperator.Between, new object[] { Of(txId, 0), txId + Last }));
        }
        return ranges.Count == 1 ? ranges[0] : new Filter.Or(ranges);
    }

    /// <summary>The rows of commit <paramref name="txId"/> after ordinal <paramref name="ordinal"/>.</summary>
    public static Filter After(string txId, long ordinal) =>
        new Filter.Comparison(SystemFields.Id, FilterOperator.Gt, Of(txId, ordinal))
        & new Filter.Comparison(SystemFields.Id, FilterOperator.Lte, txId + Last);
}
