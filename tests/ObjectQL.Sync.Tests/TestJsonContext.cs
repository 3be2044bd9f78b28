using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Tests;

[JsonSerializable(typeof(string))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
