using System.Text.Json;

namespace ObjectQL.Browser.Tests;

/// <summary>
/// The Worker's checks of a pulled page (objectql-pull.js, run under Node by Scripts/pull-checks.mjs): a page within the
/// fast path's scope is taken; a page with one thing wrong is refused with what was wrong, so the client's own path
/// reads it and answers it as it always has.
/// </summary>
[TestFixture]
public sealed class PullChecksTests
{
    private JsonElement _results;

    [OneTimeSetUp]
    public async Task RunChecksAsync()
    {
        var module = Path.Combine(Repository.Root, "libs", "ObjectQL.Browser", "wwwroot", "objectql-pull.js");
        var output = await ChildProcess.RunAsync("node", [Path.Combine(Repository.Scripts, "pull-checks.mjs"), module], Repository.Root, TimeSpan.FromMinutes(1));
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(static l => l.StartsWith('{'));
        using var document = JsonDocument.Parse(json);
        _results = document.RootElement.Clone();
    }

    [Test]
    public void A_page_of_creates_and_deletes_of_known_fields_and_system_fields_is_taken() => Assert.That(Case("valid"), Is.EqualTo("ok"));

    [TestCase("offsetAtLimit")]
    [TestCase("escapes")]
    public void A_page_at_the_edges_of_the_checks_is_taken(string name) => Assert.That(Case(name), Is.EqualTo("ok"));

    [TestCase("unknownField", "the member 'colour'")]
    [TestCase("wrongType", "the value of 'done'")]
    [TestCase("badClock", "clock")]
    [TestCase("badFieldClock", "fieldClocks")]
    [TestCase("unknownObject", "a change of an object this pull does not write")]
    [TestCase("systemNumber", "a number is not spelled as a whole number")]
    [TestCase("fraction", "a number is not spelled as a whole number")]
    [TestCase("otherId", "data.id")]
    [TestCase("badTimestamp", "timestamp")]
    [TestCase("badCounterAfterValid", "clock")]
    [TestCase("badNodeAfterValid", "clock")]
    [TestCase("badOffsetAfterValid", "timestamp")]
    [TestCase("longFractionAfterValid", "timestamp")]
    [TestCase("negativeZero", "a number is not spelled as a whole number")]
    [TestCase("loneSurrogate", "the value of 'name'")]
    [TestCase("deleteWithData", "a delete carries data")]
    [TestCase("results", "the page answers mutations")]
    [TestCase("resync", "a resync starts")]
    [TestCase("notJson", "the page is not JSON")]
    [TestCase("notUtf8", "the page is not UTF-8")]
    [TestCase("byteOrderMark", "the page is not JSON")]
    [TestCase("notBytes", "the page is not bytes")]
    [TestCase("repeatedInChange", "a member is repeated")]
    [TestCase("repeatedInData", "a member is repeated")]
    [TestCase("repeatedInFieldClocks", "a member is repeated")]
    [TestCase("planNotHeld", "plan 2 is not held")]
    public void A_page_with_one_thing_wrong_is_left_to_the_client(string name, string reason) => Assert.That(Case(name), Is.EqualTo(reason));

    private string Case(string name) => _results.GetProperty(name).GetString()!;
}
