using Microsoft.Extensions.DependencyInjection;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Client.Tests.Model;

namespace ObjectQL.Sync.Client.Tests;

// The C# blocks of docs/sync-client.md, each pasted into a method here so they compile with the tests;
// DocSnippetTests fails when a block of the page is not found here line for line.
internal static class DocSnippets
{
    internal interface ITokenSource
    {
        ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken);
    }

    private static class AppModel
    {
        public static Metadata.ObjectModel Objects => TestModel.Model;
    }

    internal static async Task WithoutDependencyInjectionAsync(ITokenSource tokens)
    {
        var sync = new SyncClientPlugin(new SyncClientOptions
        {
            ServerUrl = new Uri("https://api.example.com/"),
            AuthTokenProvider = ct => tokens.GetAccessTokenAsync(ct),
        });
        await using var db = await ObjectQLDatabase.CreateBuilder()
            .UseSqlite("Data Source=todo.db")
            .AddModel(AppModel.Objects)
            .AddPlugin(sync)
            .OpenAsync();
        await using var client = await sync.StartAsync();
    }

    internal static void Register(IServiceCollection services)
    {
        services.AddObjectQLSyncClient(options =>
        {
            options.ServerUrl = new Uri("https://api.example.com/");
            options.SyncInterval = TimeSpan.FromSeconds(30);
        });
    }

    internal static async Task<SyncClient> StartAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var plugin = provider.GetRequiredService<SyncClientPlugin>();
        await using var db = await ObjectQLDatabase.CreateBuilder()
            .UseSqlite("Data Source=todo.db")
            .AddModel(AppModel.Objects)
            .AddPlugin(plugin)
            .OpenAsync(cancellationToken);
        var engine = await plugin.StartAsync(cancellationToken);
        return engine;
    }

    internal static void ShowStatus(SyncClient client)
    {
        client.StatusChanged += (_, status) =>
        {
            var text = status.Activity switch
            {
                SyncActivity.Syncing => "Syncing...",
                SyncActivity.Offline => $"Offline, {status.PendingCount} changes waiting",
                SyncActivity.Error => $"Sync failed: {status.LastError?.Message}",
                _ => status.LastSuccessfulSync is { } at ? $"Synced at {at:t}" : "Not synced yet",
            };
            foreach (var parked in status.Parked)
            {
                Console.WriteLine($"{parked.ObjectName} {parked.RecordId}: {parked.Reason}");
            }
            Console.WriteLine(text);
        };
    }

    internal static SyncClientOptions ConflictOptions()
    {
        var options = new SyncClientOptions
        {
            ServerUrl = new Uri("https://api.example.com/"),
            OnConflict = (conflict, ct) =>
            {
                // Keep the server's title, push the rest of the local edit on the server's version.
                var patch = new Record();
                foreach (var field in conflict.LocalRecord?.Fields ?? [])
                {
                    if (!conflict.ConflictingFields.Contains(field) && field != "title")
                    {
                        patch[field] = conflict.LocalRecord![field];
                    }
                }
                return ValueTask.FromResult(patch.Count > 0 ? ConflictAnswer.Push(patch) : ConflictAnswer.KeepServer);
            },
        };
        return options;
    }

    internal static async Task AnswerParkedAsync(SyncClient client)
    {
        foreach (var parked in client.Status.Parked)
        {
            if (parked.Kind == ParkedKind.Conflict)
            {
                await client.ResolveAsync(parked.MutationId, new Record { ["title"] = "Chosen by the user" });
            }
            else
            {
                await client.DiscardAsync(parked.MutationId);
            }
        }
    }

    internal static SyncClientOptions TypedConflictHandler()
    {
        var options = new SyncClientOptions { ServerUrl = new Uri("https://api.example.com/") };
        options.OnTypedNoteConflict((conflict, ct) =>
        {
            // Both sides changed the title: keep both; otherwise take the server's suggestion.
            if (conflict.IsConflicting(TypedNote.Fields.Title))
            {
                return ValueTask.FromResult(conflict.Push(new TypedNotePatch { Title = $"{conflict.Server.Title} / {conflict.Client?.Title}" }));
            }
            return ValueTask.FromResult(conflict.AcceptSuggestion());
        });
        return options;
    }

    internal static void TypedStatus(SyncClient client)
    {
        var notes = client.Status.TypedNotes();
        Console.WriteLine($"{notes.PendingCount} notes waiting");
        foreach (var parked in notes.Parked)
        {
            var fields = string.Join(", ", parked.Fields.Select(f => f.Name));
            Console.WriteLine($"{parked.RecordId}: {parked.Reason} ({fields}); server title: {parked.Server?.Title}");
        }
    }
}
