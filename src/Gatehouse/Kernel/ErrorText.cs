namespace Gatehouse.Kernel;

/// <summary>The English and German text of one i18n key, as ZITADEL bundles them.</summary>
internal sealed record ErrorText(string En, string De);
