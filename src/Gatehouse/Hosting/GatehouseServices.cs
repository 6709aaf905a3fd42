using Gatehouse.Api;
using Gatehouse.Crypto;
using Gatehouse.Domain;
using Gatehouse.EventStore;
using Gatehouse.Instance;
using Gatehouse.Notifications;
using Gatehouse.Observability;
using Gatehouse.Sessions;
using Gatehouse.Storage;
using Gatehouse.Users;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gatehouse.Hosting;

/// <summary>Everything Gatehouse registers, one explicit line per service: no scanning, no conventions.</summary>
internal static class GatehouseServices
{
    /// <summary>The server: configuration checked first, then the core, the API, the worker and the operational endpoints.</summary>
    /// <exception cref="ConfigurationException">A setting is wrong; nothing was registered.</exception>
    public static WebApplicationBuilder AddGatehouse(this WebApplicationBuilder builder)
    {
        var configuration = GatehouseConfiguration.Read(builder.Configuration);
        var settings = configuration.Settings;
        builder.Logging.UseGatehouseConsole(builder.Configuration, toStandardError: false);
        ConfigureKestrel(builder, configuration);

        var services = builder.Services;
        // Kestrel finishes the requests in flight and the outbox worker the mail it is sending, within this time.
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(settings.ShutdownTimeoutSeconds));
        services.AddGatehouseCore(configuration);

        services.AddSingleton<BearerAuthenticator>();
        services.AddSingleton<ApiInterceptor>();
        services.AddSingleton<OrgResolver>();
        services.AddSingleton<FirstStart>();
        services.AddSingleton<EmailCodes>();
        services.AddSingleton<HumanUserInput>();
        services.AddSingleton<SessionCommands>();
        services.AddSingleton<SessionQueries>();
        services.AddSingleton<OtpEmailCodes>();

        services.AddEmailSender(builder.Configuration, configuration.DataPath);
        services.AddSingleton<MailTemplates>();
        // One instance, both the hosted service and what readiness asks whether it runs.
        services.AddSingleton<OutboxWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxWorker>());
        services.AddSingleton<Readiness>();
        services.AddGatehouseTelemetry(configuration.Telemetry);
        services.AddGatehouseOpenApi();

        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ApiInterceptor>();
            options.MaxReceiveMessageSize = (int)settings.MaxRequestBodyBytes;
            options.EnableDetailedErrors = false;
        }).AddJsonTranscoding(options =>
        {
            options.JsonSettings.IgnoreDefaultValues = true;
            options.JsonSettings.WriteInt64sAsStrings = true;
            options.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromFiles(
                Zitadel.V1.MessageReflection.Descriptor, Google.Rpc.ErrorDetailsReflection.Descriptor);
        });
        return builder;
    }

    /// <summary>
    /// What the server and the admin commands share: settings, keys, the database and the command runner. Nothing
    /// here listens on a port or runs in the background.
    /// </summary>
    public static IServiceCollection AddGatehouseCore(this IServiceCollection services, GatehouseConfiguration configuration)
    {
        var settings = configuration.Settings;
        var time = TimeProvider.System;
        services.AddSingleton(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(configuration.Instance);
        services.AddSingleton(time);
        services.AddSingleton(configuration.MasterKey);
        services.AddSingleton(configuration.OtpEmail);
        services.AddSingleton(NodeIdentity.Load(settings.NodeId, configuration.DataPath));
        services.AddSingleton<SecretHasher>();
        services.AddSingleton<ICodeGenerator, RandomCodeGenerator>();
        services.AddSingleton<IdGenerator>();
        services.AddSingleton(new LockoutPolicy(settings.MaxPasswordAttempts, settings.MaxOtpAttempts));

        services.AddSingleton(provider => new EventStoreDatabase(configuration.Store, Projections(), time));
        services.AddSingleton<IEventStore>(provider => new InstrumentedEventStore(
            provider.GetRequiredService<EventStoreDatabase>().Store, configuration.Store.Provider));
        services.AddSingleton(provider => provider.GetRequiredService<EventStoreDatabase>().DataSource);
        services.AddSingleton(provider => provider.GetRequiredService<EventStoreDatabase>().Outbox);
        services.AddSingleton<CommandRunner>();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<OrgQueries>();
        services.AddSingleton<UserQueries>();
        return services;
    }

    /// <summary>The read models kept inline with the log, in one list so a rebuild uses exactly the same ones.</summary>
    public static IReadOnlyList<IInlineProjection> Projections() => [new UserProjection(), new SessionProjection(), new InstanceProjection()];

    public static async Task<WebApplication> StartGatehouseAsync(this WebApplication app)
    {
        var configuration = app.Services.GetRequiredService<GatehouseConfiguration>();
        var database = app.Services.GetRequiredService<EventStoreDatabase>();
        await database.MigrateAsync(ReadModelMigrations.All);
        app.Services.GetRequiredService<Readiness>().MigrationsApplied();
        await app.Services.GetRequiredService<FirstStart>().RunAsync(configuration.DataPath, CancellationToken.None);

        app.UseNoStoreHeaders(app.Services.GetRequiredService<TimeProvider>());
        app.UseGatewayStatusBodies();
        app.UseRequestSizeLimit(configuration.Settings.MaxRequestBodyBytes);
        app.UseGatehouseOpenApi();
        app.UseJsonRequestNormalization();
        ApiInterceptor.UseProtocolLabel(app);
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGrpcService<AuthApi>();
        app.MapGrpcService<UserApi>();
        app.MapGrpcService<SessionApi>();
        Readiness.MapHealthEndpoints(app);
        app.MapGatehouseTelemetry(configuration.Telemetry);
        return app;
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, GatehouseConfiguration configuration)
    {
        var settings = configuration.Settings;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // h2c clients send any :scheme; Kestrel resets their streams unless alternate schemes are allowed.
            // Consequence: Request.Scheme is client-chosen and never used for security decisions here.
            kestrel.AllowAlternateSchemes = true;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            kestrel.Listen(System.Net.IPAddress.Parse(settings.BindAddress), settings.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                if (configuration.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
                else
                {
                    listen.UseHttp2PriorKnowledgeDetection();
                }
            });
        });
    }
}
