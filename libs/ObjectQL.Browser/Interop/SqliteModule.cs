using System.Runtime.InteropServices.JavaScript;

namespace ObjectQL.Browser.Interop;

/// <summary>The <c>objectql-sqlite.js</c> module's functions; every call returns a promise, so nothing here blocks.</summary>
internal static partial class SqliteModule
{
    public const string Name = "objectql-sqlite";

    private static Task? s_imported;

    /// <summary>Imports the module once per process.</summary>
    public static Task ImportAsync(string url, CancellationToken cancellationToken) =>
        s_imported ??= JSHost.ImportAsync(Name, url, cancellationToken);

    [JSImport("open", Name)]
    public static partial Task<string> OpenAsync(string name, string storage, string? sqliteUrl);

    // The bytes reach JavaScript as a Uint8Array of their own (one native copy), which the page hands to the Worker.
    [JSImport("run", Name)]
    public static partial Task<string> RunAsync(string name, string request, string arguments, [JSMarshalAs<JSType.Array<JSType.Number>>] byte[]? bytes);

    [JSImport("close", Name)]
    public static partial Task CloseAsync(string name);

    [JSImport("remove", Name)]
    public static partial Task RemoveAsync(string name, string? sqliteUrl);
}
