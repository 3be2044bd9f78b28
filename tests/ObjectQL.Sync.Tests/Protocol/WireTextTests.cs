using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Tests.Protocol;

/// <summary>
/// The hand-written checks of a canonical UUID and a name answer as the regular expressions they replaced, anchored at
/// the very end of the text (<c>\z</c>), on random text made mostly of the characters near their rules' edges.
/// </summary>
public sealed class WireTextTests
{
    private static readonly Regex CanonicalUuid = new(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z", RegexOptions.CultureInvariant);
    private static readonly Regex Name = new(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant);

    // The edges of each class: the characters just outside 0-9, a-f, A-Z, a-z and _, a hyphen, a line feed, non-ASCII
    // letters and digits (Arabic-Indic, full-width), and a lone surrogate.
    private const string Edges = "/09:@AFGZ[^_`afgz{-\n\r \u00e9\u0660\uff10\uff21\ud800";

    private static readonly Gen<char> AnyChar = Gen.Frequency(
        (6, Gen.Char["0123456789abcdef-"]),
        (3, Gen.Char[Edges]),
        (1, Gen.Char));

    private static readonly Gen<string> AnyText = AnyChar.Array[0, 40].Select(chars => new string(chars));

    // A canonical UUID with one character replaced, inserted or dropped: nearly all the random texts of that length fail
    // at the first characters, these at any place.
    private static readonly Gen<string> NearUuid =
        from uuid in Gen.Guid.Select(guid => guid.ToString("D"))
        from place in Gen.Int[0, 35]
        from change in Gen.Int[0, 3]
        from c in AnyChar
        select change switch
        {
            0 => uuid,
            1 => uuid.Remove(place, 1).Insert(place, c.ToString()),
            2 => uuid.Insert(place, c.ToString()),
            _ => uuid.Remove(place, 1),
        };

    [Test]
    public void Canonical_uuid_check_answers_as_the_expression_on_random_text()
    {
        Gen.OneOf(AnyText, NearUuid, NearUuid.Select(u => u.ToUpperInvariant())).Sample(
            text => WireText.IsCanonicalUuid(text) == CanonicalUuid.IsMatch(text), iter: 200_000);
    }

    [Test]
    public void Name_check_answers_as_the_expression_on_random_text()
    {
        Gen.OneOf(AnyText, Gen.Char["_aZ09"].Array[1, 8].Select(chars => new string(chars))).Sample(
            text => WireText.IsName(text) == Name.IsMatch(text), iter: 200_000);
    }

    [TestCase("0190e0b4-7a3c-7def-8abc-0123456789ab", true)]
    [TestCase("0190E0B4-7A3C-7DEF-8ABC-0123456789AB", false)]
    [TestCase("0190e0b47a3c7def8abc0123456789ab", false)]
    [TestCase("{0190e0b4-7a3c-7def-8abc-0123456789ab}", false)]
    [TestCase("0190e0b4-7a3c-7def-8abc-0123456789ab\n", false)]
    [TestCase("", false)]
    public void Canonical_uuid_examples(string text, bool expected) =>
        Assert.That(WireText.IsCanonicalUuid(text), Is.EqualTo(expected));

    [TestCase("todo_item", true)]
    [TestCase("_x9", true)]
    [TestCase("9todo", false)]
    [TestCase("todo-item", false)]
    [TestCase("caf\u00e9", false)]
    [TestCase("todo\n", false)]
    [TestCase("", false)]
    public void Name_examples(string text, bool expected) =>
        Assert.That(WireText.IsName(text), Is.EqualTo(expected));

    // The expressions' "$" also matched before a final line feed; the checks refuse it, and so does the validator.
    [Test]
    public void Object_name_with_a_trailing_line_feed_is_refused()
    {
        var body = JsonNode.Parse(GoldenFiles.Read("push-request.json"))!.AsObject();
        body["mutations"]![0]!["objectName"] = "todo\n";
        var error = Assert.Throws<ObjectQLException>(() => SyncJson.ReadRequest(Encoding.UTF8.GetBytes(body.ToJsonString())))!;
        Assert.That(error.Details[0].Reason, Is.EqualTo("invalid_name"));
    }
}
