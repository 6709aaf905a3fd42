using Gatehouse.Kernel;
using Gatehouse.Hosting;
using Gatehouse.OtpEmail;
using Gatehouse.Users;
using Grpc.Core;
using Gatehouse.Transport;

namespace Gatehouse.Tests.Transport;

public sealed class ErrorMappingTests
{
    private static readonly ErrorTexts Texts = ErrorTexts.Of(GatehouseModules.Create());

    [Fact]
    public void A_domain_error_becomes_a_status_with_message_id_and_error_detail()
    {
        var rpc = ErrorMapping.ToRpcException(OtpEmailErrors.NotReady, Texts, "en");
        Assert.Equal(StatusCode.FailedPrecondition, rpc.StatusCode);
        Assert.Equal("Multifactor OTP (OneTimePassword) isn't ready (COMMAND-KLJ2d)", rpc.Status.Detail);
        var status = rpc.GetRpcStatus();
        Assert.NotNull(status);
        var detail = Assert.Single(status.Details).Unpack<Zitadel.V1.ErrorDetail>();
        Assert.Equal("COMMAND-KLJ2d", detail.Id);
        Assert.Equal("Multifactor OTP (OneTimePassword) isn't ready", detail.Message);
    }

    [Fact]
    public void German_is_used_when_asked_for() =>
        Assert.Equal("Multifaktor OTP (OneTimePassword) ist bereits eingerichtet (COMMAND-MKL2s)",
            ErrorMapping.ToRpcException(OtpEmailErrors.AlreadyReady, Texts, ErrorTexts.LanguageOf("de-CH,de;q=0.9")).Status.Detail);

    [Fact]
    public void Keys_without_translation_are_sent_raw() =>
        Assert.Equal("Errors.User.AlreadyExisting (COMMAND-7yiox1isql)", ErrorMapping.ToRpcException(UserErrors.UserIdExists, Texts, "en").Status.Detail);

    [Fact]
    public void Authorization_errors_are_never_translated() =>
        Assert.Equal("Errors.Token.Invalid (AUTH-7fs1e)", ErrorMapping.ToRpcException(AuthErrors.TokenInvalid, Texts, "de").Status.Detail);

    [Fact]
    public void Password_failures_carry_a_credentials_check_error()
    {
        var rpc = ErrorMapping.ToRpcException(Gatehouse.Sessions.SessionErrors.PasswordInvalid(2), Texts, "en");
        var detail = Assert.Single(rpc.GetRpcStatus()!.Details).Unpack<Zitadel.V1.CredentialsCheckError>();
        Assert.Equal(2, detail.FailedAttempts);
        Assert.Equal("COMMAND-3M0fs", detail.Id);
    }

    [Theory]
    [InlineData(ErrorKind.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(ErrorKind.PreconditionFailed, StatusCode.FailedPrecondition)]
    [InlineData(ErrorKind.NotFound, StatusCode.NotFound)]
    [InlineData(ErrorKind.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(ErrorKind.PermissionDenied, StatusCode.PermissionDenied)]
    [InlineData(ErrorKind.Unauthenticated, StatusCode.Unauthenticated)]
    [InlineData(ErrorKind.ResourceExhausted, StatusCode.ResourceExhausted)]
    [InlineData(ErrorKind.Unavailable, StatusCode.Unavailable)]
    public void Each_kind_maps_to_its_grpc_code(object kind, StatusCode code) => Assert.Equal(code, ErrorMapping.CodeOf((ErrorKind)kind));
}
