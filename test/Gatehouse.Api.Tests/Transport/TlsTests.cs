using System.Net;
using Gatehouse.Api.Tests.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Zitadel.Auth.V1;

namespace Gatehouse.Api.Tests.Transport;

/// <summary>With a certificate configured, the one port speaks TLS: gRPC over HTTP/2 (ALPN) and JSON over HTTP/1.1.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Grpc_and_json_work_over_tls_on_the_same_port()
    {
        await using var server = await GatehouseProcess.StartAsync(tls: true);
        try
        {
            using var channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = TestCertificate.TrustingHandler() });
            var auth = new AuthService.AuthServiceClient(channel);
            Assert.NotNull(await auth.HealthzAsync(new HealthzRequest(), cancellationToken: TestContext.Current.CancellationToken));
            var error = await Assert.ThrowsAsync<RpcException>(async () =>
                await auth.AddMyAuthFactorOTPEmailAsync(new AddMyAuthFactorOTPEmailRequest(), ApiClients.Bearer("garbage"),
                    cancellationToken: TestContext.Current.CancellationToken));
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);

            using var http = new HttpClient(TestCertificate.TrustingHandler()) { BaseAddress = server.BaseAddress };
            using var response = await http.GetAsync(new Uri("/auth/v1/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(HttpVersion.Version11, response.Version);
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }
}
