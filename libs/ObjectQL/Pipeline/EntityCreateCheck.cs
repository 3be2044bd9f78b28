using ObjectQL.Entities.Generated;
using ObjectQL.Metadata;
using ObjectQL.Validation;
using ObjectQL.Values;

namespace ObjectQL.Pipeline;

/// <summary>
/// Checks one new entity by walking its fields (<see cref="IEntity{TSelf}.WriteRow"/>) as the record path checks the
/// record the entity would become: system fields left unset, a valid id, canonical values, writable fields, required
/// fields and value rules, with the same messages. Type errors are the record path's conversion errors; the
/// others are its validation errors, required ones first. Instants and times finer than a microsecond are listed in
/// <see cref="Fixes"/> so the caller stores the canonical value, as the record path would.
/// </summary>
internal struct EntityCreateCheck : IRowTarget
{
    private static readonly int VersionSlot = SystemFields.All.ToList().IndexOf(SystemFields.Version);

    private readonly ObjectDefinition _definition;
    private readonly RecordValidator _validator;
    private readonly bool[]? _unwritable;
    private readonly List<ErrorDetail> _typeErrors;
    private readonly List<ErrorDetail> _requiredErrors;
    private readonly List<ErrorDetail> _valueErrors;

    // unwritable: per slot, true for a field the context may not set; null when it may set every field. The error lists
    // are shared by a batch and filled in the record path's order.
    public EntityCreateCheck(
        ObjectDefinition definition, RecordValidator validator, bool[]? unwritable,
        List<ErrorDetail> typeErrors, List<ErrorDetail> requiredErrors, List<ErrorDetail> valueErrors)
    {
        _definition = definition;
        _validator = validator;
        _unwritable = unwritable;
        _typeErrors = typeErrors;
        _requiredErrors = requiredErrors;
        _valueErrors = valueErrors;
    }

    /// <summary>The first field with a value that the context may not write, if any.</summary>
    public string? Forbidden { get; private set; }

    /// <summary>Fields whose value must be replaced by its canonical form before the entity is stored.</summary>
    public List<(string Field, object? Value)>? Fixes { get; private set; }

    public readonly void WriteNull(int slot)
    {
        if (_validator.SlotFields[slot] is { Required: true } field)
        {
            _requiredErrors.Add(RecordValidator.Required(field));
        }
    }

    public void WriteString(int slot, string value)
    {
        if (Declared(slot, value) is { } field)
        {
            if (CanonicalValues.TextProblem(value) is { } problem)
            {
                _typeErrors.Add(new ErrorDetail(field.Name, $"{field.Label}: {problem}.", "type"));
                return;
            }
            if (field.Required && value.Length == 0)
            {
                _requiredErrors.Add(RecordValidator.Required(field));
            }
            _validator.CheckText(field, value, _valueErrors);
        }
    }

    public void WriteDouble(int slot, double value)
    {
        if (Declared(slot, null) is { } field)
        {
            if (!double.IsFinite(value))
            {
                TypeError(field, value);
                return;
            }
            RecordValidator.CheckNumber(field, value, _valueErrors);
        }
    }

    public void WriteDecimal(int slot, decimal value)
    {
        if (Declared(slot, null) is { } field)
        {
            _validator.CheckFieldValue(field, value, _valueErrors);
        }
    }

    public void WriteBoolean(int slot, bool value) => Declared(slot, null);

    public void WriteInt64(int slot, long value)
    {
        if (slot == VersionSlot)
        {
            // _version: the record path leaves 0 out of the record and refuses any other value.
            if (value != 0)
            {
                throw SystemField(slot);
            }
            return;
        }
        if (Declared(slot, null) is { } field)
        {
            _validator.CheckFieldValue(field, value, _valueErrors);
        }
    }

    public void WriteDateOnly(int slot, DateOnly value) => Declared(slot, null);

    public void WriteTimeOnly(int slot, TimeOnly value)
    {
        if (Declared(slot, null) is { } field && value.Ticks % 10 != 0)
        {
            (Fixes ??= []).Add((field.Name, CanonicalValues.TruncateToMicroseconds(value)));
        }
    }

    public void WriteDateTimeOffset(int slot, DateTimeOffset value)
    {
        if (Declared(slot, null) is { } field && value.Ticks % 10 != 0)
        {
            (Fixes ??= []).Add((field.Name, CanonicalValues.TruncateToMicroseconds(value)));
        }
    }

    public void WriteValue(int slot, object value)
    {
        if (slot == VersionSlot)
        {
            if (!Equals(value, 0L))
            {
                throw SystemField(slot);
            }
            return;
        }
        // Write permission is checked on the converted value: a JSON null sets nothing, as on the record path.
        if (Declared(slot, value, checkWritable: false) is not { } field)
        {
            return;
        }
        var shape = FieldShape.Get(_definition, field.Name);
        if (!CanonicalValues.TryConvert(shape, value, out var canonical, out var error))
        {
            _typeErrors.Add(new ErrorDetail(field.Name, $"{field.Label}: {error}.", "type"));
            return;
        }
        if (field.Required && RecordValidator.IsMissing(canonical))
        {
            _requiredErrors.Add(RecordValidator.Required(field));
        }
        if (canonical is null)
        {
            // A JSON null: the record path stores no value.
            (Fixes ??= []).Add((field.Name, null));
        }
        else
        {
            CheckWritable(slot, field);
            _validator.CheckFieldValue(field, canonical, _valueErrors);
            if (shape.Kind is ValueKind.DateTime or ValueKind.Time && !ReferenceEquals(canonical, value))
            {
                (Fixes ??= []).Add((field.Name, canonical));
            }
        }
    }

    // The declared field of a slot holding a value, after the system-field and permission checks; null for system
    // slots (id checked here, the others refused as the record path refuses them) and for computed fields.
    private FieldDefinition? Declared(int slot, object? systemValue, bool checkWritable = true)
    {
        if (slot < SystemFields.All.Count)
        {
            if (slot != 0)
            {
                throw SystemField(slot);
            }
            RecordInput.CheckId(_definition, systemValue);
            return null;
        }
        var field = _validator.SlotFields[slot];
        if (field is not null && checkWritable)
        {
            CheckWritable(slot, field);
        }
        return field;
    }

    private void CheckWritable(int slot, FieldDefinition field)
    {
        if (_unwritable is not null && _unwritable[slot])
        {
            Forbidden ??= field.Name;
        }
    }

    private readonly void TypeError(FieldDefinition field, double value)
    {
        CanonicalValues.TryConvert(FieldShape.Get(_definition, field.Name), value, out _, out var error);
        _typeErrors.Add(new ErrorDetail(field.Name, $"{field.Label}: {error}.", "type"));
    }

    private static ObjectQLException SystemField(int slot)
    {
        var name = SystemFields.All[slot];
        return ObjectQLException.InvalidRequest($"Field '{name}' is set by ObjectQL and cannot be written.", name, "system_field");
    }
}
