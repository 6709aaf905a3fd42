using Gatehouse.Kernel;

namespace Gatehouse.Transport;

/// <summary>
/// The API's transport: gRPC with JSON transcoding and gRPC-web on the one port, ZITADEL's error bodies, the OpenAPI
/// document. It knows no feature: the bearer token is checked through <see cref="IAuthenticator"/> (Auth/).
/// </summary>
internal sealed class TransportModule : GatehouseModule
{
    public override IReadOnlyDictionary<string, ErrorText> ErrorTexts => TransportErrorTexts.All;

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        ArgumentNullException.ThrowIfNull(host);
        services.AddSingleton<ApiInterceptor>();
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
