using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// Which commits' change rows are keyed by their commit (<see cref="ChangeKeys"/>), and the filters that find a commit's
/// rows either way. This version marks every commit row it writes; a server of an earlier version, still running beside
/// it during a rolling upgrade, writes commit rows without the mark and change rows with generated ids, which only their
/// tx_id finds (a scan: the log keeps no index on it). Such a commit is read that way once, then rekeyed and marked
/// (<see cref="ChangeKeyUpgrade.RekeyCommitAsync"/>).
/// </summary>
internal static class KeyedCommits
{
    /// <summary>The commit row's mark: 1 when its change rows are keyed by it, null on commits an earlier version wrote.</summary>
    public const string Field = "keyed";

    /// <summary>The mark's value.</summary>
    public const double Keyed = 1;

    // A commit's unkeyed rows in write order: their ids were generated, so only the ordinal orders them.
    private static readonly SortSpec[] ByOrdinal = [new("ordinal")];

    // A commit's keyed rows in write order: their ids' order, which the key's index reads without a sort.
    private static readonly SortSpec[] ById = [new(SystemFields.Id)];

    /// <summary>Whether <paramref name="commit"/> (a commit row read with <see cref="Field"/>) has keyed change rows.</summary>
    public static bool IsKeyed(Record commit) => commit.TryGetValue(Field, out var mark) && mark is not null;

    /// <summary>The change rows of these commits: a range of the key per marked commit, by tx_id for the others.</summary>
    public static Filter RowsOf(IEnumerable<Record> commits)
    {
        var keyed = new List<string>();
        List<object>? unkeyed = null;
        foreach (var commit in commits)
        {
            var txId = (string)commit["tx_id"]!;
            if (IsKeyed(commit))
            {
                keyed.Add(txId);
            }
            else
            {
                (unkeyed ??= []).Add(txId);
            }
        }
        if (unkeyed is null)
        {
            return ChangeKeys.OfCommits(keyed);
        }
        var byTxId = new Filter.Comparison("tx_id", FilterOperator.In, unkeyed.ToArray());
        return keyed.Count == 0 ? byTxId : ChangeKeys.OfCommits(keyed) | byTxId;
    }

    /// <summary>The change rows of <paramref name="commit"/> after ordinal <paramref name="ordinal"/>.</summary>
    public static Filter RowsAfter(Record commit, long ordinal)
    {
        var txId = (string)commit["tx_id"]!;
        return IsKeyed(commit)
            ? ChangeKeys.After(txId, ordinal)
            : new Filter.Comparison("tx_id", FilterOperator.Eq, txId) & new Filter.Comparison("ordinal", FilterOperator.Gt, (double)ordinal);
    }

    /// <summary>The order that reads <paramref name="commit"/>'s change rows in write order.</summary>
    public static IReadOnlyList<SortSpec> InWriteOrder(Record commit) => IsKeyed(commit) ? ById : ByOrdinal;
}
