namespace ObjectQL.Observability;

/// <summary>The <c>db.system.name</c> of a driver: OpenTelemetry's well-known value where there is one, else the driver's name.</summary>
internal static class DbSystemNames
{
    public static string For(string driverName) => driverName switch
    {
        "postgres" => "postgresql",
        _ => driverName,
    };
}
