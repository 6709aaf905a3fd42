using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.Transport;

namespace Gatehouse.Users;

/// <summary>Users, their emails, passwords, tokens and factors: ZITADEL's auth (v1) and user (v2) services.</summary>
internal sealed class UsersModule : GatehouseModule
{
    public override IReadOnlyList<IInlineProjection> Projections => [new UserProjection()];

    public override IReadOnlyList<ReadModelTable> Tables => [new("users", "id"), new("access_tokens", "token_hash"), new("machine_keys", "key_id")];

    public override IReadOnlyList<Migration> Migrations => UserMigrations.All;

    // ZITADEL's button text for email verification is "Verify".
    public override IReadOnlyList<MailTemplate> MailTemplates =>
    [
        new(VerificationMail.Template, "Users/Templates", "Verify", "Bestätigen"),
        new(SecurityNotice.EmailChanged, "Users/Templates", "Verify", "Bestätigen"),
    ];

    public override IReadOnlyDictionary<string, ErrorText> ErrorTexts => UserErrorTexts.All;

    public override void AddCore(IServiceCollection services, HostContext host)
    {
        ArgumentNullException.ThrowIfNull(host);
        services.AddSingleton(new LockoutPolicy(host.Settings.MaxPasswordAttempts));
        services.AddSingleton<UserQueries>();
        services.AddSingleton<MachineCredentials>();
    }

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        services.AddSingleton<EmailCodes>();
        services.AddSingleton<HumanUserInput>();
        services.AddSingleton<MyAccount>();
    }

    public override void Map(WebApplication app)
    {
        app.MapGrpcService<AuthApi>();
        app.MapGrpcService<UserApi>();
    }
}
