namespace ObjectQL;

/// <summary>
/// What caused a write beyond the user who made it: the replica (client id), the mutation it carries out, the clock stamp
/// the replica gave it, and whether it applies a change already made elsewhere. Set it on a session with
/// <see cref="ObjectQLSession.WithOrigin"/>; every <see cref="ChangeEvent"/> of a write made through that session carries
/// it as <see cref="ChangeEvent.Origin"/>, so before-commit handlers (a server's change log, a client's mutation log) can
/// tell the writes apart without a side channel. The pipeline itself only carries it.
/// </summary>
public sealed record WriteOrigin
{
    /// <summary>The id of the replica (sync client) the write comes from, or null for a local write.</summary>
    public string? ClientId { get; init; }

    /// <summary>The id of the mutation the write carries out, or null.</summary>
    public string? MutationId { get; init; }

    /// <summary>An opaque clock stamp (for example a hybrid logical clock's text form) the origin gave the write, or null.</summary>
    public string? Clock { get; init; }

    /// <summary>
    /// True when the write applies a change that was already made and recorded elsewhere (a sync client applying pulled
    /// server changes): a mutation log must not record it again, or the client would push its own pulled changes back.
    /// </summary>
    public bool AppliesRemoteChange { get; init; }

    /// <summary>
    /// Per record id, the origin of that record's write, for one bulk write (<c>CreateManyAsync</c>) whose records carry
    /// out different mutations: each record's change event carries its own origin; writes of records not named here
    /// carry this origin. Null when every write of the session has this origin.
    /// </summary>
    public IReadOnlyDictionary<string, WriteOrigin>? Records { get; init; }

    /// <summary>The origin of the write of record <paramref name="id"/>: its entry in <see cref="Records"/>, or this origin.</summary>
    public WriteOrigin For(string id) => Records is { } records && records.TryGetValue(id, out var own) ? own : this;
}
