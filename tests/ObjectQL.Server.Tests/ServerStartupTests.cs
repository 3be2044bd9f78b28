using System.Net;

namespace ObjectQL.Server.Tests;

/// <summary>
/// What the native server's lean start-up keeps (docs/hosting/aspnetcore.md, "NativeAOT: size and start-up"): settings from
/// appsettings.json, environment variables and the command line in that order, the environment from
/// <c>ASPNETCORE_ENVIRONMENT</c>, console log levels from <c>Logging:LogLevel</c>, and the health check served on request.
/// </summary>
[NonParallelizable]
public sealed class ServerStartupTests
{
    [OneTimeSetUp]
    public void RequirePublish() => Assert.That(PublishedServer.Publish.ExitCode, Is.Zero, PublishedServer.Publish.Output);

    [Test]
    public async Task Environment_variables_configure_the_server_and_the_command_line_wins_over_them()
    {
        var database = DatabasePath("variables");
        await using var server = await ServerProcess.StartAsync(PublishedServer.Binary,
            new Dictionary<string, string> { ["Server:DevelopmentAuthentication"] = "true" },
            new Dictionary<string, string> { ["ObjectQL__Sqlite"] = $"Data Source={database}", ["Server__DevelopmentAuthentication"] = "false" });

        var (status, _) = await server.SendAsync(HttpMethod.Get, "/api/data/todo_item?limit=1");

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(database), Is.True, "the SQLite file named by the ObjectQL__Sqlite variable was not opened");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "the command line's Server:DevelopmentAuthentication=true lost to the variable");
        });
    }

    [Test]
    public async Task Development_environment_from_ASPNETCORE_ENVIRONMENT_turns_development_authentication_on()
    {
        await using var server = await ServerProcess.StartAsync(PublishedServer.Binary, new Dictionary<string, string>
        {
            ["ObjectQL:Sqlite"] = $"Data Source={DatabasePath("development")}",
            ["environment"] = "Development",
        });

        var (status, _) = await server.SendAsync(HttpMethod.Get, "/api/data/todo_item?limit=1");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(server.Output, Does.Contain("development authentication ON"));
        });
    }

    [Test]
    public async Task Log_levels_from_configuration_filter_the_console_log()
    {
        await using var server = await ServerProcess.StartAsync(PublishedServer.Binary, new Dictionary<string, string>
        {
            ["ObjectQL:Sqlite"] = $"Data Source={DatabasePath("logging")}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        });

        // The host's "Application started" comes after the server's own start-up line, so once it is written the other
        // would have been too.
        await server.WaitForOutputAsync("info: Microsoft.Hosting.Lifetime");
        await server.WaitForOutputAsync("Application started");

        Assert.That(server.Output, Does.Not.Contain("ObjectQL server on"));
    }

    [Test]
    public async Task Health_is_checked_when_asked_and_the_server_logs_its_start_at_information()
    {
        await using var server = await ServerProcess.StartAsync(PublishedServer.Binary, new Dictionary<string, string>
        {
            ["ObjectQL:Sqlite"] = $"Data Source={DatabasePath("health")}",
        });

        var first = await server.SendAsync(HttpMethod.Get, "/health", user: null);
        var second = await server.SendAsync(HttpMethod.Get, "/health", user: null);

        Assert.Multiple(() =>
        {
            Assert.That((first.Status, (string?)first.Body?["checks"]?["database"]), Is.EqualTo((HttpStatusCode.OK, "Healthy")));
            Assert.That((second.Status, (string?)second.Body?["checks"]?["database"]), Is.EqualTo((HttpStatusCode.OK, "Healthy")));
            Assert.That(server.Output, Does.Contain("info: Server[0] ObjectQL server on NativeAot, store sqlite"));
        });
    }

    private static string DatabasePath(string name) => Path.Combine(PublishedServer.Root, $"{name}-{Guid.NewGuid():N}.db");
}
