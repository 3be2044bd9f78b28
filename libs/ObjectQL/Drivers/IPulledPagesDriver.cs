using ObjectQL.Metadata;

namespace ObjectQL.Drivers;

/// <summary>
/// A driver that does a sync pull's per-change work inside the store, next to the data: it reads a pulled page's text,
/// checks every change, stages the page and applies the staged pages with set-based statements, so the caller never turns
/// the changes into records. Where the store's own code runs faster than the caller's (the browser's Worker runs
/// JavaScript compiled, .NET interpreted), a pull costs a few calls instead of per-change work. The sync client asks for
/// it through <see cref="DriverCapabilities"/> and keeps its own path for everything a step refuses.
/// </summary>
public interface IPulledPagesDriver
{
    /// <summary>
    /// Runs one step of a pull in the store (in <paramref name="transaction"/> when given) and returns the store's
    /// answer as JSON. <paramref name="step"/> is the step's JSON (what to do with which page); <paramref name="body"/>
    /// the page's bytes as the server sent them (UTF-8 JSON), when the step reads one: the store decodes them itself,
    /// so the caller never makes the page a string, and refuses a page that is not UTF-8 (the caller's own reader then
    /// reports it).
    /// </summary>
    Task<string> RunPullStepAsync(PulledPagesPlan plan, string step, byte[]? body, IDriverTransaction? transaction, CancellationToken cancellationToken);
}

/// <summary>The tables a pull applied in the store writes: the objects' rows, the synced copies and the staged pages.</summary>
public sealed record PulledPagesPlan
{
    /// <summary>The objects whose records the pull creates, each with its set-based create (constants, defaults, rules).</summary>
    public required IReadOnlyList<PulledObject> Objects { get; init; }

    /// <summary>The synced copies' object (one row per record the server sent).</summary>
    public required ObjectDefinition Records { get; init; }

    /// <summary>The staged pages' object (one row per page, its text as it arrived).</summary>
    public required ObjectDefinition Staging { get; init; }
}

/// <summary>One object a pull applied in the store creates records of.</summary>
/// <param name="Definition">The object.</param>
/// <param name="Create">The set-based create's constants, defaults and rules (its <see cref="JsonRows.Json"/> is not read).</param>
public sealed record PulledObject(ObjectDefinition Definition, JsonRows Create);
