namespace ObjectQL.Drivers;

/// <summary>One update for <see cref="IObjectQLDriver.UpdateAsync"/>.</summary>
/// <param name="Id">The record id.</param>
/// <param name="Values">The fields to write (system fields included, as the pipeline set them).</param>
/// <param name="ExpectedVersion">When set, write only if the stored <c>_version</c> equals it (compare-and-swap).</param>
public sealed record RecordChange(string Id, Record Values, long? ExpectedVersion = null);
