namespace ObjectQL.Observability;

/// <summary>The core's instrumentation: one activity and one duration measurement per repository operation.</summary>
internal static class RepositoryTelemetry
{
    public static DbInstrumentation Instrumentation { get; } = new(ObjectQLTelemetry.SourceName);

    public static bool IsEnabled => Instrumentation.IsEnabled;
}
