using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Security;

/// <summary>The operations permissions govern.</summary>
internal enum PermissionAction
{
    Create,
    Read,
    Update,
    Delete,
}

/// <summary>
/// Applies one object's permission set to one context (docs/security.md). Fails closed: no role, no permission;
/// a rule that cannot be evaluated denies. The system context bypasses everything on purpose.
/// </summary>
internal sealed class PermissionGuard
{
    private static readonly Filter MatchNothing = new Filter.Or([]);

    private readonly ObjectDefinition _definition;
    private readonly ObjectQLContext _context;
    private readonly PermissionSettings _settings;
    private readonly PermissionDefinition? _permissions;
    private (bool Built, Filter? Filter)[]? _rowFilters;
    private Dictionary<string, bool>? _readable;

    public PermissionGuard(ObjectDefinition definition, ObjectQLContext context, PermissionSettings settings)
    {
        _definition = definition;
        _context = context;
        _settings = settings;
        _permissions = definition.Permissions;
    }

    public bool Bypass => _context.IsSystem;

    private bool TenantScoped =>
        !_context.IsSystem && _context.TenantId is not null && _definition.FindField(_settings.TenantField) is not null;

    /// <summary>Throws <see cref="ErrorCodes.Forbidden"/> unless the context may perform <paramref name="action"/> on the object.</summary>
    public void RequireObject(PermissionAction action)
    {
        if (Bypass)
        {
            return;
        }
        if (_permissions is null)
        {
            if (!_settings.AllowObjectsWithoutPermissions)
            {
                throw Forbidden($"'{_definition.Name}' has no permission set, and objects without one are closed to users.");
            }
            return;
        }
        if (!HasAnyRole(RolesFor(action)))
        {
            throw Forbidden($"{Describe()} may not {action.ToString().ToLowerInvariant()} '{_definition.Name}' records.");
        }
    }

    /// <summary>True when the context may perform <paramref name="action"/> on the object: <see cref="RequireObject"/> without the error.</summary>
    public bool AllowsObject(PermissionAction action) =>
        Bypass || (_permissions is null ? _settings.AllowObjectsWithoutPermissions : HasAnyRole(RolesFor(action)));

    /// <summary>The row-level filter for <paramref name="action"/> (record rules and tenant), or null for none.</summary>
    /// <remarks>Built once per action: batches ask for it per record (<see cref="Allows"/>), and the context never changes.</remarks>
    public Filter? RowFilter(PermissionAction action)
    {
        if (Bypass)
        {
            return null;
        }
        _rowFilters ??= new (bool, Filter?)[Enum.GetValues<PermissionAction>().Length];
        ref var cached = ref _rowFilters[(int)action];
        if (!cached.Built)
        {
            cached = (true, BuildRowFilter(action));
        }
        return cached.Filter;
    }

    private Filter? BuildRowFilter(PermissionAction action)
    {
        var parts = new List<Filter>(2);
        if (TenantScoped)
        {
            parts.Add(new Filter.Comparison(_settings.TenantField, FilterOperator.Eq, _context.TenantId));
        }
        if (_permissions is { RecordRules.Count: > 0 } permissions && !BypassesRecordRules(action))
        {
            var granting = permissions.RecordRules
                .Where(r => Grants(r, action))
                .OrderByDescending(static r => r.Priority)
                .Select(r => Conditions.ToFilter(r.Condition, _definition, _context))
                .ToArray();
            parts.Add(granting.Length == 0 ? MatchNothing : Filter.Or.Of(granting));
        }
        return parts.Count switch
        {
            0 => null,
            1 => QueryNormalizer.NormalizeFilter(parts[0], _definition),
            _ => QueryNormalizer.NormalizeFilter(Filter.And.Of(parts.ToArray()), _definition),
        };
    }

    /// <summary>True when the stored record may be subjected to <paramref name="action"/>; record rules see the stored record only.</summary>
    public bool Allows(PermissionAction action, Record stored)
    {
        var filter = RowFilter(action);
        return filter is null || FilterEvaluator.Matches(filter, stored);
    }

    /// <summary>True when the context may read <paramref name="field"/>.</summary>
    /// <remarks>Answered once per field: masking asks for every field of every row.</remarks>
    public bool CanRead(string field)
    {
        if (Bypass || SystemFields.IsSystemField(field))
        {
            return true;
        }
        _readable ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!_readable.TryGetValue(field, out var readable))
        {
            _readable[field] = readable = IsReadable(field);
        }
        return readable;
    }

    private bool IsReadable(string field)
    {
        var permission = FieldPermission(field);
        if (permission?.Read is { } readers)
        {
            return HasAnyRole(readers);
        }
        // Passwords are never returned unless a field permission names who may read them.
        return _definition.FindField(field)?.Type != FieldType.Password;
    }

    /// <summary>True when <see cref="Mask"/> could remove a field: the context may not read some declared field.</summary>
    public bool HidesFields
    {
        get
        {
            if (Bypass)
            {
                return false;
            }
            foreach (var declared in _definition.Fields)
            {
                if (!CanRead(declared.Name))
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Throws <see cref="ErrorCodes.Forbidden"/> when the context may not write one of <paramref name="fields"/>.</summary>
    public void RequireWritable(IEnumerable<string> fields)
    {
        if (Bypass)
        {
            return;
        }
        foreach (var field in fields)
        {
            RequireWritable(field);
        }
    }

    /// <summary>
    /// Throws <see cref="ErrorCodes.Forbidden"/> when the context may not write one of the fields a new record sets
    /// (every field with a non-null value, except the id).
    /// </summary>
    public void RequireWritableValues(Record record)
    {
        if (Bypass)
        {
            return;
        }
        foreach (var (field, value) in record)
        {
            if (value is not null && field != SystemFields.Id)
            {
                RequireWritable(field);
            }
        }
    }

    /// <summary>True when <see cref="RequireWritable(IEnumerable{string})"/> would let the context write <paramref name="field"/>.</summary>
    public bool CanWrite(string field) =>
        Bypass || (_definition.FindField(field) is not { Readonly: true } && (FieldPermission(field)?.Update is not { } writers || HasAnyRole(writers)));

    /// <summary>True when <see cref="StampTenant"/> sets the tenant field of new records.</summary>
    public bool StampsTenant => TenantScoped;

    private void RequireWritable(string field)
    {
        var definition = _definition.FindField(field);
        if (definition is { Readonly: true })
        {
            throw Forbidden($"Field '{field}' of '{_definition.Name}' is read-only.", field);
        }
        if (FieldPermission(field)?.Update is { } writers && !HasAnyRole(writers))
        {
            throw Forbidden($"{Describe()} may not change field '{field}' of '{_definition.Name}'.", field);
        }
    }

    /// <summary>Throws <see cref="ErrorCodes.Forbidden"/> when a query filters, sorts, groups or selects a field the context may not read.</summary>
    public void RequireReadable(Query query)
    {
        if (Bypass)
        {
            return;
        }
        foreach (var field in FieldsOf(query))
        {
            if (!CanRead(field))
            {
                throw Forbidden($"{Describe()} may not read field '{field}' of '{_definition.Name}', so it cannot be queried.", field);
            }
        }
    }

    /// <summary>The record without the fields the context may not read (the record itself when nothing is hidden).</summary>
    public Record Mask(Record record)
    {
        if (Bypass)
        {
            return record;
        }
        List<string>? hidden = null;
        foreach (var field in record.Fields)
        {
            if (!CanRead(field))
            {
                (hidden ??= []).Add(field);
            }
        }
        if (hidden is null)
        {
            return record;
        }
        var masked = record.Clone();
        foreach (var field in hidden)
        {
            masked.Remove(field);
        }
        return masked;
    }

    /// <summary>Stamps the tenant field on a new record of a tenant-scoped context.</summary>
    public void StampTenant(Record record)
    {
        if (TenantScoped)
        {
            record[_settings.TenantField] = _context.TenantId;
        }
    }

    private static IEnumerable<string> FieldsOf(Query query)
    {
        foreach (var field in FieldsOf(query.Where))
        {
            yield return field;
        }
        foreach (var sort in query.OrderBy)
        {
            yield return sort.Field;
        }
        foreach (var field in query.Fields ?? [])
        {
            yield return field;
        }
        foreach (var field in query.GroupBy)
        {
            yield return field;
        }
        foreach (var aggregation in query.Aggregations)
        {
            if (aggregation.Field is not null)
            {
                yield return aggregation.Field;
            }
        }
    }

    private static IEnumerable<string> FieldsOf(Filter? filter) => filter switch
    {
        Filter.Comparison c => [c.Field],
        Filter.And a => a.Operands.SelectMany(FieldsOf),
        Filter.Or o => o.Operands.SelectMany(FieldsOf),
        Filter.Not n => FieldsOf(n.Operand),
        _ => [],
    };

    private bool BypassesRecordRules(PermissionAction action)
    {
        var permissions = _permissions!.ObjectPermissions;
        // modify_all implies view_all, as in the permission model it comes from.
        return HasAnyRole(permissions.ModifyAll) || (action == PermissionAction.Read && HasAnyRole(permissions.ViewAll));
    }

    private static bool Grants(RecordRule rule, PermissionAction action) => action switch
    {
        PermissionAction.Read => rule.Read,
        PermissionAction.Update => rule.Update,
        PermissionAction.Delete => rule.Delete,
        _ => false,
    };

    private IReadOnlyList<string> RolesFor(PermissionAction action)
    {
        var permissions = _permissions!.ObjectPermissions;
        return action switch
        {
            PermissionAction.Create => permissions.Create,
            PermissionAction.Read => permissions.Read.Concat(permissions.ViewAll).Concat(permissions.ModifyAll).ToArray(),
            PermissionAction.Update => permissions.Update.Concat(permissions.ModifyAll).ToArray(),
            PermissionAction.Delete => permissions.Delete.Concat(permissions.ModifyAll).ToArray(),
            _ => [],
        };
    }

    // Asked per field of every record read or written: an indexed loop, not a query with a closure per call.
    private FieldPermission? FieldPermission(string field)
    {
        var permissions = _permissions?.FieldPermissions ?? [];
        for (var i = 0; i < permissions.Count; i++)
        {
            if (string.Equals(permissions[i].Field, field, StringComparison.Ordinal))
            {
                return permissions[i];
            }
        }
        return null;
    }

    private bool HasAnyRole(IEnumerable<string> roles) => roles.Any(r => _context.Roles.Contains(r, StringComparer.Ordinal));

    private string Describe() => _context.UserId is null ? "An anonymous caller" : $"User '{_context.UserId}'";

    private static ObjectQLException Forbidden(string message, string? field = null) =>
        new(ErrorCodes.Forbidden, message, field is null ? null : [new ErrorDetail(field, message, "forbidden")]);
}
