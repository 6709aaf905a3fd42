using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>The three kinds of client a ZITADEL user has, all against the same port.</summary>
public sealed class ApiClients : IDisposable
{
    public ApiClients(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        Rest = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Grpc = GrpcChannel.ForAddress(baseAddress);
        GrpcWeb = GrpcChannel.ForAddress(baseAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        GrpcWebText = GrpcChannel.ForAddress(baseAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
    }

    public Uri BaseAddress { get; }

    /// <summary>JSON over HTTP/1.1, as curl and grpc-gateway clients use it.</summary>
    public HttpClient Rest { get; }

    /// <summary>Native gRPC over cleartext HTTP/2 with prior knowledge.</summary>
    public GrpcChannel Grpc { get; }

    public GrpcChannel GrpcWeb { get; }

    public GrpcChannel GrpcWebText { get; }

    public GrpcChannel Channel(Protocol protocol) => protocol switch
    {
        Protocol.Grpc => Grpc,
        Protocol.GrpcWeb => GrpcWeb,
        Protocol.GrpcWebText => GrpcWebText,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    /// <summary>One JSON call: the status and the parsed body, as most REST tests need them.</summary>
    public async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> JsonAsync(HttpMethod method, string path, string? token, string? json = null)
    {
        using var request = Request(method, path, token, json);
        using var response = await Rest.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, System.Text.Json.JsonDocument.Parse(text).RootElement);
    }

    public static Metadata Bearer(string token, string? language = null)
    {
        var metadata = new Metadata { { "authorization", $"Bearer {token}" } };
        if (language is not null)
        {
            metadata.Add("accept-language", language);
        }

        return metadata;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token = null, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    public void Dispose()
    {
        Rest.Dispose();
        Grpc.Dispose();
        GrpcWeb.Dispose();
        GrpcWebText.Dispose();
    }
}

public enum Protocol
{
    Grpc,
    GrpcWeb,
    GrpcWebText,
}
