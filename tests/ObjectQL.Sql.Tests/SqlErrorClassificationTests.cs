using ObjectQL.Sql.Dialects;

namespace ObjectQL.Sql.Tests;

/// <summary>Store errors are classified from what SQLite-speaking stores report, and mapped to one set of codes.</summary>
public sealed class SqlErrorClassificationTests
{
    private static readonly Exception Cause = new InvalidOperationException("cause");

    [TestCase("UNIQUE constraint failed: task_item.code: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)", SqlErrorKind.UniqueViolation)]
    [TestCase("NOT NULL constraint failed: task_item.title: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_NOTNULL)", SqlErrorKind.NotNullViolation)]
    [TestCase("FOREIGN KEY constraint failed: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_FOREIGNKEY)", SqlErrorKind.ForeignKeyViolation)]
    [TestCase("CHECK constraint failed: positive: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_CHECK)", SqlErrorKind.CheckViolation)]
    [TestCase("database is locked: SQLITE_BUSY", SqlErrorKind.Busy)]
    [TestCase("string or blob too big: SQLITE_TOOBIG", SqlErrorKind.TooLarge)]
    [TestCase("no such table: nope: SQLITE_ERROR", SqlErrorKind.Other)]
    public void D1_messages_are_classified_from_their_text(string message, SqlErrorKind kind)
    {
        Assert.That(SqliteErrors.Classify(Cause, message).Kind, Is.EqualTo(kind));
    }

    [Test]
    public void Result_codes_win_over_text_and_the_subject_is_kept()
    {
        var error = SqliteErrors.Classify(Cause, "SQLite Error 19: 'UNIQUE constraint failed: task_item.a, task_item.b'.", 19, 2067);
        Assert.That(error.Kind, Is.EqualTo(SqlErrorKind.UniqueViolation));
        Assert.That(error.Columns, Is.EqualTo(new[] { "task_item.a", "task_item.b" }));
        var named = SqliteErrors.Classify(Cause, "UNIQUE constraint failed: index 'ix_code': SQLITE_CONSTRAINT");
        Assert.That(named.Constraint, Is.EqualTo("ix_code"));
        Assert.That(SqliteErrors.Classify(Cause, "SQLite Error 5: 'database is locked'.", 5, 5).Kind, Is.EqualTo(SqlErrorKind.Busy));
        Assert.That(SqliteErrors.Classify(Cause, "SQLite Error 1: 'no such table: x'.", 1, 1).Kind, Is.EqualTo(SqlErrorKind.Other));
    }

    [TestCase(SqlErrorKind.UniqueViolation, ErrorCodes.Conflict, "unique")]
    [TestCase(SqlErrorKind.NotNullViolation, ErrorCodes.ValidationError, "not_null")]
    [TestCase(SqlErrorKind.ForeignKeyViolation, ErrorCodes.ValidationError, "foreign_key")]
    [TestCase(SqlErrorKind.CheckViolation, ErrorCodes.ValidationError, "check")]
    [TestCase(SqlErrorKind.ConstraintViolation, ErrorCodes.ValidationError, "constraint")]
    [TestCase(SqlErrorKind.OutOfRange, ErrorCodes.ValidationError, "out_of_range")]
    [TestCase(SqlErrorKind.UnsupportedCharacter, ErrorCodes.InvalidRequest, "nul_character")]
    [TestCase(SqlErrorKind.Busy, ErrorCodes.DatabaseError, "busy")]
    [TestCase(SqlErrorKind.TooLarge, ErrorCodes.DatabaseError, "too_large")]
    [TestCase(SqlErrorKind.SerializationFailure, ErrorCodes.DatabaseError, "serialization_failure")]
    public void Every_kind_maps_to_one_code_and_reason(SqlErrorKind kind, string code, string reason)
    {
        var table = new SqlTable(TestModel.Task(), SqliteDialect.Instance);
        var error = new SqlStoreError(kind, "store text", Cause) { Columns = ["task_item.title"] };
        var mapped = SqlErrors.ToException(error, table, "sqlite");
        Assert.That(mapped.Code, Is.EqualTo(code));
        Assert.That(mapped.Details.Select(static d => d.Reason), Does.Contain(reason));
        Assert.That(mapped.InnerException, Is.SameAs(Cause));
    }

    [Test]
    public void Other_failures_are_database_errors_with_the_store_text()
    {
        var table = new SqlTable(TestModel.Task(), SqliteDialect.Instance);
        var mapped = SqlErrors.ToException(new SqlStoreError(SqlErrorKind.Other, "disk I/O error", Cause), table, "sqlite");
        Assert.That(mapped.Code, Is.EqualTo(ErrorCodes.DatabaseError));
        Assert.That(mapped.Message, Is.EqualTo("The sqlite store failed on 'task_item': disk I/O error"));
    }
}
