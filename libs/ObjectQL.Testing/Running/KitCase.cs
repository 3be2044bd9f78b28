using System.Reflection;

namespace ObjectQL.Testing.Running;

/// <summary>One case of the kit: a test method and, for a parameterized one, one row of its arguments.</summary>
/// <param name="Name">The stable name <c>Method</c> or <c>Method(label)</c>, the same on every runtime.</param>
/// <param name="Method">The test method.</param>
/// <param name="Arguments">Its arguments (empty for a plain test).</param>
public sealed record KitCase(string Name, MethodInfo Method, IReadOnlyList<object?> Arguments);

/// <summary>What one case did.</summary>
/// <param name="Name">The case's <see cref="KitCase.Name"/>.</param>
/// <param name="Passed">True when it ran to the end without a failed assertion or an exception.</param>
/// <param name="Message">Why it failed, or null.</param>
public sealed record KitResult(string Name, bool Passed, string? Message);
