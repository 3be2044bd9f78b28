using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;

[assembly: SupportedOSPlatform("browser")]

// Nothing to open and nothing to ask: the app is interactive as soon as .NET runs its Main.
Page.Mark("interactive");
return 0;

/// <summary>The page's performance marks, which measure.mjs reads.</summary>
internal static partial class Page
{
    [JSImport("globalThis.performance.mark")]
    internal static partial void Mark(string name);
}
