using Gatehouse.Api;
using Gatehouse.Crypto;
using Gatehouse.Domain;
using Grpc.Core;
using Zitadel.Auth.V1;
using UserV1 = Zitadel.User.V1;

namespace Gatehouse.Users;

/// <summary>
/// <c>zitadel.auth.v1.AuthService</c>: the signed-in user's own account. The user and organization always come from
/// the token, never from the request.
/// </summary>
internal sealed class AuthApi(CommandRunner commands, UserQueries queries, EmailCodes emailCodes, SecretHasher hasher, Sessions.OtpEmailSettings otpEmail, TimeProvider time)
    : AuthService.AuthServiceBase
{
    public override Task<HealthzResponse> Healthz(HealthzRequest request, ServerCallContext context) =>
        Task.FromResult(new HealthzResponse());

    public override async Task<GetMyUserResponse> GetMyUser(GetMyUserRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var user = await queries.GetAsync(caller.UserId, context.CancellationToken) ?? throw new DomainException(UserErrors.MyUserNotFound);
        return new GetMyUserResponse { User = UserMapping.ToV1(user) };
    }

    public override async Task<GetMyEmailResponse> GetMyEmail(GetMyEmailRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var user = await queries.GetAsync(caller.UserId, context.CancellationToken) ?? throw new DomainException(UserErrors.UserNotFoundQuery);
        if (!user.IsHuman)
        {
            throw new DomainException(UserErrors.UserNotHuman);
        }

        return new GetMyEmailResponse
        {
            Details = DetailsMapping.V1ReadModel(user.Sequence, user.CreatedAt, user.ChangedAt, user.OrgId),
            Email = new UserV1.Email { Email_ = user.Email ?? "", IsEmailVerified = user.EmailVerified },
        };
    }

    public override async Task<SetMyEmailResponse> SetMyEmail(SetMyEmailRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var code = emailCodes.NewVerificationCode();
        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, caller.UserId, Writer(caller), state =>
            ChangeEmail.Decide(state, request.Email, code) with
            {
                Mails = [VerificationMail.For(caller.UserId, caller.OrgId, request.Email, state.DisplayName, state.PreferredLanguage, code, now, null)],
            }, context.CancellationToken);
        return new SetMyEmailResponse { Details = DetailsMapping.V1Changed(outcome.Details) };
    }

    public override async Task<VerifyMyEmailResponse> VerifyMyEmail(VerifyMyEmailRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        ValidationErrors.RequireLength(request.Code, "VerifyMyEmailRequest.Code");

        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, caller.UserId, Writer(caller),
            state => VerifyEmail.Decide(state, request.Code, now, hasher), context.CancellationToken);
        return new VerifyMyEmailResponse { Details = DetailsMapping.V1Changed(outcome.Details) };
    }

    public override async Task<ResendMyEmailVerificationResponse> ResendMyEmailVerification(ResendMyEmailVerificationRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var code = emailCodes.NewVerificationCode();
        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, caller.UserId, Writer(caller), state =>
            ResendEmailCode.Decide(state, code) with
            {
                Mails = [VerificationMail.For(caller.UserId, caller.OrgId, state.Email, state.DisplayName, state.PreferredLanguage, code, now, null)],
            }, context.CancellationToken);
        return new ResendMyEmailVerificationResponse { Details = DetailsMapping.V1Changed(outcome.Details) };
    }

    public override async Task<ListMyAuthFactorsResponse> ListMyAuthFactors(ListMyAuthFactorsRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var user = await queries.GetAsync(caller.UserId, context.CancellationToken);
        var response = new ListMyAuthFactorsResponse();
        if (user is { OtpEmail: true })
        {
            response.Result.Add(new UserV1.AuthFactor { State = UserV1.AuthFactorState.Ready, OtpEmail = new UserV1.AuthFactorOTPEmail() });
        }

        return response;
    }

    public override async Task<AddMyAuthFactorOTPEmailResponse> AddMyAuthFactorOTPEmail(AddMyAuthFactorOTPEmailRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var outcome = await commands.RunAsync(UserEvents.Aggregate, caller.UserId, Writer(caller),
            state => AddOtpEmail.Decide(state, caller.UserId, otpEmail.AllowedIn(caller.OrgId)), context.CancellationToken);
        return new AddMyAuthFactorOTPEmailResponse { Details = DetailsMapping.V1Added(outcome.Details) };
    }

    public override async Task<RemoveMyAuthFactorOTPEmailResponse> RemoveMyAuthFactorOTPEmail(RemoveMyAuthFactorOTPEmailRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var outcome = await commands.RunAsync(UserEvents.Aggregate, caller.UserId, Writer(caller),
            state => RemoveOtpEmail.Decide(state, caller.UserId), context.CancellationToken);
        return new RemoveMyAuthFactorOTPEmailResponse { Details = DetailsMapping.V1Changed(outcome.Details) };
    }

    private static CommandContext Writer(Caller caller) => new(caller.UserId, caller.OrgId);
}
