using System.Globalization;
using ObjectQL.Sync.Client;

namespace ObjectQL.Sync.EndToEnd.Tests.Docs;

/// <summary>The C# blocks of docs/conflict-resolution.md, compiled here (GuideSnippetTests checks the page still matches).</summary>
internal static class ConflictGuideSnippets
{
    public static SyncClientOptions AddBothRaises()
    {
        var options = new SyncClientOptions
        {
            ServerUrl = new Uri("https://api.example.com/"),
            OnConflict = (conflict, ct) =>
            {
                var mine = Convert.ToDouble(conflict.LocalRecord!["amount"], CultureInfo.InvariantCulture);    // 175
                var theirs = Convert.ToDouble(conflict.ServerRecord["amount"], CultureInfo.InvariantCulture);  // 150
                var original = 100d;
                var patch = new Record { ["amount"] = mine + theirs - original, ["memo"] = "both raises" };
                return ValueTask.FromResult(ConflictAnswer.Push(patch));
            },
        };
        return options;
    }

    public static async Task LeaveItToTheUserAsync(SyncClient client)
    {
        foreach (var parked in client.Status.Parked.Where(p => p.Kind == ParkedKind.Conflict))
        {
            var serverValue = parked.Conflict!.ServerRecord["status"];
            Console.WriteLine($"{parked.ObjectName} {parked.RecordId}: the server has {serverValue}; keeping 'disputed'");
            await client.ResolveAsync(parked.MutationId, new Record { ["status"] = "disputed" });
        }
    }
}
