using System.Runtime.Versioning;

// A browser-wasm app: it runs in a page, never as a desktop process.
[assembly: SupportedOSPlatform("browser")]
