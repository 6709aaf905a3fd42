using Microsoft.OpenApi.Models;

namespace Gatehouse.Transport;

/// <summary>
/// The OpenAPI document of the JSON API, generated at run time from the gRPC services' HTTP rules (the
/// <c>google.api.http</c> options in proto/) and their comments (the XML documentation the proto compiler emits), and a
/// Swagger UI to browse and try it. Served where ZITADEL serves its documents, under <c>/openapi/v2/swagger</c>.
/// </summary>
internal static class OpenApiDocument
{
    public const string DocumentName = "gatehouse";
    public const string UiPath = "openapi/v2/swagger";

    public static IServiceCollection AddGatehouseOpenApi(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Gatehouse API",
                Version = "v2",
                Description = "ZITADEL's API as Gatehouse serves it over JSON. The same methods answer over gRPC and gRPC-web on the same port.",
            });
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal access token or a session token.",
            });
            options.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" } }] = [],
            });

            options.CustomSchemaIds(SchemaId);
            options.DocInclusionPredicate((_, description) => Served(description.ActionDescriptor.EndpointMetadata));

            var comments = Path.Combine(AppContext.BaseDirectory, "gatehouse.xml");
            if (File.Exists(comments))
            {
                options.IncludeXmlComments(comments);
                options.IncludeGrpcXmlComments(comments, includeControllerXmlComments: true);
            }
        });
        return services;
    }

    /// <summary>
    /// Whether a route's gRPC method is implemented: the protos name methods that Gatehouse does not serve yet, which
    /// would answer UNIMPLEMENTED, and the document lists only what a client can call. The generated base class
    /// declares every method; the implementation overrides those it serves.
    /// </summary>
    public static bool Served(IEnumerable<object> endpointMetadata)
    {
        if (endpointMetadata.OfType<Grpc.AspNetCore.Server.GrpcMethodMetadata>().FirstOrDefault() is not { } grpc)
        {
            return true;
        }

        var implementation = grpc.ServiceType.GetMethod(grpc.Method.Name);
        return implementation is not null && implementation.DeclaringType == grpc.ServiceType;
    }

    /// <summary>
    /// The message's full name (<c>Zitadel.Session.V2.Challenges.WebAuthN</c>): protos nest messages of the same short
    /// name in different parents, which Swashbuckle's default (the short name) cannot tell apart.
    /// </summary>
    private static string SchemaId(Type type)
    {
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return name + "Of" + string.Join("And", type.GetGenericArguments().Select(SchemaId));
        }

        return (type.FullName ?? type.Name).Replace("+Types+", ".", StringComparison.Ordinal).Replace('+', '.');
    }

    public static IApplicationBuilder UseGatehouseOpenApi(this IApplicationBuilder app) =>
        app.UseSwagger(options => options.RouteTemplate = UiPath + "/{documentName}.json")
            .UseSwaggerUI(options =>
            {
                options.RoutePrefix = UiPath;
                options.DocumentTitle = "Gatehouse API";
                options.SwaggerEndpoint(DocumentName + ".json", "Gatehouse API");
            });
}
