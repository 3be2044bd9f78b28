using ObjectQL.Sync.Server;

namespace Server;

/// <summary>
/// The sync endpoint's checkpoint key, from <c>Sync:CheckpointKey</c> (base64, at least 32 bytes, the same on every
/// instance). Without it the endpoint is served only in development, with a key made up for this process: checkpoints
/// then do not survive a restart and clients re-download (a resync, never a silent gap). Outside development a missing
/// key leaves the endpoint unmapped and says so at start.
/// </summary>
internal static class SyncSettings
{
    public const string KeySetting = "Sync:CheckpointKey";

    public static SyncServerOptions? Read(IConfiguration configuration, bool development, out string description)
    {
        if (configuration[KeySetting] is { Length: > 0 } text)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Configuration '{KeySetting}' must be base64.");
            }
            description = "on (configured key)";
            return Options(key);
        }
        if (development)
        {
            description = "on (a key for this process only: clients resync after a restart)";
            return Options(ProcessKey());
        }
        description = $"off (set {KeySetting})";
        return null;
    }

    // 32 bytes from two version-4 GUIDs: 244 bits from the operating system's secure generator, the one Guid.NewGuid
    // uses. RandomNumberGenerator would load and initialise OpenSSL at start (about 9 ms of CPU, docs/performance.md)
    // for a key that lives only as long as this development process; OpenSSL then loads at the first signed checkpoint.
    private static byte[] ProcessKey()
    {
        var key = new byte[32];
        Guid.NewGuid().TryWriteBytes(key);
        Guid.NewGuid().TryWriteBytes(key.AsSpan(16));
        return key;
    }

    private static SyncServerOptions Options(byte[] key) =>
        new SyncServerOptions { CheckpointKeys = new Dictionary<byte, byte[]> { [1] = key }, CurrentCheckpointKeyId = 1 }.Validate();
}
