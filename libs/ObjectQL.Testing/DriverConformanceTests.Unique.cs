using NUnit.Framework;
using ObjectQL.Metadata;
using ObjectQL.Validation;

namespace ObjectQL.Testing;

/// <summary>Unique violations and the size of indexed values: one answer from every driver and every path.</summary>
public abstract partial class DriverConformanceTests
{
    private static async Task AssertUniqueConflictAsync(string field, Func<Task> action)
    {
        var failure = await ThrowsAsync(ErrorCodes.Conflict, field, action);
        Assert.That(failure.Details.Select(static d => d.Reason), Is.All.EqualTo("unique"), failure.Message);
    }

    /// <summary>A unique violation is CONFLICT with reason <c>unique</c> naming the field, whoever notices it: pipeline or store.</summary>
    [Test]
    public async Task Unique_violation_is_conflict_naming_the_field_on_every_path()
    {
        await SeedUsersAsync();
        await AssertUniqueConflictAsync("email", () => Users.CreateAsync(R(("name", "X"), ("email", "alice@example.com"))));
        await AssertUniqueConflictAsync("email", () => Users.CreateManyAsync([R(("name", "X"), ("email", "x@example.com")), R(("name", "Y"), ("email", "x@example.com"))]));
        await AssertUniqueConflictAsync("email", () => Users.UpdateAsync("u2", R(("email", "alice@example.com"))));
        await AssertUniqueConflictAsync(SystemFields.Id, () => Users.CreateAsync(R(("id", "u1"), ("name", "Again"))));
        await AssertUniqueConflictAsync("email", () => Driver.InsertAsync(TestModels.User, [R(("id", "x1"), ("name", "A"), ("email", "bob@example.com"), (SystemFields.Version, 1L))]));
        await AssertUniqueConflictAsync(SystemFields.Id, () => Driver.InsertAsync(TestModels.User, [R(("id", "u1"), ("name", "A"), (SystemFields.Version, 1L))]));
        Assert.That(await Users.CountAsync(), Is.EqualTo(4));
        Assert.That((await Users.FindOneAsync("u2"))!["email"], Is.EqualTo("bob@example.com"));
    }

    /// <summary>
    /// A value of a unique field up to <see cref="IndexedValueLimits.MaxBytes"/> UTF-8 bytes is stored; a larger one is
    /// VALIDATION_ERROR naming the field (reason <c>too_large</c>) on every store, and nothing is written.
    /// </summary>
    [Test]
    public async Task Indexed_value_larger_than_the_limit_is_refused_naming_the_field()
    {
        const string Domain = "@example.com";
        var atLimit = new string('a', IndexedValueLimits.MaxBytes - Domain.Length) + Domain;
        // 'é' is two UTF-8 bytes: the limit counts bytes, not characters.
        var pastLimit = new string('é', ((IndexedValueLimits.MaxBytes - Domain.Length) / 2) + 1) + Domain;
        var huge = new string('a', 1_000_000) + Domain;
        var created = await Users.CreateAsync(R(("name", "Long"), ("email", atLimit)));
        Assert.That((await Users.FindOneAsync(created.Id!))!["email"], Is.EqualTo(atLimit));
        foreach (var email in new[] { pastLimit, huge })
        {
            var failure = await ThrowsAsync(ErrorCodes.ValidationError, "email", () => Users.CreateAsync(R(("name", "X"), ("email", email))));
            Assert.That(failure.Details.Single(static d => d.Field == "email" && d.Reason == "too_large").Message,
                Does.Contain(IndexedValueLimits.MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await ThrowsAsync(ErrorCodes.ValidationError, "email", () => Users.UpdateAsync(created.Id!, R(("email", email))));
        }
        Assert.That(await Users.CountAsync(), Is.EqualTo(1));
        Assert.That((await Users.FindOneAsync(created.Id!))!["email"], Is.EqualTo(atLimit));
    }
}
