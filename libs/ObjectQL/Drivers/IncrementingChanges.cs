using ObjectQL.Metadata;

namespace ObjectQL.Drivers;

/// <summary>The argument check every <see cref="IVersionIncrementingDriver"/> makes on its changes.</summary>
public static class IncrementingChanges
{
    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="change"/> is null or sets or compares the version itself.</summary>
    public static void Check(RecordChange? change, string parameterName)
    {
        if (change is null)
        {
            throw new ArgumentException("The changes may not contain null.", parameterName);
        }
        if (change.ExpectedVersion is not null || change.Values.Contains(SystemFields.Version))
        {
            throw new ArgumentException(
                $"Change of '{change.Id}' sets or compares _version; a version-incrementing update sets it to the stored version plus one itself.", parameterName);
        }
    }
}
