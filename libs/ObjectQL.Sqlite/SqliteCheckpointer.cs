using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ObjectQL.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on a connection of its own, after the writes that filled it.
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so that commit waits for the copy
/// and its two fsyncs (5-70 ms each on an ordinary disk, and the cause of most of a large write's spread); here the
/// commit returns and the copy follows, as PostgreSQL's checkpointer does. A passive checkpoint never blocks the writer
/// or a reader, and copies what no open read still needs.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>
    /// The writer's own checkpoint threshold (pages) while this runs: a backstop, reached only when the copies cannot
    /// keep up (a long read pinning old pages), ten times SQLite's default so that it stays one.
    /// </summary>
    public const int BackstopPages = 10_000;

    // Rows changed since the last copy before the next is started: about SQLite's 1000-page threshold for rows of a few
    // hundred bytes with their indexes, so small writes do not pay a copy and its fsyncs each.
    private const int ChangesPerCheckpoint = 1000;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _due = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private int _changesAtLastCopy;
    private int _pending;
    private Task? _loop;

    public SqliteCheckpointer(string connectionString) => _connectionString = connectionString;

    /// <summary>Called by the writer after each write, while it still holds the write lock (so never concurrently).</summary>
    public void AfterWrite(SqliteConnection writer)
    {
        // SQLite counts the connection's changes in 32 bits, which a busy server passes within days: the difference
        // is taken in the same 32 bits, so it stays right across the wrap.
        var changes = raw.sqlite3_total_changes(writer.Handle);
        if (unchecked(changes - _changesAtLastCopy) < ChangesPerCheckpoint || _stop.IsCancellationRequested)
        {
            return;
        }
        _changesAtLastCopy = changes;
        _loop ??= Task.Run(CopyWhenDueAsync);
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _due.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
        _due.Dispose();
    }

    private async Task CopyWhenDueAsync()
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                await _due.WaitAsync(_stop.Token).ConfigureAwait(false);
                Volatile.Write(ref _pending, 0);
                try
                {
                    connection ??= Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    command.ExecuteNonQuery();
                }
                catch (SqliteException)
                {
                    // The log cannot be copied now (a disk error, which the writes meet and report too). Nothing is
                    // lost: the log keeps the commits, the writer's backstop still copies, the next due copy retries
                    // on a new connection.
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the writer's last close copies what is left.
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
