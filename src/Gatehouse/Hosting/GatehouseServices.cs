using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.Login;
using Gatehouse.Observability;
using Gatehouse.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Gatehouse.Transport;
using Gatehouse.Auth;

namespace Gatehouse.Hosting;

/// <summary>
/// The host: what every module shares (configuration, keys, the database and its event store, data protection) and
/// the HTTP pipeline; the modules listed in <see cref="GatehouseModules"/> register the rest, one explicit line per
/// service: no scanning, no conventions.
/// </summary>
internal static class GatehouseServices
{
    /// <summary>The server: configuration checked first, then the core, each module's server part and the operational endpoints.</summary>
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
        services.AddSingleton<DatabaseReadiness>();
        // Migrations and every module's set-up (the first instance, the signing keys) run before the port opens, or,
        // while the database is unreachable, in the background with the API answering Unavailable.
        services.AddHostedService<DatabaseStartup>();
        services.AddSingleton<Readiness>();
        foreach (var module in configuration.Modules)
        {
            module.AddServer(services, configuration.Host);
            foreach (var template in module.MailTemplates)
            {
                services.AddSingleton(template);
            }
        }

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
        return builder;
    }

    /// <summary>
    /// What the server and the admin commands share: settings, keys, the database, the command runner and each module's
    /// core. Nothing here listens on a port or runs in the background.
    /// </summary>
    public static IServiceCollection AddGatehouseCore(this IServiceCollection services, GatehouseConfiguration configuration)
    {
        var settings = configuration.Settings;
        var time = TimeProvider.System;
        var schema = configuration.ReadModels;
        services.AddSingleton(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(time);
        services.AddSingleton(configuration.MasterKey);
        services.AddSingleton(NodeIdentity.Load(settings.NodeId, configuration.DataPath));
        services.AddSingleton(ErrorTexts.Of(configuration.Modules));
        services.AddSingleton<SecretHasher>();
        services.AddSingleton<ICodeGenerator, RandomCodeGenerator>();
        services.AddSingleton<IdGenerator>();

        services.AddSingleton(provider => new EventStoreDatabase(configuration.Store, schema.Projections, time));
        services.AddSingleton<IEventStore>(provider => new InvalidatingEventStore(
            new InstrumentedEventStore(provider.GetRequiredService<EventStoreDatabase>().Store, configuration.Store.Provider),
            provider.GetRequiredService<TokenCache>()));
        services.AddSingleton(provider => provider.GetRequiredService<EventStoreDatabase>().ReadModels);
        services.AddSingleton(provider => provider.GetRequiredService<EventStoreDatabase>().Outbox);
        services.AddSingleton<WriteModels>();
        services.AddSingleton<CommandRunner>();
        services.AddSingleton<SecretBox>();
        foreach (var module in configuration.Modules)
        {
            module.AddCore(services, configuration.Host);
        }

        return services;
    }

    /// <summary>
    /// The pipeline and endpoints. Migrations and the modules' set-up run in <see cref="DatabaseStartup"/> when the host
    /// starts; until then the API answers Unavailable.
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
        foreach (var module in configuration.Modules)
        {
            module.Map(app);
        }

        Readiness.MapHealthEndpoints(app);
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
