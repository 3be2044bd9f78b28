using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ObjectQL;

namespace Server;

/// <summary>
/// The <c>/health</c> answer. The check itself is the library's (<c>AddHealthChecks().AddObjectQL("database")</c>: the
/// database is open and a read by primary key answers); the answer also names the runtime (<see cref="RuntimeProfile"/>),
/// so a probe shows whether the native build is running.
/// </summary>
internal static class HealthResponse
{
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
