using System.Text.Json;
using ObjectQL.Browser.Interop;
using ObjectQL.Sql;

namespace ObjectQL.Browser.Tests;

/// <summary>
/// The steps' JSON the executor sends to the Worker (<see cref="BatchRequest"/>), written by hand: it must parse as JSON
/// to the shape the engine reads, with every statement's text exactly as given.
/// </summary>
[TestFixture]
public sealed class BatchRequestTests
{
    [TestCase("SELECT 1")]
    [TestCase("")]
    [TestCase("SELECT 'it''s', \"quoted\", 'back\\slash'")]
    [TestCase("SELECT 1\n-- a comment\r\n\tFROM t")]
    [TestCase("SELECT '\u0000\u0001\u001f\u007f'")]
    [TestCase("SELECT 'é 😀 \u2028 \u2029 </script>'")]
    [TestCase("SELECT '\ud800 alone'")]
    public void A_statement_text_reaches_the_engine_as_it_was(string sql)
    {
        var json = new BatchRequest(atomic: false).Add(sql).ToJson();
        using var document = JsonDocument.Parse(json);
        var steps = document.RootElement.GetProperty("steps");
        Assert.That(steps.GetArrayLength(), Is.EqualTo(1));
        Assert.That(steps[0].GetProperty("sql").GetString(), Is.EqualTo(sql.Contains('\ud800') ? sql.Replace('\ud800', '\ufffd') : sql),
            "an unpaired surrogate is the one character .NET's parser replaces; JavaScript's keeps it");
    }

    [Test]
    public void The_steps_carry_the_flags_and_counts_the_engine_reads()
    {
        SqlArgument[] row = [new("a", SqlValueKind.Text), new(1L, SqlValueKind.Integer)];
        var request = new BatchRequest(atomic: true, reader: true)
            .Add("BEGIN IMMEDIATE")
            .Add("INSERT INTO t (a, b) VALUES (?1, ?2)", 2, [.. row, .. row], read: false)
            .Add("SELECT a FROM t WHERE b = ?1", 0, [row[1]], read: true);
        using var document = JsonDocument.Parse(request.ToJson());
        var root = document.RootElement;
        var steps = root.GetProperty("steps");
        Assert.Multiple(() =>
        {
            Assert.That(request.Count, Is.EqualTo(3));
            Assert.That((root.GetProperty("atomic").GetBoolean(), root.GetProperty("reader").GetBoolean()), Is.EqualTo((true, true)));
            Assert.That(steps[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "sql" }));
            Assert.That((steps[1].GetProperty("per").GetInt32(), steps[1].GetProperty("n").GetInt32()), Is.EqualTo((2, 4)));
            Assert.That(steps[1].TryGetProperty("read", out _), Is.False);
            Assert.That((steps[2].GetProperty("read").GetBoolean(), steps[2].GetProperty("n").GetInt32()), Is.EqualTo((true, 1)));
            Assert.That(steps[2].TryGetProperty("per", out _), Is.False);
            Assert.That(request.Arguments, Is.EqualTo("s1:ai1;s1:ai1;i1;"));
        });
    }

    [Test]
    public void A_request_that_is_neither_atomic_nor_for_the_reader_says_so()
    {
        using var document = JsonDocument.Parse(new BatchRequest(atomic: false).Add("COMMIT").ToJson());
        Assert.That(document.RootElement.GetProperty("atomic").GetBoolean(), Is.False);
        Assert.That(document.RootElement.TryGetProperty("reader", out _), Is.False);
    }
}
