using ObjectQL.Entities.Generated;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

/// <summary>The column-to-field map of typed reads, and the default row reader of entities without a generated one.</summary>
public class RowLayoutTests
{
    [Test]
    public void Slots_are_system_fields_then_declared_fields_and_absent_ones_are_minus_one()
    {
        var layout = RowLayout.For(TestModels.Note, ["rank", "id", "no_such_column", "_version"]);
        Assert.That(layout.Count, Is.EqualTo(6 + 3));
        Assert.That(Enumerable.Range(0, layout.Count).Select(layout.NameOf),
            Is.EqualTo(new[] { "id", "created_at", "updated_at", "created_by", "updated_by", "_version", "title", "body", "rank" }));
        Assert.That(Enumerable.Range(0, layout.Count).Select(s => layout[s]), Is.EqualTo(new[] { 1, -1, -1, -1, -1, 3, -1, -1, 0 }));
        Assert.That(layout.ColumnCount, Is.EqualTo(4));
    }

    [Test]
    public void A_layout_is_computed_once_per_object_and_column_list()
    {
        var first = RowLayout.For(TestModels.Note, ["id", "title"]);
        Assert.That(RowLayout.For(TestModels.Note, new List<string> { "id", "title" }), Is.SameAs(first));
        Assert.That(RowLayout.For(TestModels.Note, ["title", "id"]), Is.Not.SameAs(first));
        Assert.That(RowLayout.For(TestModels.User, ["id", "title"]), Is.Not.SameAs(first));
    }

    [Test]
    public void Entities_without_a_generated_reader_read_rows_through_their_record()
    {
        var layout = RowLayout.For(TestModels.Note, ["id", "title", "rank", "_version"]);
        var row = new ArrayRow(["n1", "Hello", null, 4L]);
        var note = ReadRow<NoteEntity>(ref row, layout);
        Assert.That((note.Id, note.Title, note.Rank, note.Version, note.Body), Is.EqualTo(("n1", "Hello", (double?)null, 4L, (string?)null)));
    }

    private static TEntity ReadRow<TEntity>(ref ArrayRow row, RowLayout layout)
        where TEntity : class, IEntity<TEntity> => TEntity.ReadRow(ref row, layout);

    // A row held in memory, values in canonical form.
    private readonly struct ArrayRow(object?[] values) : IRowSource
    {
        public bool IsNull(int ordinal) => values[ordinal] is null;

        public string GetString(int ordinal) => (string)values[ordinal]!;

        public double GetDouble(int ordinal) => (double)values[ordinal]!;

        public decimal GetDecimal(int ordinal) => (decimal)values[ordinal]!;

        public bool GetBoolean(int ordinal) => (bool)values[ordinal]!;

        public long GetInt64(int ordinal) => (long)values[ordinal]!;

        public DateOnly GetDateOnly(int ordinal) => (DateOnly)values[ordinal]!;

        public TimeOnly GetTimeOnly(int ordinal) => (TimeOnly)values[ordinal]!;

        public DateTimeOffset GetDateTimeOffset(int ordinal) => (DateTimeOffset)values[ordinal]!;

        public object GetValue(int ordinal) => values[ordinal]!;
    }
}
