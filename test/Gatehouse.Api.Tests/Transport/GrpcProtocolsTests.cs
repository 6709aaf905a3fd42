using Gatehouse.Api.Tests.Hosting;
using Grpc.Core;
using Zitadel.Auth.V1;

namespace Gatehouse.Api.Tests.Transport;

/// <summary>The seed call and its errors over native gRPC (h2c), gRPC-web binary and gRPC-web text, on the one port.</summary>
public abstract class GrpcProtocolsTests(SharedServer server)
{
    public sealed class OnSqlite(SqliteServer server) : GrpcProtocolsTests(server);

    public sealed class OnPostgres(PostgresServer server) : GrpcProtocolsTests(server);

    private AuthService.AuthServiceClient Auth(Protocol protocol) => new(server.Clients.Channel(protocol));

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task Adding_otp_email_works_and_returns_details(Protocol protocol)
    {
        var user = await server.Accounts.CreateHumanAsync();
        var response = await Auth(protocol).AddMyAuthFactorOTPEmailAsync(new AddMyAuthFactorOTPEmailRequest(), ApiClients.Bearer(user.Token),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(response.Details.Sequence >= 3);
        Assert.Equal(user.OrgId, response.Details.ResourceOwner);
        Assert.NotNull(response.Details.CreationDate);

        var factors = await Auth(protocol).ListMyAuthFactorsAsync(new ListMyAuthFactorsRequest(), ApiClients.Bearer(user.Token),
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Zitadel.User.V1.AuthFactor.TypeOneofCase.OtpEmail, Assert.Single(factors.Result).TypeCase);
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task Adding_twice_fails_with_already_exists_and_an_error_detail_in_the_trailers(Protocol protocol)
    {
        var user = await server.Accounts.CreateHumanAsync();
        await Auth(protocol).AddMyAuthFactorOTPEmailAsync(new AddMyAuthFactorOTPEmailRequest(), ApiClients.Bearer(user.Token),
            cancellationToken: TestContext.Current.CancellationToken);
        // With the factor added, the password-only token is partial; a session that also checked the code may try again.
        var full = await new Sessions.SessionSteps(server.Clients, server.Accounts.LoginClientToken).SignInWithBothFactorsAsync(user);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Auth(protocol).AddMyAuthFactorOTPEmailAsync(new AddMyAuthFactorOTPEmailRequest(), ApiClients.Bearer(full),
                cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal("Multifactor OTP (OneTimePassword) is already set up (COMMAND-MKL2s)", error.Status.Detail);
        var detail = Assert.Single(error.GetRpcStatus()!.Details).Unpack<Zitadel.V1.ErrorDetail>();
        Assert.Equal("COMMAND-MKL2s", detail.Id);
        Assert.Equal("Multifactor OTP (OneTimePassword) is already set up", detail.Message);
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task Removing_an_absent_factor_fails_with_not_found(Protocol protocol)
    {
        var user = await server.Accounts.CreateHumanAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Auth(protocol).RemoveMyAuthFactorOTPEmailAsync(new RemoveMyAuthFactorOTPEmailRequest(), ApiClients.Bearer(user.Token),
                cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("COMMAND-b312D", Assert.Single(error.GetRpcStatus()!.Details).Unpack<Zitadel.V1.ErrorDetail>().Id);
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task An_unverified_email_fails_with_failed_precondition(Protocol protocol)
    {
        var user = await server.Accounts.CreateHumanAsync(verified: false);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Auth(protocol).AddMyAuthFactorOTPEmailAsync(new AddMyAuthFactorOTPEmailRequest(), ApiClients.Bearer(user.Token),
                cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("COMMAND-KLJ2d", Assert.Single(error.GetRpcStatus()!.Details).Unpack<Zitadel.V1.ErrorDetail>().Id);
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task A_call_without_a_token_is_unauthenticated(Protocol protocol)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Auth(protocol).AddMyAuthFactorOTPEmailAsync(new AddMyAuthFactorOTPEmailRequest(),
                cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("auth header missing", error.Status.Detail);
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task A_garbage_token_is_rejected(Protocol protocol)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Auth(protocol).GetMyUserAsync(new GetMyUserRequest(), ApiClients.Bearer("garbage", "de"),
                cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("Errors.Token.Invalid (AUTH-7fs1e)", error.Status.Detail);
    }

    [Theory]
    [InlineData(Protocol.Grpc)]
    [InlineData(Protocol.GrpcWeb)]
    [InlineData(Protocol.GrpcWebText)]
    public async Task Healthz_answers_without_a_token(Protocol protocol) =>
        Assert.NotNull(await Auth(protocol).HealthzAsync(new HealthzRequest(), cancellationToken: TestContext.Current.CancellationToken));
}
