using System.Security.Cryptography;
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
            return Options(RandomNumberGenerator.GetBytes(32));
        }
        description = $"off (set {KeySetting})";
        return null;
    }

    private static SyncServerOptions Options(byte[] key) =>
        new SyncServerOptions { CheckpointKeys = new Dictionary<byte, byte[]> { [1] = key }, CurrentCheckpointKeyId = 1 }.Validate();
}
