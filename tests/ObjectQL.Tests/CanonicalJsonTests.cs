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

    [TestCase("0", "0")]
    [TestCase("-0", "0")]
    [TestCase("-0.0", "0")]
    [TestCase("1.50", "1.5")]
    [TestCase("-0.5", "-0.5")]
    [TestCase("0.000001", "0.000001")]
    [TestCase("0.0000001", "1e-7")]
    [TestCase("123456789012345678901", "123456789012345678901")]
    [TestCase("1234567890123456789012", "1.234567890123456789012e+21")]
    [TestCase("123456789012345678901.5", "123456789012345678901.5")]
    [TestCase("100", "100")]
    [TestCase("1E2", "100")]
    public void A_number_is_written_in_its_one_canonical_form(string literal, string canonical)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CanonicalJson.Number(literal), Is.EqualTo(canonical));
            Assert.That(Encoding.UTF8.GetString(CanonicalJson.ToBytes(Json(literal))), Is.EqualTo(canonical));
        });
    }

    [Test]
    public void A_number_already_canonical_reads_the_same_as_through_the_exponent_form()
    {
        // "e0" sends every literal through the full normalisation; without it, canonical literals are kept as written.
        var random = new Random(12);
        for (var i = 0; i < 5000; i++)
        {
            var integer = random.Next(3) == 0 ? "0" : (char)('1' + random.Next(9)) + Digits(random, random.Next(0, 23));
            var fraction = random.Next(2) == 0 ? "" : "." + new string('0', random.Next(8)) + Digits(random, random.Next(1, 6));
            var literal = (random.Next(2) == 0 ? "-" : "") + integer + fraction;
            Assert.That(CanonicalJson.Number(literal), Is.EqualTo(CanonicalJson.Number(literal + "e0")), literal);
        }
    }

    [TestCase("1e99999999999999999", "1e+99999999999999999")]
    [TestCase("1e100000000000000000", "1e+100000000000000000")]
    [TestCase("12.5e999999999999999999", "1.25e+1000000000000000000")]
    [TestCase("0.00125e-999999999999999999", "1.25e-1000000000000000002")]
    [TestCase("-1e-9223372036854775808", "-1e-9223372036854775808")]
    [TestCase("0.1e-9223372036854775808", "1e-9223372036854775809")]
    [TestCase("0.001e1000000000000000000", "1e+999999999999999997")]
    [TestCase("123e999999999999999999999", "1.23e+1000000000000000000001")]
    [TestCase("0.01e-999999999999999999999", "1e-1000000000000000000001")]
    [TestCase("1e+000000000000000000000005", "100000")]
    [TestCase("0e99999999999999999999", "0")]
    public void A_number_with_an_exponent_beyond_any_integer_type_stays_exact(string literal, string canonical)
    {
        Assert.That(CanonicalJson.Number(literal), Is.EqualTo(canonical));
    }

    [Test]
    public void Huge_exponents_shift_exactly_as_big_integers_do()
    {
        var random = new Random(17);
        for (var i = 0; i < 5000; i++)
        {
            var integer = random.Next(3) == 0 ? "0" : (char)('1' + random.Next(9)) + Digits(random, random.Next(0, 25));
            var fraction = random.Next(2) == 0 ? "" : "." + new string('0', random.Next(30)) + (char)('1' + random.Next(9)) + Digits(random, random.Next(0, 5));
            var exponent = (random.Next(2) == 0 ? "-" : random.Next(2) == 0 ? "+" : "") + new string('0', random.Next(3))
                + (char)('1' + random.Next(9)) + Digits(random, random.Next(17, 30));
            var literal = integer + fraction + "e" + exponent;
            // The reference: the power of the first significant digit, by BigInteger.
            var all = integer + fraction.TrimStart('.');
            var leading = all.Length - all.TrimStart('0').Length;
            var significant = all.Trim('0');
            var power = System.Numerics.BigInteger.Parse(exponent.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture) + integer.Length - leading - 1;
            var expected = significant.Length == 0 ? "0" : significant[..1] + (significant.Length > 1 ? "." + significant[1..] : "") + "e" + (power.Sign < 0 ? "-" : "+")
                + System.Numerics.BigInteger.Abs(power).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(CanonicalJson.Number(literal), Is.EqualTo(expected), literal);
        }
    }

    private static string Digits(Random random, int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

    [Test]
    public void Text_is_escaped_only_where_the_canonical_form_escapes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(CanonicalJson.ToBytes(Json("\"a\\u0022b\\\\c\\u0001\\n\\u00e9\\/\""))), Is.EqualTo("\"a\\\"b\\\\c\\u0001\\n\u00e9/\""));
            Assert.That(Encoding.UTF8.GetString(CanonicalJson.ToBytes(Json("\"plain \u00e9 \ud83d\ude00\""))), Is.EqualTo("\"plain \u00e9 \ud83d\ude00\""));
        });
    }

    [Test]
    public void Members_are_ordered_by_code_point_not_by_utf16_unit()
    {
        // U+FFFD sorts before U+1F600, whose UTF-16 surrogates (D83D) sort before FFFD.
        Assert.That(Encoding.UTF8.GetString(CanonicalJson.ToBytes(Json("{\"\ud83d\ude00\":1,\"\ufffd\":2,\"b\":3,\"ab\":4}"))),
            Is.EqualTo("{\"ab\":4,\"b\":3,\"\ufffd\":2,\"\ud83d\ude00\":1}"));
    }
}
