namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// A chunk tried to store an answer for a mutation that already has one: the mutation was answered before under another
/// sequence (its client renumbered it, RFC 7) and was not asked for by id. The chunk's transaction rolls back and the
/// push runs it again asking every mutation's id (SyncServer.Push.cs); it never reaches a caller.
/// </summary>
internal sealed class AnswerAlreadyStoredException(Exception inner)
    : Exception("A mutation of this chunk already has a stored answer.", inner);
