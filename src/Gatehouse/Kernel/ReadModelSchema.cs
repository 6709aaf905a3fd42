using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>
/// The read models of all registered modules: the projections kept inline with the log, the tables they write, and the
/// migrations that create them. The store, a rebuild and the verifier all take this one value, so none keeps its own list.
/// </summary>
internal sealed record ReadModelSchema(
    IReadOnlyList<IInlineProjection> Projections, IReadOnlyList<ReadModelTable> Tables, IReadOnlyList<Migration> Migrations);
