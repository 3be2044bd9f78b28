using ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>The README's first command, <c>examples/TodoSync</c>, run as its own process: what it prints, and what it leaves alone.</summary>
public sealed class TodoSyncExampleTests
{
    [Test]
    public async Task The_example_syncs_two_offline_devices_resolves_each_strategy_and_ends_with_equal_replicas()
    {
        using var workspace = new Workspace();
        var folder = workspace.File("run");

        var (exitCode, output, errors) = await ChildProcess.RunAsync("TodoSync.dll", folder);

        Assert.That(exitCode, Is.Zero, output + errors);
        Assert.That(output, Does.Contain("All replicas equal the server."));
        Assert.That(output, Does.Contain("project (manual): project 'Launch': fields [budget] this device 1500 vs server 1200 -> onConflict keeps the larger, 1500"));
        var afterSync = output[output.IndexOf("After both devices synced:", StringComparison.Ordinal)..];
        Assert.That(CountOf(afterSync, "[x] Book the venue for 40 people (High)"), Is.EqualTo(2), "the crdt merge of both devices' fields, on both devices");
        Assert.That(CountOf(afterSync, "profile 'Ada Lovelace'; project Launch budget 1500"), Is.EqualTo(2), "last-write-wins and the manual answer, on both devices");
        var table = output[output.IndexOf("Every record on every replica", StringComparison.Ordinal)..].Split('\n').Skip(2).TakeWhile(line => line.Trim().Length > 0).ToList();
        Assert.That(table, Has.Count.EqualTo(5), "a user, a project and three to-dos");
        Assert.That(table, Has.All.EndsWith(" yes"));
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName), Is.SupersetOf(new[] { "server.db", "phone.db", "laptop.db" }));
    }

    [Test]
    public async Task The_example_refuses_a_folder_that_exists_and_leaves_it_untouched()
    {
        using var workspace = new Workspace();
        var folder = Directory.CreateDirectory(workspace.File("mine")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "server.db"), "not the example's");

        var (exitCode, output, errors) = await ChildProcess.RunAsync("TodoSync.dll", folder);

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(errors, Does.Contain("already exists"));
        Assert.That(Directory.GetFiles(folder), Has.Length.EqualTo(1));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(folder, "server.db")), Is.EqualTo("not the example's"));
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
