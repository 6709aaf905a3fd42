using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Gatehouse.Transport;

internal static class Http2PriorKnowledgeExtensions
{
    // Long enough for a client whose first TCP segment is retransmitted a few times, short
    // enough that a connection spends little time outside Kestrel's own timeouts.
    private static readonly TimeSpan DefaultPrefaceTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Lets a cleartext <see cref="HttpProtocols.Http1AndHttp2"/> endpoint also speak HTTP/2 with
    /// prior knowledge (h2c), which is what gRPC clients do against an http:// address. Kestrel on
    /// its own picks HTTP/1.1 for every cleartext connection when both protocols are enabled,
    /// because without ALPN it has nothing to choose by (dotnet/aspnetcore#56984).
    /// Also sets <see cref="KestrelServerOptions.AllowAlternateSchemes"/>: see the comment there.
    /// </summary>
    public static ListenOptions UseHttp2PriorKnowledgeDetection(this ListenOptions listenOptions, TimeSpan? prefaceTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);

        // Kestrel only takes the HTTP/2 path when the connection carries an ITlsConnectionFeature,
        // so it then takes the connection for https and resets every h2c stream whose :scheme is
        // "http" with PROTOCOL_ERROR. Allowing alternate schemes makes it accept the client's
        // :scheme instead. The price, server-wide: on HTTP/2, Request.Scheme (and so
        // Request.IsHttps) is whatever the client wrote, "https" included. Never base a security
        // decision on them (secure cookies, "HTTPS required" checks, redirect URLs): an h2c
        // connection is cleartext whatever its requests claim.
        listenOptions.KestrelServerOptions.AllowAlternateSchemes = true;

        var timeout = prefaceTimeout ?? DefaultPrefaceTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(prefaceTimeout));
        listenOptions.Use(next => new Http2PriorKnowledgeMiddleware(next, listenOptions, timeout).OnConnectionAsync);
        return listenOptions;
    }
}

/// <summary>
/// Peeks at the first bytes of a cleartext connection, consuming none of them, and marks the
/// connection as negotiated "h2" when they are the HTTP/2 client preface (RFC 9113 section 3.4).
/// </summary>
internal sealed class Http2PriorKnowledgeMiddleware(ConnectionDelegate next, ListenOptions listenOptions, TimeSpan prefaceTimeout)
{
    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    // Kestrel builds an endpoint's connection pipeline when it binds, after the endpoint is fully
    // configured (UseHttps and Protocols included), so this is decided once, here.
    private readonly bool _enabled = IsCleartextWithBothProtocols(listenOptions);

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        // An ITlsConnectionFeature here means some TLS middleware ran before us and ALPN has
        // already chosen the protocol.
        if (_enabled
            && connection.Features.Get<ITlsConnectionFeature>() is null
            && await StartsWithPrefaceAsync(connection))
        {
            var negotiated = new Http2PriorKnowledgeFeature();
            connection.Features.Set<ITlsConnectionFeature>(negotiated);
            connection.Features.Set<ITlsApplicationProtocolFeature>(negotiated);
        }

        await next(connection);
    }

    private static bool IsCleartextWithBothProtocols(ListenOptions listenOptions)
    {
        // Never on a TLS endpoint: ALPN chooses the protocol there, and, worse, Kestrel's HTTPS
        // middleware skips the handshake when it finds an ITlsConnectionFeature, so if it ran after
        // us, a cleartext client sending the preface would get HTTP/2 without TLS (and without any
        // client certificate requirement) on the HTTPS port. ListenOptions has no public IsTls; its
        // display name, the "https://…" Kestrel also reports as the bound address, is the public
        // trace UseHttps leaves, whether it was called before or after us. Should that text ever
        // stop being a URL, the detection switches itself off rather than risk the bypass.
        var displayName = listenOptions.ToString();
        if (displayName is null
            || !displayName.Contains("://", StringComparison.Ordinal)
            || displayName.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // With only one of the two protocols there is nothing to choose: Kestrel already speaks
        // h2c on an HTTP/2-only endpoint, and an HTTP/1-only one must stay HTTP/1.
        return (listenOptions.Protocols & HttpProtocols.Http1AndHttp2) == HttpProtocols.Http1AndHttp2;
    }

    private async Task<bool> StartsWithPrefaceAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;

        // Until we hand the connection on, none of Kestrel's timeouts watch it, so the peek needs
        // its own deadline: one for the whole peek, so that a client trickling the preface a byte
        // at a time cannot stretch it. It also ends when Kestrel asks connections to close
        // (graceful shutdown), so a silent client does not hold up the server's stop.
        var closeRequested = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(closeRequested);
        deadline.CancelAfter(prefaceTimeout);

        long examined = 0;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(deadline.Token);
                var buffer = result.Buffer;
                var verdict = Compare(buffer);

                if (verdict == Verdict.Undecided && !result.IsCompleted && !result.IsCanceled)
                {
                    // A preface split across TCP writes. Consume nothing but mark everything as
                    // examined, so the next read waits for new bytes instead of returning these again.
                    input.AdvanceTo(buffer.Start, buffer.End);
                    examined = buffer.Length;
                    continue;
                }

                // Give every byte back to Kestrel. "Examined" stays where the previous read left it
                // (Pipe may reject moving it backwards), and must not reach the new bytes: Kestrel's
                // first read would then wait for more data, which a client that has sent its whole
                // request and now awaits the response will never send.
                input.AdvanceTo(buffer.Start, buffer.GetPosition(examined));
                return verdict == Verdict.Http2;
            }
        }
        catch (OperationCanceledException)
        {
            // The deadline passed, shutdown began, or the transport aborted the connection
            // (ConnectionAbortedException is an OperationCanceledException). We pass the connection
            // on as HTTP/1.1 rather than closing it: that is exactly what Kestrel would have done
            // without this middleware, so its keep-alive and request-header timeouts now bound the
            // connection; and closing would break clients that legitimately open a connection
            // before they have a request to send (browser preconnect). A late HTTP/2 preface then
            // meets Kestrel's HTTP/1.1 parser and is rejected, as it would be without us.
            return false;
        }
        catch (IOException)
        {
            // A transport that reports a peer's reset as an error (ConnectionResetException is an
            // IOException; the socket transport in .NET 10 reports it as a plain end of input).
            // Kestrel meets the same error on its first read and handles it as for any other
            // connection, instead of logging it as an unhandled connection middleware failure.
            return false;
        }
    }

    private static Verdict Compare(in ReadOnlySequence<byte> buffer)
    {
        var length = (int)Math.Min(buffer.Length, Preface.Length);
        Span<byte> head = stackalloc byte[Preface.Length];
        head = head[..length];
        buffer.Slice(0, length).CopyTo(head);

        // An HTTP/1 request line parts from the preface within its first few bytes ("GET" at the
        // first, "POST" at the second, "PROPFIND" at the third), so deciding at the first
        // mismatch means an HTTP/1 client never waits for us.
        if (!head.SequenceEqual(Preface[..length]))
        {
            return Verdict.Http1;
        }

        return length == Preface.Length ? Verdict.Http2 : Verdict.Undecided;
    }

    private enum Verdict
    {
        Undecided,
        Http1,
        Http2,
    }
}

/// <summary>
/// What Kestrel's protocol selection looks for to choose HTTP/2: a TLS connection whose ALPN
/// result is "h2". So on this server an ITlsConnectionFeature is no proof of TLS; nothing should
/// read it as one. Deliberately no ITlsHandshakeFeature: HTTP/2 would then enforce its TLS rules
/// (protocol version, cipher suite) against a handshake that never happened.
/// </summary>
internal sealed class Http2PriorKnowledgeFeature : ITlsConnectionFeature, ITlsApplicationProtocolFeature
{
    private static readonly byte[] H2 = "h2"u8.ToArray();

    public ReadOnlyMemory<byte> ApplicationProtocol => H2;

    // A cleartext connection has no client certificate; this stays null unless some middleware
    // sets one deliberately.
    public X509Certificate2? ClientCertificate { get; set; }

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);
}
