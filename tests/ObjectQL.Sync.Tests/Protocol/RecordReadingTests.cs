using System.Text;
using System.Text.Json.Nodes;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Tests.Protocol;

/// <summary>
/// A page's records read one after another: the names read for one record are used again for the next only where the
/// next one's member at that position has the same name, so every record reads as it is written.
/// </summary>
public sealed class RecordReadingTests
{
    // Records of one page in turn: the same members, an escaped spelling of the same name, other names at the same
    // positions, fewer members, more members, and the first shape again.
    private static readonly string[] Records =
    [
        """{"_version":1,"body":"b","id":"r1","rank":0,"title":"t"}""",
        """{"_version":2,"body":"c","id":"r2","rank":1,"title":"u"}""",
        """{"_version":3,"b\u006fdy":"d","id":"r3","rank":2,"t\u0069tle":"v"}""",
        """{"_version":4,"done":true,"id":"r4","owner":"o","rank":3}""",
        """{"id":"r5"}""",
        """{"_version":6,"a":1,"body":"e","id":"r6","rank":5,"title":"w","zz":[{"x":1}]}""",
        """{"_version":7,"body":"f","id":"r7","rank":6,"title":"x"}""",
    ];

    [Test]
    public void Each_record_of_a_page_reads_with_its_own_member_names_and_values()
    {
        var changes = SyncJson.ReadResponse(Page(Records)).ServerChanges;
        Assert.That(changes, Has.Count.EqualTo(Records.Length));
        for (var i = 0; i < Records.Length; i++)
        {
            var expected = JsonNode.Parse(Records[i])!.AsObject();
            var data = changes[i].Data!;
            Assert.That(data.Keys, Is.EqualTo(expected.Select(m => m.Key)), $"record {i}'s names, in order");
            foreach (var (name, value) in expected)
            {
                Assert.That(data[name].GetRawText(), Is.EqualTo(value!.ToJsonString()), $"record {i}'s {name}");
            }
        }
    }

    [Test]
    public void A_duplicate_member_after_records_of_the_same_names_is_refused_at_its_change()
    {
        var records = Records.Append("""{"_version":8,"body":"g","body":"h","rank":7,"title":"y"}""").ToArray();
        var error = Assert.Throws<ObjectQLException>(() => SyncJson.ReadResponse(Page(records)))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Does.StartWith($"$.serverChanges[{Records.Length}]"));
            Assert.That(error.Details[0].Reason, Is.EqualTo("duplicate_member"));
        });
    }

    [Test]
    public void A_record_of_more_members_than_the_names_kept_reads_them_all()
    {
        var wide = "{" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"f{i:D3}\":{i}")) + "}";
        var changes = SyncJson.ReadResponse(Page([wide, wide])).ServerChanges;
        Assert.Multiple(() =>
        {
            Assert.That(changes[1].Data!.Keys, Is.EqualTo(Enumerable.Range(0, 100).Select(i => $"f{i:D3}")));
            Assert.That(changes[1].Data!["f099"].GetInt32(), Is.EqualTo(99));
        });
    }

    [Test]
    public void A_record_reads_as_a_dictionary_of_its_members()
    {
        var data = SyncJson.ReadResponse(Page(["""{"id":"r1","rank":2}""", "{}"])).ServerChanges.Select(c => c.Data!).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(data[0]["rank"].GetInt32(), Is.EqualTo(2));
            Assert.That(data[0].ContainsKey("id"), Is.True);
            Assert.That(data[0].ContainsKey("title"), Is.False);
            Assert.That(data[0].TryGetValue("title", out _), Is.False);
            Assert.That(() => data[0]["title"], Throws.TypeOf<KeyNotFoundException>());
            Assert.That(data[0].Values.Select(v => v.GetRawText()), Is.EqualTo(new[] { "\"r1\"", "2" }));
            Assert.That(data[1], Is.Empty);
        });
    }

    [Test]
    public void An_empty_record_read_first_on_a_thread_reads_as_empty()
    {
        IReadOnlyList<SyncServerChange> read = [];
        var thread = new Thread(() => read = SyncJson.ReadResponse(Page(["{}", """{"id":"r2"}"""])).ServerChanges);
        thread.Start();
        thread.Join();
        Assert.Multiple(() =>
        {
            Assert.That(read[0].Data, Is.Empty);
            Assert.That(read[1].Data!.Keys, Is.EqualTo(new[] { "id" }));
        });
    }

    // A response whose changes are creates of the given records.
    private static byte[] Page(IReadOnlyList<string> records)
    {
        var changes = records.Select((record, i) =>
            $$"""{"objectName":"todo_item","recordId":"r{{i + 1}}","operation":"create","serverVersion":1,"timestamp":"2026-11-26T09:30:00.000Z","clock":"2026-11-26T09:30:00.000Z-00000000-server-1","data":{{record}}}""");
        var json = $$$"""{"results":[],"serverChanges":[{{{string.Join(",", changes)}}}],"checkpoint":"v1.AAAA","hasMore":false,"resyncRequired":false,"serverClock":"2026-11-26T09:30:08.000Z-00000003-server-1","highestSequence":0,"limits":{"maxMutationsPerRequest":100,"maxRecordBytes":1048576,"maxRequestBytes":4194304}}""";
        return Encoding.UTF8.GetBytes(json);
    }
}
