using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ObjectQL.AspNetCore.Tests.Rest;
using ObjectQL.Querying;
using ObjectQL.Sqlite;
using ObjectQL.Testing;

namespace ObjectQL.AspNetCore.Tests.Hosting;

public sealed class DriverLoggingTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("objectql-log-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private async Task<string[]> RunAsync(bool includeValues)
    {
        var log = new CollectingLogger(LogLevel.Debug);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Debug);
        builder.Services
            .AddObjectQL(db => db.UseSqlite($"Data Source={Path.Combine(_directory, $"{includeValues}.db")};Pooling=False").AddModel(TestModels.Samples))
            .AddDriverLogging(options => options.IncludeValues = includeValues);
        using var host = builder.Build();
        await host.StartAsync();
        var database = host.Services.GetRequiredService<ObjectQLDatabase>();
        await database.Object("project").CreateAsync(new Record { ["name"] = "s3cret-name" });
        await database.Object("project").FindAsync(new Query { Where = new Filter.Comparison("name", FilterOperator.Eq, "s3cret-name") });
        await host.StopAsync();
        return log.Entries.Where(static e => e.Contains(" project ", StringComparison.Ordinal)).ToArray();
    }

    [Test]
    public async Task Driver_calls_are_logged_at_debug_with_values_redacted_by_default()
    {
        var entries = await RunAsync(includeValues: false);

        Assert.That(entries, Has.Some.StartsWith("Debug: insert project 1 records: 1 rows in "));
        Assert.That(entries, Has.Some.StartsWith("Debug: find project {\"where\":{\"name\":{\"$eq\":\"?\"}}}: 1 rows in "));
        Assert.That(entries, Has.Some.StartsWith("Debug: count project {\"where\":{\"$and\":[{\"name\":{\"$eq\":\"?\"}},{\"id\":{\"$ne\":\"?\"}}]}}: 0 rows in "),
            "the unique check's count, its values redacted too");
        Assert.That(entries, Has.None.Contains("s3cret"));
    }

    [Test]
    public async Task IncludeValues_puts_the_operands_in_the_log()
    {
        var entries = await RunAsync(includeValues: true);

        Assert.That(entries, Has.Some.Contains("find project").And.Contains("s3cret-name"));
    }
}
