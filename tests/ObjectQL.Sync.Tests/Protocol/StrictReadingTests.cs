using System.Text;
using System.Text.Json.Nodes;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Tests.Protocol;

public sealed class StrictReadingTests
{
    private static JsonObject GoldenRequest() => JsonNode.Parse(GoldenFiles.Read("push-request.json"))!.AsObject();

    private static JsonObject GoldenResponse() => JsonNode.Parse(GoldenFiles.Read("push-response.json"))!.AsObject();

    private static ObjectQLException ReadingRequestFails(JsonNode body) =>
        Assert.Throws<ObjectQLException>(() => SyncJson.ReadRequest(Encoding.UTF8.GetBytes(body.ToJsonString())))!;

    private static ObjectQLException ReadingResponseFails(JsonNode body) =>
        Assert.Throws<ObjectQLException>(() => SyncJson.ReadResponse(Encoding.UTF8.GetBytes(body.ToJsonString())))!;

    private static void AssertNames(ObjectQLException error, string field, string reason)
    {
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo(field));
            Assert.That(error.Details[0].Reason, Is.EqualTo(reason));
            Assert.That(error.Message, Does.Contain(field));
        });
    }

    [Test]
    public void Missing_client_id_is_an_error_naming_it()
    {
        var body = GoldenRequest();
        body.Remove("clientId");
        AssertNames(ReadingRequestFails(body), "$.clientId", "required");
    }

    [Test]
    public void Missing_last_checkpoint_is_an_error_although_null_is_allowed()
    {
        var body = GoldenRequest();
        body.Remove("lastCheckpoint");
        AssertNames(ReadingRequestFails(body), "$.lastCheckpoint", "required");
    }

    [Test]
    public void Missing_base_version_in_a_mutation_is_an_error_naming_its_path()
    {
        var body = GoldenRequest();
        body["mutations"]![1]!.AsObject().Remove("baseVersion");
        AssertNames(ReadingRequestFails(body), "$.mutations[1].baseVersion", "required");
    }

    [Test]
    public void Missing_clock_in_a_mutation_is_an_error_naming_its_path()
    {
        var body = GoldenRequest();
        body["mutations"]![0]!.AsObject().Remove("clock");
        AssertNames(ReadingRequestFails(body), "$.mutations[0].clock", "required");
    }

    [Test]
    public void Unknown_member_is_an_error_naming_it()
    {
        var body = GoldenRequest();
        body["mutations"]![0]!.AsObject()["upsert"] = true;
        AssertNames(ReadingRequestFails(body), "$.mutations[0].upsert", "unknown_member");
    }

    [Test]
    public void Sequence_as_a_string_is_a_wrong_type_error_naming_it()
    {
        var body = GoldenRequest();
        body["mutations"]![0]!["sequence"] = "1";
        AssertNames(ReadingRequestFails(body), "$.mutations[0].sequence", "invalid_value");
    }

    [Test]
    public void Unknown_operation_is_an_error_naming_it()
    {
        var body = GoldenRequest();
        body["mutations"]![0]!["operation"] = "upsert";
        AssertNames(ReadingRequestFails(body), "$.mutations[0].operation", "invalid_value");
    }

    [Test]
    public void Operation_as_a_number_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![0]!["operation"] = 0;
        AssertNames(ReadingRequestFails(body), "$.mutations[0].operation", "invalid_value");
    }

    [Test]
    public void Null_client_id_is_refused()
    {
        var body = GoldenRequest();
        body["clientId"] = null;
        AssertNames(ReadingRequestFails(body), "$.clientId", "null_not_allowed");
    }

    [Test]
    public void Unknown_result_status_is_an_error_naming_it()
    {
        var body = GoldenResponse();
        body["results"]![0]!["status"] = "skipped";
        AssertNames(ReadingResponseFails(body), "$.results[0].status", "unknown_status");
    }

    [Test]
    public void Result_without_status_is_refused()
    {
        var body = GoldenResponse();
        body["results"]![0]!.AsObject().Remove("status");
        AssertNames(ReadingResponseFails(body), "$.results[0].status", "required");
    }

    [Test]
    public void Status_after_the_other_members_is_read()
    {
        var body = GoldenResponse();
        var first = body["results"]![0]!.AsObject();
        first.Remove("status");
        first["status"] = "applied";
        var response = SyncJson.ReadResponse(Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.That(response.Results[0], Is.TypeOf<SyncMutationApplied>());
    }

    [Test]
    public void A_result_whose_values_break_the_rules_is_refused_naming_the_result_and_the_member()
    {
        var clock = GoldenResponse();
        clock["results"]![0]!["clock"] = "not a clock";
        var mutationId = GoldenResponse();
        mutationId["results"]![1]!["mutationId"] = "NOT-A-UUID";
        Assert.Multiple(() =>
        {
            Assert.That(ReadingResponseFails(clock).Field, Is.EqualTo("$.results[0].clock"));
            AssertNames(ReadingResponseFails(mutationId), "$.results[1].mutationId", "invalid_id");
        });
    }

    [Test]
    public void Result_without_mutation_id_is_an_error_naming_it()
    {
        var body = GoldenResponse();
        body["results"]![2]!.AsObject().Remove("mutationId");
        AssertNames(ReadingResponseFails(body), "$.results[2].mutationId", "required");
    }

    [Test]
    public void Missing_has_more_is_an_error_naming_it()
    {
        var body = GoldenResponse();
        body.Remove("hasMore");
        AssertNames(ReadingResponseFails(body), "$.hasMore", "required");
    }

    [Test]
    public void Malformed_clock_is_an_error_naming_it()
    {
        var body = GoldenRequest();
        body["mutations"]![1]!["clock"] = "2026-11-26 09:30:05";
        AssertNames(ReadingRequestFails(body), "$.mutations[1].clock", "invalid_clock");
    }

    [Test]
    public void Clock_of_another_node_than_the_client_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![1]!["clock"] = "2026-11-26T09:30:05.000Z-00000000-client-b";
        AssertNames(ReadingRequestFails(body), "$.mutations[1].clock", "client_mismatch");
    }

    [Test]
    public void Mutation_of_another_client_is_refused()
    {
        const string other = "0193a5b2-7c4a-7000-8000-00000000000b";
        var body = GoldenRequest();
        body["clientId"] = other;
        body["clientClock"] = "2026-11-26T09:30:08.000Z-00000000-" + other;
        AssertNames(ReadingRequestFails(body), "$.mutations[0].clientId", "client_mismatch");
    }

    [Test]
    public void Update_without_base_version_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![1]!["baseVersion"] = null;
        AssertNames(ReadingRequestFails(body), "$.mutations[1].baseVersion", "required");
    }

    [Test]
    public void Delete_with_data_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![2]!["data"] = new JsonObject { ["title"] = "x" };
        AssertNames(ReadingRequestFails(body), "$.mutations[2].data", "invalid_value");
    }

    [Test]
    public void Data_that_sets_the_version_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![1]!["data"]!["_version"] = 9;
        AssertNames(ReadingRequestFails(body), "$.mutations[1].data._version", "system_field");
    }

    [Test]
    public void Duplicate_mutation_ids_in_one_request_are_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![1]!["id"] = body["mutations"]![0]!["id"]!.GetValue<string>();
        AssertNames(ReadingRequestFails(body), "$.mutations[1].id", "duplicate");
    }

    [Test]
    public void Decreasing_sequence_is_refused()
    {
        var body = GoldenRequest();
        body["mutations"]![2]!["sequence"] = 1;
        AssertNames(ReadingRequestFails(body), "$.mutations[2].sequence", "out_of_order");
    }

    [Test]
    public void Delete_change_with_data_is_refused()
    {
        var body = GoldenResponse();
        body["serverChanges"]![1]!["data"] = new JsonObject { ["title"] = "x" };
        AssertNames(ReadingResponseFails(body), "$.serverChanges[1].data", "invalid_value");
    }

    [Test]
    public void Trailing_comma_and_comments_are_refused()
    {
        var text = Encoding.UTF8.GetString(GoldenFiles.Read("push-request.json"));
        var withComment = "/* c */" + text;
        Assert.That(() => SyncJson.ReadRequest(Encoding.UTF8.GetBytes(withComment)),
            Throws.TypeOf<ObjectQLException>().With.Property(nameof(ObjectQLException.Code)).EqualTo(ErrorCodes.InvalidRequest));
    }

    [Test]
    public async Task Reading_a_stream_applies_the_same_rules()
    {
        var body = GoldenRequest();
        body.Remove("mutations");
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body.ToJsonString()));
        var error = Assert.ThrowsAsync<ObjectQLException>(async () => await SyncJson.ReadRequestAsync(stream, SyncLimits.Default, CancellationToken.None));
        AssertNames(error!, "$.mutations", "required");
    }
}
