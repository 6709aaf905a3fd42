using System.Security.Cryptography.X509Certificates;
using Gatehouse.Api;
using Gatehouse.Crypto;
using Gatehouse.Domain;
using Gatehouse.EventStore;
using Gatehouse.Instance;
using Gatehouse.Notifications;
using Gatehouse.Sessions;
using Gatehouse.Storage;
using Gatehouse.Users;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gatehouse.Hosting;

/// <summary>Everything Gatehouse registers, one explicit line per service: no scanning, no conventions.</summary>
internal static class GatehouseServices
{
    public static WebApplicationBuilder AddGatehouse(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var settings = configuration.GetSection("Gatehouse").Get<GatehouseSettings>() ?? new GatehouseSettings();
        var instanceSettings = configuration.GetSection("Gatehouse:FirstInstance").Get<InstanceSettings>() ?? new InstanceSettings();
        var otpEmailSettings = (configuration.GetSection("Gatehouse:OtpEmail").Get<OtpEmailSettings>() ?? new OtpEmailSettings()).Validated();
        var dataPath = Path.GetFullPath(settings.DataPath);
        var storeOptions = DatabaseSettings.Read(configuration, dataPath);
        Directory.CreateDirectory(dataPath);

        ConfigureKestrel(builder, settings);

        var services = builder.Services;
        var time = TimeProvider.System;
        services.AddSingleton(settings);
        services.AddSingleton(instanceSettings);
        services.AddSingleton(time);
        services.AddSingleton(NodeIdentity.Load(settings.NodeId, dataPath));
        services.AddSingleton(MasterKey.Load(settings.MasterKey, settings.MasterKeyFile, dataPath));
        services.AddSingleton<SecretHasher>();
        services.AddSingleton<ICodeGenerator, RandomCodeGenerator>();
        services.AddSingleton<IdGenerator>();
        services.AddSingleton(new LockoutPolicy(settings.MaxPasswordAttempts, settings.MaxOtpAttempts));

        services.AddSingleton(provider => new EventStoreDatabase(storeOptions,
            [new UserProjection(), new SessionProjection(), new InstanceProjection()],
            time));
        services.AddSingleton<TokenCache>();
        services.AddSingleton<IEventStore>(provider => new InvalidatingEventStore(
            provider.GetRequiredService<EventStoreDatabase>().Store, provider.GetRequiredService<TokenCache>()));
        services.AddHostedService<TokenCacheFollower>();
        services.AddSingleton(provider => provider.GetRequiredService<EventStoreDatabase>().DataSource);
        services.AddSingleton(provider => provider.GetRequiredService<EventStoreDatabase>().Outbox);
        services.AddSingleton<WriteModels>();
        services.AddSingleton<CommandRunner>();

        services.AddSingleton<BearerAuthenticator>();
        services.AddSingleton<ApiInterceptor>();
        services.AddSingleton<OrgQueries>();
        services.AddSingleton<OrgResolver>();
        services.AddSingleton<FirstStart>();
        services.AddSingleton<UserQueries>();
        services.AddSingleton<EmailCodes>();
        services.AddSingleton<HumanUserInput>();
        services.AddSingleton<SessionCommands>();
        services.AddSingleton<SessionQueries>();
        services.AddSingleton(otpEmailSettings);
        services.AddSingleton<OtpEmailCodes>();

        services.AddEmailSender(configuration, dataPath);
        services.AddSingleton<SecretBox>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<MailTemplates>();
        services.AddHostedService<OutboxWorker>();

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

    public static async Task<WebApplication> StartGatehouseAsync(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<GatehouseSettings>();
        var database = app.Services.GetRequiredService<EventStoreDatabase>();
        await database.MigrateAsync(ReadModelMigrations.All);
        await app.Services.GetRequiredService<FirstStart>().RunAsync(Path.GetFullPath(settings.DataPath), CancellationToken.None);

        app.UseNoStoreHeaders(app.Services.GetRequiredService<TimeProvider>());
        app.UseGatewayStatusBodies();
        app.UseRequestSizeLimit(settings.MaxRequestBodyBytes);
        app.UseJsonRequestNormalization();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGrpcService<AuthApi>();
        app.MapGrpcService<UserApi>();
        app.MapGrpcService<SessionApi>();
        return app;
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, GatehouseSettings settings)
    {
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
                if (settings.TlsCertificatePath is { Length: > 0 } certificate)
                {
                    listen.UseHttps(X509Certificate2.CreateFromPemFile(certificate, settings.TlsKeyPath));
                }
                else
                {
                    listen.UseHttp2PriorKnowledgeDetection();
                }
            });
        });
    }
}
