namespace ObjectQL;

/// <summary>
/// A post-commit change handler (<see cref="ChangeFeed.Subscribe"/>) that threw. The write it was told about is
/// committed; the failure is reported to <see cref="ObjectQLOptions.OnChangeHandlerError"/> instead of the writer.
/// </summary>
/// <param name="Change">The change the handler was given.</param>
/// <param name="Handler">The handler that threw.</param>
/// <param name="Exception">What it threw.</param>
public sealed record ChangeHandlerFailure(ChangeEvent Change, ChangeHandler Handler, Exception Exception);
