using NUnit.Framework;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.Testing;

/// <summary>Values no store can hold the same way: invalid UTF-16, NUL, NaN and infinities; and how ids and options are read.</summary>
public abstract partial class DriverConformanceTests
{
    private static readonly string[] UnstorableTexts = ["a\ud800b", "tail\udc00", "\udc00\ud800", "nul\0inside"];

    /// <summary>Unpaired surrogates and NUL in created or updated values are VALIDATION_ERROR naming the field; nothing is written.</summary>
    [Test]
    public async Task Invalid_text_in_written_values_is_refused_naming_the_field()
    {
        await Notes.CreateAsync(R(("id", "n1"), ("title", "kept")));
        foreach (var text in UnstorableTexts)
        {
            await ThrowsAsync(ErrorCodes.ValidationError, "title", () => Notes.CreateAsync(R(("title", text))));
            await ThrowsAsync(ErrorCodes.ValidationError, "title", () => Notes.UpdateAsync("n1", R(("title", text))));
            await ThrowsAsync(ErrorCodes.ValidationError, "title", () => Notes.UpdateManyAsync(null, R(("title", text))));
            await ThrowsAsync(ErrorCodes.ValidationError, "f_tags", () => AllTypes.CreateAsync(R(("f_tags", new[] { "ok", text }))));
        }
        await ThrowsAsync(ErrorCodes.ValidationError, "title", () => Notes.CreateAsync(R(("title", Json("\"\\ud800\"")))));
        await ThrowsAsync(ErrorCodes.ValidationError, "f_object", () => AllTypes.CreateAsync(R(("f_object", Json("{\"k\":[\"\\ud800\"]}")))));
        await ThrowsAsync(ErrorCodes.ValidationError, "f_object", () => AllTypes.CreateAsync(R(("f_object", Json("{\"k\\u0000\":1}")))));
        var failure = await ThrowsAsync(ErrorCodes.ValidationError, "title", () => Notes.CreateAsync(R(("title", "a\ud800"))));
        Assert.That(failure.Message, Does.Contain("surrogate"));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(1));
        Assert.That(await AllTypes.CountAsync(), Is.EqualTo(0));
        Assert.That((await Notes.FindOneAsync("n1"))!["title"], Is.EqualTo("kept"));
    }

    /// <summary>Unpaired surrogates and NUL in filter operands, parsed JSON or hand-built, are INVALID_REQUEST naming the field.</summary>
    [Test]
    public async Task Invalid_text_in_filters_is_invalid_request_naming_the_field()
    {
        await SeedTrickyNotesAsync();
        foreach (var text in UnstorableTexts)
        {
            await ThrowsAsync(ErrorCodes.InvalidRequest, "title", () => Notes.FindAsync(new Query { Where = W("title", FilterOperator.Eq, text) }));
            await ThrowsAsync(ErrorCodes.InvalidRequest, "title", () => Notes.CountAsync(W("title", FilterOperator.Contains, text)));
        }
        await ThrowsAsync(ErrorCodes.InvalidRequest, "title", () => Task.FromResult(FilterJsonReader.Read("{\"title\":\"\\ud800\"}", TestModels.Note)));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "title", () => Task.FromResult(FilterJsonReader.Read("[[\"title\",\"=\",\"x\\udc00\"]]", TestModels.Note)));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "where", () => Task.FromResult(FilterJsonReader.Read("{\"\\ud800\":1}", TestModels.Note)));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(TrickyTitles.Length));
    }

    /// <summary>NaN and infinities are VALIDATION_ERROR whose message says so in words.</summary>
    [Test]
    public async Task NaN_and_infinity_are_refused_in_words()
    {
        var nan = await ThrowsAsync(ErrorCodes.ValidationError, "f_number", () => AllTypes.CreateAsync(R(("f_number", double.NaN))));
        Assert.That(nan.Message, Does.Contain("NaN (not a number)").And.Contain("not a finite number"));
        var infinity = await ThrowsAsync(ErrorCodes.ValidationError, "f_currency", () => AllTypes.CreateAsync(R(("f_currency", double.PositiveInfinity))));
        Assert.That(infinity.Message, Does.Contain("positive infinity"));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "f_number", () => AllTypes.FindAsync(new Query { Where = W("f_number", FilterOperator.Gt, double.NegativeInfinity) }));
        Assert.That(await AllTypes.CountAsync(), Is.EqualTo(0));
    }

    /// <summary>An id given as a JSON string is read like the string itself.</summary>
    [Test]
    public async Task Id_given_as_a_json_string_is_accepted()
    {
        var created = await Notes.CreateAsync(R(("id", Json("\"json-id\"")), ("title", "t")));
        Assert.That(created.Id, Is.EqualTo("json-id"));
        Assert.That((await Notes.FindOneAsync("json-id"))!["title"], Is.EqualTo("t"));
        await ThrowsAsync(ErrorCodes.InvalidRequest, SystemFields.Id, () => Notes.CreateAsync(R(("id", Json("\"has space\"")))));
        await ThrowsAsync(ErrorCodes.InvalidRequest, SystemFields.Id, () => Notes.CreateAsync(R(("id", Json("42")))));
    }

    /// <summary>A select value outside the field's options is an error in a filter, as it is in a write.</summary>
    [Test]
    public async Task Filter_with_a_value_outside_the_options_is_invalid_request()
    {
        await SeedUsersAsync();
        var failure = await ThrowsAsync(ErrorCodes.InvalidRequest, "role", () => Users.FindAsync(new Query { Where = W("role", FilterOperator.Eq, "root") }));
        Assert.That(failure.Details[0].Reason, Is.EqualTo("invalid_option"));
        Assert.That(failure.Message, Does.Contain("admin, user"));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "role", () => Users.CountAsync(W("role", FilterOperator.In, new[] { "admin", "root" })));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "role", () => Users.CountAsync(W("role", FilterOperator.Ne, "root")));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "f_colors", () => AllTypes.CountAsync(W("f_colors", FilterOperator.Contains, "pink")));
        await ThrowsAsync(ErrorCodes.InvalidRequest, "f_select_number", () => AllTypes.CountAsync(W("f_select_number", FilterOperator.Eq, 3.0)));
        await ThrowsAsync(ErrorCodes.ValidationError, "role", () => Users.UpdateAsync("u1", R(("role", "root"))));
        Assert.That(await UserIdsAsync(W("role", FilterOperator.In, new[] { "admin", "user" })), Is.EqualTo(new[] { "u1", "u2", "u3" }));
        Assert.That(await UserIdsAsync(W("role", FilterOperator.StartsWith, "ro")), Is.Empty, "text operators match parts of values and stay free");
    }
}
