using Gatehouse.Kernel;

namespace Gatehouse.Sessions;

/// <summary>What a session command did: the session's details, whether anything changed, and a code to hand back.</summary>
internal sealed record SessionOutcome(ObjectDetails Details, bool Changed, string? ReturnedCode);
