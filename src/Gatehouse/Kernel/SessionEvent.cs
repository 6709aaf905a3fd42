namespace Gatehouse.Kernel;

/// <summary>
/// The base of the session aggregate's events. It sits below the features, not in Sessions/, so that a factor below
/// the session (OtpEmail/) declares the session events it writes without importing the aggregate that composes it;
/// the session's one table of wire names (Sessions/SessionEvents.cs) lists them all (docs/architecture.md).
/// </summary>
internal abstract record SessionEvent;
