using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using NUnit.Framework;
using NUnit.Framework.Internal;

namespace ObjectQL.Testing.Running;

/// <summary>
/// Runs the kit's cases without NUnit's runner, where that runner cannot go: .NET WebAssembly in a browser or under
/// Node, Deno and Bun has one thread and no NUnitLite. The cases stay the kit's own <c>[Test]</c>, <c>[TestCase]</c> and
/// <c>[TestCaseSource]</c> methods, found by reflection on the fixture type (whose public methods the trimmer keeps
/// through the annotation), run one by one between the fixture's <c>[SetUp]</c> and <c>[TearDown]</c> methods, awaited,
/// never waited on.
/// </summary>
public static class KitRunner
{
    private const DynamicallyAccessedMemberTypes Members =
        DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicFields;

    /// <summary>The cases of <paramref name="fixture"/> in a stable order (by name).</summary>
    public static IReadOnlyList<KitCase> Cases([DynamicallyAccessedMembers(Members)] Type fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var cases = new List<KitCase>();
        foreach (var method in fixture.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.IsDefined(typeof(TestAttribute), inherit: true))
            {
                cases.Add(new KitCase(method.Name, method, []));
            }
            foreach (var row in method.GetCustomAttributes<TestCaseAttribute>(inherit: true))
            {
                var arguments = Pack(method, row.Arguments);
                cases.Add(new KitCase($"{method.Name}({row.TestName ?? Label(arguments)})", method, arguments));
            }
            foreach (var source in method.GetCustomAttributes<TestCaseSourceAttribute>(inherit: true))
            {
                var index = 0;
                foreach (var item in Source(fixture, source.SourceName!))
                {
                    index++;
                    var (arguments, label) = item is TestCaseData data
                        ? (Pack(method, data.Arguments), data.TestName ?? index.ToString(CultureInfo.InvariantCulture))
                        : (Pack(method, item as object?[] ?? [item]), index.ToString(CultureInfo.InvariantCulture));
                    cases.Add(new KitCase($"{method.Name}({label})", method, arguments));
                }
            }
        }
        cases.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return cases;
    }

    /// <summary>
    /// Runs every case of <typeparamref name="TFixture"/> that <paramref name="include"/> accepts (all when null), each on
    /// a fresh fixture from <paramref name="create"/>, and reports each as it ends through <paramref name="progress"/>.
    /// </summary>
    public static async Task<IReadOnlyList<KitResult>> RunAsync<[DynamicallyAccessedMembers(Members)] TFixture>(
        Func<TFixture> create,
        Func<string, bool>? include = null,
        Action<KitResult>? progress = null,
        CancellationToken cancellationToken = default)
        where TFixture : class
    {
        ArgumentNullException.ThrowIfNull(create);
        var setUps = Marked<SetUpAttribute>(typeof(TFixture));
        var tearDowns = Marked<TearDownAttribute>(typeof(TFixture));
        setUps.Reverse();
        var results = new List<KitResult>();
        foreach (var kitCase in Cases(typeof(TFixture)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (include is not null && !include(kitCase.Name))
            {
                continue;
            }
            var result = await RunOneAsync(create(), kitCase, setUps, tearDowns).ConfigureAwait(false);
            results.Add(result);
            progress?.Invoke(result);
        }
        return results;
    }

    private static async Task<KitResult> RunOneAsync(object fixture, KitCase kitCase, List<MethodInfo> setUps, List<MethodInfo> tearDowns)
    {
        // A fresh NUnit context per case, so one case's failed assertions inside Assert.Multiple never leak into the next.
        using var context = new TestExecutionContext.IsolatedContext();
        string? failure = null;
        try
        {
            foreach (var setUp in setUps)
            {
                await InvokeAsync(fixture, setUp, []).ConfigureAwait(false);
            }
            await InvokeAsync(fixture, kitCase.Method, kitCase.Arguments).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failure = Describe(exception);
        }
        foreach (var tearDown in tearDowns)
        {
            try
            {
                await InvokeAsync(fixture, tearDown, []).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                failure ??= "TearDown: " + Describe(exception);
            }
        }
        return new KitResult(kitCase.Name, failure is null, failure);
    }

    private static async Task InvokeAsync(object fixture, MethodInfo method, IReadOnlyList<object?> arguments)
    {
        object? returned;
        try
        {
            returned = method.Invoke(fixture, arguments.Count == 0 ? null : [.. arguments]);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }
        if (returned is Task task)
        {
            await task.ConfigureAwait(false);
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        AssertionException or MultipleAssertException => exception.Message.Trim(),
        _ => $"{exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}",
    };

    // Base class methods first, so a fixture's own set-up runs after the kit's.
    private static List<MethodInfo> Marked<TAttribute>([DynamicallyAccessedMembers(Members)] Type fixture)
        where TAttribute : Attribute
    {
        var marked = new List<MethodInfo>();
        foreach (var method in fixture.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.IsDefined(typeof(TAttribute), inherit: true))
            {
                marked.Add(method);
            }
        }
        marked.Sort(static (a, b) => Depth(b.DeclaringType) - Depth(a.DeclaringType));
        return marked;
    }

    private static int Depth(Type? type)
    {
        var depth = 0;
        for (; type is not null; type = type.BaseType)
        {
            depth++;
        }
        return depth;
    }

    private static IEnumerable<object?> Source([DynamicallyAccessedMembers(Members)] Type fixture, string name)
    {
        const BindingFlags Static = BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy;
        var value = fixture.GetMethod(name, Static, Type.EmptyTypes)?.Invoke(null, null)
            ?? fixture.GetProperty(name, Static)?.GetValue(null)
            ?? fixture.GetField(name, Static)?.GetValue(null);
        return value as System.Collections.IEnumerable is { } items
            ? items.Cast<object?>()
            : throw new InvalidOperationException($"The case source '{name}' of {fixture.Name} is not a public static enumerable.");
    }

    // A [TestCase] row for a method whose last parameter is `params T[]` lists the array's items flat.
    private static object?[] Pack(MethodInfo method, object?[] arguments)
    {
        var parameters = method.GetParameters();
        if (parameters.Length == 0 || !parameters[^1].IsDefined(typeof(ParamArrayAttribute)))
        {
            return arguments;
        }
        var fixedCount = parameters.Length - 1;
        if (arguments.Length == parameters.Length && (arguments[^1] is null || parameters[^1].ParameterType.IsInstanceOfType(arguments[^1])))
        {
            return arguments;
        }
        var rest = Array.CreateInstanceFromArrayType(parameters[^1].ParameterType, arguments.Length - fixedCount);
        for (var i = fixedCount; i < arguments.Length; i++)
        {
            rest.SetValue(arguments[i], i - fixedCount);
        }
        return [.. arguments.Take(fixedCount), rest];
    }

    private static string Label(IReadOnlyList<object?> arguments) =>
        string.Join(",", arguments.Select(static a => a switch
        {
            null => "null",
            string s => "\"" + s.Replace("\n", "\\n", StringComparison.Ordinal) + "\"",
            Array array => "[" + string.Join(",", array.Cast<object?>()) + "]",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => a.ToString(),
        }));
}
