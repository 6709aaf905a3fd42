using Gatehouse.Api;
using Gatehouse.Crypto;
using Gatehouse.Domain;
using Gatehouse.EventStore;
using Gatehouse.Instance;
using Gatehouse.Login;
using Gatehouse.Notifications;
using Gatehouse.Observability;
using Gatehouse.Oidc;
using Gatehouse.Sessions;
using Gatehouse.Storage;
using Gatehouse.Users;
using Microsoft.AspNetCore.DataProtection;
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
        var oidcSettings = OidcSettings.Read(builder.Configuration);
        services.AddSingleton<DatabaseReadiness>();
        // Migrations, the first instance and the signing keys are set up before the port opens, or, while the
        // database is unreachable, in the background with the API answering Unavailable.
        services.AddHostedService<DatabaseStartup>();

        services.AddSingleton<BearerAuthenticator>();
        services.AddSingleton<ApiInterceptor>();
        services.AddSingleton<OrgResolver>();
        services.AddSingleton<FirstStart>();
        services.AddSingleton<EmailCodes>();
        services.AddSingleton<HumanUserInput>();
        services.AddSingleton<SessionCommands>();
        services.AddSingleton<SessionQueries>();
        services.AddSingleton<SessionInputs>();
        services.AddSingleton<SignIn>();
        services.AddSingleton<MyAccount>();
        services.AddSingleton<OtpEmailCodes>();

        services.AddEmailSender(builder.Configuration, configuration.DataPath);
        services.AddSingleton<MailTemplates>();
        // One instance, both the hosted service and what readiness asks whether it runs.
        services.AddSingleton<OutboxWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxWorker>());
        // Writes of other nodes and processes reach the token cache by following the log.
        services.AddHostedService<TokenCacheFollower>();
        services.AddSingleton<Readiness>();
        services.AddGatehouseTelemetry(configuration.Telemetry);
        services.AddGatehouseOpenApi();

        services.AddGatehouseOidc(oidcSettings, settings, configuration.MasterKey);
        var loginSettings = LoginSettings.Read(builder.Configuration);
        services.AddSingleton(loginSettings);
        services.AddGatehouseLoginRateLimit(loginSettings);
        services.AddSingleton<BrowserSessions>();
        services.AddGatehouseLoginPages();
        // Cookies and antiforgery tokens must stay readable across restarts and by every node sharing the data folder.
        services.AddDataProtection().SetApplicationName("gatehouse").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(configuration.DataPath, "keys")));
        services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(options =>
            options.XmlEncryptor = new MasterKeyXmlEncryptor(new SecretBox(configuration.MasterKey)));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "gatehouse.antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__csrf";
        });
        services.AddAuthentication().AddCookie(BrowserSessions.Scheme, options =>
        {
            options.Cookie.Name = BrowserSessions.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.CookieManager = new HostPrefixedCookieManager();
            options.ExpireTimeSpan = oidcSettings.LoginSessionLifetime;
            options.SlidingExpiration = false;
            options.LoginPath = "/ui/login";
        });

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
        services.AddSingleton<TokenCache>();
        services.AddSingleton<IEventStore>(provider => new InvalidatingEventStore(
            new InstrumentedEventStore(provider.GetRequiredService<EventStoreDatabase>().Store, configuration.Store.Provider),
            provider.GetRequiredService<TokenCache>()));
        services.AddSingleton(provider => provider.GetRequiredService<EventStoreDatabase>().ReadModels);
        services.AddSingleton(provider => provider.GetRequiredService<EventStoreDatabase>().Outbox);
        services.AddSingleton<WriteModels>();
        services.AddSingleton<CommandRunner>();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<OrgQueries>();
        services.AddSingleton<UserQueries>();
        return services;
    }

    /// <summary>The read models kept inline with the log, in one list so a rebuild uses exactly the same ones.</summary>
    public static IReadOnlyList<IInlineProjection> Projections() =>
        [new UserProjection(), new SessionProjection(), new InstanceProjection(), new OidcAppProjection()];

    /// <summary>
    /// The pipeline and endpoints. Migrations and the first instance are set up by <see cref="DatabaseStartup"/> when
    /// the host starts; until then the API answers Unavailable.
    /// </summary>
    public static Task<WebApplication> StartGatehouseAsync(this WebApplication app)
    {
        var configuration = app.Services.GetRequiredService<GatehouseConfiguration>();
        app.UseGatehouseProxyHeaders(configuration.Settings);
        app.UseNoStoreHeaders(app.Services.GetRequiredService<TimeProvider>());
        app.UseGatewayStatusBodies();
        app.UseRequestSizeLimit(configuration.Settings.MaxRequestBodyBytes);
        app.UseGatehouseOpenApi();
        // Browsers post forms to the login and OIDC endpoints: only the API's bodies are read as JSON.
        app.UseWhen(context => !IsWebPath(context.Request.Path), api => api.UseJsonRequestNormalization());
        ApiInterceptor.UseProtocolLabel(app);
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        // The OIDC provider and the login's cookies live on the web paths; the API checks its bearer tokens itself
        // (ApiInterceptor), so its calls skip the OpenIddict handlers that would otherwise inspect every request.
        app.UseWhen(context => IsWebPath(context.Request.Path), web => web.UseAuthentication());
        app.UseWhen(context => IsWebPath(context.Request.Path), web => web.UseGatehouseLoginLanguage());
        // Only endpoints that ask for a policy are limited: the login's form posts (LoginRateLimit).
        app.UseRateLimiter();
        app.MapGrpcService<AuthApi>();
        app.MapGrpcService<UserApi>();
        app.MapGrpcService<SessionApi>();
        app.MapGatehouseOidc();
        app.MapGatehouseOidcAdmin();
        app.MapGatehouseLogin();
        app.MapGatehouseSecurityPage();
        app.MapGet("/", () => Results.Redirect(ReturnUrl.Home));
        Readiness.MapHealthEndpoints(app);
        app.MapGatehouseTelemetry(configuration.Telemetry);
        return Task.FromResult(app);
    }

    private static bool IsWebPath(PathString path) =>
        path.StartsWithSegments("/ui") || path.StartsWithSegments("/oauth") || path.StartsWithSegments("/oidc")
        || path.StartsWithSegments("/.well-known") || path.StartsWithSegments("/admin");

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
