using System.Diagnostics;
using ObjectQL;
using ObjectQL.Browser;
using ObjectQL.Browser.Connectivity;
using ObjectQL.Sync.Client;
using OfflinePwa.Model;

namespace OfflinePwa.App.Sync;

/// <summary>
/// The app's data: the browser SQLite store (OPFS), the sync client against the page's own origin, and the lists the
/// page shows, reloaded after each change of the sync status (a pull may have changed them).
/// </summary>
public sealed partial class TodoApp : IAsyncDisposable
{
    /// <summary>The demo's sign-in token (examples/offline-pwa/Host/DemoToken.cs); a real app asks its identity provider.</summary>
    public const string Token = "offline-pwa-demo";

    /// <summary>How many to-dos the page lists; the count says how many there are in all.</summary>
    public const int ShownTodos = 100;

    private readonly ReloadGate _reloads = new();
    private ObjectQLDatabase? _database;
    private ObjectQLSession? _session;
    private SyncClient? _client;
    private long _startedAt;

    /// <summary>Raised when anything the page shows changed.</summary>
    public event Action? Changed;

    /// <summary>Why the store could not be opened (another tab holds it, for one), or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>Where the database lives, once it is open.</summary>
    public BrowserStorage? Storage { get; private set; }

    /// <summary>The sync client's state, once it runs.</summary>
    public SyncStatus? Status => _client?.Status;

    /// <summary>The first <see cref="ShownTodos"/> to-dos, oldest first.</summary>
    public IReadOnlyList<TodoItem> Todos { get; private set; } = [];

    /// <summary>How many to-dos the store holds.</summary>
    public long TodoCount { get; private set; }

    /// <summary>The notes, oldest first.</summary>
    public IReadOnlyList<Note> Notes { get; private set; } = [];

    /// <summary>How long the first sync after start took (its pull applied included), once it completed.</summary>
    public TimeSpan? FirstSyncDuration { get; private set; }

    /// <summary>Opens the store, shows what it holds, and starts the sync client against <paramref name="origin"/>.</summary>
    public async Task StartAsync(Uri origin, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitor = await BrowserConnectivityMonitor.StartAsync(cancellationToken: cancellationToken);
            var options = new SyncClientOptions
            {
                ServerUrl = origin,
                AuthTokenProvider = _ => ValueTask.FromResult<string?>(Token),
                SyncInterval = TimeSpan.FromSeconds(15),
                // The first sync's pages: the fewer, the fewer requests and local transactions, each costly in the
                // browser; the server caps the ask (5,000 by default) and its byte budget may end a page first.
                PageSize = 5000,
            }
            // A note's conflict waits for the user: it stays parked, and the page offers its answers (NoteConflicts.razor).
            .OnNoteConflict(static (conflict, _) => ValueTask.FromResult(conflict.Defer()));
            var sync = new SyncClientPlugin(options, connectivity: monitor);
            var driver = new BrowserSqliteDriver(new BrowserSqliteOptions { DatabaseName = "offline-pwa.db" });
            Storage = await driver.Store.OpenAsync(cancellationToken);
            _database = await ObjectQLDatabase.CreateBuilder()
                .UseDriver(driver)
                .AddModel(AppModel.Objects)
                .AddPlugin(sync)
                .OpenAsync(cancellationToken);
            _session = _database.ForUser("demo", "member");
            await ReloadAsync();
            _startedAt = Stopwatch.GetTimestamp();
            _client = await sync.StartAsync(cancellationToken);
            _client.StatusChanged += OnStatusChanged;
        }
        catch (ObjectQLException exception)
        {
            Failure = exception.Message;
        }
        Changed?.Invoke();
    }

    private ObjectQLSession Session => _session ?? throw new InvalidOperationException("The store is not open yet.");

    private SyncClient Client => _client ?? throw new InvalidOperationException("The sync client is not running yet.");

    private void OnStatusChanged(object? sender, SyncStatus status)
    {
        if (FirstSyncDuration is null && status.LastSuccessfulSync is not null && status.Activity != SyncActivity.Syncing)
        {
            FirstSyncDuration = Stopwatch.GetElapsedTime(_startedAt);
        }
        _ = ReloadAsync();
    }

    /// <summary>Reads the lists again; calls that arrive while one runs are folded into one more run.</summary>
    private async Task ReloadAsync()
    {
        if (!_reloads.TryEnter())
        {
            return;
        }
        do
        {
            var todos = Session.TodoItems();
            Todos = await todos.FindAsync(orderBy: TodoItem.Fields.Id.Asc(), limit: ShownTodos);
            TodoCount = await todos.CountAsync();
            Notes = await Session.Notes().FindAsync(orderBy: Note.Fields.Id.Asc());
            Changed?.Invoke();
        }
        while (_reloads.ExitOrRunAgain());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            _client.StatusChanged -= OnStatusChanged;
            await _client.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
