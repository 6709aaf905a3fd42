namespace Gatehouse.Api.Tests.Hosting;

/// <summary>
/// Tests that start their own server, sample client, database or browser run alone, after the rest: on two cores
/// their start-up would otherwise starve the timing-sensitive tests running in parallel (concurrent guesses, body
/// limits) on the shared server.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeparateProcesses
{
    public const string Name = "Separate processes";
}
