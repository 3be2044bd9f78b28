using System.Buffers;
using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Pipeline;

/// <summary>Turns caller input into canonical values: known, writable fields only, each converted to its field's type.</summary>
internal static class RecordInput
{
    private const int MaxIdLength = 128;

    private static readonly SearchValues<char> IdChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    /// <summary>The canonical copy of a new record's fields (with an optional caller-given id).</summary>
    public static Record ForCreate(ObjectDefinition definition, Record input)
    {
        var output = new Record(input.Count + SystemFields.All.Count);
        List<ErrorDetail>? errors = null;
        foreach (var (field, value) in input)
        {
            if (field == SystemFields.Id)
            {
                if (value is not null)
                {
                    output[field] = CheckId(definition, value);
                }
                continue;
            }
            Convert(definition, field, value, output, ref errors);
        }
        ThrowIfAny(definition, errors);
        return output;
    }

    /// <summary>
    /// <see cref="ForCreate"/> of a record the pipeline owns (built for the call, held by nobody else): the same checks
    /// and conversions, made in place instead of into a copy.
    /// </summary>
    public static Record ForCreateInPlace(ObjectDefinition definition, Record input)
    {
        Canonicalize(definition, input, allowSystem: false);
        return input;
    }

    /// <summary>
    /// The canonical form of a patch; <c>_version</c>, when present, becomes <paramref name="expectedVersion"/>. A patch
    /// the pipeline <paramref name="owns"/> (built by a typed repository, held by nobody else) is converted in place
    /// when it has no <c>_version</c> to take out; any other is copied.
    /// </summary>
    public static Record ForPatch(ObjectDefinition definition, Record input, out long? expectedVersion, bool owns = false)
    {
        expectedVersion = null;
        if (owns && !input.Contains(SystemFields.Version))
        {
            // Canonicalize refuses the id and every system field, as the copying loop below does.
            Canonicalize(definition, input, allowSystem: false);
            if (input.Contains(SystemFields.Id))
            {
                throw ObjectQLException.InvalidRequest("A record's id cannot be changed.", SystemFields.Id, "readonly_field");
            }
            return input;
        }
        // Room for the three system fields every update adds, so the record is not resized per write.
        var output = new Record(input.Count + 3);
        List<ErrorDetail>? errors = null;
        foreach (var (field, value) in input)
        {
            if (field == SystemFields.Version)
            {
                if (!CanonicalValues.TryConvert(ValueKind.Integer, value, out var version, out _) || version is null)
                {
                    throw ObjectQLException.InvalidRequest("_version in a patch must be the integer version the change is based on.", field, "invalid_value");
                }
                expectedVersion = (long)version;
                continue;
            }
            if (field == SystemFields.Id)
            {
                throw ObjectQLException.InvalidRequest("A record's id cannot be changed.", field, "readonly_field");
            }
            Convert(definition, field, value, output, ref errors);
        }
        ThrowIfAny(definition, errors);
        return output;
    }

    /// <summary>Re-converts values a before-hook may have set, so the store only ever sees canonical values.</summary>
    public static void Canonicalize(ObjectDefinition definition, Record record, bool allowSystem)
    {
        List<ErrorDetail>? errors = null;
        // Only existing keys are overwritten below, which a Dictionary allows while it is being enumerated: no snapshot needed.
        foreach (var (field, value) in record)
        {
            if (SystemFields.IsSystemField(field))
            {
                if (!allowSystem && field != SystemFields.Id)
                {
                    throw ObjectQLException.InvalidRequest($"Field '{field}' is set by ObjectQL and cannot be written.", field, "system_field");
                }
                if (field == SystemFields.Id && value is not null)
                {
                    record[field] = CheckId(definition, value);
                }
                continue;
            }
            Convert(definition, field, value, record, ref errors);
        }
        ThrowIfAny(definition, errors);
    }

    /// <summary>Checks a caller-given id: 1 to 128 letters, digits, '-', '_', '.' or ':' (also as a JSON string).</summary>
    public static string CheckId(ObjectDefinition definition, object? value)
    {
        if (value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } json
            && CanonicalValues.TryConvert(ValueKind.Text, json, out var text, out _))
        {
            value = text;
        }
        if (value is not string id || id.Length is 0 or > MaxIdLength || id.AsSpan().ContainsAnyExcept(IdChars))
        {
            throw ObjectQLException.InvalidRequest(
                $"An id of '{definition.Name}' must be 1 to {MaxIdLength} characters of letters, digits, '-', '_', '.' or ':'.", SystemFields.Id, "invalid_id");
        }
        return id;
    }

    private static void Convert(ObjectDefinition definition, string field, object? value, Record output, ref List<ErrorDetail>? errors)
    {
        if (SystemFields.IsSystemField(field))
        {
            throw ObjectQLException.InvalidRequest($"Field '{field}' is set by ObjectQL and cannot be written.", field, "system_field");
        }
        var shape = FieldShape.Get(definition, field);
        if (CanonicalValues.TryConvert(shape, value, out var canonical, out var error))
        {
            output[field] = canonical;
        }
        else
        {
            (errors ??= []).Add(new ErrorDetail(field, $"{shape.Definition!.Label}: {error}.", "type"));
        }
    }

    /// <summary>Throws the <see cref="ErrorCodes.ValidationError"/> of <paramref name="definition"/> listing <paramref name="errors"/>, if there are any.</summary>
    public static void ThrowIfAny(ObjectDefinition definition, List<ErrorDetail>? errors)
    {
        if (errors is { Count: > 0 })
        {
            throw new ObjectQLException(ErrorCodes.ValidationError,
                $"Invalid '{definition.Name}' record: {string.Join("; ", errors.Select(static e => e.Message))}", errors);
        }
    }
}
