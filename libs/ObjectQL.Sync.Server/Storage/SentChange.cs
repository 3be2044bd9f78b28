using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>A change as sent, and its wire text (<see cref="SyncJson.Write{T}"/>): what a kept row's next page copies instead of writing it again.</summary>
internal sealed record SentChange(SyncServerChange Change, byte[] Text);
