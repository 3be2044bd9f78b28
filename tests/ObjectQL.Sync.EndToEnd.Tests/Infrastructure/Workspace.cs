namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>A temporary folder for one test's device files, deleted with everything in it when disposed.</summary>
internal sealed class Workspace : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("objectql-e2e-devices-").FullName;

    public string File(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
