using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace TodoSync;

/// <summary>
/// The demo starts from an empty database each run so its output is always the same, but it only ever deletes a file
/// it made itself: it marks its databases with SQLite's <c>application_id</c> header field and refuses any other file.
/// </summary>
internal static class DemoFile
{
    // "OQLT" in the header's application_id field (offset 68, big-endian), which SQLite keeps for exactly this purpose.
    private const int ApplicationId = 0x4F514C54;
    private static readonly string[] Suffixes = ["", "-wal", "-shm"];

    /// <summary>Clears a database this demo made at <paramref name="path"/> and marks a new one; null when that is done, else why not.</summary>
    public static string? Prepare(string path)
    {
        if (File.Exists(path))
        {
            if (!IsOurs(path))
            {
                return $"'{Path.GetFullPath(path)}' already exists and is not a database this example created; it was left untouched. Pass a path that does not exist yet.";
            }
            foreach (var suffix in Suffixes)
            {
                File.Delete(path + suffix);
            }
        }
        else if (Directory.Exists(path))
        {
            return $"'{Path.GetFullPath(path)}' is a directory; pass the path of a database file.";
        }
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadWriteCreate;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA application_id = {ApplicationId}";
        command.ExecuteNonQuery();
        return null;
    }

    private static bool IsOurs(string path)
    {
        var header = new byte[72];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
            && header.AsSpan(0, 16).SequenceEqual("SQLite format 3\0"u8)
            && BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(68)) == ApplicationId;
    }
}
