namespace ObjectQL;

/// <summary>
/// One record's patch in a batched update (<see cref="IObjectRepository.UpdateManyAsync(IReadOnlyList{RecordPatch}, CancellationToken)"/>):
/// the fields present in <paramref name="Patch"/> are applied to the record with <paramref name="Id"/>, exactly as
/// <see cref="IObjectRepository.UpdateAsync"/> would apply them (a <c>_version</c> in the patch is the version the change is based on).
/// </summary>
/// <param name="Id">The id of the record to change.</param>
/// <param name="Patch">The fields to set.</param>
public sealed record RecordPatch(string Id, Record Patch);
