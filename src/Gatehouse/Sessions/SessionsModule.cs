using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.Transport;
using Gatehouse.OtpEmail;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>The Session API's sign-in, step by step, composing the steps of each factor (OTP Email's from <c>OtpEmail/</c>).</summary>
internal sealed class SessionsModule : GatehouseModule
{
    public override IReadOnlyList<IInlineProjection> Projections => [new SessionProjection()];

    public override IReadOnlyList<ReadModelTable> Tables => [new("sessions", "id")];

    public override IReadOnlyDictionary<string, ErrorText> ErrorTexts => SessionErrorTexts.All;

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        services.AddSingleton<SessionCommands>();
        services.AddSingleton<SessionQueries>();
        services.AddSingleton<SessionInputs>();
        services.AddSingleton<SignIn>();
        services.AddSingleton(provider => new SessionPolicy(provider.GetRequiredService<LockoutPolicy>(), provider.GetRequiredService<OtpEmailPolicy>()));
    }

    public override void Map(WebApplication app) => app.MapGrpcService<SessionApi>();
}
