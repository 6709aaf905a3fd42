namespace Gatehouse.Kernel;

/// <summary>A read-model table and the columns that give its rows a stable order, for comparing it with a rebuild.</summary>
internal sealed record ReadModelTable(string Name, string OrderBy);
