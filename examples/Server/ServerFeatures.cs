using System.Diagnostics.CodeAnalysis;

namespace Server;

/// <summary>
/// Build-time choices of what the native binary carries. <c>dotnet publish -p:ServerPostgres=false</c> leaves the
/// PostgreSQL driver (Npgsql, its TLS and authentication code) out of the binary: the trimmer removes every branch behind
/// a switch that is off. Such a build refuses <c>ObjectQL:Postgres</c> at start instead of ignoring it.
/// </summary>
internal static class ServerFeatures
{
    public const string PostgresSwitch = "Server.Postgres.IsSupported";

    [FeatureSwitchDefinition(PostgresSwitch)]
    public static bool IsPostgresSupported => !AppContext.TryGetSwitch(PostgresSwitch, out var enabled) || enabled;
}
