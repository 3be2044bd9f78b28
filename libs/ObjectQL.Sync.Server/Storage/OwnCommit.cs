namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// A commit a push's transaction wrote: its position and tag, and whether every change row of it is one of the push's
/// own mutations (so a delta sends none of it back to the pushing client: its echoes, RFC 6.4).
/// </summary>
internal readonly record struct OwnCommit(long Position, uint Tag, bool OnlyOwnRows);
