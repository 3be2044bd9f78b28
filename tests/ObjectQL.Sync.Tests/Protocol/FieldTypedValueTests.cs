using System.Text;
using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Configuration;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.Tests.Resolution;
using ObjectQL.Values;

namespace ObjectQL.Sync.Tests.Protocol;

/// <summary>Review finding R9: wire values become record values by their field's type, exactly, on every sync path.</summary>
public sealed class FieldTypedValueTests
{
    private static readonly ObjectDefinition Ledger = Define(SyncStrategy.LastWriteWins);

    private static ObjectDefinition Define(SyncStrategy strategy) => new()
    {
        Name = Build.Todo,
        Label = "Ledger",
        Fields =
        [
            new FieldDefinition { Name = "amount", Label = "Amount", Type = FieldType.Currency },
            new FieldDefinition { Name = "ratio", Label = "Ratio", Type = FieldType.Number },
            new FieldDefinition { Name = "title", Label = "Title", Type = FieldType.Text },
            new FieldDefinition { Name = "due", Label = "Due", Type = FieldType.DateTime },
        ],
        Sync = new SyncSettings { Enabled = true, Strategy = strategy },
    };

    private static RecordHost Host(SyncStrategy strategy = SyncStrategy.LastWriteWins) =>
        new(SyncConfig.For(Define(strategy)));

    private static MutationLogEntry Create(params (string Field, string Json)[] fields) =>
        Build.Mutation(Samples.ClientA, MutationOperation.Create, null, Build.At(0, Samples.ClientA), Samples.Json(fields));

    private static MutationLogEntry Update(long baseVersion, double seconds, params (string Field, string Json)[] fields) =>
        Build.Mutation(Samples.ClientA, MutationOperation.Update, baseVersion, Build.At(seconds, Samples.ClientA), Samples.Json(fields), sequence: 2);

    private static void AssertRejected(SyncMutationResult result, string field, string reason)
    {
        Assert.That(result, Is.TypeOf<SyncMutationRejected>());
        var rejected = (SyncMutationRejected)result;
        Assert.That((rejected.Code, rejected.Details![0].Field, rejected.Details[0].Reason), Is.EqualTo((ErrorCodes.InvalidRequest, field, reason)));
    }

    private static string Canonical(JsonElement value) => Encoding.UTF8.GetString(CanonicalJson.ToBytes(value));

    [Test]
    public void A_converted_value_has_the_canonical_bytes_of_its_value_written_out_and_read_back()
    {
        var random = new Random(7);
        var literals = new List<(string Field, string Json)>();
        for (var i = 0; i < 2000; i++)
        {
            var number = (random.Next(2) == 0 ? -1 : 1) * random.NextDouble() * Math.Pow(10, random.Next(-12, 25));
            literals.Add(("ratio", number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            literals.Add((SystemFields.Version, random.NextInt64(0, SyncProtocol.MaxInteger).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        literals.AddRange([("ratio", "1e21"), ("ratio", "1.0"), ("ratio", "0.0000001"), ("amount", "12345678901234567.890"), ("title", "\"a\\u0022\\\\\\u0001\u00e9\""), ("title", "\"plain\"")]);
        Assert.Multiple(() =>
        {
            foreach (var (field, json) in literals)
            {
                var shape = FieldShape.Get(Ledger, field);
                var value = JsonValues.Parse(json);
                var expected = Canonical(CanonicalValues.ToJsonElement(CanonicalValues.FromJson(shape, value)));
                Assert.That(Canonical(SyncValues.Convert(shape, value)), Is.EqualTo(expected), json);
            }
        });
    }

    [Test]
    public void R9_integer_beyond_two_to_the_53_on_an_integer_field_is_refused_naming_it()
    {
        var change = new SyncServerChange(Build.Todo, Build.RecordId, MutationOperation.Update, 2, "2026-11-26T10:00:00.000Z",
            Build.At(0, Samples.ClientA).ToString(), Samples.Json(("_version", "9007199254740993"), ("title", "\"x\"")));
        var error = Assert.Throws<ObjectQLException>(() => SyncValues.Convert(Ledger, change))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo(SystemFields.Version));
            Assert.That(error.Details[0].Reason, Is.EqualTo("number_out_of_range"));
            Assert.That(Canonical(SyncValues.Convert(FieldShape.Get(Ledger, SystemFields.Version), JsonValues.Parse("9007199254740991"))),
                Is.EqualTo("9007199254740991"));
        });
    }

    [Test]
    public void R9_integer_beyond_two_to_the_53_on_a_number_field_is_a_rejected_mutation_not_a_rounded_value()
    {
        var host = Host();
        var result = host.Push(Create(("ratio", "9007199254740993"))).Result;
        AssertRejected(result, "ratio", "number_not_exact");
        Assert.That(host.Record, Is.Null);
    }

    [TestCase(SyncStrategy.LastWriteWins)]
    [TestCase(SyncStrategy.Crdt)]
    [TestCase(SyncStrategy.Manual)]
    public void R9_currency_keeps_every_digit_through_the_resolver(SyncStrategy strategy)
    {
        var host = Host(strategy);
        var result = host.Push(Create(("amount", "12345678901234567.89"))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<SyncMutationApplied>().With.Property("Outcome").EqualTo(ApplyOutcome.Accepted));
            Assert.That(host["amount"], Is.EqualTo("12345678901234567.89"));
        });
    }

    [Test]
    public void R9_a_number_out_of_range_on_a_number_field_is_refused_naming_it()
    {
        var error = Assert.Throws<ObjectQLException>(() => SyncValues.Convert(FieldShape.Get(Ledger, "ratio"), JsonValues.Parse("1e400")))!;
        var host = Host();
        var result = host.Push(Create(("ratio", "1.8e308"))).Result;
        Assert.Multiple(() =>
        {
            Assert.That((error.Code, error.Field, error.Details[0].Reason), Is.EqualTo((ErrorCodes.InvalidRequest, "ratio", "number_out_of_range")));
            AssertRejected(result, "ratio", "number_out_of_range");
            Assert.That(host.Record, Is.Null);
        });
    }

    [TestCase("ratio")]
    [TestCase("amount")]
    public void R9_one_one_point_oh_and_one_e_zero_are_one_value_and_one_canonical_form(string field)
    {
        var shape = FieldShape.Get(Ledger, field);
        var forms = new[] { "1", "1.0", "1e0", "1.00" }.Select(literal => Canonical(SyncValues.Convert(shape, JsonValues.Parse(literal)))).ToList();
        var host = Host();
        host.Push(Create((field, "1.0")));
        var stored = host.Record!;
        var again = host.Push(Update(1, 5, (field, "1e0")));
        Assert.Multiple(() =>
        {
            Assert.That(forms, Is.All.EqualTo("1"));
            Assert.That(host[field], Is.EqualTo("1"));
            Assert.That(again.RecordToStore, Is.Null, "an equal value in another spelling changes nothing");
            Assert.That(host.Record, Is.SameAs(stored));
            Assert.That(again.Result, Is.TypeOf<SyncMutationApplied>().With.Property("Outcome").EqualTo(ApplyOutcome.Accepted));
        });
    }

    [TestCase(SyncStrategy.LastWriteWins)]
    [TestCase(SyncStrategy.Crdt)]
    [TestCase(SyncStrategy.Manual)]
    public void R9_text_for_a_number_field_rejects_that_mutation_naming_the_field(SyncStrategy strategy)
    {
        var host = Host(strategy);
        host.Push(Create(("title", "\"a\""), ("ratio", "2")));
        var result = host.Push(Update(1, 5, ("ratio", "\"3\""))).Result;
        AssertRejected(result, "ratio", "invalid_type");
        Assert.That((host["ratio"], host.Record!.Version), Is.EqualTo(("2", 1L)));
    }

    [Test]
    public void Base_data_is_converted_too_so_a_field_sent_with_its_base_value_in_another_spelling_is_no_change()
    {
        var host = Host(SyncStrategy.Crdt);
        host.Push(Create(("ratio", "1"), ("title", "\"a\"")));
        var mutation = Update(1, 5, ("ratio", "1e0"), ("title", "\"b\"")) with { BaseData = Samples.Json(("ratio", "1.0"), ("title", "\"a\"")) };
        var resolution = host.Push(mutation);
        Assert.Multiple(() =>
        {
            Assert.That(host["title"], Is.EqualTo("\"b\""));
            Assert.That(host.Record!.Fields["ratio"].Version, Is.EqualTo(1), "ratio was sent with its base value and is not a change");
            Assert.That(resolution.Result, Is.TypeOf<SyncMutationApplied>().With.Property("Record").Null);
        });
    }

    [Test]
    public void A_mutation_sent_in_canonical_form_is_its_own_conversion_and_another_spelling_converts_only_its_value()
    {
        var due = Canonical(SyncValues.Convert(FieldShape.Get(Ledger, "due"), JsonValues.Parse("\"2026-11-26T11:30:00+01:00\"")));
        var canonical = Create(("title", "\"a\""), ("ratio", "1.5"), ("due", due));
        Assert.That(SyncValues.Convert(Ledger, canonical), Is.SameAs(canonical));
        var mixed = Create(("title", "\"a\""), ("ratio", "1.50"), ("due", due));
        var converted = SyncValues.Convert(Ledger, mixed);
        Assert.Multiple(() =>
        {
            Assert.That(converted, Is.Not.SameAs(mixed));
            Assert.That(converted.Data!.Select(v => (v.Key, v.Value.GetRawText())), Is.EquivalentTo(new[] { ("title", "\"a\""), ("ratio", "1.5"), ("due", due) }));
            Assert.That(mixed.Data!["ratio"].GetRawText(), Is.EqualTo("1.50"), "the mutation as sent is left as it is");
            Assert.That(SyncValues.SameBytes(canonical.Data, converted.Data), Is.True);
        });
    }

    [Test]
    public void A_text_is_its_own_conversion_only_when_sent_without_escapes_in_valid_utf8()
    {
        var plain = Create(("title", "\"plain é 日本 😀\""));
        Assert.That(SyncValues.Convert(Ledger, plain), Is.SameAs(plain));
        var escaped = SyncValues.Convert(Ledger, Create(("title", "\"\\u0041\\t\\\"q\\\"\"")));
        Assert.That(escaped.Data!["title"].GetRawText(), Is.EqualTo("\"A\\t\\\"q\\\"\""), "escapes take their canonical form");
        // Not UTF-8 (a lone continuation byte, a surrogate's encoding): refused as before, never kept as sent.
        foreach (var bytes in new byte[][] { [(byte)'"', 0x80, (byte)'"'], [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'] })
        {
            var reader = new Utf8JsonReader(bytes);
            var invalid = Create() with { Data = new Dictionary<string, JsonElement> { ["title"] = JsonElement.ParseValue(ref reader) } };
            Assert.That(() => SyncValues.Convert(Ledger, invalid), Throws.TypeOf<ObjectQLException>().With.Property("Code").EqualTo(ErrorCodes.InvalidRequest));
        }
    }

    [Test]
    public void A_value_stored_in_other_bytes_than_sent_comes_back_with_the_record()
    {
        var host = Host();
        var result = host.Push(Create(("due", "\"2026-11-26T11:30:00+01:00\""))).Result;
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<SyncMutationApplied>().With.Property("Outcome").EqualTo(ApplyOutcome.Accepted));
            var record = ((SyncMutationApplied)result).Record;
            Assert.That(record, Is.Not.Null);
            Assert.That(DateTimeOffset.Parse(record!["due"].GetString()!, System.Globalization.CultureInfo.InvariantCulture).Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(DateTimeOffset.Parse(record["due"].GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(new DateTimeOffset(2026, 11, 26, 10, 30, 0, TimeSpan.Zero)));
        });
    }

    [Test]
    public void A_base_image_from_the_log_with_a_field_the_schema_dropped_still_resolves()
    {
        var host = Host();
        host.Push(Create(("title", "\"a\"")));
        var resolution = host.Push(Update(1, 5, ("title", "\"b\"")), baseImage: Samples.Json(("title", "\"a\""), ("legacy", "1")));
        Assert.That((resolution.Result is SyncMutationApplied, host["title"]), Is.EqualTo((true, "\"b\"")));
    }

    [Test]
    public void A_field_the_object_does_not_have_rejects_the_mutation_naming_it()
    {
        var result = Host().Push(Create(("colour", "\"red\""))).Result;
        AssertRejected(result, "colour", "unknown_field");
    }
}
