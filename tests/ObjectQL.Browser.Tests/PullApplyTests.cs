using System.Text.Json;

namespace ObjectQL.Browser.Tests;

/// <summary>
/// The Worker's apply of a pull's set (objectql-pull.js, run under Node on sqlite-wasm by Scripts/pull-apply-checks.mjs,
/// with statements of the driver's form): into an empty store it writes every synced copy by one plain insert (the
/// image escaped as the client's serializer escapes it, a tombstone for a deleted record) and every row; into a store
/// that holds a copy of one of the set's records it writes nothing and leaves the set, still staged, to the client. The
/// copies are bound in place by sqlite-wasm, or row by row on a connection that cannot (the same rows).
/// </summary>
[TestFixture]
public sealed class PullApplyTests
{
    private JsonElement _results;

    [OneTimeSetUp]
    public async Task RunChecksAsync()
    {
        var module = Path.Combine(Repository.Root, "libs", "ObjectQL.Browser", "wwwroot");
        var output = await ChildProcess.RunAsync("node", [Path.Combine(Repository.Scripts, "pull-apply-checks.mjs"), module], Repository.Root, TimeSpan.FromMinutes(1));
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(static l => l.StartsWith('{'));
        using var document = JsonDocument.Parse(json);
        _results = document.RootElement.Clone();
    }

    [Test]
    public void A_set_applied_to_an_empty_store_writes_every_copy_and_row()
    {
        var empty = _results.GetProperty("empty");
        Assert.That(empty.GetProperty("answer").GetProperty("ok").GetBoolean(), Is.True);
        Assert.That(Column(empty, "copies", 0), Is.EqualTo(new[] { "pull_label:r1", "pull_label:r2", "pull_label:r3", "pull_label:r4" }));
        Assert.That(Column(empty, "labels", 0), Is.EqualTo(new[] { "r1", "r2", "r4" }));
        Assert.That(Column(empty, "labels", 1), Is.EqualTo(new[] { "plain", "quote \" <b> a+b", "caf\u00e9 \ud83d\ude00 \u0001" }));
        Assert.That(empty.GetProperty("staged").GetInt32(), Is.Zero);
    }

    [Test]
    public void A_copys_image_is_the_text_the_clients_serializer_writes()
    {
        var copies = _results.GetProperty("empty").GetProperty("copies");
        Assert.That(copies[1][6].GetString(), Is.EqualTo("""{"_version":1,"created_at":"2026-12-05T06:00:00.1\u002B00:00","id":"r2","name":"quote \u0022 \u003Cb\u003E a\u002Bb","done":true}"""));
        Assert.That(copies[3][6].GetString(), Is.EqualTo("""{"_version":1,"created_at":"2026-12-05T06:00:00.1\u002B00:00","id":"r4","name":"caf\u00E9 \uD83D\uDE00 \u0001","done":true}"""));
        Assert.That(copies[1][5].GetString(), Is.EqualTo("""{"name":"2026-12-05T06:00:00.123Z-0000001a-server"}"""));
    }

    [Test]
    public void A_deleted_record_leaves_a_tombstone_copy_and_no_row()
    {
        var tombstone = _results.GetProperty("empty").GetProperty("copies")[2];
        Assert.That(tombstone[3].GetDouble(), Is.EqualTo(2));
        Assert.That(tombstone[6].ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(tombstone[7].GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void A_connection_without_rows_bound_in_place_writes_the_same_copies_row_by_row()
    {
        var empty = _results.GetProperty("empty");
        var rowByRow = _results.GetProperty("rowByRow");
        Assert.That(rowByRow.GetProperty("answer").GetProperty("ok").GetBoolean(), Is.True);
        Assert.That(rowByRow.GetProperty("copies").GetRawText(), Is.EqualTo(empty.GetProperty("copies").GetRawText()));
        Assert.That(rowByRow.GetProperty("labels").GetRawText(), Is.EqualTo(empty.GetProperty("labels").GetRawText()));
    }

    [Test]
    public void A_set_over_a_held_copy_is_left_to_the_client_and_writes_nothing()
    {
        var held = _results.GetProperty("held");
        Assert.That(held.GetProperty("answer").GetProperty("ok").GetBoolean(), Is.False);
        Assert.That(held.GetProperty("answer").GetProperty("reason").GetString(), Is.EqualTo("the synced copies: 3 of 4 rows written"));
        Assert.That(Column(held, "copies", 0), Is.EqualTo(new[] { "pull_label:r2" }));
        Assert.That(held.GetProperty("copies")[0][3].GetDouble(), Is.EqualTo(7), "the held copy keeps its version");
        Assert.That(held.GetProperty("copies")[0][6].GetString(), Is.EqualTo("""{"name":"held"}"""));
        Assert.That(held.GetProperty("labels").GetArrayLength(), Is.Zero);
        Assert.That(held.GetProperty("staged").GetInt32(), Is.EqualTo(1), "the staged page stays for the client");
    }

    private static string?[] Column(JsonElement result, string table, int column) =>
        [.. result.GetProperty(table).EnumerateArray().Select(row => row[column].GetString())];
}
