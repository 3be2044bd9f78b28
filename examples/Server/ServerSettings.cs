namespace Server;

/// <summary>
/// The server's settings, read from configuration by key (no reflection binding, so the native build stays warning-free).
/// Keys: <c>ObjectQL:Postgres</c> (a connection string; PostgreSQL is used when set), <c>ObjectQL:Sqlite</c> (a
/// connection string; <c>Data Source=objectql-server.db</c> by default), <c>Server:DevelopmentAuthentication</c> (on by
/// default only in the Development environment), <c>Server:ConsoleTelemetry</c>, <c>Server:LogSqlValues</c>.
/// </summary>
internal sealed record ServerSettings(
    string? PostgresConnectionString, string SqliteConnectionString, bool DevelopmentAuthentication, bool ConsoleTelemetry, bool LogSqlValues)
{
    public const string DefaultSqlite = "Data Source=objectql-server.db";

    public string StoreName => PostgresConnectionString is null ? "sqlite" : "postgresql";

    public static ServerSettings Read(IConfiguration configuration, IHostEnvironment environment) => new(
        PostgresConnectionString: Text(configuration["ObjectQL:Postgres"]),
        SqliteConnectionString: Text(configuration["ObjectQL:Sqlite"]) ?? DefaultSqlite,
        DevelopmentAuthentication: Flag(configuration, "Server:DevelopmentAuthentication") ?? environment.IsDevelopment(),
        ConsoleTelemetry: Flag(configuration, "Server:ConsoleTelemetry") ?? false,
        LogSqlValues: Flag(configuration, "Server:LogSqlValues") ?? false);

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool? Flag(IConfiguration configuration, string key) => configuration[key] switch
    {
        null or "" => null,
        var value when bool.TryParse(value, out var flag) => flag,
        var value => throw new InvalidOperationException($"Configuration '{key}' must be true or false, not '{value}'."),
    };
}
