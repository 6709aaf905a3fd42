using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.Transport;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Zitadel.User.V2;

namespace Gatehouse.Users;

/// <summary>
/// Machine users' credentials for machine-to-machine sign-in (docs/zitadel-wire.md §6.7): a client secret for the
/// client credentials grant, and keys for the JWT profile grant. Secrets are kept as keyed hashes and keys as their
/// public halves only; what the caller needs to sign in is in the one answer that creates it.
/// </summary>
internal sealed partial class UserApi
{
    /// <summary>The purpose machine secrets are hashed under (Oidc/ checks them with the same).</summary>
    public const string MachineSecretPurpose = "machine-secret";

    public override async Task<AddSecretResponse> AddSecret(AddSecretRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "AddSecretRequest.UserId");
        await AuthorizeOnMachineAsync(context, request.UserId);
        var secret = TokenGenerator.NewToken();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, request.UserId, Writer(context),
            state => SetMachineSecret.Decide(state, hasher.Hash(MachineSecretPurpose, secret)), context.CancellationToken);
        return new AddSecretResponse { CreationDate = Timestamp.FromDateTimeOffset(outcome.Details.EventDate), ClientSecret = secret };
    }

    public override async Task<RemoveSecretResponse> RemoveSecret(RemoveSecretRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "RemoveSecretRequest.UserId");
        await AuthorizeOnMachineAsync(context, request.UserId);
        var outcome = await commands.RunAsync(UserEvents.Aggregate, request.UserId, Writer(context),
            RemoveMachineSecret.Decide, context.CancellationToken);
        return new RemoveSecretResponse { DeletionDate = Timestamp.FromDateTimeOffset(outcome.Details.EventDate) };
    }

    public override async Task<AddKeyResponse> AddKey(AddKeyRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "AddKeyRequest.UserId");
        await AuthorizeOnMachineAsync(context, request.UserId);
        string? privatePem = null;
        string publicPem;
        if (request.PublicKey.IsEmpty)
        {
            (privatePem, publicPem) = MachineKeyMaterial.Generate();
        }
        else
        {
            publicPem = MachineKeyMaterial.NormalisedPublicKey(request.PublicKey.Span) ?? throw new DomainException(UserErrors.KeyInvalid);
        }

        var keyId = ids.NewId();
        var expiration = request.ExpirationDate?.ToDateTimeOffset();
        var outcome = await commands.RunAsync(UserEvents.Aggregate, request.UserId, Writer(context),
            state => AddMachineKey.Decide(state, keyId, publicPem, expiration, time.GetUtcNow()), context.CancellationToken);
        var response = new AddKeyResponse { CreationDate = Timestamp.FromDateTimeOffset(outcome.Details.EventDate), KeyId = keyId };
        if (privatePem is not null)
        {
            response.KeyContent = ByteString.CopyFrom(
                MachineKeyMaterial.KeyFile(keyId, privatePem, expiration ?? Gatehouse.Users.AddPersonalAccessToken.NoExpiry, request.UserId));
        }

        return response;
    }

    public override async Task<RemoveKeyResponse> RemoveKey(RemoveKeyRequest request, ServerCallContext context)
    {
        ValidationErrors.RequireLength(request.UserId, "RemoveKeyRequest.UserId");
        ValidationErrors.RequireLength(request.KeyId, "RemoveKeyRequest.KeyId");
        await AuthorizeOnMachineAsync(context, request.UserId);
        var outcome = await commands.RunAsync(UserEvents.Aggregate, request.UserId, Writer(context),
            state => RemoveMachineKey.Decide(state, request.KeyId), context.CancellationToken);
        return new RemoveKeyResponse { DeletionDate = Timestamp.FromDateTimeOffset(outcome.Details.EventDate) };
    }

    public override async Task<ListKeysResponse> ListKeys(ListKeysRequest request, ServerCallContext context)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var paging = ListPaging.Of(request.Pagination?.Offset ?? 0, request.Pagination?.Limit ?? 0, request.Pagination?.Asc ?? false);
        if (!System.Enum.IsDefined(request.SortingColumn))
        {
            throw ValidationErrors.Invalid("ListKeysRequest.SortingColumn", "value must be one of the defined enum values");
        }

        var keys = await machineKeys.ListKeysAsync(context.CancellationToken);
        var matching = keys.Where(key => (key.UserId == caller.UserId || caller.Can(Permissions.UserRead, key.OrgId))
            && request.Filters.All(filter => MachineKeySearch.Matches(key, filter))).ToList();
        var response = new ListKeysResponse
        {
            Pagination = new Zitadel.Filter.V2.PaginationResponse { TotalResult = (ulong)matching.Count, AppliedLimit = (ulong)paging.Limit },
        };
        response.Result.AddRange(paging.Apply(MachineKeySearch.Sort(matching, request.SortingColumn)).Select(key => new Key
        {
            Id = key.KeyId,
            UserId = key.UserId,
            OrganizationId = key.OrgId,
            CreationDate = Timestamp.FromDateTimeOffset(key.CreatedAt),
            ChangeDate = Timestamp.FromDateTimeOffset(key.ChangedAt),
            ExpirationDate = Timestamp.FromDateTimeOffset(key.ExpiresAt),
        }));
        return response;
    }

    /// <summary>Oneself, or <c>user.write</c> in the user's organization; an unknown user is decided as "does not exist".</summary>
    private async Task AuthorizeOnMachineAsync(ServerCallContext context, string userId)
    {
        var caller = ApiInterceptor.CallerOf(context);
        var target = await commands.LoadAsync(UserEvents.Aggregate, userId, context.CancellationToken);
        Authorization.RequireSelfOr(caller, userId, Permissions.UserWrite, target.Version.Exists ? target.Version.ResourceOwner : caller.OrgId);
    }
}
