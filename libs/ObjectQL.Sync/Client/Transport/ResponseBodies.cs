using System.Runtime.CompilerServices;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Transport;

// The wire body a response was read from, kept beside the response while it lives, so a page the engine stages is
// stored as the server sent it instead of being serialized again change by change. A response a transport built
// without a body (a test's, a custom transport's) has none, and its changes are serialized as before.
internal static class ResponseBodies
{
    private static readonly ConditionalWeakTable<SyncPushResponse, byte[]> Bodies = new();

    public static void Keep(SyncPushResponse response, byte[] body) => Bodies.AddOrUpdate(response, body);

    public static byte[]? Of(SyncPushResponse response) => Bodies.TryGetValue(response, out var body) ? body : null;
}
