using Gatehouse.Kernel;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Gatehouse.Transport;

/// <summary>
/// The one place a <see cref="DomainError"/> becomes a gRPC status: code from the kind, message
/// <c>"&lt;text&gt; (&lt;id&gt;)"</c>, and a <c>zitadel.v1.ErrorDetail</c> (or <c>CredentialsCheckError</c> for password
/// checks) in <c>grpc-status-details-bin</c>. JSON transcoding turns the same status into the REST error body.
/// </summary>
internal static class ErrorMapping
{
    public static RpcException ToRpcException(DomainError error, ErrorTexts texts, string language)
    {
        var text = TextOf(error, texts, language);
        if (error.Hint is { } hint)
        {
            text = $"{text}: {hint}";
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)CodeOf(error.Kind),
            // An empty id still renders as "<text> ()", as ZITADEL does (docs/zitadel-wire.md §3.1).
            Message = $"{text} ({error.Id})",
        };

        if (error.FailedAttempts is { } attempts)
        {
            status.Details.Add(Any.Pack(new Zitadel.V1.CredentialsCheckError { Id = error.Id, Message = text, FailedAttempts = attempts }));
        }
        else
        {
            status.Details.Add(Any.Pack(new Zitadel.V1.ErrorDetail { Id = error.Id, Message = text }));
        }

        if (error.RetryAfter is { } retryAfter)
        {
            status.Details.Add(Any.Pack(new Google.Rpc.RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        }

        return status.ToRpcException();
    }

    /// <summary>The error's message in the language: its key's text, or the key itself where ZITADEL shows that.</summary>
    public static string TextOf(DomainError error, ErrorTexts texts, string language)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(texts);
        return error.Literal || !error.Translate ? error.Key : texts.Translate(error.Key, language);
    }

    /// <summary>A plain status without details, for errors ZITADEL does not raise as its own (docs/zitadel-wire.md §3.1).</summary>
    public static RpcException Plain(StatusCode code, string message) => new(new Status(code, message));

    public static StatusCode CodeOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.PreconditionFailed => StatusCode.FailedPrecondition,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        ErrorKind.Unimplemented => StatusCode.Unimplemented,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        _ => StatusCode.Internal,
    };
}
