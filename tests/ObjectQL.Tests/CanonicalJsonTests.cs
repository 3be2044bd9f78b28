using System.Text;
using System.Text.Json;
using ObjectQL.Values;

namespace ObjectQL.Tests;

public sealed class CanonicalJsonTests
{
    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Test]
    public void Core_value_order_and_equality_use_the_canonical_form()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CanonicalValues.Equals(Json("{\"a\":1,\"b\":[1.0]}"), Json("{\"b\":[1e0],\"a\":1.00}")), Is.True);
            Assert.That(CanonicalValues.Compare(Json("1.0"), Json("1")), Is.Zero);
            Assert.That(CanonicalValues.Compare(Json("\"a\""), Json("\"b\"")), Is.Negative);
            Assert.That(CanonicalValues.Equals(Json("9007199254740993"), Json("9007199254740992")), Is.False, "never through a double");
        });
    }

    [Test]
    public void Canonical_bytes_are_reproducible_by_other_implementations()
    {
        Assert.That(Encoding.UTF8.GetString(CanonicalJson.ToBytes(Json("{\"z\":-0,\"a\":[1E2,0.50,\"\\u00e9\\t\"]}"))),
            Is.EqualTo("{\"a\":[100,0.5,\"é\\t\"],\"z\":0}"));
    }

    [Test]
    public void Unpaired_surrogate_is_an_invalid_request_not_a_crash()
    {
        Assert.That(() => CanonicalJson.ToBytes(Json("\"\\ud800\"")),
            Throws.TypeOf<ObjectQLException>().With.Property(nameof(ObjectQLException.Code)).EqualTo(ErrorCodes.InvalidRequest));
    }
}
