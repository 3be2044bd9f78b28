using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObjectQL.Sqlite.Tests.BatchOnly;

/// <summary>A D1 query request: one statement (<c>sql</c>, <c>params</c>) or a <c>batch</c> of them.</summary>
internal sealed class D1Request
{
    public string? Sql { get; set; }

    public List<JsonElement>? Params { get; set; }

    public List<D1Request>? Batch { get; set; }
}

/// <summary>The response envelope of D1's <c>/query</c>: one result per statement, or the errors.</summary>
internal sealed class D1Response
{
    public List<D1QueryResult>? Result { get; set; }

    public bool Success { get; set; }

    public List<D1Error> Errors { get; set; } = [];

    public List<string> Messages { get; set; } = [];
}

/// <summary>One statement's result: its rows as objects (empty for writes) and its meta.</summary>
internal sealed class D1QueryResult
{
    public List<JsonElement> Results { get; set; } = [];

    public bool Success { get; set; }

    public D1Meta Meta { get; set; } = new();
}

/// <summary>The part of D1's meta the executor reads.</summary>
internal sealed class D1Meta
{
    public int Changes { get; set; }

    [JsonPropertyName("last_row_id")]
    public long LastRowId { get; set; }

    [JsonPropertyName("changed_db")]
    public bool ChangedDb { get; set; }

    public double Duration { get; set; }
}

/// <summary>One error of the envelope (7500 for SQL errors).</summary>
internal sealed class D1Error
{
    public int Code { get; set; }

    public string Message { get; set; } = "";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(D1Request))]
[JsonSerializable(typeof(D1Response))]
internal sealed partial class D1JsonContext : JsonSerializerContext;
