using System.Text;
using System.Text.Json.Nodes;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Tests.Protocol;

/// <summary>The wire probes of the 2026-12 review (W1-W14) that the strict reader failed, each now refused or fixed.</summary>
public sealed class WireHardeningTests
{
    private static JsonObject GoldenRequest() => JsonNode.Parse(GoldenFiles.Read("push-request.json"))!.AsObject();

    private static JsonObject GoldenResponse() => JsonNode.Parse(GoldenFiles.Read("push-response.json"))!.AsObject();

    private static ObjectQLException RequestFails(string json) =>
        Assert.Throws<ObjectQLException>(() => SyncJson.ReadRequest(Encoding.UTF8.GetBytes(json)))!;

    private static ObjectQLException RequestFails(JsonNode body) => RequestFails(body.ToJsonString());

    private static ObjectQLException ResponseFails(JsonNode body) =>
        Assert.Throws<ObjectQLException>(() => SyncJson.ReadResponse(Encoding.UTF8.GetBytes(body.ToJsonString())))!;

    private static void AssertNames(ObjectQLException error, string field, string reason, string code = ErrorCodes.InvalidRequest) =>
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(code));
            Assert.That(error.Field, Is.EqualTo(field));
            Assert.That(error.Details[0].Reason, Is.EqualTo(reason));
        });

    // The golden request with one member of its first mutation replaced by raw JSON text.
    private static string WithRaw(string member, string rawJson)
    {
        var body = GoldenRequest();
        body["mutations"]![0]![member] = "__RAW__";
        return body.ToJsonString().Replace("\"__RAW__\"", rawJson, StringComparison.Ordinal);
    }

    [Test]
    public void W4_null_mutation_is_an_invalid_request_at_its_path()
    {
        var body = GoldenRequest();
        body["mutations"]![1] = null;
        AssertNames(RequestFails(body), "$.mutations[1]", "null_not_allowed");
    }

    [Test]
    public async Task W14_null_mutation_read_from_a_stream_is_an_invalid_request()
    {
        var body = GoldenRequest();
        body["mutations"]![0] = null;
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body.ToJsonString()));
        var error = Assert.ThrowsAsync<ObjectQLException>(async () => await SyncJson.ReadRequestAsync(stream, SyncLimits.Default, CancellationToken.None))!;
        AssertNames(error, "$.mutations[0]", "null_not_allowed");
    }

    [TestCase("results", "$.results[1]")]
    [TestCase("serverChanges", "$.serverChanges[0]")]
    public void W4_null_element_in_a_response_is_an_invalid_request_at_its_path(string list, string path)
    {
        var body = GoldenResponse();
        body[list]![path.EndsWith("[1]", StringComparison.Ordinal) ? 1 : 0] = null;
        AssertNames(ResponseFails(body), path, "null_not_allowed");
    }

    [Test]
    public void W1_duplicate_top_level_member_is_refused()
    {
        var text = GoldenRequest().ToJsonString();
        var duplicated = text.Insert(1, "\"clientId\":\"0193a5b2-7c4a-7000-8000-0000000000ee\",");
        AssertNames(RequestFails(duplicated), "$.clientId", "duplicate_member");
    }

    [Test]
    public void W1_duplicate_member_inside_data_is_refused()
    {
        var json = WithRaw("data", "{\"title\":\"alice\",\"title\":\"mallory\"}");
        Assert.That(RequestFails(json).Details[0].Reason, Is.EqualTo("duplicate_member"));
    }

    [Test]
    public void W1_duplicate_member_nested_in_a_data_value_is_refused()
    {
        var json = WithRaw("data", "{\"title\":\"x\",\"tags\":{\"a\":1,\"a\":2}}");
        Assert.That(RequestFails(json).Details[0].Reason, Is.EqualTo("duplicate_member"));
    }

    [TestCase("objectName", 129)]
    [TestCase("recordId", 256)]
    public void W5_overlong_names_and_ids_are_refused(string member, int length)
    {
        var body = GoldenRequest();
        body["mutations"]![0]![member] = new string('a', length);
        body["mutations"]![0]!["data"]!.AsObject().Remove("id");
        Assert.That(RequestFails(body).Field, Is.EqualTo($"$.mutations[0].{member}"));
    }

    [Test]
    public void W5_record_id_is_bounded_in_utf8_bytes()
    {
        var body = GoldenRequest();
        body["mutations"]![2]!["recordId"] = new string('\u00e9', 128);
        AssertNames(RequestFails(body), "$.mutations[2].recordId", "invalid_record_id");
    }

    [Test]
    public void W5_overlong_field_name_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![1]!["data"]![new string('f', 129)] = 1;
        AssertNames(RequestFails(body), $"$.mutations[1].data.{new string('f', 129)}", "invalid_name");
    }

    [Test]
    public void W5_overlong_checkpoint_is_refused()
    {
        var body = GoldenRequest();
        body["lastCheckpoint"] = "v1." + new string('A', SyncProtocol.MaxCheckpointLength);
        AssertNames(RequestFails(body), "$.lastCheckpoint", "invalid_checkpoint");
    }

    [TestCase("0193A5B2-7C4A-7D3E-9F10-3B5A2C1D4E01")]
    [TestCase("{0193a5b2-7c4a-7d3e-9f10-3b5a2c1d4e01}")]
    [TestCase("0193a5b27c4a7d3e9f103b5a2c1d4e01")]
    [TestCase("(0193a5b2-7c4a-7d3e-9f10-3b5a2c1d4e01)")]
    public void W6_mutation_ids_in_other_spellings_than_canonical_are_refused(string id)
    {
        var body = GoldenRequest();
        body["mutations"]![0]!["id"] = id;
        AssertNames(RequestFails(body), "$.mutations[0].id", "invalid_id");
    }

    [Test]
    public void Client_id_that_is_not_a_canonical_uuid_is_refused()
    {
        var body = GoldenRequest();
        body["clientId"] = "client-a";
        AssertNames(RequestFails(body), "$.clientId", "invalid_client_id");
    }

    [TestCase("Thu, 26 Nov 2026 09:30:00 GMT")]
    [TestCase("2026-11-26T09:30")]
    [TestCase("2026-11-26T09:30:00")]
    [TestCase("2026-11-26 09:30:00Z")]
    public void W7_timestamps_other_than_iso_8601_with_an_offset_are_refused(string timestamp)
    {
        var body = GoldenRequest();
        body["mutations"]![0]!["timestamp"] = timestamp;
        AssertNames(RequestFails(body), "$.mutations[0].timestamp", "invalid_timestamp");
    }

    [TestCase("2026-11-26T09:30:00Z")]
    [TestCase("2026-11-26T09:30:00.1234567+14:00")]
    public void Iso_8601_timestamps_are_read(string timestamp)
    {
        var body = GoldenRequest();
        body["mutations"]![0]!["timestamp"] = timestamp;
        Assert.That(SyncJson.ReadRequest(Encoding.UTF8.GetBytes(body.ToJsonString())).Mutations[0].Timestamp, Is.EqualTo(timestamp));
    }

    // The UTC form clients send is checked by hand; it accepts exactly what the ISO 8601 parse accepts.
    [TestCase("2024-02-29T23:59:59Z", true)]
    [TestCase("2026-12-05T19:00:00.1Z", true)]
    [TestCase("2026-12-05T19:00:00.123Z", true)]
    [TestCase("2026-12-05T19:00:00.1234567Z", true)]
    [TestCase("0001-01-01T00:00:00Z", true)]
    [TestCase("9999-12-31T23:59:59.9999999Z", true)]
    [TestCase("2026-12-05T19:00:00.12345678Z", false)]
    [TestCase("2026-12-05T19:00:00.Z", true)]
    [TestCase("2023-02-29T00:00:00Z", false)]
    [TestCase("2026-04-31T00:00:00Z", false)]
    [TestCase("2026-13-01T00:00:00Z", false)]
    [TestCase("2026-00-01T00:00:00Z", false)]
    [TestCase("0000-01-01T00:00:00Z", false)]
    [TestCase("2026-12-05T24:00:00Z", false)]
    [TestCase("2026-12-05T19:60:00Z", false)]
    [TestCase("2026-12-05T19:00:60Z", false)]
    [TestCase("2026-12-05T19:00:0aZ", false)]
    [TestCase("2026-12-05T19:00:00,1Z", false)]
    [TestCase("2026-12-05T19-00-00Z", false)]
    [TestCase("2026-12-05T19:00:00.123+01:00", true)]
    [TestCase("2026-12-05T19:00:00.1234567+00:00", true)]
    [TestCase("2026-12-05T19:00:00+00:00", true)]
    [TestCase("2023-02-29T19:00:00.5+00:00", false)]
    [TestCase("2026-12-05T19:00:00.123456789+00:00", false)]
    public void A_utc_timestamp_is_read_exactly_when_iso_8601_parses_it(string timestamp, bool valid)
    {
        var parses = DateTimeOffset.TryParseExact(timestamp, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
        Assert.That(parses, Is.EqualTo(valid), "the case itself");
        var body = GoldenRequest();
        body["mutations"]![0]!["timestamp"] = timestamp;
        if (valid)
        {
            Assert.That(SyncJson.ReadRequest(Encoding.UTF8.GetBytes(body.ToJsonString())).Mutations[0].Timestamp, Is.EqualTo(timestamp));
        }
        else
        {
            AssertNames(RequestFails(body), "$.mutations[0].timestamp", "invalid_timestamp");
        }
    }

    // The changes of a page repeat their object name, timestamp and clock; a text that differs from the one that passed
    // is checked in full, wherever in the page it comes.
    [TestCase("objectName", "9todo", "invalid_name")]
    [TestCase("timestamp", "2026-11-26 09:30:00Z", "invalid_timestamp")]
    [TestCase("fieldClocks.title", "2026-11-26T09:29:58.000Z", "invalid_clock")]
    public void A_bad_text_after_good_repeats_of_it_in_a_page_is_refused_at_its_change(string member, string value, string reason)
    {
        var body = GoldenResponse();
        var changes = body["serverChanges"]!.AsArray();
        var first = changes[0]!.AsObject();
        changes.Clear();
        for (var i = 0; i < 3; i++)
        {
            var change = first.DeepClone().AsObject();
            change["fieldClocks"]!["title"] = change["clock"]!.GetValue<string>();
            changes.Add(change);
        }
        Assert.That(SyncJson.ReadResponse(Encoding.UTF8.GetBytes(body.ToJsonString())).ServerChanges, Has.Count.EqualTo(3), "the repeats pass");
        var parts = member.Split('.');
        var target = changes[2]!.AsObject();
        if (parts.Length == 2)
        {
            target[parts[0]]![parts[1]] = value;
        }
        else
        {
            target[parts[0]] = value;
        }
        var error = ResponseFails(body);
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo("$.serverChanges[2]." + member));
            Assert.That(error.Details[0].Reason, Is.EqualTo(reason));
        });
    }

    [TestCase("created_by")]
    [TestCase("updated_at")]
    [TestCase("created_at")]
    [TestCase("updated_by")]
    public void W8_system_fields_in_data_are_refused(string field)
    {
        var body = GoldenRequest();
        body["mutations"]![0]!["data"]![field] = "2026-11-26T09:30:00Z";
        AssertNames(RequestFails(body), $"$.mutations[0].data.{field}", "system_field");
    }

    [Test]
    public void W8_system_field_in_base_data_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![1]!["data"]!["title"] = "x";
        body["mutations"]![1]!["baseData"]!["updated_at"] = "2026-11-26T09:30:00Z";
        AssertNames(RequestFails(body), "$.mutations[1].baseData.updated_at", "system_field");
    }

    [Test]
    public void W8_delete_with_base_data_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![2]!["baseData"] = new JsonObject { ["title"] = "x" };
        AssertNames(RequestFails(body), "$.mutations[2].baseData", "invalid_value");
    }

    [Test]
    public void W8_update_whose_data_is_only_the_id_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![1]!["data"] = new JsonObject { ["id"] = body["mutations"]![1]!["recordId"]!.GetValue<string>() };
        body["mutations"]![1]!.AsObject().Remove("baseData");
        AssertNames(RequestFails(body), "$.mutations[1].data", "required");
    }

    [Test]
    public void W8_record_id_with_a_control_character_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![2]!["recordId"] = "a\nb";
        AssertNames(RequestFails(body), "$.mutations[2].recordId", "invalid_record_id");
    }

    [Test]
    public void W8_object_name_with_nul_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![2]!["objectName"] = "todo\u0000item";
        AssertNames(RequestFails(body), "$.mutations[2].objectName", "invalid_name");
    }

    [Test]
    public void W12_lone_surrogate_in_a_data_value_is_refused_at_the_wire()
    {
        var json = WithRaw("data", "{\"title\":\"\\ud800\"}");
        AssertNames(RequestFails(json), "$.mutations[0].data.title", "invalid_unicode");
    }

    [Test]
    public void W12_lone_surrogate_in_a_nested_member_name_is_refused()
    {
        var json = WithRaw("data", "{\"tags\":{\"\\udfff\":1}}");
        var error = RequestFails(json);
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Does.StartWith("$.mutations[0].data"));
        });
    }

    [Test]
    public void W2_sequence_beyond_two_to_the_53_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![2]!["sequence"] = long.MaxValue;
        AssertNames(RequestFails(body), "$.mutations[2].sequence", "out_of_range");
    }

    [Test]
    public void W2_number_with_a_huge_exponent_in_data_is_refused()
    {
        var json = WithRaw("data", "{\"title\":\"x\",\"amount\":1e400}");
        AssertNames(RequestFails(json), "$.mutations[0].data.amount", "number_out_of_range");
    }

    [Test]
    public void W2_number_with_a_huge_upper_case_exponent_in_data_is_refused()
    {
        var json = WithRaw("data", "{\"title\":\"x\",\"amount\":-1E-400}");
        AssertNames(RequestFails(json), "$.mutations[0].data.amount", "number_out_of_range");
    }

    [Test]
    public void W2_number_longer_than_128_characters_in_data_is_refused_and_128_digits_are_taken()
    {
        var longest = new string('9', SyncProtocol.MaxNumberLength);
        var taken = SyncJson.ReadRequest(Encoding.UTF8.GetBytes(WithRaw("data", "{\"title\":\"x\",\"amount\":" + longest + "}")));
        Assert.That(taken.Mutations[0].Data!["amount"].GetRawText(), Is.EqualTo(longest));
        var json = WithRaw("data", "{\"title\":\"x\",\"amount\":" + longest + "9}");
        AssertNames(RequestFails(json), "$.mutations[0].data.amount", "number_too_long");
    }

    [Test]
    public void W2_long_exact_number_in_data_is_kept_exactly()
    {
        var json = WithRaw("data", "{\"title\":\"x\",\"amount\":9007199254740993}");
        var request = SyncJson.ReadRequest(Encoding.UTF8.GetBytes(json));
        Assert.That(request.Mutations[0].Data!["amount"].GetRawText(), Is.EqualTo("9007199254740993"));
    }

    [Test]
    public void W10_too_many_mutations_are_refused_before_any_is_materialised()
    {
        var mutation = GoldenRequest()["mutations"]![0]!.ToJsonString();
        var body = GoldenRequest().ToJsonString();
        var start = body.IndexOf("\"mutations\":[", StringComparison.Ordinal) + "\"mutations\":[".Length;
        var end = body.IndexOf("],\"lastCheckpoint\"", StringComparison.Ordinal);
        // 50,000 copies of one mutation: invalid as a request (duplicate ids), so only the count can refuse it first.
        var many = body[..start] + string.Join(",", Enumerable.Repeat(mutation, 50_000)) + body[end..];
        var error = RequestFails(many);
        AssertNames(error, "$.mutations", "max_mutations_per_request", ErrorCodes.PayloadTooLarge);
    }

    [Test]
    public async Task Request_body_over_the_byte_limit_is_refused_while_streaming()
    {
        var bytes = GoldenFiles.Read("push-request.json");
        await using var stream = new MemoryStream(bytes);
        var limits = SyncLimits.Default with { MaxRequestBytes = bytes.Length - 1 };
        var error = Assert.ThrowsAsync<ObjectQLException>(async () => await SyncJson.ReadRequestAsync(stream, limits, CancellationToken.None))!;
        AssertNames(error, "$", "max_request_bytes", ErrorCodes.PayloadTooLarge);
    }

    [Test]
    public void Remove_is_refused_as_a_mutation()
    {
        var body = GoldenRequest();
        body["mutations"]![2]!["operation"] = "remove";
        AssertNames(RequestFails(body), "$.mutations[2].operation", "invalid_value");
    }

    [Test]
    public void Client_epoch_below_one_is_refused()
    {
        var body = GoldenRequest();
        body["clientEpoch"] = 0;
        AssertNames(RequestFails(body), "$.clientEpoch", "out_of_range");
    }

    [Test]
    public void Client_clock_of_another_node_is_refused()
    {
        var body = GoldenRequest();
        body["clientClock"] = "2026-11-26T09:30:08.000Z-00000000-server-1";
        AssertNames(RequestFails(body), "$.clientClock", "client_mismatch");
    }

    [Test]
    public void Unknown_response_member_is_skipped_by_a_client()
    {
        var body = GoldenResponse();
        body["futureMember"] = new JsonObject { ["x"] = 1 };
        body["results"]![0]!["futureDetail"] = true;
        var response = SyncJson.ReadResponse(Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.That(response.Results, Has.Count.EqualTo(3));
    }

    [Test]
    public void Unknown_request_member_is_still_refused_by_the_server()
    {
        var body = GoldenRequest();
        body["futureMember"] = 1;
        AssertNames(RequestFails(body), "$.futureMember", "unknown_member");
    }

    [Test]
    public void Resync_without_a_reason_is_refused()
    {
        var body = GoldenResponse();
        body["resyncRequired"] = true;
        AssertNames(ResponseFails(body), "$.resyncReason", "invalid_value");
    }

    [Test]
    public void Unknown_error_member_is_kept_by_the_error_reader()
    {
        var body = JsonNode.Parse(GoldenFiles.Read("error-sequence-behind.json"))!.AsObject();
        body["error"]!["retryAfterMs"] = 10;
        var error = SyncJson.ReadError(Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.Multiple(() =>
        {
            Assert.That(error.Error.Code, Is.EqualTo(SyncErrorCodes.SequenceBehind));
            Assert.That(SyncErrorBodies.HighestSequence(error), Is.EqualTo(57));
            Assert.That(error.Error.Extensions!.ContainsKey("retryAfterMs"), Is.True);
        });
    }

    [Test]
    public void Oversize_mutation_is_its_own_rejection_and_one_that_fits_is_not()
    {
        var request = SyncJson.ReadRequest(Encoding.UTF8.GetBytes(WithRaw("data", "{\"title\":\"" + new string('x', 2_000) + "\"}")));
        var mutation = request.Mutations[0];
        var rejected = SyncWireValidator.RejectOversize(mutation, maxRecordBytes: 1_024);
        Assert.Multiple(() =>
        {
            Assert.That(rejected!.Code, Is.EqualTo(ErrorCodes.PayloadTooLarge));
            Assert.That(rejected.MutationId, Is.EqualTo(mutation.Id));
            Assert.That(rejected.Details![0].Reason, Is.EqualTo("max_record_bytes"));
            // The canonical object: braces, "title" and its quotes and colon, the quoted text of 2,000 characters.
            Assert.That(rejected.Reason, Does.StartWith("The record is 2013 bytes;"));
            Assert.That(SyncWireValidator.RejectOversize(mutation, maxRecordBytes: 2_012), Is.Not.Null);
            Assert.That(SyncWireValidator.RejectOversize(mutation, maxRecordBytes: 2_013), Is.Null);
            Assert.That(SyncWireValidator.RejectOversize(mutation, maxRecordBytes: 4_096), Is.Null);
        });
    }
}
