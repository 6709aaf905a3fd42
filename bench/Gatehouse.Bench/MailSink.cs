using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Gatehouse.Notifications;

namespace Gatehouse.Bench;

/// <summary>
/// A local SMTP server that accepts every message and hands the code in it to whoever waits for that session: the
/// sign-in driver asks for codes with a link template that carries the session id, so each mail can be matched to
/// the request that caused it and timed from request to mailbox.
/// <para>
/// A minimal receiver (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) with Nagle's algorithm off and one answer per
/// command. The SmtpServer package, tried first, answered with a delayed-ACK stall of about 40 ms per message on
/// loopback, which made the sink, not Gatehouse, the bottleneck.
/// </para>
/// </summary>
internal sealed partial class MailSink : IDisposable
{
    public const string UrlTemplate = "https://bench.invalid/s/{{.SessionID}}/c/{{.Code}}";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<Delivery>> waiting = new(StringComparer.Ordinal);
    private readonly TcpListener listener;
    private readonly Stopwatch clock;
    private long received;

    public MailSink(int port, Stopwatch clock)
    {
        this.clock = clock;
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>Messages accepted so far.</summary>
    public long Received => Interlocked.Read(ref received);

    /// <summary>The code mailed for a session, and when it arrived (on the driver's clock).</summary>
    public Task<Delivery> DeliveryFor(string sessionId) => waiting.GetOrAdd(sessionId, NewWaiter).Task;

    public void Forget(string sessionId) => waiting.TryRemove(sessionId, out _);

    public void Dispose() => listener.Stop();

    private static TaskCompletionSource<Delivery> NewWaiter(string _) => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await using (writer)
        {
            try
            {
                await writer.WriteLineAsync("220 bench-sink");
                while (await reader.ReadLineAsync() is { } line)
                {
                    var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteAsync("250-bench-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                            var message = new StringBuilder();
                            while (await reader.ReadLineAsync() is { } data && data != ".")
                            {
                                message.Append(data).Append('\n');
                            }

                            Accept(message.ToString());
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
                // The sender went away; nothing to keep.
            }
        }
    }

    private void Accept(string message)
    {
        var at = clock.Elapsed.TotalMilliseconds;
        Interlocked.Increment(ref received);
        // Quoted-printable may fold long lines ("=" at the end of a line); unfold before looking for the link.
        var link = Link().Match(message.Replace("=\n", "", StringComparison.Ordinal));
        if (link.Success)
        {
            waiting.GetOrAdd(link.Groups[1].Value, NewWaiter).TrySetResult(new Delivery(link.Groups[2].Value, at));
        }
    }

    [GeneratedRegex(@"bench\.invalid/s/(\d+)/c/(\d+)")]
    private static partial Regex Link();

    public sealed record Delivery(string Code, double ReceivedAtMs);
}
