using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectQL.AspNetCore.Security;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.Server.Handling;

namespace ObjectQL.AspNetCore.Sync;

/// <summary>
/// <c>POST /api/sync</c>, failing closed in the order of RFC sections 2, 3.9 and 8: the caller (401, nothing read), the
/// version header (400), the body's size (413, read no further than the limit), its mutation count (413 with the limit),
/// strict JSON (400 naming the path), then the host-agnostic handler. Every refusal is an <c>{"error":{...}}</c> body;
/// a failure never shows its stack trace.
/// </summary>
internal sealed class SyncEndpoint(SyncEndpointConfig config, ILogger<SyncEndpoint> logger)
{
    private readonly string _supported = string.Join(",", config.SupportedVersions);

    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = SyncEndpointDiagnostics.Source.StartActivity("sync.http");
        var outcome = new Outcome();
        try
        {
            await HandleAsync(http, outcome).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            outcome.Status = StatusCodes.Status499ClientClosedRequest;
            SyncEndpointLog.Abandoned(logger, outcome.ClientId);
        }
        finally
        {
            Record(activity, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task HandleAsync(HttpContext http, Outcome outcome)
    {
        var aborted = http.RequestAborted;
        if (!config.Enabled)
        {
            await RefuseAsync(http, outcome, StatusCodes.Status404NotFound, SyncHttpErrors.Disabled()).ConfigureAwait(false);
            return;
        }
        var caller = http.RequestServices.GetRequiredService<IOptions<ObjectQLContextMapper>>().Value.ToContext(http.User);
        if (caller is null)
        {
            await RefuseAsync(http, outcome, StatusCodes.Status401Unauthorized, SyncHttpErrors.Unauthorized()).ConfigureAwait(false);
            return;
        }
        if (!IsSupportedVersion(http.Request.Headers[SyncProtocol.VersionHeader], out var sent))
        {
            await RefuseAsync(http, outcome, StatusCodes.Status400BadRequest, SyncErrorBodies.UnsupportedVersion(sent, config.SupportedVersions)).ConfigureAwait(false);
            return;
        }
        if (!TryReadPageSize(http.Request.Headers[SyncProtocol.PageSizeHeader], out var pageSize))
        {
            var asked = http.Request.Headers[SyncProtocol.PageSizeHeader].ToString();
            await RefuseAsync(http, outcome, StatusCodes.Status400BadRequest, SyncErrorBodies.InvalidPageSize(asked)).ConfigureAwait(false);
            return;
        }
        if (http.Request.ContentLength > config.MaxRequestBytes)
        {
            await RefuseTooLargeAsync(http, outcome).ConfigureAwait(false);
            return;
        }
        AllowBodyOfLimit(http);
        SyncPushRequest request;
        using (var body = await ReadBodyAsync(http, outcome).ConfigureAwait(false))
        {
            if (body is null)
            {
                return;
            }
            outcome.RequestBytes = body.Length;
            if (body.OverLimit)
            {
                await RefuseTooLargeAsync(http, outcome).ConfigureAwait(false);
                return;
            }
            try
            {
                request = SyncJson.ReadRequest(body.Span, config.MaxMutationsPerRequest);
            }
            catch (ObjectQLException e) when (e.Code == ErrorCodes.PayloadTooLarge)
            {
                var tooMany = SyncErrorBodies.TooManyMutations(CountMutations(body.Span), config.MaxMutationsPerRequest);
                await RefuseAsync(http, outcome, StatusCodes.Status413PayloadTooLarge, tooMany).ConfigureAwait(false);
                return;
            }
            catch (ObjectQLException e)
            {
                await RefuseAsync(http, outcome, SyncHttpErrors.StatusOf(e.Code), ErrorBody.From(e)).ConfigureAwait(false);
                return;
            }
        }
        outcome.ClientId = request.ClientId;
        outcome.Mutations = request.Mutations.Count;
        var handler = http.RequestServices.GetRequiredService<ISyncRequestHandler>();
        SyncPushResponse response;
        try
        {
            // The server takes the request as read here without validating it again; another handler validates its own way.
            response = await (handler is SyncServer server
                    ? server.HandleReadAsync(request, caller, pageSize, aborted)
                    : handler.HandleAsync(request, caller, pageSize, aborted))
                .ConfigureAwait(false);
        }
        catch (SyncRequestException e)
        {
            await RefuseAsync(http, outcome, e.StatusCode, e.Body).ConfigureAwait(false);
            return;
        }
        catch (ObjectQLException e) when (SyncHttpErrors.StatusOf(e.Code) < StatusCodes.Status500InternalServerError)
        {
            await RefuseAsync(http, outcome, SyncHttpErrors.StatusOf(e.Code), ErrorBody.From(e)).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            var code = e is ObjectQLException known ? known.Code : ErrorCodes.InternalError;
            SyncEndpointLog.Failed(logger, e, outcome.ClientId, StatusCodes.Status500InternalServerError, code);
            await RefuseAsync(http, outcome, StatusCodes.Status500InternalServerError, SyncHttpErrors.ServerFault(code), logged: true).ConfigureAwait(false);
            return;
        }
        if (response.ResyncRequired)
        {
            SyncEndpointLog.ResyncRequired(logger, request.ClientId, response.ResyncReason);
        }
        var text = ResponseText.Of(response, SyncJson.Context.SyncPushResponse);
        http.Response.StatusCode = StatusCodes.Status200OK;
        await SyncHttpErrors.WriteJsonAsync(http.Response, text, aborted).ConfigureAwait(false);
        outcome.Status = StatusCodes.Status200OK;
        outcome.ResponseBytes = text.Length;
    }

    private bool IsSupportedVersion(Microsoft.Extensions.Primitives.StringValues header, out string? sent)
    {
        sent = header.Count == 0 ? null : header.ToString();
        return header.Count == 1
            && int.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && config.SupportedVersions.Contains(version);
    }

    // The client's page-size ask (RFC 6.4): absent, or one integer of 1 or more; one beyond int's range asks for the
    // most there is (the handler caps it anyway).
    private static bool TryReadPageSize(Microsoft.Extensions.Primitives.StringValues header, out int? pageSize)
    {
        pageSize = null;
        if (header.Count == 0)
        {
            return true;
        }
        if (header.Count > 1 || !long.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) || asked < 1)
        {
            return false;
        }
        pageSize = (int)Math.Min(asked, int.MaxValue);
        return true;
    }

    // Kestrel's own body limit (30 MB by default) would refuse before ours or cut a larger configured limit short; one
    // byte more than ours lets this endpoint be the one that answers.
    private void AllowBodyOfLimit(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = (long)config.MaxRequestBytes + 1;
        }
    }

    private async Task<BoundedBody?> ReadBodyAsync(HttpContext http, Outcome outcome)
    {
        try
        {
            return await BoundedBody.ReadAsync(http.Request.Body, config.MaxRequestBytes, http.Request.ContentLength, http.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RefuseTooLargeAsync(http, outcome).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await RefuseAsync(http, outcome, StatusCodes.Status400BadRequest, SyncHttpErrors.UnreadableBody(e.Message)).ConfigureAwait(false);
        }
        return null;
    }

    // The rest of an oversize body is left unread; on HTTP/1.1 the connection closes after the answer instead of draining it.
    private Task RefuseTooLargeAsync(HttpContext http, Outcome outcome)
    {
        if (HttpProtocol.IsHttp11(http.Request.Protocol) || HttpProtocol.IsHttp10(http.Request.Protocol))
        {
            http.Response.Headers.Connection = "close";
        }
        return RefuseAsync(http, outcome, StatusCodes.Status413PayloadTooLarge, SyncHttpErrors.BodyTooLarge(config.MaxRequestBytes));
    }

    private async Task RefuseAsync(HttpContext http, Outcome outcome, int statusCode, ErrorBody body, bool logged = false)
    {
        outcome.Status = statusCode;
        outcome.ErrorCode = body.Error.Code;
        if (!logged)
        {
            SyncEndpointLog.Refused(logger, statusCode, body.Error.Code, body.Error.Message);
        }
        outcome.ResponseBytes = await SyncHttpErrors.WriteAsync(http.Response, statusCode, body, http.RequestAborted).ConfigureAwait(false);
    }

    // The exact count for the 413 body; only reached for a body already known to carry too many (and within the byte limit).
    private static int CountMutations(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
        var count = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("mutations"u8)
                    && reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        count++;
                        reader.Skip();
                    }
                    return count;
                }
                if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Malformed after the limit was crossed: the count so far is still more than the limit.
        }
        return count;
    }

    private void Record(Activity? activity, Outcome outcome, TimeSpan elapsed)
    {
        var status = new KeyValuePair<string, object?>("http.response.status_code", outcome.Status);
        SyncEndpointDiagnostics.Duration.Record(elapsed.TotalSeconds, status);
        SyncEndpointDiagnostics.RequestSize.Record(outcome.RequestBytes, status);
        SyncEndpointDiagnostics.ResponseSize.Record(outcome.ResponseBytes, status);
        if (outcome.ErrorCode is not null)
        {
            SyncEndpointDiagnostics.Refusals.Add(1, status, new KeyValuePair<string, object?>("objectql.error.code", outcome.ErrorCode));
        }
        if (activity is null)
        {
            return;
        }
        activity.SetTag("http.response.status_code", outcome.Status);
        activity.SetTag("objectql.sync.client_id", outcome.ClientId);
        activity.SetTag("objectql.sync.mutations", outcome.Mutations);
        activity.SetTag("objectql.sync.request.size", outcome.RequestBytes);
        activity.SetTag("objectql.sync.response.size", outcome.ResponseBytes);
        if (outcome.ErrorCode is not null)
        {
            activity.SetTag("objectql.error.code", outcome.ErrorCode);
            activity.SetStatus(outcome.Status >= StatusCodes.Status500InternalServerError ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
        }
    }

    private sealed class Outcome
    {
        public int Status { get; set; }
        public string? ErrorCode { get; set; }
        public string? ClientId { get; set; }
        public int Mutations { get; set; }
        public long RequestBytes { get; set; }
        public long ResponseBytes { get; set; }
    }
}
