using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ObjectQL;
using ObjectQL.AspNetCore.Hosting;
using ObjectQL.Querying;

namespace Server;

/// <summary>
/// Healthy when the database is open and answers a one-row read of its first object within the check's time; the
/// response names the runtime (<see cref="RuntimeProfile"/>) too, so a probe shows whether the native build is running.
/// </summary>
internal sealed class DatabaseHealthCheck(ObjectQLHost host) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!host.IsOpen)
        {
            return HealthCheckResult.Unhealthy("The database is not open.");
        }
        try
        {
            var database = host.Database;
            var first = database.Model.Objects[0].Name;
            await database.System.Object(first).FindAsync(new Query { Limit = 1, Fields = ["id"] }, cancellationToken);
            return HealthCheckResult.Healthy($"{database.Driver.Name} answers.");
        }
        catch (Exception exception) when (exception is ObjectQLException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }

    /// <summary>The endpoint's options: <c>{"status":"Healthy","runtime":"NativeAot","checks":{"database":"Healthy"}}</c>.</summary>
    public static HealthCheckOptions Endpoint() => new() { ResponseWriter = WriteAsync };

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteString("runtime", RuntimeProfile.Current.Host.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteString(name, entry.Status.ToString());
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
