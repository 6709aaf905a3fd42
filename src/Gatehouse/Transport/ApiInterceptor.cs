using System.Diagnostics;
using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.Observability;
using Gatehouse.Storage;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Gatehouse.Transport;

/// <summary>
/// The transport's gate for every RPC, whatever the protocol (gRPC, gRPC-web, JSON): authenticate the bearer token
/// unless the method is public, then turn what the handler throws into ZITADEL's error shapes. Unexpected exceptions
/// become a bare Internal status: their details go to the log, never to the client. Being the one place every call
/// passes, it also counts and times calls per RPC and protocol and opens the call's span.
/// </summary>
internal sealed class ApiInterceptor(IAuthenticator authenticator, DatabaseReadiness readiness, ErrorTexts texts, ILogger<ApiInterceptor> logger) : Interceptor
{
    private const string CallerKey = "gatehouse.caller";
    private const string ProtocolKey = "gatehouse.protocol";

    /// <summary>Methods without ZITADEL's auth option: no token needed.</summary>
    private static readonly HashSet<string> PublicMethods = new(StringComparer.Ordinal)
    {
        "/zitadel.auth.v1.AuthService/Healthz",
    };

    /// <summary>
    /// What a partially signed-in session (<see cref="Caller.PassedEveryFactor"/> false) may still call: read its own
    /// user and factors, and finish, read or end its own sign-in. Everything else — above all removing a factor,
    /// moving the email that receives the codes and creating tokens — needs every factor (README, "A password alone
    /// never changes the account").
    /// </summary>
    private static readonly HashSet<string> PartialSessionMethods = new(StringComparer.Ordinal)
    {
        "/zitadel.auth.v1.AuthService/GetMyUser",
        "/zitadel.auth.v1.AuthService/GetMyEmail",
        "/zitadel.auth.v1.AuthService/ListMyAuthFactors",
        "/zitadel.session.v2.SessionService/GetSession",
        "/zitadel.session.v2.SessionService/SetSession",
        "/zitadel.session.v2.SessionService/DeleteSession",
    };

    public static Caller CallerOf(ServerCallContext context) =>
        context.GetHttpContext().Items[CallerKey] as Caller
        ?? throw new InvalidOperationException("The method was registered as public but needs a caller.");

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var name = context.Method.TrimStart('/');
        var slash = name.LastIndexOf('/');
        var (service, method) = slash < 0 ? ("", name) : (name[..slash], name[(slash + 1)..]);
        var protocol = context.GetHttpContext().Items[ProtocolKey] as string ?? "grpc";
        using var activity = GatehouseTelemetry.Source.StartActivity(name);
        activity?.SetTag("rpc.system", "grpc");
        activity?.SetTag("rpc.service", service);
        activity?.SetTag("rpc.method", method);
        activity?.SetTag("protocol", protocol);
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            return await HandleAsync(request, context, continuation);
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        finally
        {
            activity?.SetTag("rpc.grpc.status_code", (int)status);
            if (status != StatusCode.OK)
            {
                activity?.SetStatus(ActivityStatusCode.Error, status.ToString());
            }

            GatehouseTelemetry.RpcCompleted(service, method, protocol, status.ToString(), Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Notes how the call arrived — <c>grpc</c>, <c>grpc-web</c> (binary or text) or <c>json</c> (transcoded HTTP) —
    /// before the gRPC-web middleware rewrites the content type to plain gRPC.
    /// </summary>
    public static IApplicationBuilder UseProtocolLabel(IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var contentType = context.Request.ContentType ?? "";
            context.Items[ProtocolKey] =
                contentType.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase) ? "grpc-web"
                : contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) ? "grpc"
                : "json";
            return next(context);
        });

    // Long: one catch per kind of failure and the gRPC status it becomes; the mapping reads as one table.
    private async Task<TResponse> HandleAsync<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var language = ErrorTexts.LanguageOf(context.RequestHeaders.GetValue("accept-language"));
        var http = context.GetHttpContext();
        try
        {
            if (!PublicMethods.Contains(context.Method))
            {
                if (!readiness.IsReady)
                {
                    // Not migrated or set up yet because the database has been unreachable since start: the same
                    // answer as for an outage, so clients retry the same way.
                    throw new StoreUnavailableException("The database has not been set up yet.");
                }

                var authorization = context.RequestHeaders.GetValue("authorization");
                if (authorization is null)
                {
                    throw Unauthenticated(http, ErrorMapping.Plain(StatusCode.Unauthenticated, AuthErrors.HeaderMissing));
                }

                var caller = await authenticator.AuthenticateAsync(authorization, context.CancellationToken);
                if (!caller.PassedEveryFactor && !PartialSessionMethods.Contains(context.Method))
                {
                    throw new DomainException(AuthErrors.EveryFactorRequired);
                }

                http.Items[CallerKey] = caller;
            }

            return await continuation(request, context);
        }
        catch (DomainException e)
        {
            if (e.Error.RetryAfter is not null)
            {
                GatehouseTelemetry.CodeThrottled(context.Method.TrimStart('/'));
            }

            var rpc = ErrorMapping.ToRpcException(e.Error, texts, language);
            throw e.Error.Kind == ErrorKind.Unauthenticated ? Unauthenticated(http, rpc) : rpc;
        }
        catch (StoreUnavailableException e)
        {
            logger.LogWarning("Database unavailable during {Method}: {Reason}", context.Method, e.Message);
            throw ErrorMapping.Plain(StatusCode.Unavailable, "db connection error ()");
        }
        catch (WrongExpectedSequenceException e)
        {
            // Other writers kept changing the same aggregate through all of the command's retries. Nothing was
            // written; gRPC's Aborted (HTTP 409) tells the client that trying again is the fix.
            logger.LogWarning("Gave up on {Method} after repeated concurrent changes: {Reason}", context.Method, e.Message);
            throw ErrorMapping.Plain(StatusCode.Aborted, "concurrent modification, try again");
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw ErrorMapping.Plain(StatusCode.Cancelled, "request cancelled");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in {Method}", context.Method);
            throw ErrorMapping.Plain(StatusCode.Internal, "internal error");
        }
    }

    /// <summary>REST clients also get the status message in WWW-Authenticate (docs/zitadel-wire.md §3.3).</summary>
    private static RpcException Unauthenticated(HttpContext http, RpcException rpc)
    {
        http.Response.Headers.WWWAuthenticate = rpc.Status.Detail;
        return rpc;
    }
}
