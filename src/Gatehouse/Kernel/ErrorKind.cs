namespace Gatehouse.Kernel;

/// <summary>ZITADEL's error kinds; each maps to one gRPC code (docs/zitadel-wire.md §3.2).</summary>
internal enum ErrorKind
{
    InvalidArgument,
    PreconditionFailed,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    Unauthenticated,
    Internal,
    Unavailable,
    Unimplemented,
    ResourceExhausted,
    DeadlineExceeded,
}
