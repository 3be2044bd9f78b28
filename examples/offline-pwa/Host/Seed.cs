using ObjectQL;
using ObjectQL.AspNetCore.Hosting;
using OfflinePwa.Model;

namespace OfflinePwa.Host;

/// <summary>
/// Creates to-dos on the server at start, so a new browser's first pull has that many changes to apply. A hosted
/// service registered after the database's own: it runs once the database is open and before Kestrel listens, so no
/// request can meet a half-made seed (a first pull that began mid-seed got some records twice, from the snapshot and
/// again from the log, and measured a different pull).
/// </summary>
internal sealed class Seed(ObjectQLHost host, HostSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var todos = host.Database.System.TodoItems();
        for (var start = 0; start < settings.SeedTodos; start += 1000)
        {
            var batch = Enumerable.Range(start, Math.Min(1000, settings.SeedTodos - start))
                .Select(static i => new TodoItem { Title = $"Seeded to-do {i + 1}", Priority = (i % 3) switch { 0 => TodoItemPriority.Low, 1 => TodoItemPriority.Medium, _ => TodoItemPriority.High } })
                .ToList();
            await todos.CreateManyAsync(batch, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
