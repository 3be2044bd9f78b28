using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Cloudflare.D1;

/// <summary>
/// D1's answer envelope, the same from its HTTP query API and from the bridge Worker:
/// <c>{result:[{results, success, meta}], success, errors:[{code, message}], messages}</c>. <c>result</c> may be null,
/// empty or missing on failure.
/// </summary>
internal sealed class D1Response
{
    public List<D1QueryResult>? Result { get; set; }

    public bool Success { get; set; }

    public List<D1Error>? Errors { get; set; }
}

/// <summary>One statement's result: its rows as objects (empty for writes) and its meta.</summary>
internal sealed class D1QueryResult
{
    public List<JsonElement>? Results { get; set; }

    public bool Success { get; set; } = true;

    public D1Meta? Meta { get; set; }
}

/// <summary>The part of D1's meta the executor reads.</summary>
internal sealed class D1Meta
{
    public int Changes { get; set; }
}

/// <summary>One error of the envelope: 7500 for SQL errors, 10000 for authentication, 7xxx for D1 itself.</summary>
internal sealed class D1Error
{
    public int Code { get; set; }

    public string? Message { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(D1Response))]
internal sealed partial class D1JsonContext : JsonSerializerContext;
