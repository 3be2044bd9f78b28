using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace OfflinePwa.Host;

/// <summary>Serves the published app's files from one folder, with the content types a .NET WebAssembly app needs.</summary>
internal static class AppFiles
{
    public static IApplicationBuilder UseAppFiles(this IApplicationBuilder app, string webRoot)
    {
        var files = new PhysicalFileProvider(webRoot);
        var types = new FileExtensionContentTypeProvider();
        // Browsers compile WebAssembly by streaming only from application/wasm and import modules only from JavaScript types.
        types.Mappings[".wasm"] = "application/wasm";
        types.Mappings[".mjs"] = "text/javascript";
        types.Mappings[".dat"] = "application/octet-stream";
        types.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            // The service worker decides what is cached; the browser's HTTP cache must not hand it a stale copy.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
