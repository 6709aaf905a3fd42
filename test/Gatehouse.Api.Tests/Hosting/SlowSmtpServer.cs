using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// A minimal SMTP server on loopback that takes its time to accept a message (after DATA), so a test can stop
/// Gatehouse while a mail is in the middle of being sent. Counts the messages it accepted.
/// </summary>
public sealed class SlowSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly TimeSpan delay;
    private readonly Task serving;
    private readonly TaskCompletionSource dataReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int accepted;

    public SlowSmtpServer(TimeSpan delay)
    {
        this.delay = delay;
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref accepted);

    /// <summary>Completes when a message's content has arrived and the server starts its slow acceptance.</summary>
    public Task DataReceived => dataReceived.Task;

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        await serving;
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => SessionAsync(client));
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 localhost slow ESMTP");
                while (await reader.ReadLineAsync() is { } line)
                {
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO" or "HELO":
                            await writer.WriteLineAsync("250 localhost");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 go ahead");
                            while (await reader.ReadLineAsync() is { } data && data != ".")
                            {
                            }

                            dataReceived.TrySetResult();
                            await Task.Delay(delay);
                            Interlocked.Increment(ref accepted);
                            await writer.WriteLineAsync("250 accepted");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            return;
                        default:
                            await writer.WriteLineAsync("250 ok");
                            break;
                    }
                }
            }
            catch (IOException)
            {
            }
        }
    }
}
