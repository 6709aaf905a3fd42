using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Grpc.Core;
using Zitadel.Auth.V1;
using UserV1 = Zitadel.User.V1;
using Gatehouse.Transport;

namespace Gatehouse.Users;

/// <summary>
/// <c>zitadel.auth.v1.AuthService</c>: the signed-in user's own account. The user and organization always come from
/// the token, never from the request.
/// </summary>
internal sealed class AuthApi(UserQueries queries, MyAccount account, IOtpEmailFactor otpEmail)
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
        var details = await account.SetEmailAsync(caller.UserId, caller.OrgId, request.Email, context.CancellationToken);
        return new SetMyEmailResponse { Details = DetailsMapping.V1Changed(details) };
    }

    public override async Task<VerifyMyEmailResponse> VerifyMyEmail(VerifyMyEmailRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        ValidationErrors.RequireLength(request.Code, "VerifyMyEmailRequest.Code");
        var details = await account.VerifyEmailAsync(caller.UserId, caller.OrgId, request.Code, context.CancellationToken);
        return new VerifyMyEmailResponse { Details = DetailsMapping.V1Changed(details) };
    }

    public override async Task<ResendMyEmailVerificationResponse> ResendMyEmailVerification(ResendMyEmailVerificationRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var details = await account.ResendEmailCodeAsync(caller.UserId, caller.OrgId, context.CancellationToken);
        return new ResendMyEmailVerificationResponse { Details = DetailsMapping.V1Changed(details) };
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
        var details = await otpEmail.AddAsync(caller.UserId, new CommandContext(caller.UserId, caller.OrgId), context.CancellationToken);
        return new AddMyAuthFactorOTPEmailResponse { Details = DetailsMapping.V1Added(details) };
    }

    public override async Task<RemoveMyAuthFactorOTPEmailResponse> RemoveMyAuthFactorOTPEmail(RemoveMyAuthFactorOTPEmailRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var details = await otpEmail.RemoveAsync(caller.UserId, new CommandContext(caller.UserId, caller.OrgId), context.CancellationToken);
        return new RemoveMyAuthFactorOTPEmailResponse { Details = DetailsMapping.V1Changed(details) };
    }
}
