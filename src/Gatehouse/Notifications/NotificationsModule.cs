using Gatehouse.Kernel;

namespace Gatehouse.Notifications;

/// <summary>The mail outbox and its worker, and the sender it hands mails to (section <c>Smtp</c>, <c>Gatehouse:Outbox</c>).</summary>
internal sealed class NotificationsModule : GatehouseModule
{
    private static readonly string[] SmtpKeys =
    [
        nameof(SmtpOptions.Host), nameof(SmtpOptions.Port), nameof(SmtpOptions.From), nameof(SmtpOptions.User),
        nameof(SmtpOptions.Password), nameof(SmtpOptions.Security), nameof(SmtpOptions.TimeoutSeconds),
    ];

    private OutboxSettings outbox = new();

    public override void ReadSettings(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var smtp = settings.Bind<SmtpOptions>(SmtpOptions.SectionName, SmtpKeys);
        settings.Check(() => smtp.Validated());
        outbox = settings.Bind<OutboxSettings>("Gatehouse:Outbox", OutboxSettings.Keys);
        settings.Check(() => outbox.Validated());
    }

    public override void AddCore(IServiceCollection services, HostContext host)
    {
        services.AddSingleton(outbox);
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<IMailOutbox>(provider => provider.GetRequiredService<MailOutbox>());
    }

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        ArgumentNullException.ThrowIfNull(host);
        services.AddEmailSender(host.Configuration, host.DataPath);
        services.AddSingleton<MailTemplates>();
        // One instance, both the hosted service and what readiness asks whether it runs.
        services.AddSingleton<OutboxWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxWorker>());
        services.AddHostedService<OutboxDepthSampler>();
    }
}
