using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ObjectQL.Validation;

/// <summary>
/// A field's <c>pattern</c>, matched against the whole text. The only place the core constructs a regular expression: an
/// app whose models declare no pattern can publish with <see cref="IsSupported"/> off, and the trimmer then drops the
/// regular-expression engine (in a WebAssembly app a 236 KB assembly loaded at every start).
/// </summary>
internal sealed class PatternCheck
{
    /// <summary>The runtime switch an app sets to publish without pattern checks (docs/modeling.md, "Fields").</summary>
    public const string Switch = "ObjectQL.Validation.Patterns.IsSupported";

    private readonly Regex _regex;

    private PatternCheck(Regex regex) => _regex = regex;

    // On unless the app turns it off; declared to the trimmer, so an app that turns it off keeps no Regex code.
    [FeatureSwitchDefinition(Switch)]
    public static bool IsSupported { get; } = !AppContext.TryGetSwitch(Switch, out var supported) || supported;

    /// <summary>Compiles <paramref name="pattern"/> anchored at both ends; an invalid pattern throws its <see cref="ArgumentException"/>.</summary>
    public static PatternCheck Create(string pattern, TimeSpan timeout) =>
        new(new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant, timeout));

    /// <summary>Whether <paramref name="text"/> matches; false with <paramref name="timedOut"/> set when the match ran out of time.</summary>
    public bool Matches(string text, out bool timedOut)
    {
        timedOut = false;
        try
        {
            return _regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return false;
        }
    }
}
