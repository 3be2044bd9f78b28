using System.Text.Json;
using Consumer.Model;
using ObjectQL.Drivers.Memory;
using ObjectQL.Entities.Generated;

namespace ObjectQL.Consumer.Tests;

/// <summary>Every canonical value shape goes through the generated entity, the real pipeline and JSON unchanged.</summary>
public class AllValueShapesTests
{
    private static CatalogItem Sample() => new()
    {
        Sku = "A-1",
        Tags = ["new", "sale"],
        Price = 19.99m,
        Weight = 0.5,
        Rating = CatalogItemRating.Value3,
        Colors = [CatalogItemColors.Red, CatalogItemColors.Blue],
        OpensAt = new TimeOnly(8, 30),
        ListedAt = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(2)),
        Specs = JsonDocument.Parse("{\"size\":\"M\",\"dims\":[1,2]}").RootElement.Clone(),
        Embedding = [0.25f, -1f, 3.5f],
    };

    [Test]
    public void Record_values_are_canonical()
    {
        var record = Sample().ToRecord();
        Assert.Multiple(() =>
        {
            Assert.That(record["tags"], Is.EqualTo(new object?[] { "new", "sale" }));
            Assert.That(record["rating"], Is.EqualTo(3.0), "numeric options are stored as double");
            Assert.That(record["colors"], Is.EqualTo(new object?[] { "red", "blue" }));
            Assert.That(record["price"], Is.TypeOf<decimal>());
            Assert.That(record["embedding"], Is.EqualTo(new[] { 0.25f, -1f, 3.5f }));
            Assert.That(record.Contains("double_price"), Is.False, "formula fields are computed, not stored");
        });
    }

    [Test]
    public async Task Every_shape_survives_the_pipeline_and_the_memory_driver()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), AppModel.Objects);
        var stored = await db.CatalogItems().CreateAsync(Sample());
        var read = (await db.CatalogItems().FindOneAsync(stored.Id!))!;
        var expected = Sample();
        Assert.Multiple(() =>
        {
            Assert.That(read.Tags, Is.EqualTo(expected.Tags));
            Assert.That(read.Price, Is.EqualTo(expected.Price));
            Assert.That(read.Rating, Is.EqualTo(CatalogItemRating.Value3));
            Assert.That(read.Colors, Is.EqualTo(expected.Colors));
            Assert.That(read.OpensAt, Is.EqualTo(expected.OpensAt));
            Assert.That(read.ListedAt, Is.EqualTo(expected.ListedAt));
            Assert.That(read.Specs!.Value.GetProperty("size").GetString(), Is.EqualTo("M"));
            Assert.That(read.Embedding, Is.EqualTo(expected.Embedding));
        });
        var byRating = await db.CatalogItems().FindAsync(CatalogItem.Fields.Rating.Eq(CatalogItemRating.Value3));
        Assert.That(byRating.Select(i => i.Sku), Is.EqualTo(new[] { "A-1" }));
    }

    [Test]
    public void Every_shape_round_trips_through_json()
    {
        var json = JsonSerializer.Serialize(Sample(), AppModelJsonContext.Default.CatalogItemInfo);
        var back = JsonSerializer.Deserialize(json, AppModelJsonContext.Default.CatalogItemInfo)!;
        Assert.That(JsonSerializer.Serialize(back, AppModelJsonContext.Default.CatalogItemInfo), Is.EqualTo(json));
        Assert.That(json, Does.Contain("\"rating\":3").And.Contain("\"opens_at\":\"08:30:00\"").And.Contain("\"specs\":{\"size\":\"M\",\"dims\":[1,2]}"));
        Assert.That(back.Colors, Is.EqualTo(new[] { CatalogItemColors.Red, CatalogItemColors.Blue }));
    }

    [Test]
    public void Multiple_values_of_the_wrong_type_are_rejected_naming_the_field()
    {
        var item = new CatalogItem();
        Assert.That(Assert.Throws<ObjectQLException>(() => item.SetField("tags", new object[] { "ok", 5 }))!.Field, Is.EqualTo("tags"));
        Assert.That(Assert.Throws<ObjectQLException>(() => item.SetField("tags", "not a list"))!.Field, Is.EqualTo("tags"));
        Assert.That(Assert.Throws<ObjectQLException>(() => item.SetField("colors", new[] { "purple" }))!.Field, Is.EqualTo("colors"));
    }

    [Test]
    public void Runtime_conversions_accept_lossless_forms_and_refuse_the_rest()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FieldValues.ToDecimal(12L, "f"), Is.EqualTo(12m));
            Assert.That(FieldValues.ToDate("2026-02-28", "f"), Is.EqualTo(new DateOnly(2026, 2, 28)));
            Assert.That(FieldValues.ToDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), "f").Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(FieldValues.ToTime(TimeSpan.FromHours(7), "f"), Is.EqualTo(new TimeOnly(7, 0)));
            Assert.That(FieldValues.ToVector(new[] { 1.0, 2.0 }, "f"), Is.EqualTo(new[] { 1f, 2f }));
            Assert.That(FieldValues.ToInteger(3.0, "f"), Is.EqualTo(3L));
        });
        Assert.That(Assert.Throws<ObjectQLException>(() => FieldValues.ToDecimal(double.MaxValue, "price"))!.Field, Is.EqualTo("price"));
        Assert.That(Assert.Throws<ObjectQLException>(() => FieldValues.ToDate("28.02.2026", "day"))!.Field, Is.EqualTo("day"));
        Assert.That(Assert.Throws<ObjectQLException>(() => FieldValues.ToInteger(2.5, "_version"))!.Field, Is.EqualTo("_version"));
        Assert.That(Assert.Throws<ObjectQLException>(() => FieldValues.ToBoolean(1, "done"))!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
    }
}
