using ObjectQL.Metadata;

namespace ObjectQL.Testing;

/// <summary>
/// A hand-written entity of <c>tck_note</c> (title and rank), so the kit drives the typed write path of
/// <see cref="Repository{TEntity}"/> without the generator; row reading and writing use the interface defaults.
/// </summary>
internal sealed class KitNote : IEntity<KitNote>
{
    public static ObjectDefinition Definition => TestModels.Note;

    public string? Id { get; set; }

    public long Version { get; set; }

    public string? Title { get; set; }

    public double? Rank { get; set; }

    // The system fields a stored entity carries back; a new one leaves them unset.
    private readonly Dictionary<string, object?> _system = new(StringComparer.Ordinal);

    public static KitNote FromRecord(Record record)
    {
        var note = new KitNote { Id = record.Id, Version = record[SystemFields.Version] as long? ?? 0, Title = record["title"] as string, Rank = record["rank"] as double? };
        foreach (var name in SystemFields.All)
        {
            if (name is not SystemFields.Id and not SystemFields.Version && record[name] is { } value)
            {
                note._system[name] = value;
            }
        }
        return note;
    }

    public bool TryGetField(string field, out object? value)
    {
        value = field switch
        {
            SystemFields.Id => Id,
            SystemFields.Version => Version,
            "title" => Title,
            "rank" => Rank,
            _ => _system.GetValueOrDefault(field),
        };
        return field is "title" or "rank" || SystemFields.All.Contains(field);
    }

    public void SetField(string field, object? value)
    {
        switch (field)
        {
            case SystemFields.Id: Id = (string?)value; break;
            case SystemFields.Version: Version = (long)value!; break;
            case "title": Title = (string?)value; break;
            case "rank": Rank = (double?)value; break;
            default:
                _system[field] = SystemFields.All.Contains(field)
                    ? value
                    : throw ObjectQLException.InvalidRequest($"tck_note has no field '{field}'.", field, "unknown_field");
                break;
        }
    }

    public Record ToRecord()
    {
        var record = new Record { ["title"] = Title, ["rank"] = Rank };
        if (Id is not null)
        {
            record[SystemFields.Id] = Id;
        }
        if (Version != 0)
        {
            record[SystemFields.Version] = Version;
        }
        foreach (var (name, value) in _system)
        {
            record[name] = value;
        }
        return record;
    }
}
