using Gatehouse.Transport;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Transport;

// TestServer (WebApplicationFactory) bypasses Kestrel and its connection middleware, so these
// tests run a real Kestrel on a loopback port and talk to it as real clients do.
public sealed class Http2PriorKnowledgeTests
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    // An empty SETTINGS frame: length 0, type 0x4, no flags, stream 0 (RFC 9113 section 6.5).
    private static readonly byte[] EmptySettingsFrame = [0, 0, 0, 0x4, 0, 0, 0, 0, 0];

    [Fact(Timeout = 30_000)]
    public async Task An_http1_request_is_served_as_http1()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var server = await EchoServer.StartAsync(cancellation);

        Assert.Equal("HTTP/1.1", await server.GetProtocolAsync(HttpVersion.Version11, cancellation));

        await server.StopAsync(cancellation);
        Assert.Empty(server.Errors);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_http2_request_with_prior_knowledge_over_http_is_served_as_http2()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var server = await EchoServer.StartAsync(cancellation);

        Assert.Equal("HTTP/2", await server.GetProtocolAsync(HttpVersion.Version20, cancellation));

        await server.StopAsync(cancellation);
        Assert.Empty(server.Errors);
    }

    [Fact(Timeout = 30_000)]
    public async Task Http1_and_http2_clients_share_the_port_at_the_same_time()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var server = await EchoServer.StartAsync(cancellation);

        var protocols = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            server.GetProtocolAsync(i % 2 == 0 ? HttpVersion.Version11 : HttpVersion.Version20, cancellation)));

        Assert.Equal(10, protocols.Count(p => p == "HTTP/1.1"));
        Assert.Equal(10, protocols.Count(p => p == "HTTP/2"));
        await server.StopAsync(cancellation);
        Assert.Empty(server.Errors);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(23)]
    public async Task A_preface_split_across_writes_is_answered_with_http2_settings(int firstPart)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var server = await EchoServer.StartAsync(cancellation);
        using var client = await server.ConnectAsync(cancellation);
        var stream = client.GetStream();

        await stream.WriteAsync(Preface.AsMemory(0, firstPart), cancellation);
        await Task.Delay(TimeSpan.FromMilliseconds(300), cancellation);
        await stream.WriteAsync(Preface.AsMemory(firstPart), cancellation);
        await stream.WriteAsync(EmptySettingsFrame, cancellation);

        // The server's connection preface is a SETTINGS frame: type 0x4, no ACK flag, stream 0, a
        // payload of 6-byte settings. An HTTP/1.1 server would answer with text, if at all.
        var header = new byte[9];
        await stream.ReadExactlyAsync(header, cancellation);
        var payloadLength = (header[0] << 16) | (header[1] << 8) | header[2];
        Assert.Equal(0x4, header[3]);
        Assert.Equal(0x0, header[4]);
        Assert.Equal([0, 0, 0, 0], header[5..9]);
        Assert.Equal(0, payloadLength % 6);

        client.Close();
        await server.StopAsync(cancellation);
        Assert.Empty(server.Errors);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PROPFIND")]
    public async Task An_http1_request_sent_byte_by_byte_is_served_as_http1(string method)
    {
        // "POST" and "PROPFIND" share their first bytes with the preface ("P", "PR"), so the
        // detection has to wait for more of them before it can hand the bytes to HTTP/1.1.
        var cancellation = TestContext.Current.CancellationToken;
        await using var server = await EchoServer.StartAsync(cancellation);
        using var client = await server.ConnectAsync(cancellation);
        var stream = client.GetStream();

        var request = Encoding.ASCII.GetBytes(
            $"{method} /protocol HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        for (var i = 0; i < request.Length; i++)
        {
            await stream.WriteAsync(request.AsMemory(i, 1), cancellation);
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellation);
        }

        AssertServedAsHttp1(await ReadToEndAsync(stream, cancellation));
        await server.StopAsync(cancellation);
        Assert.Empty(server.Errors);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_silent_connection_blocks_nobody_and_is_served_as_http1_after_the_timeout()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var prefaceTimeout = TimeSpan.FromMilliseconds(200);
        await using var server = await EchoServer.StartAsync(cancellation, listen => listen.UseHttp2PriorKnowledgeDetection(prefaceTimeout));
        using var silent = await server.ConnectAsync(cancellation);

        Assert.Equal("HTTP/1.1", await server.GetProtocolAsync(HttpVersion.Version11, cancellation));
        Assert.Equal("HTTP/2", await server.GetProtocolAsync(HttpVersion.Version20, cancellation));

        // Past the timeout the connection is Kestrel's HTTP/1.1, as it would be without the
        // detection, and a request that comes late is still served.
        await Task.Delay(prefaceTimeout * 3, cancellation);
        var stream = silent.GetStream();
        await stream.WriteAsync("GET /protocol HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellation);
        AssertServedAsHttp1(await ReadToEndAsync(stream, cancellation));

        await server.StopAsync(cancellation);
        Assert.Empty(server.Errors);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(0, false)]
    [InlineData(3, false)]
    [InlineData(23, false)]
    [InlineData(3, true)]
    public async Task A_connection_that_closes_early_leaves_the_server_serving(int bytesSent, bool reset)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var server = await EchoServer.StartAsync(cancellation);
        using (var client = await server.ConnectAsync(cancellation))
        {
            await client.GetStream().WriteAsync(Preface.AsMemory(0, bytesSent), cancellation);
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
            if (reset)
            {
                // Lingering with a zero timeout makes Close send RST instead of FIN.
                client.LingerState = new LingerOption(true, 0);
            }

            client.Close();
        }

        await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
        Assert.Equal("HTTP/1.1", await server.GetProtocolAsync(HttpVersion.Version11, cancellation));
        Assert.Equal("HTTP/2", await server.GetProtocolAsync(HttpVersion.Version20, cancellation));

        await server.StopAsync(cancellation);
        Assert.Empty(server.Errors);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_silent_connection_does_not_hold_up_shutdown()
    {
        // A timeout far longer than the test: only Kestrel's close request can end the peek.
        var cancellation = TestContext.Current.CancellationToken;
        await using var server = await EchoServer.StartAsync(cancellation, listen => listen.UseHttp2PriorKnowledgeDetection(TimeSpan.FromMinutes(5)));
        using var silent = await server.ConnectAsync(cancellation);
        await Task.Delay(TimeSpan.FromMilliseconds(300), cancellation);

        var stopwatch = Stopwatch.StartNew();
        await server.StopAsync(cancellation);

        // The host's shutdown timeout is 20 s; without the close request the stop would wait it out.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"Stopping took {stopwatch.Elapsed}.");
        Assert.Empty(server.Errors);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_tls_endpoint_never_serves_http2_without_tls(bool detectionBeforeTls)
    {
        // Kestrel's HTTPS middleware skips the handshake when a TLS feature is already set: were the
        // detection to run on a TLS endpoint, the preface in cleartext would get past TLS.
        var cancellation = TestContext.Current.CancellationToken;
        using var certificate = CreateCertificate();
        await using var server = await EchoServer.StartAsync(cancellation, listen =>
        {
            if (detectionBeforeTls)
            {
                listen.UseHttp2PriorKnowledgeDetection();
            }

            listen.UseHttps(certificate);
            if (!detectionBeforeTls)
            {
                listen.UseHttp2PriorKnowledgeDetection();
            }
        });

        using (var client = await server.ConnectAsync(cancellation))
        {
            var stream = client.GetStream();
            await stream.WriteAsync(Preface, cancellation);
            await stream.WriteAsync(EmptySettingsFrame, cancellation);

            // The TLS handshake fails on these bytes and the server closes the connection. A
            // SETTINGS frame would be HTTP/2 in cleartext on the HTTPS port.
            var answer = new byte[9];
            var received = 0;
            try
            {
                received = await stream.ReadAtLeastAsync(answer, answer.Length, throwOnEndOfStream: false, cancellation);
            }
            catch (IOException)
            {
                // Reset: closed as well.
            }

            Assert.False(received == answer.Length && answer[3] == 0x4, "The server answered the cleartext preface with HTTP/2.");
        }

        // ALPN still negotiates both protocols.
        Assert.Equal("HTTP/2", await server.GetProtocolAsync(HttpVersion.Version20, cancellation, certificate));
        Assert.Equal("HTTP/1.1", await server.GetProtocolAsync(HttpVersion.Version11, cancellation, certificate));
        await server.StopAsync(cancellation);
        Assert.Empty(server.Errors);
    }

    [Fact(Timeout = 30_000)]
    public async Task Curl_with_http2_prior_knowledge_is_served_as_http2()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var curl = FindOnPath("curl");
        Assert.SkipWhen(curl is null, "curl is not installed.");
        await using var server = await EchoServer.StartAsync(cancellation);

        var start = new ProcessStartInfo(curl!)
        {
            ArgumentList = { "--silent", "--show-error", "--http2-prior-knowledge", "--max-time", "10", $"{server.BaseAddress}protocol" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);

        Assert.True(process.ExitCode == 0, $"curl exited with {process.ExitCode}: {await error}");
        Assert.Equal("HTTP/2", await output);
        await server.StopAsync(cancellation);
        Assert.Empty(server.Errors);
    }

    private static void AssertServedAsHttp1(string response)
    {
        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Contains("HTTP/1.1", body, StringComparison.Ordinal);
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream, CancellationToken cancellation) =>
        Encoding.ASCII.GetString(await ReadAllBytesAsync(stream, cancellation));

    private static async Task<byte[]> ReadAllBytesAsync(NetworkStream stream, CancellationToken cancellation)
    {
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cancellation);
        }
        catch (IOException)
        {
            // A connection reset ends the answer as well as a FIN does.
        }

        return received.ToArray();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Kestrel with one loopback endpoint that answers /protocol with the request's protocol.</summary>
    private sealed class EchoServer(WebApplication app, Uri baseAddress, ErrorLog errors) : IAsyncDisposable
    {
        public Uri BaseAddress => baseAddress;

        public IReadOnlyCollection<string> Errors => errors.Entries;

        /// <param name="configureEndpoint">Defaults to the detection with its default timeout, as Program.cs uses it.</param>
        public static async Task<EchoServer> StartAsync(CancellationToken cancellation, Action<ListenOptions>? configureEndpoint = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            var errors = new ErrorLog();
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(errors);
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                (configureEndpoint ?? (l => l.UseHttp2PriorKnowledgeDetection()))(listen);
            }));

            var app = builder.Build();
            app.Map("/protocol", (HttpContext context) => context.Request.Protocol);
            await app.StartAsync(cancellation);

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new EchoServer(app, new Uri(address + "/"), errors);
        }

        public async Task<string> GetProtocolAsync(Version version, CancellationToken cancellation, X509Certificate2? trustedCertificate = null)
        {
            using var handler = new SocketsHttpHandler();
            if (trustedCertificate is not null)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString() == trustedCertificate.GetCertHashString();
            }

            using var client = new HttpClient(handler) { BaseAddress = baseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, "protocol")
            {
                Version = version,
                // Exact, so that HTTP/2 over http:// is prior knowledge and never a fallback to 1.1.
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var response = await client.SendAsync(request, cancellation);
            response.EnsureSuccessStatusCode();
            Assert.Equal(version, response.Version);
            return await response.Content.ReadAsStringAsync(cancellation);
        }

        public async Task<TcpClient> ConnectAsync(CancellationToken cancellation)
        {
            var client = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, baseAddress.Port, cancellation);
                return client;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        public Task StopAsync(CancellationToken cancellation) => app.StopAsync(cancellation);

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    /// <summary>Keeps what the server logs at Error or above, where a failing connection middleware shows up.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public IReadOnlyCollection<string> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
