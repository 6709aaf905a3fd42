using Gatehouse.EventStore;
using Gatehouse.Transport;

namespace Gatehouse.Kernel;

/// <summary>
/// One capability's registration, so adding one touches its own folder and one line in <c>Hosting/GatehouseModules</c>:
/// its settings (read and checked before anything starts), its services, the read models it keeps inline with the log,
/// the texts of its errors, what it sets up in the database at start, and its endpoints. Every member is optional.
/// </summary>
internal abstract class GatehouseModule
{
    private static readonly IReadOnlyDictionary<string, ErrorText> NoTexts = new Dictionary<string, ErrorText>();

    /// <summary>Reads and checks this module's settings; every problem goes to the reader, so a start lists all of them.</summary>
    public virtual void ReadSettings(SettingsReader settings)
    {
    }

    /// <summary>What the server and the admin commands both need; nothing here listens or runs in the background.</summary>
    public virtual void AddCore(IServiceCollection services, HostContext host)
    {
    }

    /// <summary>What only the running server needs: API services, background workers, browser endpoints' services.</summary>
    public virtual void AddServer(IServiceCollection services, HostContext host)
    {
    }

    /// <summary>Read models updated in the append's transaction; a rebuild and the verifier use exactly these.</summary>
    public virtual IReadOnlyList<IInlineProjection> Projections => [];

    /// <summary>The read-model tables this module owns, for <c>gatehouse admin verify-read-models</c>.</summary>
    public virtual IReadOnlyList<ReadModelTable> Tables => [];

    /// <summary>Migrations of tables added after the shared baseline (<c>Kernel/ReadModelMigrations</c>), under the module's own name.</summary>
    public virtual IReadOnlyList<Migration> Migrations => [];

    /// <summary>The mail templates this module's decisions name; Notifications renders only these.</summary>
    public virtual IReadOnlyList<MailTemplate> MailTemplates => [];

    /// <summary>English and German texts of the i18n keys this module's errors carry, by key.</summary>
    public virtual IReadOnlyDictionary<string, ErrorText> ErrorTexts => NoTexts;

    /// <summary>Runs after the migrations, on every start and every node, before the server is ready; must be idempotent.</summary>
    public virtual Task SetUpAsync(IServiceProvider services, HostContext host, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The module's gRPC services and HTTP endpoints.</summary>
    public virtual void Map(WebApplication app)
    {
    }
}
