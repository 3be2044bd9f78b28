using System.Runtime.InteropServices.JavaScript;
using ObjectQL.Browser.Connectivity;
using ObjectQL.Metadata;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Testing;

namespace ObjectQL.Browser.Kit;

/// <summary>
/// The sync client in the page, for the browser tests: its log in the OPFS store, the browser's connectivity signal,
/// HTTP to the test sync server through the page's own origin.
/// </summary>
public static partial class SyncExports
{
    private const string NoteName = "sync_note";
    private static ObjectQLDatabase? s_database;
    private static SyncClient? s_client;

    /// <summary><c>sync_note</c> as the test sync server defines it (tests/ObjectQL.Sync.TestServer/SyncTestModel.cs).</summary>
    internal static ObjectDefinition Note { get; } = new()
    {
        Name = NoteName,
        Label = "Sync Note",
        Fields =
        [
            TestModels.Field("title", FieldType.Text),
            TestModels.Field("body", FieldType.Textarea),
            TestModels.Field("writer", FieldType.Text),
            TestModels.Field("rank", FieldType.Number),
        ],
        Sync = new SyncSettings { Enabled = true, Strategy = SyncStrategy.LastWriteWins },
        Permissions = new PermissionDefinition
        {
            Name = "sync_note_permissions",
            Object = NoteName,
            Roles = ["member"],
            ObjectPermissions = new ObjectPermissions { Create = ["member"], Read = ["member"], Update = ["member"], Delete = ["member"] },
        },
    };

    /// <summary>Opens the page's store with the sync client and starts it against <paramref name="origin"/>.</summary>
    [JSExport]
    public static async Task<string> StartAsync(string origin)
    {
        var http = new HttpClient { BaseAddress = new Uri(origin) };
        http.DefaultRequestHeaders.Add("X-Test-User", "alice");
        http.DefaultRequestHeaders.Add("X-Test-Roles", "member");
        // A closed page cannot release its engine lease; a short one lets the page opened after it start soon.
        var options = new SyncClientOptions { ServerUrl = new Uri(origin), EngineLease = TimeSpan.FromSeconds(10) };
        var monitor = await BrowserConnectivityMonitor.StartAsync();
        var plugin = new SyncClientPlugin(options, new HttpSyncTransport(http, options), monitor);
        s_database = await ObjectQLDatabase.CreateBuilder()
            .UseBrowserSqlite(new BrowserSqliteOptions { DatabaseName = "sync.db", Storage = BrowserStorage.Opfs })
            .AddModel(new ObjectModel([Note]))
            .AddPlugin(plugin)
            .OpenAsync();
        try
        {
            s_client = await plugin.StartAsync();
        }
        catch (ObjectQLException)
        {
            // Refused (the lease of a closed page is still live): the caller may try again with a fresh start.
            await s_database.DisposeAsync();
            s_database = null;
            throw;
        }
        return Status();
    }

    /// <summary>Writes a note as the user; answers the status after the write.</summary>
    [JSExport]
    public static async Task<string> AddNoteAsync(string title)
    {
        await Database.ForUser("alice", "member").Object(NoteName).CreateAsync(new Record { ["title"] = title, ["writer"] = "browser" });
        return Status();
    }

    /// <summary>Waits until every local write is answered and the pulled changes are applied; answers the status.</summary>
    [JSExport]
    public static async Task<string> WaitForSyncAsync()
    {
        await (s_client ?? throw new InvalidOperationException("Start the client first.")).WaitForSyncAsync();
        return Status();
    }

    /// <summary>The titles of the notes in the local store, sorted and comma-separated.</summary>
    [JSExport]
    public static async Task<string> TitlesAsync()
    {
        var notes = await Database.ForUser("alice", "member").Object(NoteName).FindAsync(new ObjectQL.Querying.Query());
        return string.Join(",", notes.Select(static n => (string?)n["title"]).Order(StringComparer.Ordinal));
    }

    /// <summary><c>online=...;pending=...</c> of the client's status.</summary>
    [JSExport]
    public static string Status() =>
        s_client is { Status: var status } ? $"online={status.IsOnline};pending={status.PendingCount}" : "not started";

    private static ObjectQLDatabase Database => s_database ?? throw new InvalidOperationException("Start the client first.");
}
