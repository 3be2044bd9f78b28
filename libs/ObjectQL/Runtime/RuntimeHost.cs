namespace ObjectQL;

/// <summary>The kind of host the code runs on (<see cref="RuntimeProfile.Host"/>).</summary>
public enum RuntimeHost
{
    /// <summary>A .NET runtime with a JIT: a server, a desktop, a container.</summary>
    Jit,

    /// <summary>A NativeAOT-published native binary: no JIT and no dynamic code, full operating system otherwise.</summary>
    NativeAot,

    /// <summary>.NET WebAssembly in a web browser (a page or a worker).</summary>
    Browser,

    /// <summary>.NET WebAssembly under Node.js.</summary>
    Node,

    /// <summary>.NET WebAssembly under Deno.</summary>
    Deno,

    /// <summary>.NET WebAssembly under Bun.</summary>
    Bun,

    /// <summary>.NET WebAssembly under a JavaScript host that could not be told apart (for example a Cloudflare worker).</summary>
    OtherJavaScript,

    /// <summary>.NET on the WebAssembly System Interface (wasmtime and similar), without a JavaScript host.</summary>
    Wasi,
}
