using Gatehouse.Kernel;
using Gatehouse.Transport;
using Grpc.Core;
using Zitadel.User.V2;

namespace Gatehouse.Users;

/// <summary>
/// User v2 email calls, as Login V2's verification page makes them (docs/zitadel-wire.md §6.6): the same decisions and
/// limits as the user's own v1 calls, with the caller's link template, or the code handed back to a login client.
/// </summary>
internal sealed partial class UserApi
{
    public override async Task<SetEmailResponse> SetEmail(SetEmailRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "SetEmailRequest.UserId");
        ValidationErrors.RequireLength(request.Email, "SetEmailRequest.Email");
        if (request.VerificationCase == SetEmailRequest.VerificationOneofCase.IsVerified)
        {
            // Marking an address verified skips the proof of the mailbox: an administrator's call, never the user's own.
            if (!request.IsVerified)
            {
                throw ValidationErrors.Invalid("SetEmailRequest.IsVerified", "value must equal true");
            }

            throw new RpcException(new Status(StatusCode.Unimplemented, "is_verified is not supported by Gatehouse's SetEmail yet"));
        }

        var delivery = await DeliveryAsync(context, request.UserId, request.VerificationCase == SetEmailRequest.VerificationOneofCase.ReturnCode,
            request.VerificationCase == SetEmailRequest.VerificationOneofCase.SendCode ? request.SendCode : null);
        var (details, code) = await account.SetEmailAsync(delivery, request.Email, context.CancellationToken);
        var response = new SetEmailResponse { Details = DetailsMapping.V2(details) };
        if (delivery.Delivery.Returned)
        {
            response.VerificationCode = code;
        }

        return response;
    }

    public override async Task<SendEmailCodeResponse> SendEmailCode(SendEmailCodeRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "SendEmailCodeRequest.UserId");
        var (details, code) = await NewCodeAsync(context, request.UserId, request.VerificationCase == SendEmailCodeRequest.VerificationOneofCase.ReturnCode,
            request.VerificationCase == SendEmailCodeRequest.VerificationOneofCase.SendCode ? request.SendCode : null);
        var response = new SendEmailCodeResponse { Details = details };
        if (code is not null)
        {
            response.VerificationCode = code;
        }

        return response;
    }

    public override async Task<ResendEmailCodeResponse> ResendEmailCode(ResendEmailCodeRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "ResendEmailCodeRequest.UserId");
        var (details, code) = await NewCodeAsync(context, request.UserId, request.VerificationCase == ResendEmailCodeRequest.VerificationOneofCase.ReturnCode,
            request.VerificationCase == ResendEmailCodeRequest.VerificationOneofCase.SendCode ? request.SendCode : null);
        var response = new ResendEmailCodeResponse { Details = details };
        if (code is not null)
        {
            response.VerificationCode = code;
        }

        return response;
    }

    public override async Task<VerifyEmailResponse> VerifyEmail(VerifyEmailRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "VerifyEmailRequest.UserId");
        ValidationErrors.RequireLength(request.VerificationCode, "VerifyEmailRequest.VerificationCode", max: 20);
        var caller = ApiInterceptor.CallerOf(context);
        // Possession of the code is the proof, as in ZITADEL; the guess limit per code still holds.
        var target = await commands.LoadAsync(UserEvents.Aggregate, request.UserId, context.CancellationToken);
        var details = await account.VerifyEmailAsync(request.UserId, target.Version.Exists ? target.Version.ResourceOwner : caller.OrgId,
            request.VerificationCode, context.CancellationToken, caller.UserId);
        return new VerifyEmailResponse { Details = DetailsMapping.V2(details) };
    }

    /// <summary>
    /// SendEmailCode and ResendEmailCode do the same in ZITADEL's v2 API: a fresh code for the current address, under
    /// the same throttle; the code comes back only when the delivery says it may.
    /// </summary>
    private async Task<(Zitadel.Object.V2.Details Details, string? Code)> NewCodeAsync(
        ServerCallContext context, string userId, bool returnCode, SendEmailVerificationCode? send)
    {
        var delivery = await DeliveryAsync(context, userId, returnCode, send);
        var (details, code) = await account.ResendEmailCodeAsync(delivery, context.CancellationToken);
        return (DetailsMapping.V2(details), delivery.Delivery.Returned ? code : null);
    }

    /// <summary>
    /// Who may ask for a code and how it travels. The user or a caller with user.write may have it mailed; only a caller
    /// other than the user, with user.write, may have it returned — a user who got their own code back could "verify"
    /// an address whose mailbox they do not hold (README, "A password alone never changes the account").
    /// </summary>
    private async Task<EmailCodeRequest> DeliveryAsync(ServerCallContext context, string userId, bool returnCode, SendEmailVerificationCode? send)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var target = await commands.LoadAsync(UserEvents.Aggregate, userId, context.CancellationToken);
        var orgId = target.Version.Exists ? target.Version.ResourceOwner : caller.OrgId;
        if (returnCode)
        {
            if (caller.UserId == userId)
            {
                throw new DomainException(AuthErrors.NoMatchingPermissions);
            }

            Authorization.Require(caller, Permissions.UserWrite, orgId);
        }
        else
        {
            await AuthorizeOnUserAsync(context, userId, Permissions.UserWrite);
        }

        string? template = null;
        if (send is { HasUrlTemplate: true })
        {
            ValidationErrors.RequireLength(send.UrlTemplate, "SendEmailVerificationCode.UrlTemplate");
            HumanUserInput.ValidateTemplate(send.UrlTemplate);
            template = send.UrlTemplate;
        }

        return new EmailCodeRequest(userId, orgId, caller.UserId, new EmailCodeDelivery(template, returnCode));
    }
}
