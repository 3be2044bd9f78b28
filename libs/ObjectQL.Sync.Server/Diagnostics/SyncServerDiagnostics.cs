namespace ObjectQL.Sync.Server.Diagnostics;

/// <summary>
/// The names a host listens to for the sync server's traces and metrics (System.Diagnostics only; wire them to
/// OpenTelemetry with <c>AddSource</c> and <c>AddMeter</c>). Instruments: see docs/sync-server.md, "Observability".
/// </summary>
public static class SyncServerDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>ObjectQL.Sync.Server</c>.</summary>
    public const string Name = "ObjectQL.Sync.Server";
}
