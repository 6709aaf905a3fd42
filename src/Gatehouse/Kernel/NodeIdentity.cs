
namespace Gatehouse.Kernel;

/// <summary>
/// A node's stable name among several sharing one database: <c>Gatehouse:NodeId</c>, or generated once and kept in
/// the data folder, so a restarted node recognises the outbox leases it held before.
/// </summary>
internal sealed record NodeIdentity(string Id)
{
    public static NodeIdentity Load(string? configured, string dataPath)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new NodeIdentity(configured.Trim());
        }

        var file = Path.Combine(dataPath, "node.id");
        if (!File.Exists(file))
        {
            Storage.OwnerOnlyFiles.CreateDirectory(dataPath);
            File.WriteAllText(file, Guid.NewGuid().ToString("N"));
        }

        return new NodeIdentity(File.ReadAllText(file).Trim());
    }
}
