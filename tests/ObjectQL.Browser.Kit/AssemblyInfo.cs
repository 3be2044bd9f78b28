using System.Runtime.Versioning;

// A browser-wasm app: it runs in a page or under Node, Deno and Bun, never as a desktop process.
[assembly: SupportedOSPlatform("browser")]
