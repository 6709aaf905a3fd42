using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.Transport;

namespace Gatehouse.Sessions;

/// <summary>The Session API's sign-in, step by step, and the one-time codes it mails (section <c>Gatehouse:OtpEmail</c>).</summary>
internal sealed class SessionsModule : GatehouseModule
{
    private OtpEmailSettings otpEmail = new();

    public override IReadOnlyList<IInlineProjection> Projections => [new SessionProjection()];

    public override IReadOnlyList<ReadModelTable> Tables => [new("sessions", "id"), new("otp_email_sends", "recipient, sent_at")];

    public override IReadOnlyDictionary<string, ErrorText> ErrorTexts => SessionErrorTexts.All;

    public override void ReadSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        otpEmail = settings.Bind<OtpEmailSettings>("Gatehouse:OtpEmail", OtpEmailSettings.Keys);
        settings.Check(() => otpEmail.Validated());
    }

    public override void AddCore(IServiceCollection services, HostContext host) => services.AddSingleton(otpEmail);

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        services.AddSingleton<SessionCommands>();
        services.AddSingleton<SessionQueries>();
        services.AddSingleton<SessionInputs>();
        services.AddSingleton<SignIn>();
        services.AddSingleton<OtpEmailCodes>();
    }

    public override void Map(WebApplication app) => app.MapGrpcService<SessionApi>();
}
