using System.Text.Json.Serialization;
using Gatehouse.Bench.Bare;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// gatehouse-bare <json-port> <grpc-port>: POST /bare answers JSON over HTTP/1.1; /gatehouse.bench.bare.Bare/Add answers
// gRPC over cleartext HTTP/2. Both ignore the bearer token and build the answer fresh each time, as a real endpoint does.
var jsonPort = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 18081;
var grpcPort = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 18082;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(System.Net.IPAddress.Loopback, jsonPort, listen => listen.Protocols = HttpProtocols.Http1);
    kestrel.Listen(System.Net.IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
});
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJson.Default));
builder.Services.AddGrpc();

var app = builder.Build();
app.MapPost("/bare", () => TypedResults.Ok(BareAnswers.Json()));
app.MapGrpcService<BareService>();
app.Run();

namespace Gatehouse.Bench.Bare
{
    internal static class BareAnswers
    {
        private const string ResourceOwner = "913589929076503786";

        // The same figures Gatehouse answers with: a sequence, two times in microseconds, an 18-digit owner id.
        public static JsonAnswer Json()
        {
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            return new JsonAnswer(new JsonDetails("4", now, now, ResourceOwner));
        }

        public static AddResponse Grpc()
        {
            var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
            return new AddResponse { Details = new Details { Sequence = 4, CreationDate = now, ChangeDate = now, ResourceOwner = ResourceOwner } };
        }
    }

    internal sealed record JsonAnswer(JsonDetails Details);

    internal sealed record JsonDetails(string Sequence, string CreationDate, string ChangeDate, string ResourceOwner);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(JsonAnswer))]
    internal sealed partial class BareJson : JsonSerializerContext;

    internal sealed class BareService : Bare.BareBase
    {
        public override Task<AddResponse> Add(AddRequest request, ServerCallContext context) => Task.FromResult(BareAnswers.Grpc());
    }
}
