using System.Globalization;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Security;
using ObjectQL.Values;

namespace ObjectQL.Validation;

internal sealed partial class RecordValidator
{
    /// <summary>
    /// Runs the object's rules for <paramref name="trigger"/> on <paramref name="record"/> (the full record as it would
    /// be stored; on delete the stored record) and the field-level uniqueness checks.
    /// </summary>
    public async Task CheckRulesAsync(
        Record record, Record? previous, RuleTriggers trigger, IValidationScope scope, List<ErrorDetail> errors, CancellationToken cancellationToken)
    {
        if (trigger != RuleTriggers.Delete)
        {
            await CheckUniqueFieldsAsync(record, previous, scope, cancellationToken).ConfigureAwait(false);
        }
        foreach (var rule in _definition.ValidationRules)
        {
            if ((rule.Triggers & trigger) == 0 || rule.Severity != RuleSeverity.Error)
            {
                continue;
            }
            if (trigger == RuleTriggers.Update && previous is not null && rule.Fields.Count > 0
                && !rule.Fields.Any(f => !CanonicalValues.Equals(record[f], previous[f])))
            {
                continue;
            }
            if (rule.ApplyWhen is { } applyWhen && !Conditions.Evaluate(applyWhen, record, _definition, scope.Context, lenientNulls: false))
            {
                continue;
            }
            var failure = rule.Type switch
            {
                ValidationRuleType.CrossField or ValidationRuleType.Conditional =>
                    Conditions.Evaluate(rule.Condition!, record, _definition, scope.Context, lenientNulls: true) ? null : rule.Message ?? $"Rule '{rule.Name}' is not satisfied.",
                ValidationRuleType.BusinessRule => CheckBusinessRule(rule, record, scope.Context),
                ValidationRuleType.StateMachine => CheckStateMachine(rule, record, previous, trigger),
                ValidationRuleType.Unique => await CheckUniqueRuleAsync(rule, record, scope, cancellationToken).ConfigureAwait(false),
                _ => $"Rule '{rule.Name}' has an unsupported type {rule.Type}.",
            };
            if (failure is not null)
            {
                var field = rule.Field ?? FirstField(rule.Condition) ?? rule.IfField ?? rule.Fields.FirstOrDefault();
                errors.Add(new ErrorDetail(field, failure, rule.ErrorCode ?? rule.Name));
            }
        }
    }

    private static string? FirstField(Condition? condition) =>
        condition is null ? null : condition.Field ?? condition.AllOf.Concat(condition.AnyOf).Select(FirstField).FirstOrDefault(static f => f is not null);

    private string? CheckBusinessRule(ValidationRuleDefinition rule, Record record, ObjectQLContext context)
    {
        if (rule.Condition is { } constraint && !Conditions.Evaluate(constraint, record, _definition, context, lenientNulls: false))
        {
            return rule.Message ?? $"Rule '{rule.Name}' is not satisfied.";
        }
        if (rule.IfField is { } ifField && record[ifField] is { } trigger && trigger is not (false or ""))
        {
            var missing = rule.ThenRequire.Where(f => IsMissing(record[f])).ToArray();
            if (missing.Length > 0)
            {
                return rule.Message ?? $"When {ifField} is set, {string.Join(", ", missing)} {(missing.Length == 1 ? "is" : "are")} required.";
            }
        }
        return null;
    }

    private static string? CheckStateMachine(ValidationRuleDefinition rule, Record record, Record? previous, RuleTriggers trigger)
    {
        var field = rule.Field!;
        var next = State(record[field]);
        if (trigger == RuleTriggers.Create)
        {
            return rule.InitialStates.Count > 0 && next is not null && !rule.InitialStates.Contains(next, StringComparer.Ordinal)
                ? Format(rule.Message ?? "A record cannot start in state {{new_status}}.", null, next)
                : null;
        }
        var old = State(previous?[field]);
        if (old is null || next is null || string.Equals(old, next, StringComparison.Ordinal))
        {
            return null;
        }
        if (!rule.Transitions.TryGetValue(old, out var allowed))
        {
            return Format(rule.Message ?? "State {{old_status}} has no allowed transitions.", old, next);
        }
        return allowed.Contains(next, StringComparer.Ordinal)
            ? null
            : Format(rule.Message ?? "Cannot move from {{old_status}} to {{new_status}}.", old, next);
    }

    private static string? State(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static string Format(string message, string? old, string next) =>
        message.Replace("{{old_status}}", old ?? "", StringComparison.Ordinal).Replace("{{new_status}}", next, StringComparison.Ordinal);

    private async Task<string?> CheckUniqueRuleAsync(ValidationRuleDefinition rule, Record record, IValidationScope scope, CancellationToken cancellationToken)
    {
        var fields = rule.Fields.Count > 0 ? rule.Fields : [rule.Field!];
        if (fields.Any(f => record[f] is null))
        {
            return null;
        }
        var exact = new List<Filter> { new Filter.Comparison(SystemFields.Id, FilterOperator.Ne, record.Id) };
        var folded = new List<string>();
        foreach (var field in fields)
        {
            if (!rule.CaseSensitive && record[field] is string)
            {
                folded.Add(field);
            }
            else
            {
                exact.Add(new Filter.Comparison(field, FilterOperator.Eq, record[field]));
            }
        }
        var where = QueryNormalizer.NormalizeFilter(Filter.And.Of(exact.ToArray()), _definition);
        bool duplicate;
        if (folded.Count == 0)
        {
            duplicate = await scope.CountStoredAsync(_definition, where, cancellationToken).ConfigureAwait(false) > 0;
        }
        else
        {
            // Case-insensitive comparison has no AST operator, so candidates matching the exact fields are compared here.
            var candidates = await scope.FindStoredAsync(_definition, new Query { Where = where, Fields = folded }, cancellationToken).ConfigureAwait(false);
            duplicate = candidates.Any(c => folded.All(f => c[f] is string s && string.Equals(s.ToUpperInvariant(), ((string)record[f]!).ToUpperInvariant(), StringComparison.Ordinal)));
        }
        return duplicate ? rule.Message ?? $"The combination of {string.Join(", ", fields)} must be unique." : null;
    }

    private async Task CheckUniqueFieldsAsync(Record record, Record? previous, IValidationScope scope, CancellationToken cancellationToken)
    {
        foreach (var field in _definition.Fields)
        {
            if (!field.Unique || record[field.Name] is not { } value || (previous is not null && CanonicalValues.Equals(value, previous[field.Name])))
            {
                continue;
            }
            var where = QueryNormalizer.NormalizeFilter(
                new Filter.Comparison(field.Name, FilterOperator.Eq, value) & new Filter.Comparison(SystemFields.Id, FilterOperator.Ne, record.Id),
                _definition);
            if (await scope.CountStoredAsync(_definition, where, cancellationToken).ConfigureAwait(false) > 0)
            {
                // The store's own answer to the same write, so the code and reason do not depend on who noticed first.
                throw ObjectQLException.UniqueConflict(_definition.Name, [field.Name]);
            }
        }
    }
}
