using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ObjectQL.AspNetCore.Hosting;

/// <summary>
/// Healthy when the hosted database is open and a trivial read answers: a lookup by id in the first object's table,
/// which every store answers from its primary key without scanning.
/// </summary>
internal sealed class ObjectQLHealthCheck(ObjectQLHost host) : IHealthCheck
{
    private const string ProbeId = "objectql-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ObjectQLDatabase database;
        try
        {
            database = host.Database;
        }
        catch (InvalidOperationException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The ObjectQL database is not open: the host has not started it, or has stopped.", e);
        }
        var probe = database.Model.Objects.FirstOrDefault(static o => !o.IsSystem) ?? database.Model.Objects.FirstOrDefault();
        if (probe is null)
        {
            return HealthCheckResult.Healthy("The ObjectQL database is open; its model has no objects to read.");
        }
        try
        {
            await database.Driver.FindOneAsync(probe, ProbeId, null, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The ObjectQL database is open and a read of '{probe.Name}' answered.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"A read of '{probe.Name}' failed ({database.Driver.Name} driver).", e);
        }
    }
}
