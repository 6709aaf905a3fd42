using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Instance;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Zitadel.User.V2;
using Gatehouse.Notifications;
using Gatehouse.Transport;

namespace Gatehouse.Users;

/// <summary>
/// <c>zitadel.user.v2.UserService</c>: administration of users by id. Permission checks follow ZITADEL's
/// (docs/zitadel-wire.md §6.1): acting on oneself is allowed where ZITADEL allows it, otherwise a role is needed.
/// </summary>
internal sealed partial class UserApi(
    CommandRunner commands,
    OrgResolver orgs,
    HumanUserInput humanInput,
    IdGenerator ids,
    SecretHasher hasher,
    IOtpEmailFactor otpEmail,
    UserQueries users,
    MyAccount account,
    MachineCredentials machineKeys,
    TimeProvider time) : UserService.UserServiceBase
{
    public override async Task<AddHumanUserResponse> AddHumanUser(AddHumanUserRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var orgId = await orgs.ResolveAsync(caller, request.Organization, context);
        Authorization.Require(caller, Permissions.UserWrite, orgId, checkedByInterceptor: true);
        if (request.HasUserId)
        {
            ValidationErrors.RequireLength(request.UserId, "AddHumanUserRequest.UserId");
        }

        if (request.HasUsername)
        {
            ValidationErrors.RequireLength(request.Username, "AddHumanUserRequest.Username");
        }

        var userId = request.HasUserId ? request.UserId : ids.NewId();
        var command = humanInput.ToCommand("AddHumanUserRequest", userId, request.HasUsername ? request.Username : null,
            request.Profile, request.Email, request.Password, request.HashedPassword);
        var outcome = await AddHumanAsync(caller, orgId, command, context.CancellationToken);
        var response = new AddHumanUserResponse { UserId = userId, Details = DetailsMapping.V2(outcome.Details) };
        if (command.Verification == EmailVerification.ReturnCode && command.Code is { } code)
        {
            response.EmailCode = code.Plain;
        }

        return response;
    }

    public override async Task<CreateUserResponse> CreateUser(CreateUserRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        ValidationErrors.RequireLength(request.OrganizationId, "CreateUserRequest.OrganizationId");
        var orgId = await orgs.ResolveAsync(caller, new Zitadel.Object.V2.Organization { OrgId = request.OrganizationId }, context);
        Authorization.Require(caller, Permissions.UserWrite, orgId);
        var userId = request.HasUserId ? request.UserId : ids.NewId();
        var userName = request.HasUsername ? request.Username : null;
        switch (request.UserTypeCase)
        {
            case CreateUserRequest.UserTypeOneofCase.Human:
                var human = request.Human;
                var command = humanInput.ToCommand("CreateUserRequest.Human", userId, userName, human.Profile, human.Email, human.Password, human.HashedPassword);
                var outcome = await AddHumanAsync(caller, orgId, command, context.CancellationToken);
                var response = new CreateUserResponse { Id = userId, CreationDate = Timestamp.FromDateTimeOffset(outcome.Details.EventDate) };
                if (command.Verification == EmailVerification.ReturnCode && command.Code is { } code)
                {
                    response.EmailCode = code.Plain;
                }

                return response;
            case CreateUserRequest.UserTypeOneofCase.Machine:
                ValidationErrors.RequireLength(request.Machine.Name, "CreateUserRequest.Machine.Name");
                var machine = await commands.RunAsync(UserEvents.Aggregate, userId, new CommandContext(caller.UserId, orgId),
                    state => AddMachineUser.Decide(state, userId, userName, request.Machine.Name,
                        request.Machine.HasDescription ? request.Machine.Description : null),
                    context.CancellationToken, _ => UserErrors.UserNameTaken);
                return new CreateUserResponse { Id = userId, CreationDate = Timestamp.FromDateTimeOffset(machine.Details.EventDate) };
            default:
                throw ValidationErrors.Required("CreateUserRequest.UserType");
        }
    }

    public override async Task<AddPersonalAccessTokenResponse> AddPersonalAccessToken(AddPersonalAccessTokenRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        ValidationErrors.RequireLength(request.UserId, "AddPersonalAccessTokenRequest.UserId");
        if (request.ExpirationDate is null)
        {
            throw ValidationErrors.Required("AddPersonalAccessTokenRequest.ExpirationDate");
        }

        var target = await commands.LoadAsync(UserEvents.Aggregate, request.UserId, context.CancellationToken);
        Authorization.RequireSelfOr(caller, request.UserId, Permissions.UserWrite, target.Version.Exists ? target.Version.ResourceOwner : caller.OrgId);
        var token = TokenGenerator.NewToken();
        var tokenId = ids.NewId();
        var now = time.GetUtcNow();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, request.UserId, new CommandContext(caller.UserId, caller.OrgId),
            state => Gatehouse.Users.AddPersonalAccessToken.Decide(state, request.UserId, tokenId, hasher.Hash(AccessTokens.TokenPurpose, token),
                request.ExpirationDate.ToDateTimeOffset(), now),
            context.CancellationToken);
        return new AddPersonalAccessTokenResponse
        {
            CreationDate = Timestamp.FromDateTimeOffset(outcome.Details.EventDate),
            TokenId = tokenId,
            Token = token,
        };
    }

    private async Task<CommandOutcome<UserState>> AddHumanAsync(Caller caller, string orgId, AddHumanCommand command, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await commands.RunAsync(UserEvents.Aggregate, command.UserId, new CommandContext(caller.UserId, orgId), state =>
        {
            var decision = Gatehouse.Users.AddHumanUser.Decide(state, command);
            if (decision.Failed || command.Verification != EmailVerification.SendCode || command.Code is null)
            {
                return decision;
            }

            return decision with
            {
                Mails = [VerificationMail.For(command.UserId, orgId, command.Email,
                    $"{command.GivenName} {command.FamilyName}".Trim(), command.PreferredLanguage, command.Code, now, command.UrlTemplate)],
            };
        }, ct, _ => UserErrors.UserNameTaken);
    }
}
