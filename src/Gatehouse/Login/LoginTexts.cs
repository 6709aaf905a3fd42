namespace Gatehouse.Login;

/// <summary>
/// Names the hosted pages' texts for <c>IStringLocalizer&lt;LoginTexts&gt;</c>: English in <c>LoginTexts.resx</c>,
/// each other language in <c>LoginTexts.{language}.resx</c>. A key missing from a translation falls back to English.
/// </summary>
#pragma warning disable CA1812 // Never instantiated: the type only names the resource files.
internal sealed class LoginTexts;
#pragma warning restore CA1812
