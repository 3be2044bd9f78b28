using System.Text.Json.Serialization;

namespace ObjectQL.Sync.Client.Tests;

[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
internal sealed partial class TestJson : JsonSerializerContext;
