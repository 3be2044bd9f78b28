using System.Collections.Immutable;
using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace ObjectQL.Server.Benchmarks;

/// <summary>
/// What a NativeAOT binary carries, from the <c>.mstat</c> file the compiler writes with
/// <c>-p:IlcGenerateMstatFile=true</c> (obj/.../native/NAME.mstat): the size of every compiled method, type and data
/// blob, summed by assembly. A generic instantiation over a type of another assembly (a <c>Dictionary</c> of Npgsql's
/// types) counts for that assembly, so the table answers "what would leaving this package out save".
/// Usage: <c>--mstat PATH [--top 40]</c>.
/// </summary>
internal static class SizeReport
{
    private const string CoreLibrary = "System.Private.CoreLib";

    public static void Print(string path, int top)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var names = new OwnerNames(metadata);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var global = metadata.GetTypeDefinition(MetadataTokens.TypeDefinitionHandle(1));
        foreach (var handle in global.GetMethods())
        {
            // Each list (Types, Methods, Blobs, ...) is a method whose IL is "ldtoken|ldstr item, ldc.i4 size, ...".
            var method = metadata.GetMethodDefinition(handle);
            var list = metadata.GetString(method.Name);
            if (list == "DeduplicatedMethods")
            {
                // Folded methods (IlcFoldIdenticalMethodBodies) and the copy they share: no code of their own.
                continue;
            }
            var entries = ReadEntries(pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader(), metadata);
            foreach (var (item, numbers) in entries)
            {
                if (numbers.Count == 0)
                {
                    continue;
                }
                // Methods: code, GC info and exception-handling info; every other list: the size first.
                var size = list == "Methods" ? numbers.Take(3).Sum() : numbers[0];
                var owner = item switch
                {
                    string => "(runtime data: " + list + ")",
                    EntityHandle entity => names.Assembly(entity),
                    _ => "(other)",
                };
                sizes[owner] = sizes.GetValueOrDefault(owner) + size;
            }
        }
        var total = sizes.Values.Sum();
        Console.WriteLine($"| assembly | KB | share |");
        Console.WriteLine("|---|---|---|");
        foreach (var (owner, size) in sizes.OrderByDescending(static pair => pair.Value).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {owner} | {size / 1024.0:F0} | {100.0 * size / total:F1}% |"));
        }
    }

    private static List<(object Item, List<long> Numbers)> ReadEntries(BlobReader il, MetadataReader metadata)
    {
        var entries = new List<(object, List<long>)>();
        while (il.RemainingBytes > 0)
        {
            var opcode = il.ReadByte();
            switch (opcode)
            {
                case 0xD0: // ldtoken
                    entries.Add((MetadataTokens.EntityHandle(il.ReadInt32()), []));
                    break;
                case 0x72: // ldstr
                    entries.Add((metadata.GetUserString(MetadataTokens.UserStringHandle(il.ReadInt32() & 0xFFFFFF)), []));
                    break;
                case 0x20: // ldc.i4
                    Add(entries, il.ReadInt32());
                    break;
                case 0x1F: // ldc.i4.s
                    Add(entries, il.ReadSByte());
                    break;
                case >= 0x15 and <= 0x1E: // ldc.i4.m1 .. ldc.i4.8
                    Add(entries, opcode - 0x16);
                    break;
                case 0x26 or 0x2A: // pop, ret
                    break;
                default:
                    throw new InvalidDataException($"Unexpected opcode 0x{opcode:x2} in the mstat file.");
            }
        }
        return entries;
    }

    private static void Add(List<(object Item, List<long> Numbers)> entries, long number)
    {
        if (entries.Count > 0)
        {
            entries[^1].Numbers.Add(number);
        }
    }

    /// <summary>Names the assembly an mstat entry belongs to (see <see cref="SizeReport"/> for generic instantiations).</summary>
    private sealed class OwnerNames(MetadataReader metadata) : ISignatureTypeProvider<string, object?>
    {
        public string Assembly(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeReference or HandleKind.TypeSpecification => Type(handle),
            HandleKind.MemberReference => Type(metadata.GetMemberReference((MemberReferenceHandle)handle).Parent),
            HandleKind.MethodSpecification => MethodInstantiation((MethodSpecificationHandle)handle),
            _ => "(other)",
        };

        private string MethodInstantiation(MethodSpecificationHandle handle)
        {
            var specification = metadata.GetMethodSpecification(handle);
            var owner = Assembly(specification.Method);
            return owner == CoreLibrary ? Blame(owner, specification.DecodeSignature(this, null)) : owner;
        }

        private string Type(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeReference => GetTypeFromReference(metadata, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            _ => "(other)",
        };

        private static string Blame(string owner, ImmutableArray<string> arguments) =>
            arguments.LastOrDefault(static a => a is not (CoreLibrary or "(other)")) ?? owner;

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            genericType == CoreLibrary ? Blame(genericType, typeArguments) : genericType;

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var scope = reader.GetTypeReference(handle).ResolutionScope;
            return scope.Kind switch
            {
                HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)scope, rawTypeKind),
                HandleKind.AssemblyReference => reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
                _ => "(other)",
            };
        }

        public string GetArrayType(string elementType, ArrayShape shape) => elementType;
        public string GetByReferenceType(string elementType) => elementType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => CoreLibrary;
        public string GetGenericMethodParameter(object? genericContext, int index) => "(other)";
        public string GetGenericTypeParameter(object? genericContext, int index) => "(other)";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType;
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => CoreLibrary;
        public string GetSZArrayType(string elementType) => elementType;
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => "(other)";
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => Type(handle);
    }
}
