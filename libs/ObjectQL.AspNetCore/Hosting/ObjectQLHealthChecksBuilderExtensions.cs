using Microsoft.Extensions.Diagnostics.HealthChecks;
using ObjectQL.AspNetCore.Hosting;

// Health check registrations live where ASP.NET Core users already find AddHealthChecks().AddXxx calls.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds ObjectQL's health check to the host's health checks.</summary>
public static class ObjectQLHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks that the database <c>AddObjectQL</c> registered is open and answers a trivial read:
    /// <c>services.AddHealthChecks().AddObjectQL()</c>, served by <c>app.MapHealthChecks("/health")</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; <c>objectql</c> by default.</param>
    /// <param name="failureStatus">The status when the check fails; <see cref="HealthStatus.Unhealthy"/> by default.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <param name="timeout">How long the check may take; unbounded by default.</param>
    public static IHealthChecksBuilder AddObjectQL(
        this IHealthChecksBuilder builder, string name = "objectql", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(
            name, static services => new ObjectQLHealthCheck(services.GetRequiredService<ObjectQLHost>()), failureStatus, tags, timeout));
    }
}
