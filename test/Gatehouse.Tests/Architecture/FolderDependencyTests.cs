namespace Gatehouse.Tests.Architecture;

/// <summary>
/// The direction of docs/architecture.md ("Which way dependencies point"), checked against the compiled server: a
/// folder uses only the folders its row of <see cref="MayUse"/> names, and no two folders import each other, directly
/// or around a longer loop.
/// </summary>
public sealed class FolderDependencyTests
{
    private static readonly string[] Bottom = ["Storage", "Crypto", "Kernel"];
    private static readonly string[] Infrastructure = [.. Bottom, "Observability", "Transport", "Notifications"];

    /// <summary>
    /// Which folder may use which: the drawing in docs/architecture.md as a table. A new folder fails the test until
    /// it gets its row here (and its place in the drawing).
    /// </summary>
    private static readonly Dictionary<string, string[]> MayUse = new(StringComparer.Ordinal)
    {
        ["Storage"] = [],
        ["Crypto"] = ["Storage"],
        ["Kernel"] = ["Crypto", "Storage"],
        ["Observability"] = Bottom,
        ["Transport"] = [.. Bottom, "Observability"],
        ["Notifications"] = [.. Bottom, "Observability"],
        ["Instance"] = Infrastructure,
        ["Users"] = [.. Infrastructure, "Instance"],
        ["OtpEmail"] = [.. Infrastructure, "Instance", "Users"],
        ["Sessions"] = [.. Infrastructure, "Instance", "Users", "OtpEmail"],
        // What a login reads: the rules Users and OtpEmail enforce (lockout, passwords, OTP Email per org), answered read-only.
        ["Settings"] = [.. Infrastructure, "Instance", "Users", "OtpEmail", "Sessions"],
        ["Oidc"] = [.. Infrastructure, "Instance", "Users", "Sessions"],
        ["Login"] = [.. Infrastructure, "Instance", "Users", "OtpEmail", "Sessions", "Oidc"],
        ["Auth"] = [.. Infrastructure, "Instance", "Users", "OtpEmail", "Sessions", "Oidc"],
        ["Hosting"] = [.. Infrastructure, "Instance", "Users", "OtpEmail", "Sessions", "Settings", "Oidc", "Login", "Auth"],
        ["Cli"] = [.. Infrastructure, "Instance", "Users", "OtpEmail", "Sessions", "Settings", "Oidc", "Login", "Auth", "Hosting"],
    };

    /// <summary>
    /// Edges against the direction that another branch removes; each names where. Nothing else belongs here.
    /// </summary>
    private static readonly Dictionary<(string From, string To), string> KnownBackEdges = new()
    {
        // Empty since OtpEmail/ landed (issue 13 step 2): Users no longer reads the factor from Sessions/, and the
        // factor's session events are declared in OtpEmail/ on Kernel's SessionEvent (docs/architecture.md).
    };

    private static readonly FolderDependencies Server =
        FolderDependencies.Read(typeof(Gatehouse.Kernel.GatehouseModule).Assembly.Location);

    [Fact]
    public void Folders_do_not_import_each_other_in_cycles()
    {
        var edges = Server.Edges.Keys.Where(edge => !KnownBackEdges.ContainsKey(edge)).ToList();
        var cycles = FolderCycles.Find(edges);
        var described = cycles.Select(cycle => string.Join(Environment.NewLine, cycle
            .Select(edge => $"  {edge.From} → {edge.To}   ({Server.Edges[edge].FromType} uses {Server.Edges[edge].ToType})")));
        Assert.True(cycles.Count == 0,
            $"Folders that import each other (edges inside each cycle):{Environment.NewLine}{string.Join(Environment.NewLine + "  --" + Environment.NewLine, described)}");
    }

    [Fact]
    public void Folders_use_only_the_folders_below_them()
    {
        var forbidden = Server.Edges
            .Where(edge => !KnownBackEdges.ContainsKey(edge.Key))
            .Where(edge => !MayUse.TryGetValue(edge.Key.From, out var allowed) || !allowed.Contains(edge.Key.To, StringComparer.Ordinal))
            .OrderBy(edge => edge.Key.From, StringComparer.Ordinal).ThenBy(edge => edge.Key.To, StringComparer.Ordinal)
            .Select(edge => $"  {edge.Key.From} → {edge.Key.To}   ({edge.Value.FromType} uses {edge.Value.ToType})")
            .ToList();
        Assert.True(forbidden.Count == 0,
            $"Dependencies against docs/architecture.md (or from a folder the table does not know):{Environment.NewLine}{string.Join(Environment.NewLine, forbidden)}");
    }

    [Fact]
    public void Every_known_back_edge_still_exists()
    {
        // Once the other branch has removed an edge, its entry must go too, or it would hide a new one.
        var gone = KnownBackEdges.Keys.Where(edge => !Server.Edges.ContainsKey(edge)).Select(edge => $"{edge.From} → {edge.To}").ToList();
        Assert.True(gone.Count == 0, $"Remove from KnownBackEdges, the edge is gone: {string.Join(", ", gone)}");
    }

    [Fact]
    public void The_reader_sees_dependencies_inside_method_bodies()
    {
        // A guard on the reader itself: these edges exist only in IL (a constructor call, a static call), not in
        // any signature, so an empty or signature-only reading would make the tests above pass vacuously.
        Assert.Contains(("Hosting", "Kernel"), Server.Edges.Keys);
        Assert.True(Server.Edges.Count > 30, $"only {Server.Edges.Count} edges read");
    }
}
