namespace ObjectQL.Sync.Client;

/// <summary>
/// The answer of a typed conflict handler (the generated <c>On{Object}Conflict</c>): a typed patch to push, keep the
/// server record, or defer. A patch converts to an answer implicitly, so a handler can <c>return new TodoItemPatch { ... }</c>.
/// </summary>
/// <typeparam name="TPatch">The object's generated patch.</typeparam>
public sealed class ConflictAnswer<TPatch>
    where TPatch : class, IPatch
{
    private ConflictAnswer(ConflictAnswerKind kind, TPatch? patch)
    {
        Kind = kind;
        Patch = patch;
    }

    /// <summary>What the answer does.</summary>
    public ConflictAnswerKind Kind { get; }

    /// <summary>The fields to write on top of the server record, for <see cref="ConflictAnswerKind.Push"/>.</summary>
    public TPatch? Patch { get; }

    /// <summary>Leave the conflict parked; see <see cref="ConflictAnswer.Defer"/>.</summary>
    public static ConflictAnswer<TPatch> Defer { get; } = new(ConflictAnswerKind.Defer, null);

    /// <summary>Take the server record; see <see cref="ConflictAnswer.KeepServer"/>.</summary>
    public static ConflictAnswer<TPatch> KeepServer { get; } = new(ConflictAnswerKind.KeepServer, null);

    /// <summary>Write <paramref name="patch"/> on top of the server record, pushed as a new mutation on the server's version.</summary>
    public static ConflictAnswer<TPatch> Push(TPatch patch) => new(ConflictAnswerKind.Push, patch ?? throw new ArgumentNullException(nameof(patch)));

    /// <summary>A patch answers by being pushed (<see cref="Push"/>).</summary>
    public static implicit operator ConflictAnswer<TPatch>(TPatch patch) => Push(patch);

    /// <summary>The untyped answer the engine acts on.</summary>
    public ConflictAnswer ToAnswer() => Kind switch
    {
        ConflictAnswerKind.Push => ConflictAnswer.Push(Patch!.ToRecord()),
        ConflictAnswerKind.KeepServer => ConflictAnswer.KeepServer,
        _ => ConflictAnswer.Defer,
    };
}
