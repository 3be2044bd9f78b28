using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

// Hand-written in the shape the generator emits for tck_note, so the typed path is tested without the generator.
public sealed class NoteEntity : IEntity<NoteEntity>
{
    public static ObjectDefinition Definition => TestModels.Note;

    public string? Id { get; set; }

    public long Version { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? UpdatedBy { get; set; }

    public string? Title { get; set; }

    public string? Body { get; set; }

    public double? Rank { get; set; }

    public static class Fields
    {
        public static readonly FieldDescriptor<NoteEntity, string> Id = new("id");
        public static readonly FieldDescriptor<NoteEntity, string> Title = new("title");
        public static readonly FieldDescriptor<NoteEntity, double> Rank = new("rank");
    }

    public static NoteEntity FromRecord(Record record) => new()
    {
        Id = record.Id,
        Version = record[SystemFields.Version] as long? ?? 0,
        CreatedAt = record[SystemFields.CreatedAt] as DateTimeOffset?,
        UpdatedAt = record[SystemFields.UpdatedAt] as DateTimeOffset?,
        CreatedBy = record[SystemFields.CreatedBy] as string,
        UpdatedBy = record[SystemFields.UpdatedBy] as string,
        Title = record["title"] as string,
        Body = record["body"] as string,
        Rank = record["rank"] as double?,
    };

    public bool TryGetField(string field, out object? value)
    {
        switch (field)
        {
            case "id": value = Id; return true;
            case "_version": value = Version; return true;
            case "created_at": value = CreatedAt; return true;
            case "updated_at": value = UpdatedAt; return true;
            case "created_by": value = CreatedBy; return true;
            case "updated_by": value = UpdatedBy; return true;
            case "title": value = Title; return true;
            case "body": value = Body; return true;
            case "rank": value = Rank; return true;
            default: value = null; return false;
        }
    }

    public void SetField(string field, object? value)
    {
        switch (field)
        {
            case "id": Id = (string?)value; break;
            case "_version": Version = (long)value!; break;
            case "created_at": CreatedAt = (DateTimeOffset?)value; break;
            case "updated_at": UpdatedAt = (DateTimeOffset?)value; break;
            case "created_by": CreatedBy = (string?)value; break;
            case "updated_by": UpdatedBy = (string?)value; break;
            case "title": Title = (string?)value; break;
            case "body": Body = (string?)value; break;
            case "rank": Rank = (double?)value; break;
            default: throw ObjectQLException.InvalidRequest($"tck_note has no field '{field}'.", field, "unknown_field");
        }
    }

    public Record ToRecord()
    {
        var record = new Record { ["title"] = Title, ["body"] = Body, ["rank"] = Rank };
        if (Id is not null)
        {
            record["id"] = Id;
        }
        // As generated entities do: system fields only when set, so a new entity's record passes create's checks.
        if (CreatedAt is not null)
        {
            record[SystemFields.CreatedAt] = CreatedAt;
        }
        if (UpdatedAt is not null)
        {
            record[SystemFields.UpdatedAt] = UpdatedAt;
        }
        if (CreatedBy is not null)
        {
            record[SystemFields.CreatedBy] = CreatedBy;
        }
        if (UpdatedBy is not null)
        {
            record[SystemFields.UpdatedBy] = UpdatedBy;
        }
        if (Version != 0)
        {
            record[SystemFields.Version] = Version;
        }
        return record;
    }
}

public sealed class NotePatch : IPatch<NoteEntity>
{
    private readonly Record _values = new();

    public string? Title { set => _values["title"] = value; }

    public double? Rank { set => _values["rank"] = value; }

    public IReadOnlyList<string> SetFields => _values.Fields.ToArray();

    public bool IsSet(string field) => _values.Contains(field);

    public Record ToRecord() => _values.Clone();

    public void ApplyTo(NoteEntity entity)
    {
        foreach (var (field, value) in _values)
        {
            entity.SetField(field, value);
        }
    }
}
