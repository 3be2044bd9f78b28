using ObjectQL.Sync.Client;
using OfflinePwa.Model;

namespace OfflinePwa.App.Sync;

// The answers to a note's conflict: keep this device's text, keep the server's, or push a merge. Each answer is pushed
// as a new mutation on the server's version; nothing else waits for it.
public sealed partial class TodoApp
{
    /// <summary>The notes' parked mutations (conflicts and rejections), typed.</summary>
    public IReadOnlyList<NoteSyncParked> NoteConflicts => Status?.Notes().Parked ?? [];

    /// <summary>This device's version of a note (the parked edit as the page shows it), or null when it was deleted here.</summary>
    public Note? Mine(NoteSyncParked parked) => Notes.FirstOrDefault(n => n.Id == parked.RecordId);

    /// <summary>Pushes this device's title and text on top of the server's record.</summary>
    public Task KeepMineAsync(NoteSyncParked parked) =>
        Mine(parked) is { } mine
            ? PushAsync(parked, new NotePatch { Title = mine.Title, Body = mine.Body })
            : KeepServerAsync(parked);

    /// <summary>Drops this device's edit; the server's record stands.</summary>
    public async Task KeepServerAsync(NoteSyncParked parked)
    {
        await Client.DiscardAsync(parked.Mutation.MutationId);
        await ReloadAsync();
    }

    /// <summary>Pushes <paramref name="mergedBody"/> as the note's text, on top of the server's record.</summary>
    public Task MergeAsync(NoteSyncParked parked, string mergedBody) => PushAsync(parked, new NotePatch { Body = mergedBody });

    /// <summary>A starting point for a merge: both texts, this device's first.</summary>
    public string SuggestMerge(NoteSyncParked parked) =>
        string.Join("\n", new[] { Mine(parked)?.Body, parked.Server?.Body }.Where(static b => !string.IsNullOrEmpty(b)).Distinct(StringComparer.Ordinal));

    private async Task PushAsync(NoteSyncParked parked, NotePatch patch)
    {
        await Client.ResolveAsync(parked.Mutation.MutationId, patch.ToRecord());
        await ReloadAsync();
    }
}
