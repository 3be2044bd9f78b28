using System.Collections;
using System.Globalization;
using ObjectQL.Metadata;
using ObjectQL.Values;

namespace ObjectQL.Validation;

/// <summary>
/// The field checks of one object: required, select options, min/max, lengths, pattern, format, precision and scale,
/// vector dimension. Object rules are in <c>RecordValidator.Rules.cs</c>. Errors collect per field and are thrown
/// together as one <see cref="ErrorCodes.ValidationError"/>.
/// </summary>
internal sealed partial class RecordValidator
{
    private readonly ObjectDefinition _definition;
    // Null when no field has a pattern: the check's type is then never used, and with pattern checks off not linked.
    private readonly Dictionary<string, PatternCheck>? _patterns;
    private readonly Dictionary<string, int> _indexedByteLimits;

    public RecordValidator(ObjectDefinition definition, TimeSpan regexTimeout)
    {
        _definition = definition;
        SlotFields = new FieldDefinition?[SystemFields.All.Count + definition.Fields.Count];
        for (var i = 0; i < definition.Fields.Count; i++)
        {
            SlotFields[SystemFields.All.Count + i] = definition.Fields[i].IsComputed ? null : definition.Fields[i];
        }
        Defaults = ConvertDefaults(definition);
        _indexedByteLimits = IndexedByteLimits(definition);
        var unique = definition.Fields.Any(static f => f.Unique);
        NeedsRecordOnCreate = unique || HasErrorRules(definition, RuleTriggers.Create);
        NeedsRecordOnUpdate = unique || HasErrorRules(definition, RuleTriggers.Update);
        foreach (var field in definition.Fields)
        {
            if (field.Validation?.Pattern is not { } pattern)
            {
                continue;
            }
            if (!PatternCheck.IsSupported)
            {
                // Fails closed: a model's pattern is never skipped because the app was published without the engine.
                throw ObjectQLException.InvalidRequest(
                    $"Field '{field.Name}' of '{definition.Name}' has a pattern, but this app was published with pattern checks off ({PatternCheck.Switch} is false): remove that setting from the app's project or the pattern from the field.",
                    field.Name, "pattern_unsupported");
            }
            try
            {
                (_patterns ??= new(StringComparer.Ordinal))[field.Name] = PatternCheck.Create(pattern, regexTimeout);
            }
            catch (ArgumentException e)
            {
                throw ObjectQLException.InvalidRequest($"Field '{field.Name}' of '{definition.Name}' has an invalid pattern: {e.Message}", field.Name, "invalid_pattern");
            }
        }
    }

    /// <summary>
    /// The stored declared field of each <see cref="Entities.Generated.RowLayout"/> slot (null for system and computed fields), for checks
    /// that walk an entity by slot.
    /// </summary>
    public FieldDefinition?[] SlotFields { get; }

    /// <summary>
    /// The stored fields with a <c>defaultValue</c>, in canonical form: converted once at open, where a default that does
    /// not fit its field is refused instead of being dropped from every record.
    /// </summary>
    public (string Field, object Value)[] Defaults { get; }

    /// <summary>True when checking a new record needs the whole record: unique fields or object rules for create.</summary>
    public bool NeedsRecordOnCreate { get; }

    /// <summary>True when checking a change needs the whole record: unique fields or object rules for update.</summary>
    public bool NeedsRecordOnUpdate { get; }

    /// <summary>The error of a required field without a value.</summary>
    public static ErrorDetail Required(FieldDefinition field) => new(field.Name, Message(field, $"{field.Label} is required."), "required");

    /// <summary>Checks <c>required</c> for <paramref name="fields"/> of <paramref name="record"/>.</summary>
    public void CheckRequired(Record record, IReadOnlyList<FieldDefinition> fields, List<ErrorDetail> errors)
    {
        // By index: a foreach over the interface would allocate an enumerator for every record checked.
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Required && !field.IsComputed && IsMissing(record[field.Name]))
            {
                errors.Add(Required(field));
            }
        }
    }

    /// <summary>
    /// The field checks of an update, on its patch: for each declared field <paramref name="patch"/> sets,
    /// <c>required</c> (it may not clear the field) and the value rules. The merged record holds the patch's values for
    /// those fields, so no stored record is needed. Errors come as on create: required fields first, in declaration
    /// order, then the value errors.
    /// </summary>
    public void CheckPatch(Record patch, List<ErrorDetail> errors)
    {
        var start = errors.Count;
        foreach (var (name, value) in patch)
        {
            if (_definition.FindField(name) is not { } field || field.IsComputed)
            {
                continue;
            }
            if (field.Required && IsMissing(value))
            {
                errors.Add(Required(field));
            }
            if (value is not null)
            {
                CheckFieldValue(field, value, errors);
            }
        }
        if (errors.Count - start > 1)
        {
            // One walk found them in patch order; report required fields first, in declaration order, as create does.
            var found = errors.GetRange(start, errors.Count - start);
            errors.RemoveRange(start, found.Count);
            errors.AddRange(found.Where(static e => e.Reason == "required").OrderBy(e => IndexOf(e.Field)));
            errors.AddRange(found.Where(static e => e.Reason != "required"));
        }
    }

    private int IndexOf(string? field)
    {
        for (var i = 0; i < _definition.Fields.Count; i++)
        {
            if (_definition.Fields[i].Name == field)
            {
                return i;
            }
        }
        return int.MaxValue;
    }

    /// <summary>Checks the value rules of every declared field present in <paramref name="values"/> (canonical values).</summary>
    public void CheckValues(Record values, List<ErrorDetail> errors)
    {
        foreach (var (name, value) in values)
        {
            if (value is not null && _definition.FindField(name) is { } field)
            {
                CheckFieldValue(field, value, errors);
            }
        }
    }

    /// <summary>Checks the value rules of <paramref name="field"/> for its canonical, non-null <paramref name="value"/>.</summary>
    public void CheckFieldValue(FieldDefinition field, object value, List<ErrorDetail> errors)
    {
        if (field.Type == FieldType.Vector)
        {
            if (field.Dimension is { } dimension && value is float[] vector && vector.Length != dimension)
            {
                errors.Add(new ErrorDetail(field.Name, Message(field, $"{field.Label} must have {dimension} numbers, not {vector.Length}."), "dimension"));
            }
            return;
        }
        if (field.Multiple && value is IEnumerable list and not string)
        {
            foreach (var item in list)
            {
                CheckValue(field, item, errors);
            }
        }
        else
        {
            CheckValue(field, value, errors);
        }
    }

    /// <summary>Checks the range rules of a single number field (what <see cref="CheckFieldValue"/> does for it, without the box).</summary>
    public static void CheckNumber(FieldDefinition field, double value, List<ErrorDetail> errors) => CheckRange(field, value, errors);

    /// <summary>Checks the text rules of a single text field (what <see cref="CheckFieldValue"/> does for it).</summary>
    public void CheckText(FieldDefinition field, string value, List<ErrorDetail> errors) => CheckValue(field, value, errors);

    private static (string Field, object Value)[] ConvertDefaults(ObjectDefinition definition)
    {
        var defaults = new List<(string, object)>();
        foreach (var field in definition.Fields)
        {
            if (field.DefaultValue is null || field.IsComputed)
            {
                continue;
            }
            if (!CanonicalValues.TryConvert(FieldShape.Get(definition, field.Name), field.DefaultValue, out var value, out var error) || value is null)
            {
                throw ObjectQLException.InvalidRequest(
                    $"The default of field '{field.Name}' of '{definition.Name}' does not fit the field: {error ?? "it is null"}.", field.Name, "invalid_default");
            }
            defaults.Add((field.Name, value));
        }
        return [.. defaults];
    }

    // Per indexed field, its share of IndexedValueLimits.MaxBytes: the smallest share among the indexes it is part of.
    private static Dictionary<string, int> IndexedByteLimits(ObjectDefinition definition)
    {
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        void Limit(string field, int bytes) => limits[field] = limits.TryGetValue(field, out var known) ? Math.Min(known, bytes) : bytes;
        foreach (var field in definition.Fields)
        {
            if (field.Unique || field.Index)
            {
                Limit(field.Name, IndexedValueLimits.MaxBytes);
            }
        }
        foreach (var index in definition.Indexes)
        {
            foreach (var field in index.Fields)
            {
                Limit(field, IndexedValueLimits.MaxBytes / Math.Max(1, index.Fields.Count));
            }
        }
        return limits;
    }

    private static bool HasErrorRules(ObjectDefinition definition, RuleTriggers trigger) =>
        definition.ValidationRules.Any(rule => (rule.Triggers & trigger) != 0 && rule.Severity == RuleSeverity.Error);

    public static bool IsMissing(object? value) => value is null || value is string { Length: 0 };

    private void CheckValue(FieldDefinition field, object? value, List<ErrorDetail> errors)
    {
        var name = field.Name;
        if (field.Type == FieldType.Select && field.Options.Count > 0 && !IsOption(field.Options, value))
        {
            var allowed = string.Join(", ", field.Options.Select(static o => Convert.ToString(o.Value, CultureInfo.InvariantCulture)));
            errors.Add(new ErrorDetail(name, Message(field, $"{field.Label} must be one of: {allowed}."), "option"));
            return;
        }
        switch (value)
        {
            case double number:
                CheckRange(field, number, errors);
                break;
            case decimal amount:
                CheckRange(field, (double)amount, errors);
                CheckPrecision(field, amount, errors);
                break;
            case string text:
                CheckIndexedSize(field, text, errors);
                CheckTextRules(field, text, errors);
                break;
        }
    }

    // A loop, not Any with a lambda: the lambda would capture the value, one closure per record checked.
    private static bool IsOption(IReadOnlyList<SelectOption> options, object? value)
    {
        for (var i = 0; i < options.Count; i++)
        {
            if (CanonicalValues.Equals(options[i].Value, value))
            {
                return true;
            }
        }
        return false;
    }

    private static void CheckRange(FieldDefinition field, double value, List<ErrorDetail> errors)
    {
        var min = field.Validation?.Min ?? field.Min;
        var max = field.Validation?.Max ?? field.Max;
        if (min is { } low && value < low)
        {
            errors.Add(new ErrorDetail(field.Name, Message(field, $"{field.Label} must be at least {low.ToString(CultureInfo.InvariantCulture)}."), "min"));
        }
        if (max is { } high && value > high)
        {
            errors.Add(new ErrorDetail(field.Name, Message(field, $"{field.Label} must be at most {high.ToString(CultureInfo.InvariantCulture)}."), "max"));
        }
    }

    private static void CheckPrecision(FieldDefinition field, decimal value, List<ErrorDetail> errors)
    {
        var scale = value.Scale;
        var digits = Math.Abs(decimal.Truncate(value)).ToString(CultureInfo.InvariantCulture).TrimStart('0').Length;
        if (field.Scale is { } maxScale && scale > maxScale && value != Math.Round(value, maxScale))
        {
            errors.Add(new ErrorDetail(field.Name, Message(field, $"{field.Label} may have at most {maxScale} digits after the decimal point."), "scale"));
        }
        if (field.Precision is { } precision && digits > precision - (field.Scale ?? 0))
        {
            errors.Add(new ErrorDetail(field.Name, Message(field, $"{field.Label} has too many digits (precision {precision}, scale {field.Scale ?? 0})."), "precision"));
        }
    }

    private void CheckIndexedSize(FieldDefinition field, string text, List<ErrorDetail> errors)
    {
        // A char takes at most three UTF-8 bytes, so short text needs no count.
        if (_indexedByteLimits.Count == 0 || !_indexedByteLimits.TryGetValue(field.Name, out var limit) || text.Length * 3L <= limit)
        {
            return;
        }
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        if (bytes > limit)
        {
            errors.Add(new ErrorDetail(field.Name, string.Create(CultureInfo.InvariantCulture,
                $"{field.Label} holds {bytes} bytes of text, but an indexed or unique field holds at most {limit} (IndexedValueLimits.MaxBytes)."),
                "too_large"));
        }
    }

    private void CheckTextRules(FieldDefinition field, string text, List<ErrorDetail> errors)
    {
        var name = field.Name;
        var minLength = field.Validation?.MinLength ?? field.MinLength;
        var maxLength = field.Validation?.MaxLength ?? field.MaxLength;
        // Lengths count characters as people see them (runes), which takes a walk of the text: only when limited.
        var length = minLength is null && maxLength is null ? 0 : text.EnumerateRunes().Count();
        if (minLength is { } min && length < min)
        {
            errors.Add(new ErrorDetail(name, Message(field, $"{field.Label} must be at least {min} characters long."), "min_length"));
        }
        if (maxLength is { } max && length > max)
        {
            errors.Add(new ErrorDetail(name, Message(field, $"{field.Label} must be at most {max} characters long."), "max_length"));
        }
        if (PatternCheck.IsSupported && _patterns is not null && _patterns.TryGetValue(name, out var pattern) && !pattern.Matches(text, out var timedOut))
        {
            errors.Add(timedOut
                ? new ErrorDetail(name, $"{field.Label} took too long to check against its pattern.", "pattern")
                : new ErrorDetail(name, Message(field, $"{field.Label} does not have the required format."), "pattern"));
        }
        var format = field.Validation?.Format ?? field.Type switch
        {
            FieldType.Email => "email",
            FieldType.Url => "url",
            _ => null,
        };
        if (format is not null && !text.Length.Equals(0) && !MatchesFormat(format, text))
        {
            errors.Add(new ErrorDetail(name, Message(field, $"{field.Label} must be a valid {format}."), "format"));
        }
    }

    private static bool MatchesFormat(string format, string text) => format switch
    {
        "email" => TextFormats.IsEmail(text),
        "url" => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0,
        "phone" => TextFormats.IsPhone(text),
        "date" => CanonicalValues.TryConvert(ValueKind.Date, text, out var d, out _) && d is not null,
        "datetime" => CanonicalValues.TryConvert(ValueKind.DateTime, text, out var dt, out _) && dt is not null,
        _ => true,
    };

    private static string Message(FieldDefinition field, string fallback) => field.Validation?.Message ?? fallback;
}
