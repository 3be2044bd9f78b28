namespace ObjectQL.Browser;

/// <summary>Where a browser database keeps its file.</summary>
public enum BrowserStorage
{
    /// <summary>OPFS when the browser has it, else IndexedDB, else memory.</summary>
    Auto,

    /// <summary>The origin private file system through sqlite-wasm's <c>opfs-sahpool</c> VFS (one tab at a time).</summary>
    Opfs,

    /// <summary>An in-memory database whose image is saved to IndexedDB after every write outside a transaction.</summary>
    IndexedDb,

    /// <summary>Memory only: gone when the page or process ends (tests, and hosts such as Node, Deno and Bun).</summary>
    Memory,
}
