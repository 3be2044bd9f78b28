namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// A commit a push's transaction wrote: its position and tag, and whether every change row of it is one of the push's
/// own mutations (so a delta sends none of it back to the pushing client: its echoes, RFC 6.4), and whether one of them
/// is a delete (the commit then moved the client's <see cref="ClientRow.DeletedThrough"/> to its position); and the
/// settled position its commit row's statement read with this transaction left out, which holds once it has ended (null
/// when the driver read none: then a delta asks for the settled position itself).
/// </summary>
internal readonly record struct OwnCommit(long Position, uint Tag, bool OnlyOwnRows, bool OwnDeletes = false, long? SettledOnceEnded = null);
