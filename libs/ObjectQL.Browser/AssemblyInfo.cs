using System.Runtime.Versioning;

// Everything here calls JavaScript through [JSImport]: it runs on .NET WebAssembly (browser-wasm), in a page or under a
// JavaScript runtime.
[assembly: SupportedOSPlatform("browser")]
