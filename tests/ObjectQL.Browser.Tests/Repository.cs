namespace ObjectQL.Browser.Tests;

/// <summary>Where the repository, the published kit and the JavaScript tools are.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The npm packages tests/setup/browser.sh installs (playwright-core, deno, bun, sqlite-wasm).</summary>
    public static string Tools { get; } = Environment.GetEnvironmentVariable("OBJECTQL_BROWSER_TOOLS") is { Length: > 0 } tools
        ? tools
        : Path.Combine(Root, "artifacts", "browser-tools");

    /// <summary>This run's scripts (copied beside the test assembly).</summary>
    public static string Scripts { get; } = Path.Combine(AppContext.BaseDirectory, "Scripts");

    public static string Bin(string name) => Path.Combine(Tools, "node_modules", ".bin", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ObjectQL.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (the folder holding ObjectQL.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
