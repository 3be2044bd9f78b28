using System.Globalization;
using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL.Pipeline;

/// <summary>
/// The <c>auto_number</c> rules: which fields the pipeline numbers, how a number becomes the stored text, and the
/// open-time check that the driver can keep the counters.
/// </summary>
internal static class AutoNumbers
{
    /// <summary>True for a field the pipeline numbers on create: a stored, single-valued <c>auto_number</c>.</summary>
    public static bool IsNumbered(FieldDefinition field) => field is { Type: FieldType.AutoNumber, Multiple: false };

    /// <summary>The stored form of a number of <paramref name="field"/>: its <c>prefix</c>, then the decimal digits (no padding), e.g. <c>INV-42</c>.</summary>
    public static string Format(FieldDefinition field, long number) => field.Prefix + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Fails closed: a model with an <c>auto_number</c> field needs a driver implementing <see cref="ISequenceDriver"/>,
    /// otherwise records would be created without their number; a multi-valued <c>auto_number</c> is refused.
    /// </summary>
    public static void Check(IObjectQLDriver driver, ObjectModel model)
    {
        foreach (var definition in model.Objects)
        {
            foreach (var field in definition.Fields)
            {
                // A list of sequence numbers has no meaning; refuse it rather than leave it silently unnumbered.
                if (field is { Type: FieldType.AutoNumber, Multiple: true })
                {
                    throw ObjectQLException.InvalidRequest(
                        $"Field '{field.Name}' of '{definition.Name}' is an auto_number with multiple: true; an auto_number holds one number. Remove 'multiple'.",
                        field.Name, "multiple_auto_number");
                }
                if (IsNumbered(field) && !DriverCapabilities.Has<ISequenceDriver>(driver))
                {
                    throw ObjectQLException.InvalidRequest(
                        $"Field '{field.Name}' of '{definition.Name}' is an auto_number, but the {driver.Name} driver keeps no counters (it does not implement ISequenceDriver).",
                        field.Name, "unsupported_auto_number");
                }
            }
        }
    }
}
