namespace ObjectQL.Browser;

/// <summary>How <see cref="BrowserSqliteExecutor"/> opens its database.</summary>
public sealed record BrowserSqliteOptions
{
    /// <summary>The database's name, unique per site (letters, digits, <c>-</c>, <c>_</c> and <c>.</c>).</summary>
    public string DatabaseName { get; init; } = "objectql.db";

    /// <summary>Where the database lives; <see cref="BrowserStorage.Auto"/> by default.</summary>
    public BrowserStorage Storage { get; init; } = BrowserStorage.Auto;

    /// <summary>
    /// The URL of the <c>objectql-sqlite.js</c> module, relative to the .NET runtime's <c>_framework</c> folder; by
    /// default the copy this package adds to the app (<c>../_content/ObjectQL.Browser/objectql-sqlite.js</c>).
    /// </summary>
    public string ModuleUrl { get; init; } = "../_content/ObjectQL.Browser/objectql-sqlite.js";

    /// <summary>
    /// The URL of sqlite-wasm's module (<c>index.mjs</c> in a page, <c>node.mjs</c> under Node), or null for the app's
    /// <c>sqlite-wasm/</c> folder (docs/hosting/browser.md says how to copy the npm package there).
    /// </summary>
    public string? SqliteWasmUrl { get; init; }
}
