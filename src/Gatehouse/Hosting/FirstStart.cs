using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.Users;
using Gatehouse.Instance;

namespace Gatehouse.Hosting;

/// <summary>
/// On a fresh database: the default instance and organization, an administrator machine user (IAM_OWNER) and a
/// login client (IAM_LOGIN_CLIENT), each with a personal access token written to <c>admin.pat</c> and
/// <c>login-client.pat</c> in the data folder, so a newcomer can create users at once. Everything is one atomic
/// append guarded by the instance stream's expected sequence 0, so with several nodes exactly one sets up.
/// </summary>
internal sealed class FirstStart(IEventStore store, IdGenerator ids, SecretHasher hasher, InstanceSettings settings, TimeProvider time, ILogger<FirstStart> logger)
{
    public const string AdminPatFile = "admin.pat";
    public const string LoginClientPatFile = "login-client.pat";

    public async Task RunAsync(string dataPath, CancellationToken ct)
    {
        var existing = await store.ReadAllAsync(0, 1, ct);
        if (existing.Count > 0)
        {
            return;
        }

        var instanceId = ids.NewId();
        var orgId = ids.NewId();
        var admin = NewMachine(settings.AdminUserName, "Gatehouse administrator");
        var loginClient = NewMachine(settings.LoginClientUserName, "Gatehouse login client");
        var now = time.GetUtcNow();
        var requests = new List<AppendRequest>
        {
            Instance(new StreamId(InstanceEvents.InstanceAggregate, instanceId), instanceId,
                new InstanceAdded(settings.InstanceName), new DefaultOrgSet(orgId),
                new InstanceMemberAdded(admin.Id, [Roles.IamOwner]), new InstanceMemberAdded(loginClient.Id, [Roles.IamLoginClient])),
            Instance(new StreamId(InstanceEvents.OrgAggregate, orgId), orgId, new OrgAdded(settings.OrgName)),
            admin.Request(orgId, now),
            loginClient.Request(orgId, now),
        };

        try
        {
            await store.AppendAsync(requests, ct);
        }
        catch (Exception e) when (e is WrongExpectedSequenceException or UniqueClaimTakenException)
        {
            logger.LogInformation("Another node set up the instance first.");
            return;
        }

        Storage.OwnerOnlyFiles.CreateDirectory(dataPath);
        var adminPath = WriteSecret(dataPath, AdminPatFile, admin.Token);
        var loginClientPath = WriteSecret(dataPath, LoginClientPatFile, loginClient.Token);
        logger.LogInformation("First start: instance {InstanceId}, organization {OrgId}.", instanceId, orgId);
        logger.LogInformation("Administrator token (IAM_OWNER) written to {Path}", adminPath);
        logger.LogInformation("Login client token (IAM_LOGIN_CLIENT) written to {Path}", loginClientPath);
    }

    private NewMachineUser NewMachine(string userName, string name)
    {
        var token = TokenGenerator.NewToken();
        return new NewMachineUser(ids.NewId(), userName, name, ids.NewId(), token, hasher.Hash(AccessTokens.TokenPurpose, token),
            settings.PatExpiration ?? AddPersonalAccessToken.NoExpiry);
    }

    private static AppendRequest Instance(StreamId stream, string owner, params InstanceEvent[] events) =>
        new(stream, 0, owner, "SYSTEM", events.Select(InstanceEvents.Codec.Encode).ToList());

    private static string WriteSecret(string dataPath, string fileName, string secret)
    {
        var path = Path.GetFullPath(Path.Combine(dataPath, fileName));
        Storage.OwnerOnlyFiles.WriteAllText(path, secret);
        return path;
    }

    private sealed record NewMachineUser(string Id, string UserName, string Name, string TokenId, string Token, string TokenHash, DateTimeOffset Expiration)
    {
        public AppendRequest Request(string orgId, DateTimeOffset now)
        {
            var state = new UserState();
            var added = AddMachineUser.Decide(state, Id, UserName, Name, null);
            var events = added.Events.Append(new PersonalAccessTokenAdded(TokenId, TokenHash, Expiration, AddPersonalAccessToken.Scopes));
            return new AppendRequest(UserEvents.Stream(Id), 0, orgId, "SYSTEM", events.Select(UserEvents.Codec.Encode).ToList())
            {
                Claims = added.Claims,
            };
        }
    }
}
