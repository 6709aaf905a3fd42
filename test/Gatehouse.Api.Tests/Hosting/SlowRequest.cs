using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// An HTTP/1.1 request over a raw socket whose body arrives in two parts, so that it is still in flight when the test
/// does something in between (such as stopping the server).
/// </summary>
public sealed class SlowRequest : IDisposable
{
    private readonly TcpClient client;
    private readonly byte[] rest;

    private SlowRequest(TcpClient client, byte[] rest)
    {
        this.client = client;
        this.rest = rest;
    }

    public static async Task<SlowRequest> StartAsync(int port, string path, string json, string? token = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var head = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
            + (token is null ? "" : $"Authorization: Bearer {token}\r\n")
            + $"Content-Length: {body.Length}\r\n\r\n";
        var half = body.Length / 2;
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        await client.GetStream().WriteAsync(body.AsMemory(0, half));
        return new SlowRequest(client, body[half..]);
    }

    /// <summary>Sends the rest of the body and returns the whole response as text.</summary>
    public async Task<string> FinishAsync()
    {
        var stream = client.GetStream();
        await stream.WriteAsync(rest);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    public void Dispose() => client.Dispose();
}
