using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using ObjectQL.Generators.Models;

namespace ObjectQL.Generators.Tests;

/// <summary>Pipeline models must be plain equatable data: no Roslyn symbols, nodes, locations or compilations, no raw collections.</summary>
public class ModelShapeTests
{
    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree), typeof(AdditionalText)];

    private static IEnumerable<Type> ModelTypes() =>
        typeof(ParsedFile).Assembly.GetTypes().Where(t => t.Namespace == typeof(ParsedFile).Namespace && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)));

    [Test]
    public void Models_exist()
    {
        Assert.That(ModelTypes().Select(t => t.Name), Is.SupersetOf(new[] { "ObjectSpec", "FieldSpec", "ParsedFile", "FileIndex", "DiagnosticInfo", "SourceSpan" }));
    }

    [TestCaseSource(nameof(ModelTypes))]
    public void Model_holds_no_roslyn_types_and_no_raw_collections(Type type)
    {
        foreach (var member in type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Select(p => (p.Name, Type: p.PropertyType))
            .Concat(type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Select(f => (f.Name, Type: f.FieldType))))
        {
            var memberType = Nullable.GetUnderlyingType(member.Type) ?? member.Type;
            foreach (var forbidden in Forbidden)
            {
                Assert.That(forbidden.IsAssignableFrom(memberType), Is.False, $"{type.Name}.{member.Name} is a {memberType.Name}");
            }
            if (memberType == typeof(string) || memberType.IsGenericType && memberType.GetGenericTypeDefinition() == typeof(EquatableArray<>) ||
                type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
            {
                continue;
            }
            Assert.That(typeof(IEnumerable).IsAssignableFrom(memberType), Is.False, $"{type.Name}.{member.Name} is a raw collection ({memberType.Name}); use EquatableArray");
        }
    }

    [TestCaseSource(nameof(ModelTypes))]
    public void Model_is_equatable(Type type)
    {
        if (type.IsEnum || type.IsAbstract && type.IsSealed)
        {
            Assert.That(type.IsEnum || type.IsAbstract, Is.True);
            return;
        }
        var equatable = typeof(IEquatable<>).MakeGenericType(type);
        Assert.That(equatable.IsAssignableFrom(type), Is.True, $"{type.Name} is not IEquatable<{type.Name}>");
    }

    [Test]
    public void Equal_yaml_parses_to_equal_models()
    {
        const string yaml = "fields:\n  a: { type: select, options: [x, y], defaultValue: x }\nvalidation:\n  rules:\n    - { name: r, type: cross_field, rule: { any_of: [{ field: a, operator: '=', value: x }] } }\n";
        var first = Parsing.FileParser.Parse("/a.object.yml", yaml, CancellationToken.None);
        var second = Parsing.FileParser.Parse("/a.object.yml", yaml, CancellationToken.None);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(second.GetHashCode(), Is.EqualTo(first.GetHashCode()));
        var other = Parsing.FileParser.Parse("/a.object.yml", yaml.Replace("[x, y]", "[x, z]"), CancellationToken.None);
        Assert.That(other, Is.Not.EqualTo(first));
    }
}
