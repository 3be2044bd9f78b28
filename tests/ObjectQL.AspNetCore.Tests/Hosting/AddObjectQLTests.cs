using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ObjectQL.AspNetCore.Hosting;
using ObjectQL.Sqlite;
using ObjectQL.Testing;

namespace ObjectQL.AspNetCore.Tests.Hosting;

public sealed class AddObjectQLTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("objectql-host-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task The_host_opens_the_database_at_start_and_closes_it_at_stop()
    {
        var path = Path.Combine(_directory, "app.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddObjectQL(db => db.UseSqlite($"Data Source={path};Pooling=False").AddModel(TestModels.Samples));
        using var host = builder.Build();
        var objectQLHost = host.Services.GetRequiredService<ObjectQLHost>();
        Assert.That(objectQLHost.IsOpen, Is.False);
        Assert.That(() => objectQLHost.Database, Throws.InvalidOperationException.With.Message.Contains("not open yet"));

        await host.StartAsync();
        var database = host.Services.GetRequiredService<ObjectQLDatabase>();
        var created = await database.Object("project").CreateAsync(new Record { ["name"] = "Launch" });
        Assert.That(await database.Object("project").CountAsync(), Is.EqualTo(1));
        Assert.That(created["name"], Is.EqualTo("Launch"));

        await host.StopAsync();
        Assert.That(objectQLHost.IsOpen, Is.False);
        Assert.That(File.Exists(path), Is.True);
    }

    [Test]
    public async Task Setup_steps_added_by_other_packages_run_in_order_with_the_services_at_hand()
    {
        var order = new List<string>();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new Marker("from-di"));
        builder.Services
            .AddObjectQL(db => { order.Add("first"); db.UseDriver(new Drivers.Memory.MemoryDriver()).AddModel(TestModels.Samples); })
            .ConfigureDatabase((services, _) => order.Add(services.GetRequiredService<Marker>().Name));
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
        Assert.That(order, Is.EqualTo(new[] { "first", "from-di" }));
    }

    private sealed record Marker(string Name);
}
