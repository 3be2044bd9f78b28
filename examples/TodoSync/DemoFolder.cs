namespace TodoSync;

/// <summary>
/// Where the demo keeps its three database files: a folder it creates itself, fresh on every run. It never deletes or
/// overwrites anything: a folder that already exists is refused.
/// </summary>
internal static class DemoFolder
{
    /// <summary>Creates <paramref name="requested"/> (or a new folder under the system's temp folder); null and a reason when it exists.</summary>
    public static (string? Path, string? Refusal) Create(string? requested)
    {
        var path = System.IO.Path.GetFullPath(requested ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"todosync-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}"));
        if (Directory.Exists(path) || File.Exists(path))
        {
            return (null, $"'{path}' already exists; the demo only writes into a folder it creates. Pass a path that does not exist yet.");
        }
        Directory.CreateDirectory(path);
        return (path, null);
    }
}
