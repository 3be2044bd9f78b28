namespace ObjectQL.Sqlite;

/// <summary>Settings of a <see cref="SqliteDriver"/>.</summary>
public sealed record SqliteDriverOptions
{
    /// <summary>How long a statement waits for another process's write lock before failing (SQLite <c>busy_timeout</c>).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The <c>synchronous</c> setting: <c>NORMAL</c> (the default; in WAL mode a power loss may lose the last commits but
    /// never corrupts the file) or <c>FULL</c> (every commit durable at once, slower).
    /// </summary>
    public string Synchronous { get; init; } = "NORMAL";

    /// <summary>
    /// Declare foreign keys for references in tables schema sync creates (<see cref="Sql.SqlDriver.ForeignKeys"/>) and
    /// enforce them (<c>PRAGMA foreign_keys</c>) on every connection; see docs/relationships.md.
    /// </summary>
    public bool ForeignKeys { get; init; } = true;

    /// <summary>
    /// How long a write waits for the driver's single writer (another write or an open transaction) before failing
    /// with <see cref="ErrorCodes.DatabaseError"/> rather than hanging.
    /// </summary>
    public TimeSpan WriteLockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Copy the write-ahead log into the database file on a background connection after large writes (the default),
    /// instead of in the commit that fills it (SQLite's automatic checkpoint, which makes that commit wait for the copy
    /// and two fsyncs). Durability is the same either way: a commit is in the log before it returns. Off, SQLite
    /// checkpoints every 1000 pages inside the committing write. A file database only.
    /// </summary>
    public bool BackgroundCheckpoints { get; init; } = true;

    /// <summary>How many prepared statements each connection keeps.</summary>
    public int StatementCacheSize { get; init; } = 256;
}
