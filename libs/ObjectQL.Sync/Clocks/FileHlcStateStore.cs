using System.Globalization;

namespace ObjectQL.Sync.Clocks;

/// <summary>An <see cref="IHlcStateStore"/> that keeps the bound as decimal text in one file, replaced atomically.</summary>
/// <param name="path">The file; its directory must exist.</param>
public sealed class FileHlcStateStore(string path) : IHlcStateStore
{
    /// <summary>The file the bound lives in.</summary>
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <inheritdoc />
    public async ValueTask<long?> ReadReservedWallAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        var text = (await File.ReadAllTextAsync(Path, cancellationToken).ConfigureAwait(false)).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ObjectQLException(ErrorCodes.InternalError, $"The clock state file '{Path}' does not hold a wall time: '{text}'.");
    }

    /// <inheritdoc />
    public async ValueTask WriteReservedWallAsync(long wallMilliseconds, CancellationToken cancellationToken)
    {
        // Write beside, force it to disk, then rename, so a crash or power loss leaves the old bound or the new one,
        // never a torn or empty file.
        var temporary = Path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 64, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(wallMilliseconds.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
