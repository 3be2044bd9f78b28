using System.Runtime.CompilerServices;
using System.Runtime.InteropServices.JavaScript;

namespace ObjectQL.Runtime;

/// <summary>Tells the hosts apart from what the process can see: the platform, the runtime features, the JavaScript globals.</summary>
internal static class RuntimeDetection
{
    public static RuntimeProfile Detect()
    {
        if (OperatingSystem.IsWasi())
        {
            return WebAssembly(RuntimeHost.Wasi, files: true);
        }
        if (OperatingSystem.IsBrowser())
        {
            return WebAssembly(JavaScriptHost(), files: false);
        }
        var dynamicCode = RuntimeFeature.IsDynamicCodeSupported;
        return new RuntimeProfile
        {
            Host = IsNativeAot(dynamicCode) ? RuntimeHost.NativeAot : RuntimeHost.Jit,
            SupportsDynamicCode = dynamicCode,
            HasFileSystem = true,
            HasThreads = true,
            HasSockets = true,
        };
    }

    // A project with PublishAot also switches dynamic code off when it runs on the JIT (so that `dotnet run` behaves like
    // the native build), so that switch alone does not tell. The native binary has no host that hands the runtime its
    // list of trusted assemblies; every JIT launch (framework-dependent, self-contained, single-file) has one.
    private static bool IsNativeAot(bool dynamicCode) =>
        !dynamicCode && AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is null;

    private static RuntimeProfile WebAssembly(RuntimeHost host, bool files) => new()
    {
        Host = host,
        SupportsDynamicCode = false,
        HasFileSystem = files,
        // .NET on WebAssembly runs its managed code on one thread unless built with the multithreading preview.
        HasThreads = false,
        HasSockets = false,
    };

    // Bun and Deno both define process.versions.node for compatibility, so they are asked about first.
    [System.Runtime.Versioning.SupportedOSPlatform("browser")]
    private static RuntimeHost JavaScriptHost()
    {
        try
        {
            var global = JSHost.GlobalThis;
            if (global.HasProperty("Bun"))
            {
                return RuntimeHost.Bun;
            }
            if (global.HasProperty("Deno"))
            {
                return RuntimeHost.Deno;
            }
            if (global.GetPropertyAsJSObject("process")?.GetPropertyAsJSObject("versions")?.HasProperty("node") == true)
            {
                return RuntimeHost.Node;
            }
            return global.HasProperty("document") || global.HasProperty("WorkerGlobalScope") ? RuntimeHost.Browser : RuntimeHost.OtherJavaScript;
        }
        catch (JSException)
        {
            return RuntimeHost.OtherJavaScript;
        }
    }
}
