using Consumer.Model;
using ObjectQL.Drivers.Memory;
using ObjectQL.Querying;

namespace ObjectQL.Consumer.Tests;

/// <summary>
/// docs/computed-fields.md: its C# blocks appear here line for line (checked by the repository's
/// ObjectQL.Tests, since this project is also run as a copy against the packed package) and run against invoice.object.yml and
/// invoice_line.object.yml (formulas compiled by the generator, summaries over the lines) on the memory store.
/// </summary>
public sealed class ComputedFieldsGuideTests
{
    private ObjectQLDatabase _db = null!;

    [SetUp]
    public async Task Open() => _db = await Seed();

    [TearDown]
    public async Task Close() => await _db.DisposeAsync();

    private static async Task<ObjectQLDatabase> Seed()
    {
        // docs: reading
        var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), AppModel.Objects);
        var invoice = await db.Invoices().CreateAsync(new Invoice { Customer = "Acme", Discount = 5, DueOn = new DateOnly(2026, 12, 24) });
        await db.InvoiceLines().CreateAsync(new InvoiceLine { Invoice = invoice.Id!, Quantity = 4, Amount = 120m });
        await db.InvoiceLines().CreateAsync(new InvoiceLine { Invoice = invoice.Id!, Quantity = 1, Amount = 30m, Paid = true });

        var read = await db.Invoices().FindOneAsync(invoice.Id!);
        // read.Title == "ACME (discounted)", read.RemindOn == 2026-12-17,
        // read.LineCount == 2, read.Subtotal == 150, read.OpenLines == 1
        // end docs
        Assert.That((read!.Title, read.RemindOn, read.LineCount, read.Subtotal, read.OpenLines),
            Is.EqualTo(("ACME (discounted)", (DateOnly?)new DateOnly(2026, 12, 17), (double?)2, (double?)150, (double?)1)));
        return db;
    }

    [Test]
    public async Task Typed_filters_and_sorts_use_formulas_with_an_SQL_form()
    {
        var db = _db;
        var large = await db.InvoiceLines().FindAsync(InvoiceLine.Fields.IsLarge.Eq(true), orderBy: InvoiceLine.Fields.UnitPrice.Desc());
        Assert.That(large.Select(static l => (l.Amount, l.UnitPrice, l.IsLarge)), Is.EqualTo(new[] { ((decimal?)120m, (decimal?)30m, (bool?)true) }));
    }

    [Test]
    public async Task Untyped_reads_compute_the_same_values()
    {
        var db = _db;
        var rows = await db.Object("invoice").FindAsync(new Query { Fields = ["title", "subtotal"] });
        Assert.That(rows.Select(static r => (r["title"], r["subtotal"], r.Contains("customer"))), Is.EqualTo(new[] { ((object?)"ACME (discounted)", (object?)150.0, false) }));
    }

    [Test]
    public async Task A_formula_without_an_SQL_form_cannot_be_filtered_on()
    {
        var db = _db;
        string? code = null;
        try
        {
            await db.Invoices().FindAsync(Invoice.Fields.Title.Eq("ACME"));
        }
        catch (ObjectQLException error) when (error.Code == ErrorCodes.ValidationError)
        {
            code = error.Code; // UPPER has no identical SQL form, so 'title' cannot be filtered or sorted on
        }
        Assert.That(code, Is.EqualTo(ErrorCodes.ValidationError));
    }
}
