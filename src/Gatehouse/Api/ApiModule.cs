using Gatehouse.Kernel;

namespace Gatehouse.Api;

/// <summary>
/// The API's transport (gRPC with JSON transcoding and gRPC-web on the one port, ZITADEL's error bodies) and its bearer
/// tokens: the cache every node keeps in step by following the log.
/// </summary>
internal sealed class ApiModule : GatehouseModule
{
    public override IReadOnlyDictionary<string, ErrorText> ErrorTexts => TransportErrorTexts.All;

    public override void AddCore(IServiceCollection services, HostContext host) => services.AddSingleton<TokenCache>();

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        ArgumentNullException.ThrowIfNull(host);
        services.AddSingleton<BearerAuthenticator>();
        services.AddSingleton<ApiInterceptor>();
        // Writes of other nodes and processes reach the token cache by following the log.
        services.AddHostedService<TokenCacheFollower>();
        services.AddGatehouseOpenApi();
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ApiInterceptor>();
            options.MaxReceiveMessageSize = (int)host.Settings.MaxRequestBodyBytes;
            options.EnableDetailedErrors = false;
        }).AddJsonTranscoding(options =>
        {
            options.JsonSettings.IgnoreDefaultValues = true;
            options.JsonSettings.WriteInt64sAsStrings = true;
            options.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromFiles(
                Zitadel.V1.MessageReflection.Descriptor, Google.Rpc.ErrorDetailsReflection.Descriptor);
        });
    }
}
