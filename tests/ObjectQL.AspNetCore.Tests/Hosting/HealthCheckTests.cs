using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ObjectQL.AspNetCore.Tests.Rest;
using ObjectQL.Sqlite;
using ObjectQL.Testing;

namespace ObjectQL.AspNetCore.Tests.Hosting;

public sealed class HealthCheckTests
{
    [Test]
    public async Task The_health_endpoint_is_healthy_while_the_database_answers_and_unhealthy_when_it_does_not()
    {
        await using var server = await RestServer.StartAsync(
            services: builder => builder.Services.AddHealthChecks().AddObjectQL(tags: ["ready"]),
            map: app =>
            {
                app.MapObjectQL();
                app.MapHealthChecks("/health");
            });
        var healthy = await server.Client.GetAsync("/health");
        Assert.That(healthy.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await healthy.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));

        // The store loses the table behind the API (another process dropped it): the read fails and the check says so.
        await using (var connection = new SqliteConnection($"Data Source={server.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE item";
            await drop.ExecuteNonQueryAsync();
        }
        var broken = await server.Client.GetAsync("/health");
        Assert.That(broken.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await broken.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
    }

    [Test]
    public async Task AddHealthCheck_reports_a_database_that_is_not_open_yet_and_then_one_that_is()
    {
        var directory = Directory.CreateTempSubdirectory("objectql-health-").FullName;
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddObjectQL(db => db.UseSqlite($"Data Source={Path.Combine(directory, "h.db")};Pooling=False").AddModel(TestModels.Samples))
                .AddHealthCheck("objectql", "ready");
            using var host = builder.Build();
            var checks = host.Services.GetRequiredService<HealthCheckService>();

            var before = await checks.CheckHealthAsync();
            await host.StartAsync();
            var running = await checks.CheckHealthAsync(registration => registration.Tags.Contains("ready"));
            await host.StopAsync();

            Assert.That(before.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(before.Entries["objectql"].Description, Does.Contain("not open"));
            Assert.That(running.Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(running.Entries["objectql"].Description, Does.Contain("'user'"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
