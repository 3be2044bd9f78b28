namespace ObjectQL;

/// <summary>One structured reason attached to an <see cref="ObjectQLException"/>.</summary>
/// <param name="Field">The field the reason is about, when there is one.</param>
/// <param name="Message">What is wrong, in words a user can act on.</param>
/// <param name="Reason">A short machine-readable reason such as <c>required</c> or <c>max_length</c>.</param>
public sealed record ErrorDetail(string? Field, string Message, string? Reason = null);
