using System.Runtime.CompilerServices;
using System.Text;

namespace ObjectQL.Sync.Tests.Protocol;

/// <summary>
/// The checked-in golden JSON files. Set OBJECTQL_UPDATE_GOLDEN=1 to rewrite them from the samples (then review the diff).
/// </summary>
internal static class GoldenFiles
{
    public static string Directory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile)!)!, "Golden");

    public static string PathOf(string name) => Path.Combine(Directory(), name);

    public static bool Updating => Environment.GetEnvironmentVariable("OBJECTQL_UPDATE_GOLDEN") == "1";

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    public static void Write(string name, string text) => File.WriteAllText(PathOf(name), text, new UTF8Encoding(false));
}
