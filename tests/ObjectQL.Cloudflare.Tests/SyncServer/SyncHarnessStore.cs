using ObjectQL.Cloudflare;
using ObjectQL.Cloudflare.Tests;
using ObjectQL.Cloudflare.Tests.Miniflare;

namespace ObjectQL.Sync.Server.Tests.Support;

/// <summary>
/// The sync server tests' harness store on D1 (the SQLite one is tests/ObjectQL.Sync.Server.Tests/Support): each
/// harness directory is given one of Miniflare's sync databases, through the bridge. A directory reopened keeps its
/// database and data; a new directory takes the database used least recently and empties it. Tests run one at a time
/// and hold at most two harnesses open at once, so four databases never hand out one still in use.
/// </summary>
internal static class SyncHarnessStore
{
    private const string BindingFile = "d1-binding";
    private static readonly List<string> LeastRecentlyUsed = [.. MiniflareServer.SyncDatabases];
    private static readonly HashSet<string> Open = [];

    /// <summary>Gives <paramref name="directory"/> its database, emptied when the directory is new.</summary>
    public static async Task PrepareAsync(string directory)
    {
        var file = Path.Combine(directory, BindingFile);
        string binding;
        lock (LeastRecentlyUsed)
        {
            binding = File.Exists(file) ? File.ReadAllText(file) : LeastRecentlyUsed.First(b => !Open.Contains(b));
            if (!Open.Add(binding))
            {
                throw new InvalidOperationException($"D1 database {binding} is already open; the sync tests on D1 run one at a time.");
            }
            LeastRecentlyUsed.Remove(binding);
            LeastRecentlyUsed.Add(binding);
        }
        if (!File.Exists(file))
        {
            await D1Database.ClearAsync(Options(binding));
            await File.WriteAllTextAsync(file, binding);
        }
    }

    public static ObjectQLDatabaseBuilder UseStore(this ObjectQLDatabaseBuilder builder, string directory) =>
        builder.UseCloudflareD1(Options(File.ReadAllText(Path.Combine(directory, BindingFile))), MiniflareSetup.Http);

    private static CloudflareOptions Options(string binding) => MiniflareSetup.Server.BridgeOptions with { D1Binding = binding, KvCacheBinding = null };

    public static void Release(string directory)
    {
        lock (LeastRecentlyUsed)
        {
            Open.Remove(File.ReadAllText(Path.Combine(directory, BindingFile)));
        }
    }
}
